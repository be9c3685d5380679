"""Helpers shared by the end-to-end tests and bench/: run the viewer under gunicorn, drive Debian's
headless Chromium through Playwright, and read the map's pixels.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
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
                    timeout_s: float = 120.0, port: int | None = None) -> Iterator[str]:
    """Run ``gunicorn viewer.app:server`` (the Procfile's command) for a city; yield its base URL.

    ``port`` defaults to a free one (tests); manual runs pass a port of their own.
    """
    port = port or free_port()
    env = dict(os.environ, TWIN_CITY=str(city), TWIN_BUILD_ROOT=str(build_root), PORT=str(port),
               HOST="127.0.0.1", WEB_CONCURRENCY=str(workers), GUNICORN_THREADS=str(threads))
    log = open(build_root / f"gunicorn-{port}.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", *procfile_command()], env=env, stdout=log,
                               stderr=subprocess.STDOUT, cwd=REPO)
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


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).is_file()


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


def offline_context(browser: Browser, *, width: int = 1366, height: int = 768,
                    touch: bool = False) -> tuple[BrowserContext, NetworkLog]:
    """A browser context in which every non-localhost request is blocked (and logged)."""
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch,
                                  device_scale_factor=1)
    network = NetworkLog()
    context.route("**/*", network.route)
    return context, network


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


def wait_for_map(page: Page, *, timeout_ms: int = 60_000) -> None:
    """Wait until deck.gl drew a frame with every visible layer loaded, then until it is idle."""
    page.wait_for_function("window.urbanTwin && window.urbanTwin.firstFrameAt !== null", timeout=timeout_ms)
    wait_settled(page, timeout_ms=timeout_ms)


def wait_settled(page: Page, *, quiet_ms: int = 400, timeout_ms: int = 30_000) -> None:
    """Wait until all visible layers are loaded and no frame was drawn for ``quiet_ms``."""
    page.wait_for_function(
        f"""() => {{ const s = window.urbanTwin;
            return s && s.deck && s.loaded && s.lastRenderAt !== null
                && performance.now() - s.lastRenderAt > {quiet_ms}; }}""",
        timeout=timeout_ms, polling=100)


def map_pixels(page: Page) -> np.ndarray:
    """The map area as an RGB array (rows, cols, 3)."""
    png = page.locator("#map").screenshot()
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)


def changed_share(a: np.ndarray, b: np.ndarray, *, threshold: int = 24) -> float:
    """Share of pixels whose colour differs by more than ``threshold`` (sum over RGB)."""
    return float((np.abs(a - b).sum(axis=2) > threshold).mean())


def colour_variety(pixels: np.ndarray) -> int:
    """Number of distinct colours (quantised to 5 bits per channel)."""
    q = (pixels >> 3).astype(np.int32)
    return int(np.unique(q[..., 0] * 1024 + q[..., 1] * 32 + q[..., 2]).size)


def deck_pixels(page: Page) -> np.ndarray:
    """The map area as an RGB array with the controls drawn over the map hidden (buttons, labels,
    legends, divider), so that only deck.gl's picture is compared.
    """
    page.evaluate("""() => document.querySelectorAll('.map-area > :not(#map)').forEach(
        n => { n.dataset.testVisibility = n.style.visibility; n.style.visibility = 'hidden'; })""")
    try:
        return map_pixels(page)
    finally:
        page.evaluate("""() => document.querySelectorAll('.map-area > :not(#map)').forEach(
            n => { n.style.visibility = n.dataset.testVisibility || ''; })""")
