"""Accessibility of every mode (issue 12, item 7): axe-core (shipped by axe-playwright-python) with
the WCAG 2.1 A and AA rules finds nothing serious or critical on the map, compare, swipe,
presentation and kiosk pages, and every page but the kiosk can be zoomed (the kiosk's touchscreen
must not be pinched out of its layout; axe rates that "moderate").
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.browser import open_map

pytestmark = pytest.mark.browser

MODES = ("map", "compare", "swipe", "present", "kiosk")
READY = {"present": ".twin[data-story=ready]", "kiosk": "#kiosk-question-1", "compare": "#side-legend-left",
         "swipe": "#swipe-divider"}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def _serious(page) -> list[str]:
    """Axe's serious and critical findings on the page, one line each."""
    page.wait_for_timeout(500)   # let late attribute changes settle
    results = Axe().run(page, options=WCAG_21_AA).response
    assert results["testEngine"]["version"].startswith("4.")
    return [f"{v['impact']} {v['id']}: {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("mode", MODES)
def test_axe_finds_nothing_serious_and_the_page_zooms(chromium, story_server, mode: str) -> None:
    kiosk = mode == "kiosk"
    context, page, network, errors = open_map(chromium, f"{story_server}/?mode={mode}", width=1920 if kiosk else 1366,
                                              height=1080 if kiosk else 768, touch=kiosk)
    if mode in READY:
        page.wait_for_selector(READY[mode], timeout=30_000)
    assert _serious(page) == []
    if mode == "map":   # React redraws a ticked box's option: the repair must hold
        page.get_by_label("Gebäude", exact=True).click()
        assert _serious(page) == []
    assert page.evaluate("() => document.documentElement.lang") in ("de", "en")
    viewport = page.evaluate("() => [...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)")
    assert len(viewport) == 1
    settings = dict(part.strip().split("=", 1) for part in viewport[0].split(","))
    locked = settings.get("user-scalable") in ("no", "0") or float(settings.get("maximum-scale", "10")) < 2
    assert locked == kiosk, viewport
    assert network.blocked == [] and errors == []
    context.close()
