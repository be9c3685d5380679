"""The first-load watchdog (issue 12, item 8): a page whose first load gets stuck (no first frame,
no progress) reloads itself once, counts it and says so — in the console and in the server's log.

One artifact (the buildings) is held back on the first load only, so that load can never draw its
first frame; the reloaded page gets it and draws. Every other browser test fails if the watchdog
fired (tests/e2e/browser.py: wait_for_map).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.browser import offline_context, wait_for_map, watchdog_reloads

pytestmark = pytest.mark.browser

LIMIT_S = 15   # seconds without progress; the reloaded page gets twice that (doubled after each reload)


def _wait_for_reload(page, *, timeout_s: float) -> None:
    """Wait until the page in the tab is one that the watchdog's reload brought."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if page.evaluate("() => performance.getEntriesByType('navigation')[0].type") == "reload":
                return
        except PlaywrightError:   # the old document went away while we asked
            pass
        page.wait_for_timeout(250)
    raise AssertionError(f"the watchdog did not reload the page within {timeout_s} s")


def test_watchdog_reloads_once_when_an_artifact_never_arrives(chromium, tiny_server, tiny_build) -> None:
    context, network = offline_context(chromium)
    page = context.new_page()
    documents: list[str] = []
    page.on("request", lambda request: documents.append(request.url) if request.is_navigation_request() else None)
    held: list[str] = []

    def hold_on_the_first_load(route) -> None:
        if len(documents) == 1:
            held.append(route.request.url)   # never answered: this load cannot draw its first frame
            return
        route.fallback()

    page.route("**/buildings.json", hold_on_the_first_load)
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.goto(f"{tiny_server}/?watchdog={LIMIT_S}", wait_until="commit")
    _wait_for_reload(page, timeout_s=90)
    wait_for_map(page, reloads=1)

    assert len(documents) == 2 and len(held) <= 1   # held on the first load (if it got that far) ...
    assert network.count("/buildings.json") == 1     # ... and delivered on the second
    assert page.evaluate("() => window.urbanTwin.watchdog") == {"reloads": 1, "timeoutS": 2 * LIMIT_S}
    assert watchdog_reloads(page) == 1
    expected = f"warning: urban-twin watchdog: no first frame and no progress for {LIMIT_S} s; reloading (reload 1)"
    assert any(line.startswith(expected) for line in console), console
    assert not any(line.startswith("error:") for line in console), console
    port = re.search(r":(\d+)$", tiny_server).group(1)
    log = Path(tiny_build.path.parent) / f"gunicorn-{port}.log"
    deadline = time.monotonic() + 10
    while "watchdog: reloaded the page" not in log.read_text(errors="replace") and time.monotonic() < deadline:
        page.wait_for_timeout(200)   # not time.sleep: routed requests are answered only inside Playwright calls
    line = next(line for line in log.read_text(errors="replace").splitlines() if "first-load watchdog" in line)
    assert re.search(r"after \d+ s without a first frame \(reload 1, 1 in a row\); the map was mounted", line), line
    # The next load of the tab draws at once: nothing more is counted.
    page.reload()
    wait_for_map(page, reloads=1)
    assert network.blocked == []
    context.close()
