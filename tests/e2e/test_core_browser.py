"""The browser core (assets/00-core.js … 09-dash.js) as modules meet it: gunicorn + headless
Chromium, internet blocked. Mounting and unmounting leave nothing behind, the tool mode routes taps
to one tool at a time, and the per-layer loaded state counts the parts of tiled layers and the
loads that modules hold a layer for.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import colour_variety, map_pixels, offline_context, open_map, wait_for_map, wait_settled
from tests.e2e.test_viewer_browser import _screen_point
from tests.tiny_city import XSS_NAME

pytestmark = pytest.mark.browser

ROOT_MARKS = ("data-attract", "data-idle-s", "data-tool", "data-story", "data-view", "data-building-colours")


def _listeners(cdp, expression: str) -> list[str]:
    """The event listeners on a JS object (CDP DOMDebugger), as sorted "type:capture" strings."""
    handle = cdp.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]
    found = cdp.send("DOMDebugger.getEventListeners", {"objectId": handle})["listeners"]
    return sorted(f"{entry['type']}:{entry['useCapture']}" for entry in found)


def _snapshot(page, cdp) -> dict:
    return {
        "window": _listeners(cdp, "window"),
        "document": _listeners(cdp, "document"),
        "children": page.evaluate("[...document.querySelectorAll('.map-area > *')].map(n => n.id || n.className)"),
        "marks": page.evaluate(f"{list(ROOT_MARKS)}.filter(a => document.querySelector('.twin').hasAttribute(a))"),
        "canvases": page.evaluate("document.querySelectorAll('#map canvas').length"),
    }


def test_unmount_removes_what_modules_added_and_remount_builds_it_again(chromium, story_server) -> None:
    # The kiosk adds the most: question buttons, a hint, the story panel, window and document
    # listeners, an idle timer, root attributes.
    context, page, network, errors = open_map(chromium, story_server + "/?mode=kiosk&idle=3600",
                                              width=1920, height=1080, touch=True)
    page.wait_for_selector("#kiosk-question-1", timeout=15_000)
    cdp = context.new_cdp_session(page)
    mounted = _snapshot(page, cdp)
    assert {"kiosk-questions", "kiosk-hint"} <= set(mounted["children"])
    assert mounted["canvases"] == 1 and "data-tool" in mounted["marks"]

    page.evaluate("window.urbanTwin.unmount()")
    gone = _snapshot(page, cdp)
    assert gone["canvases"] == 0 and gone["marks"] == []
    assert not {"kiosk-questions", "kiosk-hint", "story-panel"} & set(gone["children"])
    assert page.evaluate("document.getElementById('map').hasAttribute('data-loaded')") is False
    # The kiosk's guards and input watchers went with it (capture-phase listeners on window/document),
    # and the operator exit's corner gesture (a second pointerdown).
    for kind, added in (("pointerdown:True", 2), ("pointermove:True", 1), ("touchstart:True", 1), ("wheel:True", 1)):
        assert mounted["window"].count(kind) == gone["window"].count(kind) + added, kind
    for kind in ("contextmenu:True", "selectstart:True", "dragstart:True"):
        assert mounted["document"].count(kind) == gone["document"].count(kind) + 1, kind

    page.evaluate("window.urbanTwin.remount()")
    page.wait_for_selector("#map[data-loaded=true]", state="attached", timeout=60_000)
    page.wait_for_selector("#kiosk-question-1", timeout=15_000)
    wait_settled(page)
    again = _snapshot(page, cdp)
    assert again == mounted   # the same page again: no listener twice, no element twice
    assert colour_variety(map_pixels(page)) > 300   # and the map is drawn

    page.evaluate("window.urbanTwin.unmount()")
    assert _snapshot(page, cdp) == gone
    assert network.blocked == [] and errors == []
    context.close()


PROBE = """() => {
  window.probe = {removed: [], kept: null, ran: 0};
  window.urbanTwin.module("probe", {
    mounted: function (twin, own) {
      for (let i = 0; i < 20; i++) {
        const node = own.add(document.createElement("div"));
        window.probe.removed.push(new WeakRef(node));
        own.remove(node);
        own.later(0, function () { window.probe.ran += 1; });
      }
      window.probe.kept = own.add(document.createElement("div"));
      window.probe.kept.id = "probe-kept";
    },
  });
}"""


def test_what_a_module_took_out_early_is_not_held_until_unmount(chromium, tiny_server) -> None:
    """A module that adds and removes an element again and again while mounted (compare's overlay
    on each swipe of the kiosk loop) leaves nothing for the core to hold: the removed elements can
    be garbage-collected at once; what it still shows goes at unmount as before.
    """
    context, page, network, errors = open_map(chromium, tiny_server)
    try:
        page.evaluate(PROBE)   # registered after the mount: mounted at once
        page.wait_for_function("() => window.probe.ran === 20", timeout=10_000)
        cdp = context.new_cdp_session(page)
        cdp.send("HeapProfiler.collectGarbage")
        assert page.evaluate("() => window.probe.removed.filter(r => r.deref() !== undefined).length") == 0
        assert page.locator("#probe-kept").count() == 1
        page.evaluate("window.urbanTwin.unmount()")
        assert page.locator("#probe-kept").count() == 0
        assert network.blocked == [] and errors == []
    finally:
        context.close()

def _tap(page, x: float, y: float, arrived: str) -> None:
    """Tap until the tap arrives. deck.gl's gesture recogniser takes a tap only if touchend is
    handled within 250 ms of touchstart, measured when the page handles them; a software-WebGL frame
    drawn in between on a loaded machine turns the first tap into a "press" now and then.
    """
    for attempt in range(3):
        page.touchscreen.tap(x, y)
        try:
            page.wait_for_function(arrived, timeout=8_000)
            return
        except Exception:
            if attempt == 2:
                raise


def test_a_tool_takes_the_taps_until_it_is_switched_off(chromium, tiny_server) -> None:
    context, network = offline_context(chromium, width=1920, height=1080, touch=True)
    page = context.new_page()
    page.goto(tiny_server + "/")
    wait_for_map(page)
    page.evaluate("""() => { const s = window.urbanTwin; window.__probe = []; window.__props = [];
        const setProps = window.dash_clientside.set_props;
        window.dash_clientside.set_props = (id, props) => { window.__props.push(id); return setProps(id, props); };
        s.defineTool('probe', {tap: (info) => window.__probe.push(info.object ? info.object.i : null),
                               cursor: 'crosshair'});
        s.setTool('probe'); }""")
    assert page.locator(".twin").get_attribute("data-tool") == "probe"
    x, y = _screen_point(page, "B001")
    _tap(page, x, y, "() => window.__probe.length > 0")
    # The probe got the building; the inspect tool (the attributes panel) did not.
    assert page.evaluate("[window.__probe, window.__props]") == [["B001"], []]

    page.keyboard.press("Escape")   # back to inspecting
    assert page.locator(".twin").get_attribute("data-tool") == "inspect"
    _tap(page, x, y, "() => window.__props.length > 0")
    page.locator("#info-panel").get_by_text(XSS_NAME).wait_for(timeout=10_000)
    assert page.evaluate("[window.__probe, window.__props]") == [["B001"], ["selected-feature"]]
    assert network.blocked == []
    context.close()


def test_loaded_state_counts_tiles_and_holds(chromium, tiny_server) -> None:
    context, page, network, errors = open_map(chromium, tiny_server + "/")
    status = "(id) => window.urbanTwin.layerStatus(id)"
    assert page.evaluate(status, "buildings") == {"visible": True, "loaded": True, "done": 1, "total": 1}

    # A module holds the buildings while it loads something they need: not loaded until it settles.
    page.evaluate("""() => { const s = window.urbanTwin;
        s.hold('buildings', new Promise(resolve => { window.__release = resolve; })); s.deck.redraw(true); }""")
    held = page.evaluate(status, "buildings")
    assert held["loaded"] is False and held["total"] == 2 and page.evaluate("window.urbanTwin.loaded") is False
    page.evaluate("window.__release()")
    page.wait_for_function(
        "() => window.urbanTwin.layerStatus('buildings').loaded && window.urbanTwin.loaded", timeout=10_000
    )

    # A tiled layer (deck.gl TileLayer) is one part per tile the view needs; it is loaded once all
    # are in. Its tiles here arrive when the test says so (deck.gl asks for at most 6 at a time).
    page.evaluate("""() => { window.__tiles = []; window.__auto = false;
        const later = () => new Promise(resolve => window.__tiles.push(resolve));
        window.urbanTwin.addLayers([new deck.TileLayer({id: 'test-tiles', minZoom: 0, maxZoom: 19,
            renderSubLayers: () => null, getTileData: () => window.__auto ? Promise.resolve(null) : later()})]); }""")
    page.wait_for_function("""() => { const t = window.urbanTwin.layerStatus('test-tiles');
        return window.__tiles.length > 0 && t !== null && t.total >= window.__tiles.length; }""", timeout=10_000)
    tiles = page.evaluate(status, "test-tiles")
    assert tiles["visible"] is True and tiles["loaded"] is False and tiles["done"] == 0
    assert page.evaluate("window.urbanTwin.loaded") is False
    page.evaluate("window.__tiles.splice(0, 1)[0](null)")   # one tile in: one part done, still loading
    page.wait_for_function("() => window.urbanTwin.layerStatus('test-tiles').done === 1", timeout=10_000)
    partly = page.evaluate(status, "test-tiles")
    assert partly["loaded"] is False and partly["total"] == tiles["total"]
    page.evaluate("window.__auto = true; window.__tiles.forEach(resolve => resolve(null))")
    page.wait_for_function("""() => { const t = window.urbanTwin.layerStatus('test-tiles');
        return t.loaded && t.done === t.total && window.urbanTwin.loaded; }""", timeout=20_000)
    # Layers of a module's own are not the panel's: toggling a panel layer leaves them alone.
    page.get_by_label("Gebäude", exact=True).click()
    wait_settled(page)
    assert page.evaluate(status, "test-tiles")["visible"] is True
    assert network.blocked == [] and errors == []
    context.close()
