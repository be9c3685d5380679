"""A city of LoD2 buildings only (no roads): served by gunicorn and drawn in headless Chromium with
the internet blocked. BuildingParts are drawn and tapped as separate volumes; a courtyard stays
open (the terrain shows through it, and a tap there finds no building).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer

from layers import build_city
from tests.e2e.browser import gunicorn_server, map_pixels, open_map, wait_settled
from tests.lod2_fixtures import citygml_text
from tests.test_import_lod2 import BOXES, FLOATING, _city
from tests.tiny_city import CRS, X0, Y0

pytestmark = pytest.mark.browser

# Straight down onto the courtyard block (x, y 100–160 m, courtyard 120–140 m) and its neighbours.
VIEW = """
[view]
longitude = {lon:.6f}
latitude = {lat:.6f}
zoom = 17.0
pitch = 0.0
bearing = 0.0
"""


@pytest.fixture(scope="module")
def lod2_server(tmp_path_factory: pytest.TempPathFactory):
    folder = _city(tmp_path_factory.mktemp("lod2") / "lod2town", "lod2.gml", citygml_text(BOXES + [FLOATING]),
                   roads=False)
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(X0 + 110, Y0 + 110)
    (folder / "city.toml").write_text((folder / "city.toml").read_text() + VIEW.format(lon=lon, lat=lat))
    root = tmp_path_factory.mktemp("lod2-build")
    result = build_city(folder, build_root=root, progress=False)
    assert [e["id"] for e in result.manifest["layers"]] == ["terrain", "buildings"]
    # Drawn as their own roof and wall faces (layers.roofs), every part of them.
    assert result.manifest["layers"][1]["geometry"] == "surfaces"
    assert result.manifest["layers"][1]["stats"]["roofs"]["boxes"] == 0
    with gunicorn_server(folder, root) as url:
        yield url


def _project(page, x: float, y: float, z: float) -> tuple[int, int]:
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(x, y)
    px, py = page.evaluate("(p) => window.urbanTwin.deck.getViewports()[0].project(p).slice(0, 2)", [lon, lat, z])
    return int(round(px)), int(round(py))


def _pick(page, col: int, row: int) -> str | None:
    return page.evaluate("(p) => { const o = window.urbanTwin.deck.pickObject({x: p[0], y: p[1], radius: 0,"
                         " layerIds: ['buildings']}); return o && o.object ? o.object.i : null; }", [col, row])


def test_parts_and_courtyard_in_the_browser(chromium, lod2_server, tmp_path: Path) -> None:
    context, page, network, errors = open_map(chromium, lod2_server + "/")
    try:
        page.screenshot(path=str(tmp_path / "lod2-1366x768.png"))
        assert network.blocked == [] and errors == []
        # The block's roof is the block; the courtyard in its middle is no building.
        roof = _project(page, X0 + 110, Y0 + 130, 152.0 + 15.0)
        courtyard = _project(page, X0 + 130, Y0 + 130, 152.0)
        assert _pick(page, *roof) == "DEBW_HOF"
        assert _pick(page, *courtyard) is None
        # Two parts of one building: each picked as itself, and all faces of a part as that part.
        assert _pick(page, *_project(page, X0 + 50, Y0 + 50, 151.0 + 8.94)) == "DEBW_PARTS_1"
        assert _pick(page, *_project(page, X0 + 65, Y0 + 45, 151.0 + 2.97)) == "DEBW_PARTS_2"
        highlight = page.evaluate("(p) => { const t = window.urbanTwin, o = t.deck.pickObject({x: p[0], y: p[1],"
                                  " radius: 0, layerIds: ['buildings']}); const faces = o.layer.props.data"
                                  ".filter(d => d.__source.index === o.index); return [o.index, faces.length,"
                                  " new Set(faces.map(d => d.i)).size]; }", list(_project(page, X0 + 65, Y0 + 45,
                                                                                      151.0 + 2.97)))
        assert highlight[1] >= 5 and highlight[2] == 1   # its roof and walls share one picking colour

        with_buildings = map_pixels(page)
        page.get_by_role("checkbox", name="Gebäude", exact=True).click()
        page.wait_for_function("() => !window.urbanTwin.visible.buildings")
        wait_settled(page)
        without = map_pixels(page)

        def change(point: tuple[int, int]) -> float:
            col, row = point
            window = (slice(row - 4, row + 5), slice(col - 4, col + 5))
            return float(np.abs(with_buildings[window] - without[window]).sum(axis=2).mean())

        assert change(roof) > 40  # the roof was drawn over the terrain
        assert change(courtyard) < 12  # the terrain showed through the courtyard all along
    finally:
        context.close()

    # The tap shows the part's own height and the building it belongs to.
    context, page, network, errors = open_map(chromium, lod2_server + "/?lang=en")
    try:
        col, row = _project(page, X0 + 65, Y0 + 45, 151.0 + 2.97)
        box = page.locator("#map").bounding_box()
        page.mouse.click(box["x"] + col, box["y"] + row)
        info = page.locator("#info-panel")
        info.get_by_text("DEBW_PARTS", exact=True).wait_for(timeout=30_000)
        assert "Part of building" in info.inner_text() and "3" in info.inner_text()
        assert errors == []
    finally:
        context.close()
