"""The operator exit in the kiosk (touch, 1920×1080, the page under its Content-Security-Policy):
a long press in the top-left corner opens the PIN pad — a tap there or a long press elsewhere does
not; a wrong PIN is refused; the right one makes the server run its stop command (``touch``: a
real command, no mock of systemd). Without a PIN on the server the gesture does nothing.
"""

from __future__ import annotations

import shlex

import pytest

from tests.e2e.browser import gunicorn_server, open_map

pytestmark = pytest.mark.browser

PIN = "2468013"
HOLD_S = 3.5   # the gesture needs 3 s


@pytest.fixture(scope="module")
def exit_server(story_build, tmp_path_factory: pytest.TempPathFactory):
    city, result = story_build
    folder = tmp_path_factory.mktemp("operator-browser")
    (folder / "pin").write_text(PIN + "\n")
    (folder / "pin").chmod(0o600)
    env = {"TWIN_OPERATOR_PIN_FILE": str(folder / "pin"), "TWIN_OPERATOR_STATE_DIR": str(folder),
           "TWIN_OPERATOR_STOP": f"touch {shlex.quote(str(folder / 'stopped'))}"}
    with gunicorn_server(city, result.path.parent, env=env) as url:
        yield url, folder


def _touch_hold(page, x: float, y: float, seconds: float) -> None:
    """One finger down at (x, y), held still, then lifted — real touch input through CDP."""
    cdp = page.context.new_cdp_session(page)
    point = [{"x": x, "y": y, "id": 1}]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
    page.wait_for_timeout(seconds * 1000)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def _pad_open(page) -> bool:
    return page.locator("#operator-pad").count() == 1 and page.locator("#operator-pad").is_visible()


def _enter(page, digits: str) -> None:
    for digit in digits:
        page.locator(f"#operator-key-{digit}").tap()
    page.locator("#operator-key-ok").tap()


def _kiosk(chromium, url: str):
    context, page, network, errors = open_map(chromium, url + "/?mode=kiosk&idle=600", width=1920, height=1080,
                                              touch=True)
    page.wait_for_selector("#kiosk-question-1", timeout=15_000)
    return context, page, network, errors


def test_long_press_in_the_corner_then_pin_stops_the_stand(chromium, exit_server) -> None:
    url, folder = exit_server
    context, page, network, errors = _kiosk(chromium, url)
    try:
        page.wait_for_function("() => window.urbanTwin.operator.available === true", timeout=15_000)
        page.touchscreen.tap(20, 20)                     # a tap in the corner: nothing
        _touch_hold(page, 960, 540, HOLD_S)              # a long press on the map: nothing
        assert not _pad_open(page)
        _touch_hold(page, 20, 20, HOLD_S)                # the gesture
        page.wait_for_selector("#operator-pad", state="visible", timeout=5_000)
        page.screenshot(path=str(folder / "operator-pad-1920x1080.png"))
        box = page.locator("#operator-key-5").bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48   # touch targets
        assert page.evaluate("() => document.querySelectorAll('#operator-pad [style]').length") == 0

        _enter(page, "0000")
        page.wait_for_function("() => document.getElementById('operator-status').getAttribute('data-status')"
                               " === 'kiosk_exit_wrong'", timeout=15_000)
        assert page.locator("#operator-status").inner_text() == "Falsche PIN."
        assert not (folder / "stopped").exists()

        _enter(page, PIN)
        page.wait_for_function("() => document.getElementById('operator-status').getAttribute('data-status')"
                               " === 'kiosk_exit_stopping'", timeout=15_000)
        assert (folder / "stopped").exists()
        assert PIN not in page.locator("#operator-pad").inner_text()
        # The wrong PIN's 403 is the only failed request the browser reports.
        assert [e for e in errors if "403" not in e] == [] and network.blocked == []
    finally:
        context.close()


def test_no_pin_on_the_server_no_pad(chromium, story_server) -> None:
    context, page, network, errors = _kiosk(chromium, story_server)
    try:
        page.wait_for_function("() => window.urbanTwin.operator !== undefined", timeout=15_000)
        _touch_hold(page, 20, 20, HOLD_S)
        page.wait_for_timeout(500)
        assert not _pad_open(page) and page.evaluate("() => window.urbanTwin.operator.available") is False
        assert errors == [] and network.blocked == []
    finally:
        context.close()
