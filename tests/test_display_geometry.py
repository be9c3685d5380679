"""Display geometry (layers/display_geometry.py, layers/web.py): simplified at build time to a quarter
of a pixel at the map's closest zoom, repeated points dropped; the models keep the full geometry.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box

import layers.scenarios
from layers import build_city
from layers.display_geometry import display_tolerance_m, pixel_size_m, simplify_for_display
from layers.scenario_api import ScenarioOutput
from layers.web import ring_records
from tests.tiny_city import CRS, X0, Y0, buildings_frame, roads_frame

MILLION = 1_000_001


def _million_vertex_footprint() -> Polygon:
    """Building B001's rectangle (40 m × 35 m) digitised with 1,000,001 vertices (0.15 mm apart)."""
    rectangle = box(X0 + 60, Y0 + 60, X0 + 100, Y0 + 95)
    dense = shapely.segmentize(rectangle, 150.0 / (MILLION - 2))
    assert shapely.get_num_coordinates(dense) >= MILLION
    return dense


def test_pixel_size_is_web_mercators() -> None:
    """deck.gl: the world is 512 px wide at zoom 0 (2πR / 512 = 78,271.5 m per pixel at the equator)."""
    assert pixel_size_m(0.0, 0) == pytest.approx(2 * math.pi * 6_378_137.0 / 512)
    assert pixel_size_m(60.0, 20) == pytest.approx(pixel_size_m(0.0, 20) / 2)
    assert display_tolerance_m(51.0) == pytest.approx(
        0.25 * 78_271.517 * math.cos(math.radians(51.0)) / 2**20, rel=1e-6
    )
    assert display_tolerance_m(51.0) < 0.012   # 1.2 cm: a quarter of a 4.7 cm pixel at zoom 20


def test_simplified_outline_stays_within_the_tolerance() -> None:
    circle = Point(X0 + 200, Y0 + 200).buffer(20.0, quad_segs=25_000)   # 100,001 vertices
    simple = simplify_for_display(np.array([circle]), CRS)[0]
    tolerance = display_tolerance_m(51.04)
    assert shapely.hausdorff_distance(circle, simple) <= tolerance * 1.01
    assert shapely.get_num_coordinates(simple) < 200
    assert abs(simple.area - circle.area) <= circle.length * tolerance


def test_tiny_and_odd_geometries_survive_simplification() -> None:
    x, y = X0 + 10, Y0 + 10
    geometries = np.array([box(x, y, x + 0.005, y + 0.005), Polygon(), box(x, y, x + 10, y + 10),
                           LineString([(x, y), (x, y), (x + 5, y)])], dtype=object)
    simple = simplify_for_display(geometries, CRS)
    assert len(simple) == 4 and simple[1].is_empty
    assert not simple[0].is_empty and simple[0].is_valid   # never collapsed
    assert shapely.get_num_coordinates(simple[2]) == 5 and shapely.get_num_coordinates(simple[3]) == 2


def test_points_that_coincide_once_rounded_are_written_once() -> None:
    x, y = X0 + 50, Y0 + 50
    # 1 mm apart: the same 6th decimal of a degree (about 7 cm east–west at 51° N)
    ring = Polygon([(x, y), (x + 0.001, y), (x + 0.002, y), (x + 10, y), (x + 10, y + 10), (x, y + 10)])
    record = ring_records([ring], np.array([100.0]), CRS)[0]
    assert all(a != b for a, b in zip(record, record[1:]))
    assert record[0] == record[-1] and len(record) == 5
    sliver = box(x, y, x + 0.01, y + 0.01)   # smaller than the rounding: kept whole rather than broken
    assert len(ring_records([sliver], np.array([100.0]), CRS)[0]) == 5


def test_million_vertex_footprint_ships_as_its_corners_and_models_keep_it(
        city_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = buildings_frame()
    frame.loc[0, "geometry"] = _million_vertex_footprint()
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    roads = roads_frame()
    roads.loc[0, "geometry"] = shapely.segmentize(roads.geometry[0], 0.001)   # 180,001 vertices on a straight road
    roads.to_file(city_copy / "roads.fgb", driver="FlatGeobuf")

    seen: dict[str, int] = {}

    def builder(context) -> ScenarioOutput:
        buildings = context.layers["buildings"].frame
        seen["vertices"] = int(shapely.get_num_coordinates(buildings.geometry[buildings["id"] == "B001"].values[0]))
        return ScenarioOutput()

    monkeypatch.setitem(layers.scenarios.SCENARIO_BUILDERS, "external", builder)
    toml = city_copy / "city.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("enabled = []", 'enabled = ["external"]'), encoding="utf-8"
    )
    result = build_city(city_copy, build_root=tmp_path, progress=False)

    assert seen["vertices"] >= MILLION   # the models get the footprint as read
    records = {r["i"]: r for r in json.loads((result.path / "buildings.json").read_text(encoding="utf-8"))}
    assert len(records["B001"]["p"]) == 5   # the rectangle's corners
    corners = {(round(lon, 6), round(lat, 6)) for lon, lat, _ in records["B001"]["p"]}
    assert len(corners) == 4
    assert (result.path / "buildings.json").stat().st_size < 20_000   # 26.8 MB before
    paths = {r["i"]: r["p"] for r in json.loads((result.path / "roads.json").read_text(encoding="utf-8"))}
    assert len(paths["R001"]) <= 180 / 8 + 2   # densified to follow the DEM (8 m), no more

