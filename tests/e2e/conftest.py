"""Browser fixtures: a gunicorn server over the tiny city, and headless Debian Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, chromium_available, gunicorn_server


@pytest.fixture(scope="session")
def chromium():
    if not chromium_available():
        reason = (f"Debian chromium not found at {CHROMIUM}; `./dev.sh test` installs it with apt-get "
                  "(set TWIN_CHROMIUM to use another binary).")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tiny_server(tiny_city_dir: Path, tiny_build) -> str:
    """Base URL of gunicorn serving the tiny city (its build is reused: same input hash)."""
    with gunicorn_server(tiny_city_dir, tiny_build.path.parent) as url:
        yield url
