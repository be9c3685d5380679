"""Vehicles in motion on the one clock (assets/13-trips.js, 14-clock-bar.js, the kiosk's attract loop):
gunicorn + headless Chromium, internet blocked, on the synthetic grid city of the traffic tests.

Light and heavy rain are held fixed (the daylight switch is off, the grid city has no heavy rain),
so two clock times 20 s apart differ only where the vehicles are drawn.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.e2e.browser import deck_pixels, gunicorn_server, offline_context, open_map, wait_for_map, wait_settled
from tests.test_traffic_scenario import traffic_build

pytestmark = pytest.mark.browser

LAYER = "traffic_basis_trips"
BASE = ["terrain", "roads", "buildings"]


@pytest.fixture(scope="module")
def traffic_server(tmp_path_factory: pytest.TempPathFactory):
    result = traffic_build(tmp_path_factory.getbasetemp())
    with gunicorn_server(result.path.parent.parent / "traffic-city", result.path.parent) as url:
        yield url


def _show(page, layers: list[str], time: str) -> None:
    page.evaluate("([ids, t]) => { const s = window.urbanTwin; s.clock.set(t); s.showLayers(ids); }", [layers, time])
    if LAYER in layers:
        page.wait_for_function(f"() => window.urbanTwin.trips.ready('{LAYER}')", timeout=60_000)
    wait_settled(page)


def _set_time(page, time: str) -> None:
    page.evaluate("t => window.urbanTwin.clock.set(t)", time)
    wait_settled(page)


def _differs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b).sum(axis=2) > 24


def test_vehicles_move_where_the_traffic_layer_draws_and_nowhere_else(chromium, traffic_server) -> None:
    context, page, network, errors = open_map(chromium, traffic_server + "/")
    _show(page, BASE, "2026-06-15T08:00:00")
    without = deck_pixels(page)
    _show(page, BASE + [LAYER], "2026-06-15T08:00:00")
    first = deck_pixels(page)
    assert page.evaluate(f"window.urbanTwin.trips.sliceOf('{LAYER}')") == "morgen"
    assert page.evaluate(f"window.urbanTwin.trips.vehicles('{LAYER}')") > 50
    _set_time(page, "2026-06-15T08:00:20")
    second = deck_pixels(page)
    # Where the vehicles are drawn at either time: against the map without them.
    vehicles = _differs(first, without) | _differs(second, without)
    moved = _differs(first, second)
    assert moved.sum() > 200                       # they moved
    assert (moved & ~vehicles).sum() <= 0.01 * moved.sum()   # and nothing else changed
    assert vehicles.mean() < 0.2                   # vehicles, not a repainted map
    # The clock bar is there while vehicles are shown: its button pauses what moves.
    assert page.locator("#clock-bar").is_visible()
    page.locator("#clock-play").click()
    page.wait_for_function("() => window.urbanTwin.clock.playing")
    page.wait_for_function("() => window.urbanTwin.frames > 0 && window.urbanTwin.trips.currentTime > 21")
    page.locator("#clock-play").click()
    page.wait_for_function("() => !window.urbanTwin.clock.playing")
    assert network.blocked == [] and errors == []
    context.close()


def _kiosk(chromium, url: str, *, reduced: bool):
    """The kiosk with vehicles shown (idle 1 s), the visitor's motion preference set before it loads."""
    context, network = offline_context(chromium, width=1920, height=1080, touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.emulate_media(reduced_motion="reduce" if reduced else "no-preference")
    page.goto(url + "/?mode=kiosk&idle=1")
    wait_for_map(page)
    page.evaluate("ids => window.urbanTwin.showLayers(ids)", BASE + [LAYER])
    page.wait_for_function(f"() => window.urbanTwin.trips.ready('{LAYER}')", timeout=60_000)
    return context, page, network, errors


def test_the_attract_loop_runs_the_clock(chromium, traffic_server) -> None:
    context, page, network, errors = _kiosk(chromium, traffic_server, reduced=False)
    page.wait_for_function("() => window.urbanTwin.kiosk.attract", timeout=30_000)
    page.wait_for_function("() => window.urbanTwin.clock.playing && window.urbanTwin.clock.by === 'kiosk'")
    start = page.evaluate("window.urbanTwin.clock.time")
    page.wait_for_function(f"() => window.urbanTwin.clock.time > {start} + 5000", timeout=30_000)
    assert page.locator("#clock-play").is_visible()                 # WCAG 2.2.2: a visible pause
    page.locator("#clock-play").click()                            # a tap ends the loop and its clock
    page.wait_for_function("() => !window.urbanTwin.clock.playing && !window.urbanTwin.kiosk.attract")
    assert network.blocked == [] and errors == []
    context.close()


def test_reduced_motion_keeps_the_clock_standing_in_the_attract_loop(chromium, traffic_server) -> None:
    context, page, network, errors = _kiosk(chromium, traffic_server, reduced=True)
    assert page.evaluate("window.urbanTwin.clock.reducedMotion()")
    time = page.evaluate("window.urbanTwin.clock.time")
    page.wait_for_function("() => window.urbanTwin.kiosk.attract", timeout=30_000)
    wait_settled(page, quiet_ms=1500)          # nothing draws by itself: no frame for 1.5 s
    assert not page.evaluate("window.urbanTwin.clock.playing")
    assert page.evaluate("window.urbanTwin.clock.time") == time
    assert page.evaluate("window.urbanTwin.kiosk.attract")          # the loop is on, standing still
    assert network.blocked == [] and errors == []
    context.close()


def test_the_window_handed_to_deck_draws_what_the_whole_slice_draws(chromium, traffic_server) -> None:
    # deck.gl gets only the pieces of the trips near the clock's time (13-trips.js): the picture must
    # be the one of the whole slice, at the window's start and after the clock has left two windows.
    context, page, network, errors = open_map(chromium, traffic_server + "/")
    _show(page, BASE, "2026-06-15T08:00:00")
    without = deck_pixels(page)
    _show(page, BASE + [LAYER], "2026-06-15T08:00:00")
    times = ("2026-06-15T08:00:00", "2026-06-15T08:02:30")   # windows last 90 s at the clock's 60×
    windowed, counts = [], []
    for time in times:   # the clock plays on past two windows' ends
        _set_time(page, time)
        windowed.append(deck_pixels(page))
        counts.append(page.evaluate(f"window.urbanTwin.trips.vertices('{LAYER}')"))
    page.evaluate("() => { window.urbanTwin.trips.windowed = false; }")
    for time, picture, count in zip(times, windowed, counts, strict=True):
        _set_time(page, time)
        whole = deck_pixels(page)
        assert page.evaluate(f"window.urbanTwin.trips.vertices('{LAYER}')") == {"drawn": count["all"],
                                                                                 "all": count["all"]}
        assert 0 < count["drawn"] < count["all"] / 3, count
        assert _differs(whole, without).sum() > 200, time   # vehicles are drawn
        assert _differs(picture, whole).sum() <= 20, time    # and the window draws the same
    assert network.blocked == [] and errors == []
    context.close()
