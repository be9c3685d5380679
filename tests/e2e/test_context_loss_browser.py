"""A lost WebGL context (driver reset, GPU hiccup) does not leave a black screen: the page brings
its map back by itself, in the mode it was in. The loss is real — the ``WEBGL_lose_context``
extension takes deck.gl's context away in headless Chromium — and nothing touches the page after it.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import colour_variety, deck_pixels, open_map, wait_for_map

pytestmark = pytest.mark.browser

LOSE_CONTEXT = """() => {
  window.__beforeLoss = true;
  const canvas = document.querySelector('#map canvas');
  const gl = canvas.getContext('webgl2') || canvas.getContext('webgl');
  const ext = gl.getExtension('WEBGL_lose_context');
  ext.loseContext();
  return gl.isContextLost();
}"""


def _lose_and_recover(page) -> None:
    """Lose the map's WebGL context, then wait until a new page drew its map."""
    assert page.evaluate(LOSE_CONTEXT) is True
    page.wait_for_function("() => window.__beforeLoss === undefined && window.urbanTwin"
                           " && window.urbanTwin.firstFrameAt !== null", timeout=120_000, polling=200)
    wait_for_map(page, timeout_ms=120_000)


def test_kiosk_recovers_into_the_attract_loop(chromium, story_server) -> None:
    context, page, network, errors = open_map(chromium, story_server + "/?mode=kiosk&idle=2", width=1920,
                                              height=1080, touch=True)
    try:
        page.wait_for_function("() => window.urbanTwin.kiosk.attract === true", timeout=30_000)
        _lose_and_recover(page)
        assert page.locator(".twin").get_attribute("data-mode") == "kiosk"
        # It was playing the loop, so it goes back into it.
        page.wait_for_function("() => window.urbanTwin.kiosk.attract === true", timeout=30_000)
        assert "attract=" not in page.url and "mode=kiosk" in page.url
        assert colour_variety(deck_pixels(page, wait_stable=False)) > 200   # a drawn city, not black or blank
        # A visitor's tap stops the loop as before.
        box = page.locator("#map").bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
        page.wait_for_function("() => window.urbanTwin.kiosk.attract === false", timeout=10_000)
        assert errors == [] and network.blocked == []
    finally:
        context.close()


def test_presentation_recovers_on_its_slide(chromium, story_server) -> None:
    context, page, network, errors = open_map(chromium, story_server + "/?mode=present&slide=2")
    try:
        page.wait_for_function("() => document.getElementById('story-panel')"
                               " && document.getElementById('story-panel').getAttribute('data-shown') === '2'",
                               timeout=60_000)
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**slide=3**", timeout=10_000)
        _lose_and_recover(page)
        assert page.locator(".twin").get_attribute("data-mode") == "present"
        page.wait_for_function("() => document.getElementById('story-panel')"
                               " && document.getElementById('story-panel').getAttribute('data-shown') === '3'",
                               timeout=60_000)
        assert colour_variety(deck_pixels(page)) > 200
        assert errors == [] and network.blocked == []
    finally:
        context.close()
