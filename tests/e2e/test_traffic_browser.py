"""The Tempo-30 layers as a person meets them: gunicorn + headless Chromium, internet blocked.

The city is the synthetic grid of tests/test_traffic_scenario.py (built once per session, reused
by input hash). Switching on the difference layer must paint the roads in its colours, show its
legend and the scenario's key figures, and a tap on a road must show baseline vs scenario volume.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.e2e.browser import changed_share, gunicorn_server, map_pixels, open_map, wait_settled
from tests.test_traffic_scenario import traffic_build

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
             return fetch(s.spec.layers.find(l => l.id === lid).data).then(r => r.json()).then(rows => {
               const p = rows.find(r => r.i === rid).p, v = p[Math.floor(p.length / 2)];
               return s.deck.getViewports()[0].project(v); }); }""", [layer_id, road_id])
    box = page.locator("#map").bounding_box()
    return box["x"] + x, box["y"] + y


def test_difference_layer_paints_roads_shows_legend_metrics_and_tap(chromium, traffic_server) -> None:
    url, result = traffic_server
    table = json.loads((result.path / "traffic_tempo30_innenstadt_attributes.json").read_text(encoding="utf-8"))
    rows = {ident: dict(zip(table["fields"], values)) for ident, values in table["rows"].items()}
    records = {r["i"]: r for r in json.loads((result.path / f"{LAYER}.json").read_text(encoding="utf-8"))}
    road = "h_2_2"  # a side street in the zone that Tempo 30 empties (baseline ≈ 277 veh/h → 0)
    assert rows[road]["volume_change"] < -200

    context, page, network, errors = open_map(chromium, url + "/", touch=True)
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
    assert network.count(f"/{LAYER}.json") == 1  # fetched once; switching it on fetched nothing again

    # On the emptied street the map now shows the layer's "much less traffic" blue.
    x, y = _screen_point(page, LAYER, road)
    box = page.locator("#map").bounding_box()
    col, row = int(round(x - box["x"])), int(round(y - box["y"]))
    window = after[row - 2:row + 3, col - 2:col + 3].reshape(-1, 3)
    distance = np.abs(window - np.array(records[road]["c"])).sum(axis=1).min()
    assert records[road]["c"] == [33, 102, 172] and distance < 40, window.tolist()
    assert np.abs(before[row, col] - np.array(records[road]["c"])).sum() > 60  # it was not blue before

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
