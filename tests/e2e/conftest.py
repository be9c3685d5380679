"""Browser fixtures: a gunicorn server over the tiny city, and headless Debian Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, gunicorn_server
from tests.programs import require_programs


@pytest.fixture(scope="session")
def chromium():
    require_programs(CHROMIUM, packages="chromium (or set TWIN_CHROMIUM to another binary)")
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


@pytest.fixture(scope="module")
def flood_server(flood_city: Path, flood_build) -> str:
    """Base URL of gunicorn over the flood-enabled tiny city (its build is reused: same input hash)."""
    with gunicorn_server(flood_city, flood_build.path.parent) as url:
        yield url


# --- presentation and kiosk modes (tests/e2e/test_story_browser.py, test_kiosk_browser.py) ---
TEST_STORY = {
    "title": {"de": "Tiny Town erzählt", "en": "Tiny Town tells"},
    "autoplay_s": 2,
    "questions": [{"label": {"de": "Was wäre, wenn … ohne Häuser?", "en": "What if … no houses?"},
                   "slide": "ohne-haeuser"}],
    "slides": [
        {"title": {"de": "Überblick", "en": "Overview"}, "text": {"de": "Die ganze Stadt.", "en": "The whole town."},
         "camera": {"longitude": 9.97287, "latitude": 51.04428, "zoom": 16.5, "pitch": 45, "bearing": 0},
         "layers": ["terrain", "water", "roads", "buildings"]},
        {"id": "ohne-haeuser", "title": {"de": "Ohne Häuser", "en": "Without houses"},
         "text": {"de": "Nur Gelände, Wasser und Straßen.", "en": "Only terrain, water and roads."},
         "camera": {"longitude": 9.9722, "latitude": 51.0438, "zoom": 17.4, "pitch": 60, "bearing": 50},
         "layers": ["terrain", "water", "roads"]},
        {"id": "regen", "title": {"de": "Regen", "en": "Rain"}, "text": {"de": "Abgeschaltet.", "en": "Disabled."},
         "camera": {"longitude": 9.97287, "latitude": 51.04428, "zoom": 17, "pitch": 45, "bearing": 0},
         "layers": ["terrain", "flood-stark"], "scenarios": ["starkregen-stark"], "flood_time": "max"},
        {"title": {"de": "Von oben", "en": "From above"},
         "text": {"de": "Gelände und Häuser.", "en": "Terrain and houses."},
         "camera": {"longitude": 9.9735, "latitude": 51.0447, "zoom": 16.2, "pitch": 10, "bearing": -40},
         "layers": ["terrain", "buildings"]},
    ],
}


@pytest.fixture(scope="session")
def story_build(tiny_city_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A build of a copy of the tiny city with TEST_STORY (its heavy-rain slide is dropped: scenarios off)."""
    import json
    import shutil

    from layers import build_city

    city = Path(shutil.copytree(tiny_city_dir, tmp_path_factory.mktemp("story") / "tiny"))
    (city / "story.json").write_text(json.dumps(TEST_STORY, ensure_ascii=False), encoding="utf-8")
    return city, build_city(city, build_root=tmp_path_factory.mktemp("story-build"), progress=False)


@pytest.fixture(scope="module")
def story_server(story_build) -> str:
    """Base URL of gunicorn serving the tiny city with a story (one server per test module)."""
    city, result = story_build
    with gunicorn_server(city, result.path.parent) as url:
        yield url
