"""Every string from a city folder reaches the page only as text (issue 12, item 1).

A copy of the tiny city whose name, description, file names, attribute values, external scenario
labels (which also name legend and tap fields) and story texts are all markup that would run a
script. The pages run with the Content-Security-Policy bypassed, so that escaping is what is
tested here (the CSP, a second line of defence, is tested in test_security_browser.py): no script
may run (``window.__pwned`` stays unset, no dialog opens) and the strings must show as text.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest

from layers import build_city
from tests.e2e.browser import gunicorn_server, wait_for_map
from tests.e2e.conftest import TEST_STORY
from tests.test_import_external import _write_results
from tests.tiny_city import CITY_TOML

pytestmark = pytest.mark.browser

# No single quotes: they are written into city.toml as TOML literal strings.
NAME = '</title><script>window.__pwned = "name"</script>{%scripts%}'
FLOOD = '<img src=x onerror="window.__pwned = 1">'
TRAFFIC = '"><script>window.__pwned = 2</script>'
STORY = '<svg onload="window.__pwned = 3"></svg>'
TEXT = '<iframe srcdoc="<script>parent.__pwned = 4</script>"></iframe>'
QUESTION = "<a href=javascript:window.__pwned=5>Was wäre, wenn</a>"
BUILDING = "<details open ontoggle=window.__pwned=6>"
ROAD = "<video src=x onerror=window.__pwned=7></video>"
FILE = "<img src=x onerror=window.__pwned=8>"
SOURCE = "<img src=x onerror=window.__pwned=10>"        # [sources]: on the map, in the methods panel, printed
LICENCE = "<script>window.__pwned = 11</script>"
# Elements that only an injected string could have made: event-handler or javascript: attributes,
# media and frames (the page has none of its own), scripts that mention the flag.
INJECTED = """() => [...document.querySelectorAll('*')].filter(e =>
    [...e.attributes].some(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
    || ['img', 'svg', 'iframe', 'video'].includes(e.localName)
    || (e.localName === 'script' && e.textContent.includes('__pwned'))).map(e => e.outerHTML.slice(0, 200))"""


def _hostile_city(tiny_city_dir: Path, folder: Path) -> Path:
    city = Path(shutil.copytree(tiny_city_dir, folder / "city"))
    _write_results(city)
    (city / "starkregen_tiefe.tif").rename(city / f"{FILE}.tif")
    (city / "verkehr.gpkg").rename(city / f"{FILE}.gpkg")
    buildings = gpd.read_file(city / "buildings.fgb")
    buildings.loc[buildings["id"] == "B001", "name"] = BUILDING
    buildings.to_file(city / f"{FILE}.fgb", driver="FlatGeobuf")
    roads = gpd.read_file(city / "roads.fgb")
    roads.loc[roads["id"] == "R001", "name"] = ROAD
    roads.to_file(city / "roads.fgb", driver="FlatGeobuf")
    toml = (CITY_TOML.replace('name = "Tiny Town"', f"name = '{NAME}'")
            .replace('description = "Test fixture"', f"description = '{TEXT}'")
            .replace('buildings = "buildings.fgb"', f"buildings = '{FILE}.fgb'")
            .replace("enabled = []", 'enabled = ["external"]'))
    toml += f"""
[sources.roads]
source = '{SOURCE}'
licence = '{LICENCE}'

[[scenarios.external]]
id = "karte"
kind = "flood-depth"
path = '{FILE}.tif'
label_de = '{FLOOD}'
label_en = '{FLOOD}'

[[scenarios.external]]
id = "modell"
kind = "traffic-links"
path = '{FILE}.gpkg'
label_de = '{TRAFFIC}'
label_en = '{TRAFFIC}'
fields = {{volume_vph = "q_kfz", capacity_vph = "kap"}}
"""
    (city / "city.toml").write_text(toml, encoding="utf-8")
    story = copy.deepcopy(TEST_STORY)
    story["title"] = {"de": STORY, "en": STORY}
    story["questions"][0]["label"] = {"de": QUESTION, "en": QUESTION}
    for slide in story["slides"]:
        slide["title"] = {"de": STORY, "en": STORY}
        slide["text"] = {"de": TEXT, "en": TEXT}
    (city / "story.json").write_text(json.dumps(story, ensure_ascii=False), encoding="utf-8")
    return city


@pytest.fixture(scope="module")
def hostile_server(tiny_city_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    city = _hostile_city(tiny_city_dir, folder)
    result = build_city(city, build_root=folder / "builds", progress=False)
    assert result.manifest["city"]["name"] == NAME
    with gunicorn_server(city, result.path.parent) as url:
        yield url


@pytest.fixture
def visit(chromium, hostile_server):
    """Open a URL of the hostile city with the CSP bypassed; after the test, nothing may have run."""
    from tests.e2e.browser import NetworkLog

    context = chromium.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True, device_scale_factor=1)
    network = NetworkLog()
    context.route("**/*", network.route)
    dialogs: list[str] = []
    pages = []

    def _visit(query: str):
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(hostile_server + "/" + query)
        wait_for_map(page)
        pages.append(page)
        return page

    yield _visit
    for page in pages:
        page.wait_for_timeout(300)
        assert page.evaluate("() => typeof window.__pwned") == "undefined", page.url
        assert page.evaluate(INJECTED) == [], page.url
    assert dialogs == [] and network.blocked == []
    context.close()


def test_map_shows_names_labels_and_tapped_values_as_text(visit) -> None:
    page = visit("?layers=terrain,roads,buildings,external-karte,external-modell")
    assert page.evaluate("() => document.title") == f"{NAME} · urban-twin"
    assert NAME in page.locator("h1").inner_text()
    for label in (FLOOD, TRAFFIC):
        assert page.get_by_label(label, exact=True).is_checked()            # the layer checklist
        assert page.locator(".legend-item h4", has_text=label).is_visible()  # its legend
        assert page.locator(".metrics-card h4", has_text=label).is_visible()  # its key figures
    # A tap: the server renders the building's attributes, the flood layer adds its field (named by its label).
    page.evaluate("""() => window.dash_clientside.set_props('selected-feature', {data: {layer: 'buildings', id: 'B001',
                      visible: ['buildings', 'external-karte'], at: Date.now()}})""")
    info = page.locator("#info-panel")
    info.get_by_text(BUILDING, exact=True).wait_for(timeout=15_000)
    assert FLOOD in info.inner_text()
    page.evaluate("""() => window.dash_clientside.set_props('selected-feature', {data: {layer: 'roads', id: 'R001',
                      visible: ['roads'], at: Date.now()}})""")
    info.get_by_text(ROAD, exact=True).wait_for(timeout=15_000)


def test_sources_show_as_text_on_the_map_in_the_methods_panel_and_in_print(visit) -> None:
    page = visit("?layers=terrain,roads,buildings")
    attribution = f"{SOURCE} ({LICENCE})"
    assert attribution in page.locator("#map-attribution").inner_text()
    page.locator("#methods summary").click()
    assert SOURCE in page.locator("#methods").inner_text() and LICENCE in page.locator("#methods").inner_text()
    page.evaluate("() => window.urbanTwin.print.prepare('a4').then(() => true)")
    assert attribution in page.locator("#print-sheet .print-attribution").text_content()


def test_compare_labels_and_url_notice_are_text(visit) -> None:
    page = visit("?mode=compare&layers=terrain,buildings,external-karte&right=terrain,roads,external-modell"
                 "&split=%3Cscript%3Ewindow.__pwned%3D9%3C/script%3E")
    assert FLOOD in page.locator("#side-label-left").inner_text()
    assert TRAFFIC in page.locator("#side-label-right").inner_text()
    assert page.locator("#url-notice").is_visible()   # the bad value is named as a parameter, never echoed
    assert "__pwned" not in page.locator("#url-notice").inner_text()


def test_story_and_kiosk_texts_are_text(visit) -> None:
    page = visit("?mode=present")
    page.wait_for_selector(".twin[data-story=ready]", timeout=30_000)
    assert page.locator("#story-title").inner_text() == STORY
    assert page.locator("#story-text").inner_text() == TEXT
    kiosk = visit("?mode=kiosk&lang=en&idle=600")
    kiosk.wait_for_selector("#kiosk-question-1", timeout=15_000)
    assert kiosk.locator("#kiosk-question-1").inner_text() == QUESTION
