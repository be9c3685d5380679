"""Roofs in the browser (gunicorn + headless Chromium, internet blocked): the tiny heavy-rain city
with a gabled roof on every building. The two faces of a roof show different shades in the
pixels, exactly the colour of the building (its use, then the water depth at its walls) times the
face's baked shade; compare shows use colours on one side and flood colours on the other, and the
PNG export carries the same roofs.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PIL import Image
from pyproj import Transformer

from layers import build_city
from tests.e2e.browser import gunicorn_server, map_pixels, open_map, wait_settled
from tests.test_flood_scenario import write_flood_city
from tests.tiny_city import CRS, buildings_frame

pytestmark = pytest.mark.browser

ALL = "terrain,water,roads,buildings"
FLOOD = "flood-stark"
LABEL = "Test-Starkregen"
ROOF_M = 6.0
TO_LONLAT = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform


@pytest.fixture(scope="module")
def roof_build(tmp_path_factory: pytest.TempPathFactory):
    city = write_flood_city(tmp_path_factory.mktemp("roofs") / "rooftown")
    frame = gpd.read_file(city / "buildings.fgb")
    frame["roof_shape"] = "gabled"
    frame["roof_height_m"] = ROOF_M
    frame.to_file(city / "buildings.fgb", driver="FlatGeobuf")
    return city, build_city(city, build_root=tmp_path_factory.mktemp("roofs-build"), progress=False)


@pytest.fixture(scope="module")
def roof_server(roof_build) -> str:
    city, result = roof_build
    assert next(e for e in result.manifest["layers"] if e["id"] == "buildings")["geometry"] == "surfaces"
    with gunicorn_server(city, result.path.parent) as url:
        yield url


@pytest.fixture(scope="module")
def target(roof_build) -> tuple[str, float, tuple[float, float], tuple[float, float]]:
    """The building the heavy rain hits hardest: id, depth at its walls (m), and a point (working
    CRS, m) on each face of its roof — south and north of its ridge (every tiny-city house is
    40 m × 35 m, its ridge along x).
    """
    _, result = roof_build
    depths = json.loads((result.path / "flood_stark_buildings.json").read_text())
    ident = max(depths, key=depths.get)
    classes = next(e for e in result.manifest["layers"] if e["id"] == FLOOD)["depth_classes_m"]
    assert depths[ident] >= classes[0], "no building of the tiny city stands in water: the test needs one"
    footprint = buildings_frame().set_index("id").geometry[ident]
    x, y = footprint.centroid.x, footprint.centroid.y
    return ident, depths[ident], (x, y - 8.0), (x, y + 8.0)


def _record(result, ident: str) -> dict:
    return next(r for r in json.loads((result.path / "buildings.json").read_text()) if r["i"] == ident)


def _face_at(record: dict, x: float, y: float) -> tuple[float, float]:
    """(shade, height m) of the roof face of ``record`` over the working-CRS point x, y."""
    lon, lat = TO_LONLAT(x, y)
    for face, shade in zip(record["f"], record["s"]):
        ring = np.array(face[0] if isinstance(face[0][0], list) else face)
        outline = shapely.Polygon(ring[:, :2])
        if outline.area > 0 and outline.contains(shapely.Point(lon, lat)):
            centre = ring[:, :2].mean(axis=0)   # the face's plane, fitted in degrees about its centre
            a, b, c = np.linalg.lstsq(np.column_stack([ring[:, :2] - centre, np.ones(len(ring))]), ring[:, 2],
                                      rcond=None)[0]
            return shade, float(a * (lon - centre[0]) + b * (lat - centre[1]) + c)
    raise AssertionError(f"no roof face over {x}, {y}")


def _camera(south: tuple[float, float], north: tuple[float, float]) -> str:
    lon, lat = TO_LONLAT((south[0] + north[0]) / 2, (south[1] + north[1]) / 2)
    # Straight down onto the house; deck.gl's camera height counts from 0 m, the town lies at 150 m: not closer.
    return f"cam={lon:.6f},{lat:.6f},17,0,0"


def _screen(page, lon: float, lat: float, z: float, view: int) -> tuple[int, int]:
    """Map-element pixel (column, row) of a point (degrees, m) in view number ``view``."""
    col, row = page.evaluate("([p, k]) => { const v = window.urbanTwin.deck.getViewports()[k];"
                             " const xy = v.project(p); return [xy[0] + v.x, xy[1] + v.y]; }", [[lon, lat, z], view])
    return int(round(col)), int(round(row))


def _pixels_at(page, points: list[tuple[float, float, float]], *, view: int = 0) -> list[np.ndarray]:
    """Mean RGB of a 5 × 5 window around each working-CRS point (x, y, z m) in view ``view``."""
    pixels = map_pixels(page)
    out = []
    for x, y, z in points:
        lon, lat = TO_LONLAT(x, y)
        col, row = _screen(page, lon, lat, z, view)
        out.append(pixels[row - 2:row + 3, col - 2:col + 3].reshape(-1, 3).mean(axis=0))
    return out


def _flood_colour(page, depth_m: float) -> list[float]:
    return page.evaluate("(d) => { const t = window.urbanTwin; return t.floodBuildings.colourOf("
                         "t.flood.floodSpecs().find(s => s.id === 'flood-stark').floodMeta, d); }", depth_m)


def test_gabled_roof_faces_differ_in_shade_and_take_the_flood_colours(chromium, roof_server, roof_build,
                                                                       target) -> None:
    _, result = roof_build
    ident, depth, south_xy, north_xy = target
    record = _record(result, ident)
    (south_shade, south_z), (north_shade, north_z) = _face_at(record, *south_xy), _face_at(record, *north_xy)
    assert south_shade - north_shade > 0.1       # the sun stands in the south
    points = [(*south_xy, south_z), (*north_xy, north_z)]
    context, page, network, errors = open_map(chromium, f"{roof_server}/?layers={ALL}&{_camera(south_xy, north_xy)}")
    try:
        south, north = _pixels_at(page, points)
        # Each face shows the building's use colour times its own shade (unlit faces: exact colours).
        use = np.array(record["c"], dtype=float)
        assert south == pytest.approx(use * south_shade, abs=6)
        assert north == pytest.approx(use * north_shade, abs=6)
        assert np.abs(south - north).sum() > 40

        # Heavy rain on: the roofed buildings take the depth colour of the water at their walls,
        # each face still in its own shade.
        page.get_by_label(LABEL, exact=True).click()
        page.wait_for_function("() => window.urbanTwin.deck.props.layers.find(l => l.id === 'buildings')"
                               f".props.updateTriggers.getFillColor === '{FLOOD}'", timeout=30_000)
        wait_settled(page)
        flood = np.array(_flood_colour(page, depth)[:3], dtype=float)   # a depth class's colour
        assert np.abs(flood - use).sum() > 60
        wet_south, wet_north = _pixels_at(page, points)
        assert wet_south == pytest.approx(flood * south_shade, abs=6)
        assert wet_north == pytest.approx(flood * north_shade, abs=6)

        # A tap on the roof face picks its building (all faces of a part share one picking colour),
        # not the heavy-rain map under it.
        picked = page.evaluate("(p) => { const t = window.urbanTwin, v = t.deck.getViewports()[0], xy = v.project(p);"
                               " const o = t.featureAt(xy[0], xy[1]); return o && o.object ?"
                               " [o.layer.id, o.object.i] : null; }", [*TO_LONLAT(*north_xy), north_z])
        assert picked == ["buildings", ident]
        assert network.blocked == [] and errors == []
    finally:
        context.close()


def test_compare_and_png_export_show_the_roofs(chromium, roof_server, roof_build, target) -> None:
    _, result = roof_build
    ident, depth, south_xy, north_xy = target
    record = _record(result, ident)
    (shade, z) = _face_at(record, *south_xy)
    context, page, network, errors = open_map(
        chromium, f"{roof_server}/?mode=compare&layers={ALL}&right={ALL},{FLOOD}&{_camera(south_xy, north_xy)}")
    try:
        page.wait_for_function("() => window.urbanTwin.deck.props.layers.some(l => l.id === 'buildings~right'"
                               f" && l.props.updateTriggers.getFillColor === '{FLOOD}')", timeout=30_000)
        wait_settled(page)
        flood = np.array(_flood_colour(page, depth)[:3], dtype=float)
        use = np.array(record["c"], dtype=float)
        (left,) = _pixels_at(page, [(*south_xy, z)], view=0)
        (right,) = _pixels_at(page, [(*south_xy, z)], view=1)
        assert left == pytest.approx(use * shade, abs=6)      # A: the use colour, in the face's shade
        assert right == pytest.approx(flood * shade, abs=6)   # B: the depth colour, in the same shade

        with page.expect_download() as download:
            page.get_by_role("button", name="Aktuelle Ansicht als PNG-Bild speichern").click()
        png = np.asarray(Image.open(io.BytesIO(Path(download.value.path()).read_bytes())).convert("RGB")).astype(float)
        screen = map_pixels(page).astype(float)
        top = _map_top(png, screen)   # the export: a title band, the map, the legends
        lon, lat = TO_LONLAT(*south_xy)
        for view, colour in ((0, use), (1, flood)):   # the export holds the roofs the screen shows
            col, row = _screen(page, lon, lat, z, view)
            row += top
            exported = png[row - 2:row + 3, col - 2:col + 3].reshape(-1, 3).mean(axis=0)
            assert exported == pytest.approx(colour * shade, abs=8)
        assert network.blocked == [] and errors == []
    finally:
        context.close()


def _map_top(png: np.ndarray, screen: np.ndarray) -> int:
    """The row of the export where the map begins: where the screen's middle row matches best."""
    middle = screen[screen.shape[0] // 2]
    errors = [float(np.abs(png[top + screen.shape[0] // 2, :screen.shape[1]] - middle).mean())
              for top in range(0, png.shape[0] - screen.shape[0] + 1)]
    return int(np.argmin(errors))


def test_roofs_dim_at_night_with_the_daylight_on(chromium, roof_server, roof_build, target) -> None:
    """Daylight on: the roof faces (drawn unlit, their shade baked in) dim with the scene at night
    and keep their shading by day (the bug: they stayed as bright at 22:30 as at noon).
    """
    _, result = roof_build
    ident, _, south_xy, north_xy = target
    record = _record(result, ident)
    (_, south_z), (_, north_z) = _face_at(record, *south_xy), _face_at(record, *north_xy)
    points = [(*south_xy, south_z), (*north_xy, north_z)]
    context, page, network, errors = open_map(chromium, f"{roof_server}/?layers={ALL}&{_camera(south_xy, north_xy)}")
    try:
        seen = {}
        for label, time in (("noon", "2026-06-15T12:00:00"), ("night", "2026-06-15T23:30:00")):
            page.evaluate("t => { const s = window.urbanTwin; s.clock.pause(); s.clock.set(t); s.light.set(true); }",
                          time)
            page.wait_for_function("d => document.querySelector('[data-daylight]')"
                                   " && document.querySelector('[data-daylight]').dataset.daylight === d",
                                   arg="day" if label == "noon" else "night", timeout=30_000)
            wait_settled(page)
            seen[label] = _pixels_at(page, points)
        (noon_south, noon_north), (night_south, night_north) = seen["noon"], seen["night"]
        assert noon_south.sum() - noon_north.sum() > 20          # by day the faces keep their shading
        assert night_south.sum() < 0.6 * noon_south.sum()        # at night both faces are dark
        assert night_north.sum() < 0.6 * noon_north.sum()
        assert night_south.sum() > 15                            # dark, but not black: readable
        assert network.blocked == [] and errors == []
    finally:
        context.close()
