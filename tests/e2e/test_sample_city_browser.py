"""The embedded sample city end to end: the full build (cached by input hash under .cache/) served
by gunicorn and drawn in Chromium with the internet blocked, at kiosk size with touch."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from layers import build_city
from tests.e2e.browser import (changed_share, colour_variety, gunicorn_server, map_pixels, offline_context,
                               wait_for_map, wait_settled)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CACHE = Path(__file__).resolve().parents[2] / ".cache" / "test-builds"


@pytest.fixture(scope="module")
def sample_server():
    result = build_city("musterstadt", build_root=CACHE, progress=False)
    layers = {layer["id"]: layer for layer in result.manifest["layers"]}
    assert layers["buildings"]["count"] > 8000  # the full city, not a fixture
    groups = {group["id"] for group in result.manifest["groups"]}
    assert {"starkregen", "verkehr"} <= groups  # both scenario models ran on the full city
    assert len(result.manifest["scenarios"]) >= 7
    with gunicorn_server("musterstadt", CACHE, workers=2) as url:
        yield url


def test_sample_city_renders_offline_at_kiosk_size(chromium, sample_server, tmp_path: Path) -> None:
    context, network = offline_context(chromium, width=1920, height=1080, touch=True)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: console.append(f"pageerror: {err}"))
    page.goto(sample_server + "/")
    try:
        wait_for_map(page, timeout_ms=90_000)
    except PlaywrightTimeout:
        # Seen once in seven CI-like runs (cause not found yet): the first load of the full city
        # never reported its first frame. Reload once, and keep what the page said for diagnosis.
        print("first load did not finish; console:", console, "state:", page.evaluate(
            "window.urbanTwin ? [window.urbanTwin.frames, window.urbanTwin.loaded] : null"))
        page.reload()
        wait_for_map(page, timeout_ms=90_000)
    full = map_pixels(page)
    page.screenshot(path=str(tmp_path / "musterstadt-kiosk.png"))
    assert network.blocked == []
    assert colour_variety(full) > 1000
    page.get_by_label("Gebäude", exact=True).click()
    page.wait_for_function("!window.urbanTwin.visible.buildings")
    wait_settled(page)
    assert changed_share(full, map_pixels(page)) > 0.2  # thousands of buildings fill the view
    context.close()
