"""Helpers shared by the end-to-end tests and bench/: run the viewer under gunicorn, drive Debian's
headless Chromium through Playwright, and read the map's pixels.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = os.environ.get("TWIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run", "--use-angle=swiftshader",
                 "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--disable-gpu-sandbox"]
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


REPO = Path(__file__).resolve().parents[2]


def procfile_command() -> list[str]:
    """The web command of the Procfile (``gunicorn ...``), so tests run exactly what production runs."""
    for line in (REPO / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return shlex.split(line.split(":", 1)[1])
    raise ValueError("Procfile has no web: line")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn_server(city: Path | str, build_root: Path, *, workers: int = 1, threads: int = 4,
                    timeout_s: float = 120.0, port: int | None = None, host: str = "127.0.0.1",
                    env: dict[str, str] | None = None, python: str | Path = sys.executable,
                    cwd: Path = REPO) -> Iterator[str]:
    """Run ``gunicorn viewer.app:server`` (the Procfile's command) for a city; yield its base URL
    (always on 127.0.0.1).

    ``port`` defaults to a free one (tests); manual runs pass a port of their own. ``host`` is the
    address it binds, ``env`` extra environment; ``python`` and ``cwd`` run it from another
    installation (tests/e2e/test_wheel_browser.py). The log is ``build_root/gunicorn-<port>.log``.
    """
    port = port or free_port()
    env = dict(os.environ, TWIN_CITY=str(city), TWIN_BUILD_ROOT=str(build_root), PORT=str(port),
               HOST=host, WEB_CONCURRENCY=str(workers), GUNICORN_THREADS=str(threads), **(env or {}))
    log = open(build_root / f"gunicorn-{port}.log", "wb")
    process = subprocess.Popen([str(python), "-m", *procfile_command()], env=env, stdout=log,
                               stderr=subprocess.STDOUT, cwd=cwd)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}):\n"
                                   + (build_root / f"gunicorn-{port}.log").read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"gunicorn did not answer /healthz within {timeout_s} s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass
class NetworkLog:
    """Requests the page made: local ones served, everything else blocked and recorded."""

    blocked: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        """Serve a local request, block and record any other."""
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            self.local.append(url)
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")

    def count(self, suffix: str) -> int:
        """How many local requests asked for a path ending in ``suffix``."""
        return sum(1 for url in self.local if url.split("?")[0].endswith(suffix))


# Content-Security-Policy violations (the server's headers, viewer/security.py) are recorded in the page.
CSP_RECORDER = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    [e.violatedDirective, e.blockedURI || 'inline', (e.sourceFile || '') + ':' + e.lineNumber].join(' ')));"""


def offline_context(browser: Browser, *, width: int = 1366, height: int = 768,
                    touch: bool = False) -> tuple[BrowserContext, NetworkLog]:
    """A browser context in which every non-localhost request is blocked (and logged), and CSP
    violations are recorded (``csp_violations``).

    The routing runs in this Python process: a routed request waits until Python is inside a
    Playwright call. Wait with ``page.wait_for_*``, never ``time.sleep``, while a page loads — a
    sleeping script leaves the page at "19 of 43 requests done, no first frame" (bench/README.md).
    """
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch,
                                  device_scale_factor=1)
    network = NetworkLog()
    context.route("**/*", network.route)
    context.add_init_script(CSP_RECORDER)
    return context, network


def csp_violations(page: Page) -> list[str]:
    """The CSP violations the page reported so far (directive, what was blocked, where)."""
    return page.evaluate("() => window.__cspViolations || []")


def open_map(browser: Browser, url: str, *, width: int = 1366, height: int = 768,
             touch: bool = False) -> tuple[BrowserContext, Page, NetworkLog, list[str]]:
    """Open the viewer offline and wait for its map: (context, page, network log, page errors)."""
    context, network = offline_context(browser, width=width, height=height, touch=touch)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    wait_for_map(page)
    return context, page, network, errors


def watchdog_reloads(page: Page) -> int:
    """How often the page's first-load watchdog reloaded this tab (assets/inline/watchdog.js)."""
    return page.evaluate("() => (JSON.parse(sessionStorage.getItem('urbanTwin.watchdog') || '{}').reloads) || 0")


def wait_for_map(page: Page, *, timeout_ms: int = 60_000, reloads: int = 0) -> None:
    """Wait until deck.gl drew a frame with every visible layer loaded, then until it is idle.

    Fails unless the first-load watchdog reloaded the page exactly ``reloads`` times: a test whose
    page only came up after a reload has met a first load that never finished.
    """
    page.wait_for_function("() => window.urbanTwin && window.urbanTwin.firstFrameAt !== null", timeout=timeout_ms)
    done = watchdog_reloads(page)
    assert done == reloads, (f"the first-load watchdog reloaded the page {done} time(s): a first load stalled "
                             "(bench/bench_first_load.py records why)")
    wait_settled(page, timeout_ms=timeout_ms)


def wait_settled(page: Page, *, quiet_ms: int = 400, timeout_ms: int = 30_000) -> None:
    """Wait until all visible layers are loaded and no frame was drawn for ``quiet_ms``."""
    page.wait_for_function(
        f"""() => {{ const s = window.urbanTwin;
            return s && s.deck && s.loaded && s.lastRenderAt !== null
                && performance.now() - s.lastRenderAt > {quiet_ms}; }}""",
        timeout=timeout_ms, polling=100)


def map_pixels(page: Page, *, wait_stable: bool = True) -> np.ndarray:
    """The map area as an RGB array (rows, cols, 3).

    ``wait_stable=False`` shoots the page clipped to the map at once: an element screenshot first
    waits for two animation frames without layout change, which a software renderer flying the
    camera on a busy machine may not give for long.
    """
    if wait_stable:
        png = page.locator("#map").screenshot()
    else:
        png = page.screenshot(clip=page.locator("#map").bounding_box())
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)


def changed_share(a: np.ndarray, b: np.ndarray, *, threshold: int = 24) -> float:
    """Share of pixels whose colour differs by more than ``threshold`` (sum over RGB)."""
    return float((np.abs(a - b).sum(axis=2) > threshold).mean())


def colour_variety(pixels: np.ndarray) -> int:
    """Number of distinct colours (quantised to 5 bits per channel)."""
    q = (pixels >> 3).astype(np.int32)
    return int(np.unique(q[..., 0] * 1024 + q[..., 1] * 32 + q[..., 2]).size)


def deck_pixels(page: Page, *, wait_stable: bool = True) -> np.ndarray:
    """The map area as an RGB array with the controls drawn over the map hidden (buttons, labels,
    legends, divider), so that only deck.gl's picture is compared.
    """
    page.evaluate("""() => document.querySelectorAll('.map-area > :not(#map)').forEach(
        n => { n.dataset.testVisibility = n.style.visibility; n.style.visibility = 'hidden'; })""")
    try:
        return map_pixels(page, wait_stable=wait_stable)
    finally:
        page.evaluate("""() => document.querySelectorAll('.map-area > :not(#map)').forEach(
            n => { n.style.visibility = n.dataset.testVisibility || ''; })""")
