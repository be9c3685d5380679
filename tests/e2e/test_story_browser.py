"""Presentation mode in the browser (gunicorn + headless Chromium, internet blocked): the keys of a
presentation clicker step through the story; camera, layers, panel checkboxes, slide counter,
URL and map pixels follow; a reload stays on the slide.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import changed_share, map_pixels, open_map, wait_settled
from tests.e2e.conftest import TEST_STORY

pytestmark = pytest.mark.browser

SLIDES = [s for s in TEST_STORY["slides"] if not s.get("scenarios")]   # the heavy-rain slide is dropped


def _wait_slide(page: Page, number: int) -> None:
    """Wait until slide ``number`` (1-based) is shown: the app marks the panel data-shown once deck.gl
    has drawn the slide's camera with its layers loaded (assets/50-story.js). urbanTwin.viewState is no
    such sign: flyTo sets it to the destination at once, and with a software GPU frames are so far
    apart that a pause between them does not mean the flight has ended either.
    """
    page.wait_for_function(
        """n => { const p = document.getElementById('story-panel');
            return p !== null && p.dataset.slide === String(n) && p.dataset.shown === String(n)
                && window.urbanTwin.story.shown === n - 1; }""",
        arg=number, timeout=15_000)
    camera = SLIDES[number - 1]["camera"]
    drawn = page.evaluate("""() => { const v = window.urbanTwin.deck.getViewports()[0];
        return {longitude: v.longitude, latitude: v.latitude, zoom: v.zoom, pitch: v.pitch, bearing: v.bearing}; }""")
    assert abs(drawn["longitude"] - camera["longitude"]) < 1e-5 and abs(drawn["latitude"] - camera["latitude"]) < 1e-5
    assert abs(drawn["zoom"] - camera["zoom"]) < 1e-3 and abs(drawn["pitch"] - camera["pitch"]) < 1e-2
    assert abs((drawn["bearing"] - camera["bearing"] + 180) % 360 - 180) < 1e-2
    wait_settled(page)


def _state(page: Page) -> dict:
    return page.evaluate("""() => ({
        counter: document.getElementById('story-counter').textContent,
        title: document.getElementById('story-title').textContent,
        visible: window.urbanTwin.visibleLayers(),
        checked: Array.from(document.querySelectorAll('input.toggle-input')).filter(i => i.checked).map(i => i.value),
        slideParam: new URLSearchParams(location.search).get('slide'),
    })""")


@pytest.fixture
def present(chromium, story_server):
    context, page, network, errors = open_map(chromium, story_server + "/?mode=present", width=1366, height=768)
    page.wait_for_selector(".twin[data-story=ready]", timeout=15_000)
    yield page
    assert network.blocked == [] and errors == []
    context.close()


def test_keys_step_through_the_story(present) -> None:
    page = present
    _wait_slide(page, 1)
    first = _state(page)
    assert first["counter"] == "1 / 3" and first["title"] == "Überblick" and first["slideParam"] == "1"
    assert first["visible"] == first["checked"] == ["terrain", "water", "roads", "buildings"]
    before = map_pixels(page)
    for name in ("story-prev", "story-next", "story-fullscreen"):
        box = page.locator(f"#{name}").bounding_box()
        assert box["height"] >= 48 and box["width"] >= 48, name
    assert page.locator("#story-prev").is_disabled()

    page.keyboard.press("ArrowRight")
    _wait_slide(page, 2)
    second = _state(page)
    assert second["counter"] == "2 / 3" and second["title"] == "Ohne Häuser" and second["slideParam"] == "2"
    assert second["visible"] == ["terrain", "water", "roads"]
    page.wait_for_function("() => !document.querySelector('input.toggle-input[value=buildings]').checked",
                           timeout=5_000)
    assert page.get_by_label("Gebäude", exact=True).is_checked() is False   # the panel follows the story
    after = map_pixels(page)
    assert changed_share(before, after) > 0.2

    page.keyboard.press("PageDown")
    _wait_slide(page, 3)
    assert _state(page)["counter"] == "3 / 3" and _state(page)["visible"] == ["terrain", "buildings"]
    page.keyboard.press("Space")   # at the end: stays
    page.wait_for_timeout(300)
    assert _state(page)["counter"] == "3 / 3"
    page.keyboard.press("PageUp")
    _wait_slide(page, 2)
    page.keyboard.press("ArrowLeft")
    _wait_slide(page, 1)
    assert changed_share(before, map_pixels(page)) < 0.05   # back where we started

    # Keys typed into a focused form field are not taken: an arrow on a checkbox stays there.
    page.locator("input.toggle-input[value=roads]").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert _state(page)["counter"] == "1 / 3"
    page.locator("#story-next").click()   # the on-screen button works too
    _wait_slide(page, 2)


def test_reload_stays_on_the_slide_and_fullscreen_key(present, story_server) -> None:
    page = present
    page.goto(story_server + "/?mode=present&slide=3")
    page.wait_for_selector(".twin[data-story=ready]", timeout=30_000)
    _wait_slide(page, 3)
    state = _state(page)
    assert state["counter"] == "3 / 3" and state["visible"] == state["checked"] == ["terrain", "buildings"]
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=5_000)
    page.wait_for_function("() => document.getElementById('story-fullscreen').textContent === 'Vollbild beenden'",
                           timeout=5_000)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null", timeout=5_000)


def test_panel_fits_at_full_hd_in_english(chromium, story_server) -> None:
    context, page, network, errors = open_map(chromium, story_server + "/?mode=present&lang=en&slide=2",
                                              width=1920, height=1080)
    page.wait_for_selector(".twin[data-story=ready]", timeout=15_000)
    _wait_slide(page, 2)
    assert page.locator("#story-title").inner_text() == "Without houses"
    panel, area = page.locator("#story-panel").bounding_box(), page.locator(".map-area").bounding_box()
    assert panel["x"] >= area["x"] and panel["y"] >= area["y"]
    assert panel["x"] + panel["width"] <= area["x"] + area["width"]
    assert panel["y"] + panel["height"] <= area["y"] + area["height"]
    assert network.blocked == [] and errors == []
    context.close()
