"""The embedded sample city end to end: the full build (cached by input hash under .cache/) served
by gunicorn and drawn in Chromium with the internet blocked, at kiosk size with touch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from layers import build_city
from tests.e2e.browser import (
    changed_share,
    colour_variety,
    gunicorn_server,
    map_pixels,
    offline_context,
    wait_for_map,
    wait_settled,
)

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
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(sample_server + "/")
    wait_for_map(page, timeout_ms=150_000)   # fails if the first-load watchdog had to reload the page
    full = map_pixels(page)
    page.screenshot(path=str(tmp_path / "musterstadt-kiosk.png"))
    assert network.blocked == [] and errors == []
    assert colour_variety(full) > 1000
    page.get_by_label("Gebäude", exact=True).click()
    page.wait_for_function("() => !window.urbanTwin.visible.buildings")
    wait_settled(page)
    assert changed_share(full, map_pixels(page)) > 0.2  # thousands of buildings fill the view
    context.close()


def test_sample_city_url_restores_compare_sides_and_flood_time(chromium, sample_server) -> None:
    """A shared compare URL with heavy-rain layers: both sides, the time position and the A/B
    key figures (buildings affected with and without the measure) come back.
    """
    context, network = offline_context(chromium, width=1366, height=768)
    page = context.new_page()
    base = "terrain,water,roads,buildings"
    page.goto(f"{sample_server}/?mode=compare&layers={base},flood-extrem&right={base},flood-extrem-entsiegelung&time=6")
    wait_for_map(page, timeout_ms=150_000)   # two views of the full city: two SwiftShader passes per frame
    assert page.evaluate("window.urbanTwin.flood.frame") == 6
    assert page.locator("#flood-clock").inner_text().endswith(" min")
    assert page.evaluate("[...window.urbanTwin.sides.right]")[-1] == "flood-extrem-entsiegelung"
    # Each side's buildings are coloured by its own event.
    triggers = page.evaluate("Object.fromEntries(window.urbanTwin.deck.props.layers.filter(l => l.id.includes('~'))"
                             ".map(l => [l.id, l.props.updateTriggers.getFillColor]))")
    assert triggers == {"buildings~left": "flood-extrem", "buildings~right": "flood-extrem-entsiegelung"}
    # The other side's event follows the time slider: both show the same moment, not the maximum.
    textures = page.evaluate("['flood-extrem', 'flood-extrem-entsiegelung'].map(id => window.urbanTwin.deck.props"
                             ".layers.find(l => l.id === id).props.texture.split('_').pop())")
    assert len(textures) == 2 and textures[0] == textures[1] and textures[0].startswith("t0")
    # the city-wide row (the measure's card also counts the buildings where it acts, and roof water's share)
    row = page.locator("#compare-metrics tr").filter(has=page.get_by_role("rowheader", name="Betroffene Gebäude",
                                                                          exact=True))
    cells = row.locator("td").all_inner_texts()
    assert len(cells) == 3 and all(cells) and cells[2] != "–"   # A, B and B − A
    page.wait_for_function("() => new URLSearchParams(location.search).get('time') === '6'", timeout=10_000)
    assert network.blocked == []
    context.close()
