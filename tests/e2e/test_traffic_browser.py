"""The Tempo-30 layers as a person meets them: gunicorn + headless Chromium, internet blocked.

The city is the synthetic grid of tests/test_traffic_scenario.py (built once per session, reused
by input hash). Switching on the difference layer must paint the roads in its colours, show its
legend and the scenario's key figures, and a tap on a road must show baseline vs scenario volume.
The layers draw the time slice of the clock's hour: the hour picker in the traffic panel switches it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.e2e.browser import changed_share, gunicorn_server, map_pixels, open_map, wait_settled
from tests.test_traffic_scenario import traffic_build
from viewer.i18n import format_number

pytestmark = pytest.mark.browser

LAYER = "traffic_tempo30_innenstadt_diff"
LABEL = "Tempo 30 Innenstadt: Veränderung"


@pytest.fixture(scope="module")
def traffic_server(tmp_path_factory: pytest.TempPathFactory):
    result = traffic_build(tmp_path_factory.getbasetemp())
    with gunicorn_server(result.path.parent.parent / "traffic-city", result.path.parent) as url:
        yield url, result


def _screen_point(page, layer_id: str, road_id: str) -> tuple[float, float]:
    """Where the middle vertex of a road's path in a layer appears on screen (page coordinates)."""
    x, y, _ = page.evaluate(
        """([lid, rid]) => { const s = window.urbanTwin;
             return fetch(s.traffic.dataOf(lid)).then(r => r.json()).then(rows => {
               const p = rows.find(r => r.i === rid).p, v = p[Math.floor(p.length / 2)];
               return s.deck.getViewports()[0].project(v); }); }""", [layer_id, road_id])
    box = page.locator("#map").bounding_box()
    return box["x"] + x, box["y"] + y


def _slice_entry(result, lid: str, key: str) -> dict:
    layer = next(layer for layer in result.manifest["layers"] if layer["id"] == lid)
    return next(s for s in layer["slices"] if s["key"] == key)


def _slice_rows(result, lid: str, key: str) -> dict[str, dict]:
    table = json.loads((result.path / _slice_entry(result, lid, key)["attributes"]).read_text(encoding="utf-8"))
    return {ident: dict(zip(table["fields"], values)) for ident, values in table["rows"].items()}


def _slice_records(result, lid: str, key: str) -> dict[str, dict]:
    data = json.loads((result.path / _slice_entry(result, lid, key)["data"]).read_text(encoding="utf-8"))
    return {r["i"]: r for r in data}


def _colour_at(pixels: np.ndarray, page, x: float, y: float) -> np.ndarray:
    """The 5 × 5 pixels around a page point."""
    box = page.locator("#map").bounding_box()
    col, row = int(round(x - box["x"])), int(round(y - box["y"]))
    return pixels[row - 2:row + 3, col - 2:col + 3].reshape(-1, 3)


def test_the_hour_picks_the_drawn_slice(chromium, traffic_server) -> None:
    """Tempo 30 at night: no change by day (grey), the night's rerouting at 23 h — chosen in the panel."""
    url, result = traffic_server
    night_layer, road = "traffic_tempo30_nachts_diff", "h_2_2"
    day, night = _slice_records(result, night_layer, "tag"), _slice_records(result, night_layer, "nacht")
    assert day[road]["c"] == [221, 221, 221] and night[road]["c"] != [221, 221, 221]

    context, page, network, errors = open_map(chromium, url + f"/?layers=terrain,roads,{night_layer}")
    hour = page.locator("#traffic-hour")
    panel = page.locator("fieldset", has=hour)
    assert panel.locator("legend").inner_text() == "Verkehr" and hour.is_visible()
    hour.fill("11")
    page.wait_for_function("() => window.urbanTwin.traffic.slice === 'tag'")
    wait_settled(page)
    assert page.evaluate(f"window.urbanTwin.traffic.dataOf('{night_layer}')").endswith(
        "/traffic_tempo30_nachts_tag_diff.json")
    assert page.locator("#traffic-slice").inner_text() == "11:00 · Tagsüber (9–15 Uhr)"
    by_day = map_pixels(page)
    x, y = _screen_point(page, night_layer, road)
    assert np.abs(_colour_at(by_day, page, x, y) - np.array([221, 221, 221])).sum(axis=1).min() < 40

    hour.fill("23")
    page.wait_for_function("() => window.urbanTwin.traffic.slice === 'nacht'")
    wait_settled(page)
    state = page.evaluate("""() => { const t = window.urbanTwin;
        return {hour: t.clock.parts().hour, data: t.traffic.dataOf('traffic_tempo30_nachts_diff'),
                box: document.getElementById('traffic-time').dataset.slice}; }""")
    assert state["hour"] == 23 and state["box"] == "nacht" and state["data"].endswith(
        "/traffic_tempo30_nachts_nacht_diff.json")
    assert page.locator("#traffic-slice").inner_text() == "23:00 · Nacht (22–6 Uhr)"
    at_night = map_pixels(page)
    assert 0.002 < changed_share(by_day, at_night) < 0.25  # the zone's streets change colour, nothing else
    window = _colour_at(at_night, page, x, y)
    assert np.abs(window - np.array(night[road]["c"])).sum(axis=1).min() < 40, window.tolist()

    # the scenario's card shows the figures of the slice drawn: seconds per trip at night
    scenario = next(sc for sc in result.manifest["scenarios"] if sc["id"] == "verkehr-tempo30-nachts")
    delay = next(m for m in next(e for e in scenario["slices"] if e["key"] == "nacht")["metrics"]
                 if m["key"] == "trip_delay_s")
    figures = page.locator(".metrics-card", has_text="Tempo 30 nachts").locator(".slice-figures:visible")
    assert figures.count() == 1 and delay["value"] > 0
    assert "Nacht (22–6 Uhr)" in figures.inner_text()
    assert f"{format_number(delay['value'], 'de', decimals=delay['decimals'])} s" in figures.inner_text()

    # the data download follows the drawn slice
    href = page.locator("#download-data").get_attribute("href")
    assert href == f"/api/download/{night_layer}.csv?slice=nacht"
    csv_text = page.evaluate("(h) => fetch(h).then(r => r.text())", href)
    header, *lines = csv_text.strip().split("\n")
    rows = {line.split(",")[0]: dict(zip(header.split(","), line.split(","))) for line in lines}
    expected = _slice_rows(result, night_layer, "nacht")[road]
    assert int(rows[road]["volume_scen"]) == expected["volume_scen"] != _slice_rows(result, night_layer, "tag")[road][
        "volume_scen"]

    # the same clock drives it: setting the clock to the morning shows the morning slice (no change again)
    page.evaluate("window.urbanTwin.clock.set(window.urbanTwin.clock.dayStart() + 7 * 3600000)")
    page.wait_for_function("() => window.urbanTwin.traffic.slice === 'morgen'")
    assert page.locator("#traffic-hour").input_value() == "7"
    assert network.blocked == [] and errors == []
    context.close()


def test_difference_layer_paints_roads_shows_legend_metrics_and_tap(chromium, traffic_server) -> None:
    url, result = traffic_server
    rows, records = _slice_rows(result, "traffic_tempo30_innenstadt", "morgen"), _slice_records(result, LAYER, "morgen")
    road = "h_2_2"  # a side street in the zone that Tempo 30 empties (baseline ≈ 277 veh/h → 0)
    assert rows[road]["volume_change"] < -200

    context, page, network, errors = open_map(chromium, url + "/", touch=True)
    page.evaluate("window.urbanTwin.traffic.setHour(8)")  # the morning peak, whatever the time now
    legend = page.locator(".legend-item", has_text=LABEL)
    card = page.locator(".metrics-card", has_text="Tempo 30 Innenstadt")
    assert not legend.is_visible() and not card.is_visible()
    before = map_pixels(page)

    page.get_by_label(LABEL, exact=True).click()
    page.wait_for_function(f"() => window.urbanTwin.visible['{LAYER}'] === true")
    wait_settled(page)
    after = map_pixels(page)
    share = changed_share(before, after)
    assert 0.005 < share < 0.25  # the streets change colour, the rest of the picture does not
    assert network.count(f"/{LAYER.replace('_diff', '_morgen_diff')}.json") == 1  # fetched once

    # On the emptied street the map now shows the layer's "much less traffic" blue.
    x, y = _screen_point(page, LAYER, road)
    window = _colour_at(after, page, x, y)
    distance = np.abs(window - np.array(records[road]["c"])).sum(axis=1).min()
    assert records[road]["c"] == [33, 102, 172] and distance < 40, window.tolist()
    assert np.abs(_colour_at(before, page, x, y) - np.array(records[road]["c"])).sum(axis=1).min() > 60  # not blue

    assert legend.is_visible() and "mehr" in legend.inner_text() and "weniger" in legend.inner_text()
    assert card.is_visible() and "Fahrzeugstunden" in card.inner_text()
    assert not page.locator(".metrics-card", has_text="Verkehr heute").is_visible()

    page.touchscreen.tap(x, y)
    info = page.locator("#info-panel")
    info.get_by_text("Verkehrsstärke heute").wait_for(timeout=10_000)
    text = info.inner_text()
    assert LABEL in text and "Verkehrsstärke Szenario" in text
    assert f"{rows[road]['volume_base']} Kfz/h" in text and f"{rows[road]['volume_scen']} Kfz/h" in text
    assert "30 km/h" in text  # the new speed limit
    assert network.blocked == [] and errors == []
    context.close()


def test_noise_layer_colours_homes_by_the_change_and_tap_shows_day_and_night(chromium, traffic_server) -> None:
    """Tempo 30 Innenstadt's noise at home: homes on the zone's emptied streets turn blue (quieter), the
    legend names RLS-19, and a tap on such a home shows its day and night levels today and in the scenario.
    """
    url, result = traffic_server
    lid = "noise_tempo30_innenstadt"
    layer = next(entry for entry in result.manifest["layers"] if entry["id"] == lid)
    table = json.loads((result.path / layer["attributes"]).read_text(encoding="utf-8"))
    rows = {ident: dict(zip(table["fields"], values)) for ident, values in table["rows"].items()}
    # The noise layer recolours the buildings themselves: their records (footprint "p", height "h").
    records = {r["i"]: r for r in json.loads((result.path / "buildings.json").read_text(encoding="utf-8"))}
    quieter = sorted((row["change_tag"], ident) for ident, row in rows.items() if row["change_tag"] < -1)
    assert quieter, "Tempo 30 in the zone should make some homes quieter by day"

    context, page, network, errors = open_map(chromium, url + "/", touch=True)
    page.evaluate("window.urbanTwin.traffic.setHour(8)")
    wait_settled(page)
    before = map_pixels(page)
    page.get_by_label(layer["label"]["de"], exact=True).click()
    page.wait_for_function(f"() => window.urbanTwin.visible['{lid}'] === true")
    wait_settled(page)
    after = map_pixels(page)
    assert 0.01 < changed_share(before, after) < 0.7  # the buildings change colour, the streets do not
    assert page.evaluate(f"window.urbanTwin.traffic.dataOf('{lid}')").endswith(f"/{lid}_tag.json")
    # One buildings layer, recoloured (no second set of boxes); the use legend hides meanwhile.
    trigger = "window.urbanTwin.deck.props.layers.find(l => l.id === 'buildings').props.updateTriggers.getFillColor"
    assert page.evaluate(trigger).startswith(lid) and page.evaluate(trigger).endswith(f"/{lid}_tag.json")
    assert page.locator("[data-building-colours]").get_attribute("data-building-colours") == "noise"
    assert page.locator('.legend-item[data-layer="buildings"]').is_hidden()

    box = page.locator("#map").bounding_box()
    target = None
    for _, ident in quieter:  # the quietest home whose roof is on screen
        ring = records[ident]["p"][0] if isinstance(records[ident]["p"][0][0], list) else records[ident]["p"]
        lon, lat, z = (float(np.mean([v[k] for v in ring])) for k in range(3))
        x, y, _ = page.evaluate("(v) => window.urbanTwin.deck.getViewports()[0].project(v)",
                                [lon, lat, z + records[ident]["h"]])
        if 20 < x < box["width"] - 20 and 20 < y < box["height"] - 20:
            target = (ident, box["x"] + x, box["y"] + y)
            break
    assert target is not None
    ident, x, y = target
    roof_now, roof_before = _colour_at(after, page, x, y).mean(axis=0), _colour_at(before, page, x, y).mean(axis=0)
    assert roof_now[2] > roof_now[0] + 30, roof_now.tolist()  # blue: quieter
    assert np.abs(roof_now - roof_before).sum() > 30, (roof_now.tolist(), roof_before.tolist())  # its use colour before
    legend = page.locator(".legend-item", has_text=layer["label"]["de"])
    assert legend.is_visible() and "leiser" in legend.inner_text() and "lauter" in legend.inner_text()

    page.touchscreen.tap(x, y)
    info = page.locator("#info-panel")
    info.get_by_text("Pegel heute, Tag (6–22 Uhr)").wait_for(timeout=10_000)
    text = info.inner_text()
    assert "Pegel im Szenario, Nacht (22–6 Uhr)" in text and "orientierend" in text
    assert text.index("Höhe") < text.index("Pegel heute")   # the building's own attributes, then its noise
    row = rows[ident]
    for key in ("before_tag", "after_tag", "before_nacht", "after_nacht"):
        assert f"{format_number(row[key], 'de')} dB(A)" in text, (key, row, text)
    page.get_by_label(layer["label"]["de"], exact=True).click()
    page.wait_for_function(f"() => window.urbanTwin.visible['{lid}'] === false")
    assert page.evaluate(trigger) == "base"
    assert page.locator('.legend-item[data-layer="buildings"]').is_visible()
    assert network.blocked == [] and errors == []
    context.close()
