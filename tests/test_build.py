"""The layer build: artifacts, manifest, caching by input hash, atomic replacement, and clear
messages for bad input that leave the previous good build untouched.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from layers import InputError, build_city, read_manifest
from tests.tiny_city import buildings_frame, dem_array, write_dem


def test_manifest_lists_base_layers_with_existing_artifacts(tiny_build) -> None:
    manifest = read_manifest(tiny_build.path)
    assert [layer["id"] for layer in manifest["layers"]] == ["terrain", "water", "roads", "buildings"]
    for layer in manifest["layers"]:
        data = layer["data"] if isinstance(layer["data"], dict) else {"data": layer["data"]}
        for name in data.values():
            assert (tiny_build.path / name).stat().st_size > 100, name
    west, south, east, north = manifest["bounds"]
    assert 9.96 < west < east < 9.98 and 51.04 < south < north < 51.05


def test_gzip_twins_hold_the_same_json(tiny_build) -> None:
    plain = (tiny_build.path / "buildings.json").read_bytes()
    assert gzip.decompress((tiny_build.path / "buildings.json.gz").read_bytes()) == plain


def test_buildings_stand_on_the_dem(tiny_build) -> None:
    """Every footprint's base is the lowest DEM cell under it minus the sink (0.5 m), and the
    extrusion reaches the building's height above that ground.
    """
    records = json.loads((tiny_build.path / "buildings.json").read_text())
    attributes = json.loads((tiny_build.path / "buildings_attributes.json").read_text())
    fields = attributes["fields"]
    assert len(records) == 16
    for record in records:
        row = dict(zip(fields, attributes["rows"][record["i"]]))
        base = {vertex[2] for vertex in record["p"]}
        assert len(base) == 1
        # The DEM rises 2 % to the north from 150 m: ground is between 150 and 158 m here.
        assert 150.0 <= row["ground_m"] <= 158.0
        assert base.pop() == pytest.approx(row["ground_m"] - 0.5, abs=0.11)
        assert record["h"] == pytest.approx(row["height_m"] + 0.5, abs=0.01)


def test_roads_follow_the_terrain(tiny_build) -> None:
    """Road vertices sit 1 m above the DEM: along a north–south street the height rises 2 %."""
    roads = json.loads((tiny_build.path / "roads.json").read_text())
    north_south = [r for r in roads if abs(r["p"][0][0] - r["p"][-1][0]) < 1e-4 < abs(r["p"][0][1] - r["p"][-1][1])]
    assert north_south
    path = np.array(north_south[0]["p"])
    dz = path[-1, 2] - path[0, 2]
    dy_m = (path[-1, 1] - path[0, 1]) * 111_200
    assert dz == pytest.approx(0.02 * dy_m, abs=0.3)


def test_second_build_is_cached_and_same_folder(tiny_city_dir: Path, tmp_path: Path) -> None:
    first = build_city(tiny_city_dir, build_root=tmp_path, progress=False)
    second = build_city(tiny_city_dir, build_root=tmp_path, progress=False)
    assert not first.cached and second.cached
    assert second.path == first.path
    assert (tmp_path / "tiny-town").resolve() == first.path


def test_changed_input_rebuilds_and_keeps_one_previous(city_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "builds"
    first = build_city(city_copy, build_root=root, progress=False)
    frame = buildings_frame()
    frame.loc[0, "height_m"] = 99.0
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    second = build_city(city_copy, build_root=root, progress=False)
    assert second.path != first.path and not second.cached
    assert (root / "tiny-town").resolve() == second.path
    assert second.manifest["layers"][-1]["stats"]["max_height_m"] == 99.0
    assert first.path.exists()  # the previous good build is kept for rollback


def _break_empty_buildings(city: Path) -> None:
    frame = buildings_frame().iloc[:0]
    (city / "buildings.fgb").unlink()
    frame.to_file(city / "buildings.fgb", driver="FlatGeobuf")


def _break_no_crs(city: Path) -> None:
    frame = buildings_frame()
    (city / "buildings.fgb").unlink()
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=list(frame.geometry)).to_file(
            city / "buildings.fgb", driver="FlatGeobuf")


def _break_dem_elsewhere(city: Path) -> None:
    frame = buildings_frame()
    frame["geometry"] = frame.geometry.translate(xoff=50_000)
    frame.to_file(city / "buildings.fgb", driver="FlatGeobuf")


def _break_corrupt_dem(city: Path) -> None:
    data = (city / "dem.tif").read_bytes()
    (city / "dem.tif").write_bytes(data[: len(data) // 3])


def _break_truncated_tiff_header(city: Path) -> None:
    (city / "dem.tif").write_bytes(b"II*\x00 this is not a GeoTIFF")


def _break_dem_without_crs(city: Path) -> None:
    write_dem(city / "dem.tif", crs=None)


def _break_dem_holes(city: Path) -> None:
    z = dem_array()
    z[10:12, 20:25] = np.nan
    write_dem(city / "dem.tif", z)


def _break_missing_dem(city: Path) -> None:
    (city / "dem.tif").unlink()


BAD_INPUTS = {
    "missing DEM": (_break_missing_dem, r"dem\.tif.*does not exist.*Fix: Put the file there"),
    "DEM not overlapping": (_break_dem_elsewhere, r"dem\.tif: The DEM covers only 0% of the buildings.*Fix:"),
    "buildings without CRS": (_break_no_crs,
                              r"buildings\.fgb: The buildings file has no coordinate reference system.*Fix: Assign"),
    "DEM without CRS": (_break_dem_without_crs, r"dem\.tif: The DEM has no coordinate reference system.*Fix:"),
    "empty buildings": (_break_empty_buildings, r"buildings\.fgb: The buildings file holds no features.*Fix:"),
    "corrupt GeoTIFF": (_break_corrupt_dem, r"dem\.tif: The DEM cannot be read as a raster.*Fix:"),
    "not a GeoTIFF": (_break_truncated_tiff_header, r"dem\.tif: The DEM cannot be read as a raster.*Fix:"),
    "DEM with holes": (_break_dem_holes, r"dem\.tif: The DEM has 10 nodata/NaN cell\(s\).*Fix: Fill the holes"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_named_and_previous_build_survives(case: str, city_copy: Path, tmp_path: Path) -> None:
    breaker, message = BAD_INPUTS[case]
    root = tmp_path / "builds"
    good = build_city(city_copy, build_root=root, progress=False)
    before = {p.name: p.read_bytes() for p in good.path.iterdir()}
    breaker(city_copy)
    with pytest.raises(InputError, match=message):
        build_city(city_copy, build_root=root, progress=False)
    assert (root / "tiny-town").resolve() == good.path
    assert {p.name: p.read_bytes() for p in good.path.iterdir()} == before
    assert sorted(p.name for p in root.iterdir()) == sorted(["tiny-town", good.path.name])  # no temp leftovers


def test_duplicate_building_ids_are_refused(city_copy: Path, tmp_path: Path) -> None:
    frame = buildings_frame()
    frame.loc[3, "id"] = frame.loc[2, "id"]
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    with pytest.raises(InputError, match=r"buildings\.fgb \[id\]: 1 building id\(s\) occur twice \(first: B003\)"):
        build_city(city_copy, build_root=tmp_path, progress=False)


def test_height_falls_back_to_storeys(city_copy: Path, tmp_path: Path) -> None:
    frame = buildings_frame()
    frame.loc[0, "height_m"] = np.nan
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    layer = result.manifest["layers"][-1]
    assert layer["stats"]["height_from_storeys"] == 1
    rows = json.loads((result.path / "buildings_attributes.json").read_text())
    assert rows["rows"]["B001"][rows["fields"].index("height_m")] == pytest.approx(frame.loc[0, "storeys"] * 3.2)
