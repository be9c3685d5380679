"""Roofs (layers.roofs): pitched roofs made from footprints, box faces, sun shades, the map records
of LoD2 surfaces, the sample city's roof attributes, and the build and download that carry them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from layers import build_city
from layers.importers.citygml import read_citygml
from layers.roofs import has_roofs, pitched_surfaces, surface_records
from layers.roofs.boxes import box_surfaces
from layers.roofs.shade import AMBIENT, face_normal, face_shade, face_shades
from sample_city._roofs import assign_roofs
from tests.test_import_lod2 import NRW
from tests.tiny_city import CRS

RECT = box(0.0, 0.0, 12.0, 9.0)   # long side along x: the ridge runs west–east
L_SHAPE = Polygon([(0, 0), (20, 0), (20, 8), (8, 8), (8, 16), (0, 16)])


def _roofs(faces):
    return [rings[0] for kind, rings in faces if kind == "roof"]


def _walls(faces):
    return [rings[0] for kind, rings in faces if kind == "wall"]


def _plan_area(rings) -> float:
    return sum(Polygon(r[:, :2]).area for r in rings)


@pytest.mark.parametrize("footprint", [RECT, shapely.affinity.rotate(RECT, 33.0), L_SHAPE],
                         ids=["rectangle", "turned", "L-shaped"])
@pytest.mark.parametrize("shape, planes", [("gabled", 2), ("hipped", 4)])
def test_pitched_roof_covers_the_footprint_and_meets_its_walls(footprint, shape, planes) -> None:
    faces = pitched_surfaces(footprint, shape, base_m=99.5, eave_m=106.0, ridge_m=110.0)
    roofs, walls = _roofs(faces), _walls(faces)
    assert _plan_area(roofs) == pytest.approx(footprint.area, rel=1e-9)   # the roof covers it once
    if footprint is not L_SHAPE:
        assert len(roofs) == planes
    heights = np.concatenate([r[:, 2] for r in roofs])
    assert heights.min() == pytest.approx(106.0) and heights.max() == pytest.approx(110.0)
    for roof in roofs:   # every roof face is a plane facing up
        normal = face_normal(roof)
        assert normal[2] > 0.3
        assert np.abs((roof - roof[0]) @ normal).max() < 1e-6
    # The walls stand on the footprint's outline, from the foot up to the roof's edge.
    outline = shapely.get_exterior_ring(footprint)
    for wall in walls:
        assert wall[:, 2].min() == pytest.approx(99.5)
        assert abs(face_normal(wall)[2]) < 1e-9                       # vertical
        assert max(outline.distance(shapely.Point(p[:2])) for p in wall) < 1e-6
        centre = shapely.Point(wall[:, :2].mean(axis=0))             # ... and facing out
        outward = shapely.Point(np.asarray(centre.coords[0]) + 0.5 * face_normal(wall)[:2])
        assert not footprint.contains(outward)
    wall_perimeter = sum(np.hypot(*(w[1, :2] - w[0, :2])) for w in walls)
    assert wall_perimeter == pytest.approx(footprint.exterior.length)
    tops = {tuple(np.round(p, 6)) for w in walls for p in w if p[2] > 100.0}
    corners = {tuple(np.round(p, 6)) for r in roofs for p in r}
    assert tops <= corners   # no wall ends in the air: each top is a corner of a roof face


def test_gable_ends_reach_the_ridge_and_hips_do_not() -> None:
    gabled = _walls(pitched_surfaces(RECT, "gabled", base_m=0.0, eave_m=6.0, ridge_m=10.0))
    hipped = _walls(pitched_surfaces(RECT, "hipped", base_m=0.0, eave_m=6.0, ridge_m=10.0))
    assert sorted(round(w[:, 2].max(), 6) for w in gabled) == [6.0, 6.0, 10.0, 10.0]
    assert all(round(w[:, 2].max(), 6) == 6.0 for w in hipped)
    ridge = [r for r in _roofs(pitched_surfaces(RECT, "hipped", base_m=0.0, eave_m=6.0, ridge_m=10.0))
             if len(r) == 4][0]
    top = ridge[ridge[:, 2] == 10.0]
    assert np.hypot(*(top[0, :2] - top[1, :2])) == pytest.approx(12.0 - 9.0)   # ridge = length − width


def test_the_two_faces_of_a_gabled_roof_differ_in_shade() -> None:
    south, north = sorted(_roofs(pitched_surfaces(RECT, "gabled", base_m=0.0, eave_m=6.0, ridge_m=10.0)),
                          key=lambda r: r[:, 1].mean())
    assert face_shade(south, kind="roof") - face_shade(north, kind="roof") > 0.1   # the sun is in the south
    assert face_shade(south[::-1], kind="roof") == face_shade(south, kind="roof")   # a roof wound down: turned up
    wall_north = np.array([[12, 9, 0], [0, 9, 0], [0, 9, 6], [12, 9, 6]], dtype=float)
    assert face_shade(wall_north) == AMBIENT                                       # in the shade


def test_vectorised_shades_equal_the_single_ones() -> None:
    faces = pitched_surfaces(L_SHAPE, "hipped", base_m=0.0, eave_m=6.0, ridge_m=9.0)
    rings = [rings[0] + [569000.0, 5650000.0, 0.0] for _, rings in faces]   # UTM-sized numbers
    roof = np.array([kind == "roof" for kind, _ in faces])
    single = [face_shade(r, kind=k) for r, (k, _) in zip(rings, faces)]
    assert face_shades(rings, roof).tolist() == pytest.approx(single, abs=1e-3)


def test_box_faces_keep_the_courtyard_open() -> None:
    block = box(0, 0, 30, 30).difference(box(10, 10, 20, 20))
    faces = box_surfaces(block, base_m=1.0, top_m=13.0)
    (kind, roof), *walls = faces
    assert kind == "roof" and len(roof) == 2                           # exterior and courtyard ring
    assert _plan_area([roof[0]]) - _plan_area([roof[1]]) == pytest.approx(block.area)
    assert len(walls) == 8 and all(k == "wall" for k, _ in walls)


def _lod2_parts():
    model = read_citygml(NRW, crs=None)
    frame = model.frame.to_crs(CRS)
    return frame, model.surfaces.to_crs(CRS)


def test_lod2_surfaces_become_one_record_per_part_with_roofs_and_walls_only() -> None:
    frame, surfaces = _lod2_parts()
    parts = frame.explode(index_parts=False)
    ground = np.array([surfaces.coords[:, 2].min()] * len(parts))
    records, counts = surface_records(parts, ground, [[1, 2, 3]] * len(parts), surfaces, CRS, sink_m=0.5)
    assert counts["lod2"] == frame["id"].nunique() and counts["boxes"] == 0
    by_id = {r["i"]: r for r in records}
    assert set(by_id) == set(frame["id"])
    table = surfaces.table
    drawn = table[table["surface"].isin(["roof", "wall", "other"])]
    for ident, record in by_id.items():
        assert len(record["f"]) == len(record["s"]) == int((drawn["part_id"] == ident).sum())
    # Each part of a multi-part building keeps its own faces (the tap names the part and its building).
    two_parts = [i for i in by_id if frame.set_index("id").loc[i, "building_id"] == "DENW34AL0000yxBa"]
    assert len(two_parts) == 2
    # The walls' feet went down by the sink; the roof's top stayed.
    own = surfaces.select([two_parts[0]]).coords[:, 2]
    drawn_z = [p[2] for face in by_id[two_parts[0]]["f"] for p in _rings_of(face)[0]]
    assert min(drawn_z) == pytest.approx(own.min() - 0.5, abs=0.06)
    assert max(drawn_z) == pytest.approx(own.max(), abs=0.06)


def _rings_of(face: list) -> list:
    return face if isinstance(face[0][0], list) else [face]


def test_has_roofs_only_with_lod2_roofs_or_pitched_shapes() -> None:
    frame = gpd.GeoDataFrame({"id": ["a"], "height_m": [9.0]}, geometry=[RECT], crs=CRS)
    assert not has_roofs(frame, None)
    assert not has_roofs(frame.assign(roof_shape="flat"), None)
    assert has_roofs(frame.assign(roof_shape="gabled"), None)
    assert has_roofs(frame, _lod2_parts()[1])


def test_sample_city_roofs_are_deterministic_and_plausible() -> None:
    geoms = np.array([box(0, 0, 12, 9), box(0, 20, 14, 30), box(50, 0, 110, 40), box(0, 50, 10, 60)], dtype=object)
    args = dict(kind=np.array(["oldtown", "outer", "industrial", "inner"]),
                use=np.array(["residential", "residential", "industrial", "residential"], dtype=object),
                height_m=np.array([14.0, 8.0, 10.0, 60.0]), storeys=np.array([3, 2, 1, 18]),
                name=np.array(["", "", "", ""], dtype=object))
    shape, rise = assign_roofs(geoms, seed=2026, **args)
    again, rise_again = assign_roofs(geoms, seed=2026, **args)
    assert shape.tolist() == again.tolist() and rise.tolist() == rise_again.tolist()
    assert shape[0] in ("gabled", "hipped") and shape[1] in ("gabled", "hipped")
    assert shape[2] == "flat" and shape[3] == "flat" and rise[2] == rise[3] == 0.0   # shed, tower
    # Old town: 45–55° over a 9 m deep house: 4.5 m × tan(45–55°) = 4.5–6.4 m, at most half the height.
    assert 4.5 <= rise[0] <= min(6.5, 7.0)
    assert all(r <= 0.5 * h for r, h in zip(rise, args["height_m"]))


def test_shipped_sample_city_has_roof_attributes() -> None:
    from sample_city import get_path

    frame = gpd.read_file(get_path("musterstadt") / "buildings.fgb")
    assert set(frame["roof_shape"]) == {"gabled", "hipped", "flat"}
    pitched = frame["roof_shape"] != "flat"
    assert (frame.loc[pitched, "roof_height_m"] >= 1.0).all() and (frame.loc[~pitched, "roof_height_m"] == 0).all()
    assert (frame["roof_height_m"] <= 0.5 * frame["height_m"] + 0.05).all()


def test_build_draws_roofed_buildings_as_faces_and_downloads_them(city_copy: Path, tmp_path: Path) -> None:
    frame = gpd.read_file(city_copy / "buildings.fgb")
    number = frame["id"].str[1:].astype(int) - 1   # B001 ... B016 (FlatGeobuf reads in its own order)
    frame["roof_shape"] = np.array(["gabled", "hipped", "flat", "gabled"])[number % 4]
    frame["roof_height_m"] = np.array([4.0, 3.0, 0.0, 2.0])[number % 4]
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    result = build_city(city_copy, build_root=tmp_path / "builds", progress=False)
    entry = next(e for e in result.manifest["layers"] if e["id"] == "buildings")
    assert entry["geometry"] == "surfaces"
    assert entry["stats"]["roofs"] == {"lod2": 0, "pitched": 12, "boxes": 4}
    records = {r["i"]: r for r in json.loads((result.path / "buildings.json").read_text())}
    assert len(records) == 16
    gabled, hipped, flat = records["B001"], records["B002"], records["B003"]
    assert (len(gabled["f"]), len(hipped["f"]), len(flat["f"])) == (6, 8, 5)   # roofs + walls
    ridge = max(p[2] for face in gabled["f"] for p in face)
    foot = min(p[2] for face in gabled["f"] for p in face)
    assert ridge - foot == pytest.approx(9.0 + 0.5, abs=0.11)              # B001: 9 m high, sunk 0.5 m
    assert len(set(gabled["s"])) >= 3                                      # two roof shades, walls apart
    assert gabled["c"] == [119, 170, 221]                                  # its use colour (commercial)

    from viewer.export import Downloads
    from viewer.features import AttributeTables

    downloads = Downloads(result.path, result.manifest, AttributeTables(result.path, result.manifest))
    geojson = json.loads(downloads.document("buildings", "geojson"))
    feature = next(f for f in geojson["features"] if f["id"] == "B001")
    assert feature["geometry"]["type"] == "MultiPolygon" and len(feature["geometry"]["coordinates"]) == 6
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            assert ring[0] == ring[-1] and len(ring[0]) == 3                # closed, 3D
    assert feature["properties"]["height_m"] == 9.0


def test_faces_turn_back_into_footprints_for_box_layers() -> None:
    """The noise-at-home layer draws boxes over the buildings: from faces, the footprint and height."""
    from layers.roofs.records import extruded_records

    parts = gpd.GeoDataFrame({"id": ["a", "b"], "height_m": [10.0, 6.0], "roof_shape": ["hipped", "flat"],
                              "roof_height_m": [4.0, 0.0]}, geometry=[RECT, L_SHAPE.buffer(0)], crs=CRS)
    parts = parts.set_geometry(parts.geometry.translate(569000.0, 5650000.0))
    records, _ = surface_records(parts, np.array([100.0, 100.0]), [[1, 2, 3]] * 2, None, CRS, sink_m=0.5)
    boxes = {r["i"]: r for r in extruded_records(records)}
    for ident, footprint, height in (("a", RECT, 10.0), ("b", L_SHAPE, 6.0)):
        ring = np.array(boxes[ident]["p"])
        assert boxes[ident]["h"] == pytest.approx(height + 0.5)
        assert ring[:, 2].min() == ring[:, 2].max() == pytest.approx(99.5)
        area = shapely.Polygon(ring[:, :2]).area * (111_320.0 ** 2) * math.cos(math.radians(51.0))
        assert area == pytest.approx(footprint.area, rel=0.05)


def test_build_without_roofs_keeps_the_extruded_footprints(tiny_build) -> None:
    entry = next(e for e in tiny_build.manifest["layers"] if e["id"] == "buildings")
    assert entry["geometry"] == "extruded"
    record = json.loads((tiny_build.path / "buildings.json").read_text())[0]
    assert set(record) == {"i", "p", "h", "c"}
    assert math.isfinite(record["h"])
