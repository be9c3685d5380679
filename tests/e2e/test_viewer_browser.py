"""The viewer as a person meets it: gunicorn + headless Chromium, with the internet blocked.

Every page here runs in a context where any request not to localhost is aborted and recorded.
Assertions are on pixels (the map is drawn, hiding a layer changes it) and on state.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.e2e.browser import (
    changed_share,
    colour_variety,
    map_pixels,
    offline_context,
    open_map,
    wait_for_map,
    wait_settled,
)
from tests.tiny_city import XSS_NAME

pytestmark = pytest.mark.browser


@pytest.fixture
def desktop(chromium, tiny_server):
    context, page, network, errors = open_map(chromium, tiny_server + "/")
    yield page, network, errors
    context.close()


def test_map_renders_with_internet_blocked(desktop) -> None:
    page, network, errors = desktop
    pixels = map_pixels(page)
    assert network.blocked == []  # the app asked for nothing outside localhost
    assert errors == []
    assert page.evaluate("window.urbanTwin.deck.props.layers.length") == 4
    # A drawn map has texture, roads and buildings: many colours and strong contrast.
    assert colour_variety(pixels) > 300
    assert pixels.std() > 20
    assert network.count("/vendor/deckgl/index.js") == 1


def _toggle(page, label: str) -> None:
    page.get_by_label(label, exact=True).click()
    wait_settled(page)


def test_hiding_a_layer_changes_the_picture_and_keeps_its_data(desktop) -> None:
    page, network, _ = desktop
    with_buildings = map_pixels(page)
    _toggle(page, "Gebäude")
    assert page.evaluate("window.urbanTwin.visible.buildings") is False
    without = map_pixels(page)
    assert changed_share(with_buildings, without) > 0.03  # 16 buildings cover several % of the view
    _toggle(page, "Gebäude")
    again = map_pixels(page)
    assert changed_share(with_buildings, again) < 0.005
    _toggle(page, "Gelände")
    no_terrain = map_pixels(page)
    assert changed_share(with_buildings, no_terrain) > 0.3  # the ground itself is gone
    _toggle(page, "Gelände")
    # Four toggles, yet each artifact was fetched once: toggles stay in the browser.
    assert network.count("/buildings.json") == 1
    assert network.count("/terrain_elevation.png") == 1
    legend_hidden = page.locator("#\\{\\\"layer\\\"\\:\\\"buildings\\\"\\,\\\"type\\\"\\:\\\"legend-item\\\"\\}")
    assert legend_hidden.count() in (0, 1)


def test_legend_follows_visibility(desktop) -> None:
    page, _, _ = desktop
    legend = page.locator(".legend-item", has_text="Wohnen")
    assert legend.is_visible()
    _toggle(page, "Gebäude")
    assert not legend.is_visible()


def _screen_point(page, building_id: str) -> tuple[float, float]:
    """Where a building's footprint centre appears on screen (page coordinates)."""
    x, y, _z = page.evaluate(
        """(id) => { const s = window.urbanTwin; return fetch(s.spec.layers.find(l => l.id === 'buildings').data)
             .then(r => r.json()).then(rows => { const b = rows.find(r => r.i === id);
               const n = b.p.length - 1; let lon = 0, lat = 0;
               for (let k = 0; k < n; k++) { lon += b.p[k][0]; lat += b.p[k][1]; }
               const v = s.deck.getViewports()[0];
               return v.project([lon / n, lat / n, b.p[0][2] + b.h]); }); }""", building_id)
    box = page.locator("#map").bounding_box()
    return box["x"] + x, box["y"] + y


def test_tap_on_a_building_shows_its_attributes_as_text(chromium, tiny_server) -> None:
    context, network = offline_context(chromium, width=1920, height=1080, touch=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(tiny_server + "/")
    wait_for_map(page)
    x, y = _screen_point(page, "B001")
    page.touchscreen.tap(x, y)
    info = page.locator("#info-panel")
    info.get_by_text(XSS_NAME).wait_for(timeout=10_000)
    assert info.locator("img").count() == 0  # the name is text, not markup
    assert "Gebäude" in info.inner_text() and "Höhe" in info.inner_text()
    page.wait_for_timeout(300)
    assert dialogs == [] and network.blocked == []
    context.close()


def test_home_button_flies_back(desktop) -> None:
    page, _, _ = desktop
    home = page.evaluate("window.urbanTwin.spec.initialViewState")
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + 400, box["y"] + 400)
    page.mouse.down()
    page.mouse.move(box["x"] + 600, box["y"] + 250, steps=8)
    page.mouse.up()
    page.wait_for_timeout(800)
    moved = page.evaluate("window.urbanTwin.deck.getViewports()[0].longitude")
    assert abs(moved - home["longitude"]) > 1e-4
    page.get_by_role("button", name="Startansicht").click()
    current = ("(() => { const v = window.urbanTwin.deck.getViewports()[0]; "
               "return [v.longitude, v.latitude, v.zoom, v.pitch]; })()")
    target = [home["longitude"], home["latitude"], home["zoom"], home["pitch"]]
    page.wait_for_function(f"() => {{ const c = {current}; const t = {target};"
                           " return c.every((v, k) => Math.abs(v - t[k]) < 1e-5); }", timeout=15_000)
    assert np.allclose(page.evaluate(current), target, atol=1e-5)


def test_english_switch_relabels(chromium, tiny_server) -> None:
    context, network = offline_context(chromium)
    page = context.new_page()
    page.goto(tiny_server + "/?lang=en")
    wait_for_map(page)
    assert page.get_by_label("Buildings", exact=True).is_checked()
    assert page.get_by_role("button", name="Home view").is_visible()
    assert network.blocked == []
    context.close()


def _touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
        {"x": x, "y": y, "id": k, "radiusX": 5, "radiusY": 5, "force": 1} for k, (x, y) in enumerate(points)]})


def test_two_finger_pinch_zooms_and_twist_rotates(chromium, tiny_server) -> None:
    context, _ = offline_context(chromium, width=1920, height=1080, touch=True)
    page = context.new_page()
    page.goto(tiny_server + "/")
    wait_for_map(page)
    cdp = context.new_cdp_session(page)
    box = page.locator("#map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    view = "(() => { const v = window.urbanTwin.deck.getViewports()[0]; return [v.zoom, v.bearing]; })()"
    zoom0, bearing0 = page.evaluate(view)
    _touch(cdp, "touchStart", [(cx - 60, cy), (cx + 60, cy)])
    for step in range(1, 11):
        _touch(cdp, "touchMove", [(cx - 60 - 20 * step, cy), (cx + 60 + 20 * step, cy)])
        page.wait_for_timeout(30)
    _touch(cdp, "touchEnd", [])
    page.wait_for_timeout(1500)
    zoom1, _ = page.evaluate(view)
    assert zoom1 > zoom0 + 0.5  # fingers 120 px → 520 px apart: about two zoom levels in
    # Twist: two fingers rotate around the centre by ~40°.
    _touch(cdp, "touchStart", [(cx - 150, cy), (cx + 150, cy)])
    for step in range(1, 11):
        angle = np.radians(4 * step)
        dx, dy = 150 * np.cos(angle), 150 * np.sin(angle)
        _touch(cdp, "touchMove", [(cx - dx, cy - dy), (cx + dx, cy + dy)])
        page.wait_for_timeout(30)
    _touch(cdp, "touchEnd", [])
    page.wait_for_timeout(1500)
    _, bearing1 = page.evaluate(view)
    assert abs(bearing1 - bearing0) > 10
    context.close()
