"""The security headers in the browser (issue 12, item 3): every mode renders under the server's
Content-Security-Policy with the internet blocked and reports no violation and no console error;
the viewer cannot be framed by another site unless ``TWIN_FRAME_ANCESTORS`` names it.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator

import pytest

from tests.e2e.browser import (
    colour_variety,
    csp_violations,
    free_port,
    gunicorn_server,
    map_pixels,
    offline_context,
    wait_for_map,
)

pytestmark = pytest.mark.browser

MODES = ("map", "compare", "swipe", "present", "kiosk")
READY = {"present": ".twin[data-story=ready]", "kiosk": "#kiosk-question-1"}


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_renders_under_the_policy(chromium, story_server, mode: str) -> None:
    kiosk = mode == "kiosk"
    context, network = offline_context(chromium, width=1920 if kiosk else 1366, height=1080 if kiosk else 768,
                                       touch=kiosk)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    response = page.goto(f"{story_server}/?mode={mode}")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    wait_for_map(page)
    if mode in READY:
        page.wait_for_selector(READY[mode], timeout=30_000)
    assert page.locator('#map[data-loaded="true"]').count() == 1
    assert colour_variety(map_pixels(page)) > 300   # drawn, not blank
    if mode in ("compare", "swipe"):   # the PNG export draws into a canvas and saves a blob
        with page.expect_download() as download:
            page.locator("#export-png").click()
        assert download.value.suggested_filename == f"urban-twin-{mode}.png"
    page.wait_for_timeout(500)
    assert csp_violations(page) == []
    assert errors == [] and network.blocked == []
    context.close()


@contextlib.contextmanager
def _embedding_site(viewer_url: str) -> Iterator[str]:
    """Another site on this machine (http://localhost:<port>, a different origin from the viewer's
    127.0.0.1) whose page frames the viewer; yields the page's URL.
    """
    page = f'<!DOCTYPE html><iframe src="{viewer_url}/" width="1200" height="700"></iframe>'.encode()

    class Embedder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:   # http.server's name for the handler
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", free_port()), Embedder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}/embed.html"
    finally:
        server.shutdown()
        server.server_close()


def _framed(chromium, viewer_url: str, *, wait: bool):
    """Open the embedding page; return (the viewer frame's urbanTwin type, the parent's console)."""
    context, _ = offline_context(chromium)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    with _embedding_site(viewer_url) as parent:
        page.goto(parent)
        frame = page.frames[1] if len(page.frames) > 1 else page.wait_for_event("frameattached")
        if wait:
            frame.wait_for_function("() => window.urbanTwin && window.urbanTwin.firstFrameAt !== null", timeout=60_000)
        else:
            page.wait_for_timeout(3000)
        kind = frame.evaluate("() => typeof window.urbanTwin")
    context.close()
    return kind, console


def test_other_sites_cannot_frame_the_viewer_unless_allowed(chromium, tiny_server, tiny_city_dir, tiny_build) -> None:
    kind, console = _framed(chromium, tiny_server, wait=False)
    assert kind == "undefined"
    assert any("frame-ancestors" in line for line in console), console
    allowed = {"TWIN_FRAME_ANCESTORS": "'self' http://localhost:*"}
    with gunicorn_server(tiny_city_dir, tiny_build.path.parent, env=allowed) as url:
        kind, console = _framed(chromium, url, wait=True)
    assert kind == "object" and not any("frame-ancestors" in line for line in console)
