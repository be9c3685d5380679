"""Heavy-rain layers in the browser (gunicorn + headless Chromium, internet blocked): the water is
drawn in the sunken square, its legend appears, the time slider steps through the frames, the
buildings take the depth colours and a tap on a building shows the water depth at it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pyproj import Transformer

from tests.e2e.browser import map_pixels, open_map, wait_settled
from tests.tiny_city import CRS, X0, Y0

pytestmark = pytest.mark.browser

LABEL = "Test-Starkregen"   # the event's label_de in tests/test_flood_scenario.FLOOD_OPTIONS


@pytest.fixture
def page(chromium, flood_server):
    context, page, network, errors = open_map(chromium, flood_server + "/", touch=True)
    yield page
    assert network.blocked == [] and errors == []
    context.close()


def _project(page, x: float, y: float, z: float) -> tuple[int, int]:
    """Map-element pixel (column, row) of a working-CRS point at height z (m)."""
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(x, y)
    px, py = page.evaluate("(p) => window.urbanTwin.deck.getViewports()[0].project(p).slice(0, 2)", [lon, lat, z])
    return int(round(px)), int(round(py))


def test_flood_layer_draws_water_in_the_square_with_legend_and_slider(page) -> None:
    before = map_pixels(page)
    legend = page.locator(".legend-item", has_text="0,1–0,3 m").first
    assert not legend.is_visible()
    assert page.locator("#flood-player").is_hidden()

    page.get_by_label(LABEL, exact=True).click()
    wait_settled(page)
    after = map_pixels(page)
    # The sunken square (centre x, y = 200 m, ground 152 m) turns blue; a dry corner does not change.
    col, row = _project(page, X0 + 200, Y0 + 200, 152.0)
    square = (slice(row - 8, row + 9), slice(col - 8, col + 9))
    change = np.abs(after[square] - before[square]).sum(axis=2)
    assert (change > 40).mean() > 0.8
    r, g, b = after[square].reshape(-1, 3).mean(axis=0)
    assert b > r + 40 and b > 120
    corner = (slice(5, 25), slice(5, 25))
    assert np.abs(after[corner] - before[corner]).sum(axis=2).mean() < 12
    assert legend.is_visible()

    # The slider starts at the maximum, then plays through the frames (clock in minutes).
    player = page.locator("#flood-player")
    assert player.is_visible()
    frames = page.evaluate("window.urbanTwin.spec.layers.find(l => l.id === 'flood-stark').floodMeta.frames.length")
    assert frames == 9 and player.get_attribute("data-frame") == "9"
    assert page.locator("#flood-clock").inner_text() == "Maximum"
    play = page.get_by_role("button", name="Abspielen")
    assert play.bounding_box()["height"] >= 48
    play.click()
    page.wait_for_function("() => Number(document.getElementById('flood-player').dataset.frame) >= 2", timeout=15_000)
    assert page.locator("#flood-clock").inner_text().endswith(" min")
    page.get_by_role("button", name="Anhalten").click()
    page.locator("#flood-time").fill("0")
    assert page.locator("#flood-clock").inner_text() == "5 min"
    wait_settled(page)
    page.wait_for_timeout(300)
    wait_settled(page)
    # After 5 min (10 mm of rain) the square is not yet 0.1 m deep: its water is gone from the picture.
    early = map_pixels(page)
    assert np.abs(early[square] - after[square]).sum(axis=2).mean() > 40

    # Buildings are coloured by this event, and back to normal when the layer is hidden; the use
    # legend of the buildings is hidden meanwhile (its colours would be read as depths).
    trigger = "window.urbanTwin.deck.props.layers.find(l => l.id === 'buildings').props.updateTriggers.getFillColor"
    use_legend = page.locator('.legend-item[data-layer="buildings"]')
    page.wait_for_function(f"() => {trigger} === 'flood-stark'", timeout=10_000)
    assert use_legend.is_hidden()
    page.get_by_label(LABEL, exact=True).click()
    wait_settled(page)
    assert page.evaluate(trigger) == "base"
    assert use_legend.is_visible()
    assert page.locator("#flood-player").is_hidden()
    assert np.abs(map_pixels(page)[square] - before[square]).sum(axis=2).mean() < 12


def test_tap_on_a_building_shows_the_water_depth(page, flood_build) -> None:
    page.get_by_label(LABEL, exact=True).click()
    page.wait_for_function("() => window.urbanTwin.deck.props.layers.find(l => l.id === 'buildings')"
                           ".props.updateTriggers.getFillColor === 'flood-stark'", timeout=10_000)
    wait_settled(page)
    # B001 stands at x 60–100, y 60–95 m; its roof is 3 m + (1 % 5) × 3 m above ~151 m ground.
    col, row = _project(page, X0 + 80, Y0 + 77, 151.0 + 9.0)
    picked = page.evaluate("(p) => { const o = window.urbanTwin.deck.pickObject({x: p[0], y: p[1], radius: 2});"
                           " return o && o.object ? o.object.i : null; }", [col, row])
    assert picked == "B001"
    box = page.locator("#map").bounding_box()
    info = page.locator("#info-panel")
    depth_row = info.get_by_text("Wassertiefe am Gebäude", exact=False)
    for attempt in range(2):  # under heavy load software WebGL may swallow the first tap
        page.touchscreen.tap(box["x"] + col, box["y"] + row)
        try:
            depth_row.wait_for(timeout=8_000)
            break
        except PlaywrightTimeoutError:
            if attempt:
                raise AssertionError(f"info panel: {info.inner_text()!r}; tapped at {col}, {row}") from None
    text = info.inner_text()
    assert text.index("Höhe") < text.index("Wassertiefe am Gebäude")  # the building's own attributes first
    depths = json.loads((flood_build.path / "flood_stark_buildings.json").read_text())
    assert f"{round(depths.get('B001', 0.0) * 100)} cm" in text


def test_the_clock_drives_the_heavy_rain_frames(page) -> None:
    """The flood player is a client of the one clock (assets/06-clock.js): the clock time, as
    minutes after the event's rain start (16:00 on the clock's day), picks the depth frame; the
    player, the URL and the play button all go through it.
    """
    # With loop the clock starts over at the start of its range instead of stopping (no heavy-rain
    # layer shown yet: nothing to redraw while it runs).
    # A module registered now is mounted at once and hears every tick.
    page.evaluate("""() => { const s = window.urbanTwin, c = s.clock, t0 = c.dayStart() + 16 * 3600000;
        window.__ticks = [];
        s.module('tick-probe', {clockChanged: (twin, clock) => window.__ticks.push(clock.time - t0)});
        c.play({range: [t0, t0 + 600000], speed: 150, loop: true, by: 'test'}); }""")
    # 10 min of clock time at 150× take 4 s a round; each tick moves it by less than a round.
    rounds = "window.__ticks.filter((t, k) => k > 0 && t < window.__ticks[k - 1]).length"
    page.wait_for_function(f"() => {rounds} >= 2", timeout=60_000)
    ticks = page.evaluate("window.urbanTwin.clock.pause(); window.__ticks")
    assert page.evaluate("window.urbanTwin.clock.playing") is False
    assert all(0 <= t < 600000 for t in ticks)

    page.get_by_label(LABEL, exact=True).click()
    wait_settled(page)
    state = """() => { const s = window.urbanTwin, meta = s.spec.layers.find(l => l.id === 'flood-stark').floodMeta;
        const texture = s.liveLayer('flood-stark').props.texture;
        return {frame: s.flood.frame, clock: s.clock.format().slice(11), playing: s.clock.playing,
                shown: texture === meta.texture ? 'max' : meta.frames.indexOf(texture),
                text: document.getElementById('flood-clock').textContent,
                data: document.getElementById('flood-player').dataset.frame}; }"""
    assert page.evaluate(state)["frame"] == 9   # a newly shown event starts at its maximum

    # Frames every 5 min from 5 min on (tests/test_flood_scenario.FLOOD_OPTIONS): 16:12 shows the
    # 10-min frame (the last one at or before the clock), 15:30 (before the rain) the first.
    page.evaluate("window.urbanTwin.clock.set(window.urbanTwin.clock.dayStart() + (16 * 60 + 12) * 60000)")
    assert page.evaluate(state) == {"frame": 1, "clock": "16:12", "playing": False, "shown": 1, "text": "10 min",
                                    "data": "1"}
    page.evaluate("window.urbanTwin.clock.set(window.urbanTwin.clock.dayStart() + (15 * 60 + 30) * 60000)")
    assert page.evaluate(state)["shown"] == 0
    # The slider sets the clock; "Maximum" is no time, the clock stays where it was.
    page.locator("#flood-time").fill("3")
    assert page.evaluate(state) == {"frame": 3, "clock": "16:20", "playing": False, "shown": 3, "text": "20 min",
                                    "data": "3"}
    page.locator("#flood-time").fill("9")
    assert page.evaluate(state) == {"frame": 9, "clock": "16:20", "playing": False, "shown": "max", "text": "Maximum",
                                    "data": "9"}
    page.wait_for_function("() => new URLSearchParams(location.search).get('time') === '9'", timeout=10_000)

    # Play runs the clock from the slider's frame to the last one and stops there.
    page.locator("#flood-time").fill("6")
    page.get_by_role("button", name="Abspielen").click()
    assert page.evaluate("[window.urbanTwin.clock.playing, window.urbanTwin.clock.by]") == [True, "flood"]
    page.wait_for_function("() => !window.urbanTwin.clock.playing", timeout=30_000)
    assert page.evaluate(state) == {"frame": 8, "clock": "16:45", "playing": False, "shown": 8, "text": "45 min",
                                    "data": "8"}
    assert page.get_by_role("button", name="Abspielen").is_visible()
    page.wait_for_function("() => new URLSearchParams(location.search).get('time') === '8'", timeout=10_000)


def _nearest_legend_colour(page, pixels: np.ndarray, layer_id: str) -> int:
    """Index of the legend colour of ``layer_id`` nearest to the mean of ``pixels`` (RGB)."""
    colours = page.evaluate("(id) => window.urbanTwin.layerMeta[id].legend.map(i => i.color)", layer_id)
    mean = pixels.reshape(-1, 3).mean(axis=0)
    return int(np.argmin([np.abs(mean - np.asarray(c)).sum() for c in colours]))


def _class_at_centre(build, layer_id: str) -> int:
    """The class (1…) the overlay of ``layer_id`` has at its centre (the sunken square)."""
    from PIL import Image

    layer = next(entry for entry in build.manifest["layers"] if entry["id"] == layer_id)
    index = np.asarray(Image.open(build.path / layer["data"]["texture"]))
    h, w = index.shape
    values, counts = np.unique(index[h // 2 - 3:h // 2 + 4, w // 2 - 3:w // 2 + 4], return_counts=True)
    return int(values[np.argmax(counts)])


def test_hazard_and_change_maps_render_in_their_legend_colours_in_map_and_swipe(page, flood_build) -> None:
    hazard_id, change_id = "flood-hazard-stark", "flood-change-stark-entsiegelung"
    legend = page.locator(".legend-item", has_text="gering (Vorsicht): HR < 0,75").first
    assert not legend.is_visible()
    before = map_pixels(page)
    page.get_by_label(f"Gefahr (Tiefe × Geschwindigkeit): {LABEL}", exact=True).click()
    wait_settled(page)
    after = map_pixels(page)
    assert legend.is_visible() and "FD2320" in legend.inner_text()
    col, row = _project(page, X0 + 200, Y0 + 200, 152.0)
    square = (slice(row - 6, row + 7), slice(col - 6, col + 7))
    assert np.abs(after[square] - before[square]).sum(axis=2).mean() > 40
    expected = _class_at_centre(flood_build, hazard_id)
    assert expected >= 2  # the 2 m deep square is more than "low"
    assert _nearest_legend_colour(page, after[square], hazard_id) == expected - 1
    # the hazard map alone has the player too (its frames: test_the_time_slider_steps_the_velocity_map), at the maxima
    assert page.locator("#flood-player").is_visible() and page.locator("#flood-clock").inner_text() == "Maximum"

    # Swipe: A shows the hazard, B the change by the unsealing; the square shows the side it is on.
    change = _class_at_centre(flood_build, change_id)
    assert change > 0
    base = "['terrain', 'water', 'roads', 'buildings']"
    for split, layer_id, klass in ((0.9, hazard_id, expected), (0.1, change_id, change)):
        page.evaluate(f"window.urbanTwin.compare.enterSwipe([...{base}, '{hazard_id}'], [...{base}, '{change_id}'],"
                      f" {split})")
        wait_settled(page)
        pixels = map_pixels(page)
        col, row = _project(page, X0 + 200, Y0 + 200, 152.0)
        square = (slice(row - 4, row + 5), slice(col - 4, col + 5))
        assert _nearest_legend_colour(page, pixels[square], layer_id) == klass - 1, (split, layer_id)
    # B's side label names the change map (it belongs to no scenario), not "base map"
    assert page.locator("#side-label-right").inner_text().startswith("B · Änderung der max. Wassertiefe")
    assert page.get_by_text("flacher um", exact=False).first.is_visible()  # B's legend


def test_the_time_slider_steps_the_velocity_map_through_its_frames(page) -> None:
    """The velocity map alone drives the player: the slider (the clock) picks the map's frame of
    that time, its legend names the time, and at the slider's end it shows the event's maxima.
    """
    layer_id = "flood-velocity-stark"
    base = map_pixels(page)
    page.get_by_label(f"Fließgeschwindigkeit: {LABEL}", exact=True).click()
    wait_settled(page)
    state = f"""() => {{ const s = window.urbanTwin, meta = s.spec.layers.find(l => l.id === '{layer_id}').floodFrames;
        const texture = s.liveLayer('{layer_id}').props.texture;
        const when = document.querySelector('.legend-item[data-layer="{layer_id}"] .legend-when');
        return {{frame: s.flood.frame, clock: s.clock.format().slice(11),
                shown: texture === meta.texture ? 'max' : meta.frames.indexOf(texture),
                time: texture === meta.texture ? null : meta.frameTimesS[meta.frames.indexOf(texture)],
                when: when.textContent, visible: when.checkVisibility()}}; }}"""
    assert page.locator("#flood-player").is_visible()
    shown = page.evaluate(state)
    assert {k: shown[k] for k in ("frame", "shown", "when", "visible")} == {
        "frame": 9, "shown": "max", "when": "Maxima des Ereignisses", "visible": True}
    at_max = map_pixels(page)

    page.locator("#flood-time").fill("0")   # 5 min after the rain began: little water yet
    wait_settled(page)
    assert page.evaluate(state) == {"frame": 0, "clock": "16:05", "shown": 0, "time": 300.0,
                                    "when": "Stand 5 min nach Regenbeginn", "visible": True}
    early = map_pixels(page)
    changed = np.abs(early - at_max).sum(axis=2) > 40
    assert changed.sum() > 200, changed.sum()
    # fewer pixels coloured than at the maxima: the early frame is closer to the map without it
    assert np.abs(early - base).sum(axis=2).mean() < np.abs(at_max - base).sum(axis=2).mean()

    # the clock picks the frame too: 16:27 shows the 25-min frame (the last at or before it)
    page.evaluate("window.urbanTwin.clock.set(window.urbanTwin.clock.dayStart() + (16 * 60 + 27) * 60000)")
    wait_settled(page)
    assert page.evaluate(state) == {"frame": 4, "clock": "16:27", "shown": 4, "time": 1500.0,
                                    "when": "Stand 25 min nach Regenbeginn", "visible": True}
    later = map_pixels(page)
    assert (np.abs(later - early).sum(axis=2) > 40).sum() > 200

    page.locator("#flood-time").fill("9")   # the slider's end: the maxima again, as drawn before
    wait_settled(page)
    assert page.evaluate(state)["shown"] == "max"
    assert page.evaluate(state)["when"] == "Maxima des Ereignisses"
    assert (np.abs(map_pixels(page) - at_max).sum(axis=2) > 40).mean() < 0.002

    # Swipe: velocity on A, hazard on B, both on the one clock with their own frames and legends
    base_ids = "['terrain', 'water', 'roads', 'buildings']"
    page.evaluate(f"window.urbanTwin.compare.enterSwipe([...{base_ids}, '{layer_id}'], "
                  f"[...{base_ids}, 'flood-hazard-stark'], 0.5)")
    wait_settled(page)
    page.locator("#flood-time").fill("2")
    wait_settled(page)
    textures = page.evaluate("""() => ['flood-velocity-stark', 'flood-hazard-stark'].map(id => {
        const s = window.urbanTwin, meta = s.spec.layers.find(l => l.id === id).floodFrames;
        return meta.frames.indexOf(s.liveLayer(id).props.texture); })""")
    assert textures == [2, 2]
    for side in ("left", "right"):
        assert page.locator(f"#side-legend-{side} .legend-when").inner_text() == "Stand 15 min nach Regenbeginn"


def test_tap_on_open_ground_shows_the_values_of_the_maps_there(page, flood_build) -> None:
    from viewer.point_values import PointValues

    page.get_by_label(LABEL, exact=True).click()
    page.get_by_label(f"Fließgeschwindigkeit: {LABEL}", exact=True).click()
    page.get_by_label(f"Gefahr (Tiefe × Geschwindigkeit): {LABEL}", exact=True).click()
    wait_settled(page)
    # A model cell in the sunken square (no building, no road): its ground is ~152 m, the maps are
    # draped 1.2 m above it (viewer.flood_layers.FLOOD_LIFT_M).
    x, y = X0 + 202.5, Y0 + 197.5
    col, row = _project(page, x, y, 152.0 + 1.2)
    box = page.locator("#map").bounding_box()
    info = page.locator("#info-panel")
    for attempt in range(2):  # under heavy load software WebGL may swallow the first tap
        page.touchscreen.tap(box["x"] + col, box["y"] + row)
        try:
            info.get_by_text("An diesem Punkt").wait_for(timeout=8_000)
            break
        except PlaywrightTimeoutError:
            if attempt:
                raise AssertionError(f"info panel: {info.inner_text()!r}; tapped at {col}, {row}") from None
    text = info.inner_text()
    # The tapped place (5 decimals) is where the ray meets the draped map, not sea level 150 m below
    # (which would be ~150 m away at this pitch).
    where = next(line for line in text.split("\n") if "° N, " in line)
    lat_text, lon_text = (part.split("°")[0] for part in where.split(", "))
    lon, lat = float(lon_text.replace(",", ".")), float(lat_text.replace(",", "."))
    tx, ty = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(lon, lat)
    assert abs(tx - x) < 4 and abs(ty - y) < 4, (tx - x, ty - y)
    # Each visible map's value and class at that place, as the build wrote them, in map order.
    found = PointValues(flood_build.path, flood_build.manifest).lookup(
        lon, lat, ["flood-stark", "flood-velocity-stark", "flood-hazard-stark"])
    assert [v[4] is not None for v in found] == [True, True, True]   # water, so every map has a colour
    rows = [line for line in text.split("\n") if "hier (" in line]
    assert len(rows) == 3, text
    for (value_label, value, unit, decimals, legend), line in zip(found, rows, strict=True):
        number = f"{value:.{decimals}f}".replace(".", ",")
        assert line.startswith(value_label["de"]) and f"{number} {unit}".strip() in line and legend["de"] in line, line
    assert "m/s" in rows[1] and "HR" in rows[2]
