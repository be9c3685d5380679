"""Bad inputs to the importers: each message names the file (and field) and the fix, and a
failed build leaves the last good build untouched.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import Polygon

from layers import InputError, build_city
from layers.importers.limits import check_fits
from tests.import_fixtures import citygml_text, write_import_city, write_xyz
from tests.tiny_city import CRS, X0, Y0, buildings_frame, roads_frame


def _edit(city: Path, old: str, new: str) -> None:
    toml = city / "city.toml"
    text = toml.read_text()
    assert old in text
    toml.write_text(text.replace(old, new))


def _unknown_crs(city: Path) -> None:
    _edit(city, 'crs = "EPSG:25832"', 'crs = "EPSG:999999"')


def _geographic_crs(city: Path) -> None:
    _edit(city, 'crs = "EPSG:25832"', 'crs = "EPSG:4326"')


def _mapped_field_missing(city: Path) -> None:
    _edit(city, 'roads = "roads.gpkg"', 'roads = {path = "roads.gpkg", fields = {maxspeed = "vmax"}}')


def _unknown_option(city: Path) -> None:
    _edit(city, 'roads = "roads.gpkg"', 'roads = {path = "roads.gpkg", feilds = {maxspeed = "vmax"}}')


def _duplicate_road_ids(city: Path) -> None:
    frame = roads_frame()
    frame.loc[4, "id"] = frame.loc[3, "id"]
    frame.to_file(city / "roads.gpkg", driver="GPKG")


def _two_layers(city: Path) -> None:
    roads_frame().iloc[:3].to_file(city / "roads.gpkg", layer="alt", driver="GPKG")


def _truncated_citygml(city: Path) -> None:
    (city / "lod2.gml").write_text(citygml_text()[:3000], encoding="utf-8")


def _irregular_xyz(city: Path) -> None:
    (city / "dgm1.xyz").write_text("568000.0 5655000.0 150\n568002.0 5655000.0 150\n568003.3 5655000.0 150\n"
                                   "568000.0 5655002.0 150\n")


def _xyz_without_crs(city: Path) -> None:
    _edit(city, 'crs = "EPSG:25832"', 'crs = "auto"')


def _water_elsewhere(city: Path) -> None:
    gpd.GeoDataFrame({"name": ["See"]}, geometry=[Polygon([(0, 0), (100, 0), (100, 100)])], crs=CRS).to_file(
        city / "water.fgb", driver="FlatGeobuf")
    _edit(city, 'dem = "dgm1.xyz"', 'dem = "dgm1.xyz"\nwater = "water.fgb"')


def _mixed_crs_tiles(city: Path) -> None:
    tiles = city / "dgm"
    tiles.mkdir()
    write_xyz(tiles / "a.xyz")
    z = np.full((10, 10), 150.0, dtype="float32")
    with rasterio.open(tiles / "b.tif", "w", driver="GTiff", width=10, height=10, count=1, dtype="float32",
                       crs="EPSG:25833", transform=from_origin(X0, Y0, 2.0, 2.0)) as dst:
        dst.write(z, 1)
    _edit(city, 'dem = "dgm1.xyz"', 'dem = "dgm"')


BAD = {
    "unknown working CRS": (_unknown_crs,
                            r"city\.toml \[city\.crs\]: The working CRS 'EPSG:999999' is unknown.*Fix: Write it as"),
    "geographic working CRS": (_geographic_crs,
                               r"\[city\.crs\]: The working CRS 'EPSG:4326' is not metric.*Fix: Use a projected CRS"),
    "mapped field missing": (_mapped_field_missing,
                             r"roads\.gpkg \[vmax\]: The field\(s\) vmax named in \[inputs\.roads\] "
                             r"fields are not in the file \(it has: id, class, maxspeed.*Fix: Correct fields"),
    "unknown option": (_unknown_option, r"\[inputs\.roads\]: \[inputs\.roads\] has unknown option\(s\) feilds"),
    "duplicate road ids": (_duplicate_road_ids,
                           r"roads\.gpkg \[id\]: 1 road id\(s\) occur more than once \(first: 'R004'"),
    "GeoPackage with two layers": (_two_layers, r"roads\.gpkg \[inputs\.roads\.layer\]: The roads file holds 2 layers.*"
                                   r'Fix: Say which one: layer = "<name>"'),
    "truncated CityGML": (_truncated_citygml,
                          r"lod2\.gml: The CityGML file is not well-formed XML.*Fix: Download the tile again"),
    "irregular XYZ": (_irregular_xyz, r"dgm1\.xyz: The XYZ points are not on a regular grid.*Fix:"),
    "XYZ without CRS": (_xyz_without_crs, r"dgm1\.xyz \[inputs\.dem\.crs\]: An XYZ grid carries no CRS.*Fix: Add crs"),
    "water elsewhere": (_water_elsewhere, r"water\.fgb: The water lie entirely outside the city's DEM.*Fix: Check"),
    "DEM tiles in two CRSs": (_mixed_crs_tiles,
                              r"dgm: The DEM tiles are in different CRSs \(EPSG:25832, EPSG:25833\).*Fix: Reproject"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_import_is_named_and_previous_build_survives(case: str, tmp_path: Path) -> None:
    city = write_import_city(tmp_path / "city")
    root = tmp_path / "builds"
    good = build_city(city, build_root=root, progress=False)
    before = {p.name: p.read_bytes() for p in good.path.iterdir()}
    breaker, message = BAD[case]
    breaker(city)
    with pytest.raises(InputError, match=message):
        build_city(city, build_root=root, progress=False)
    assert (root / "import-town").resolve() == good.path
    assert {p.name: p.read_bytes() for p in good.path.iterdir()} == before
    assert sorted(p.name for p in root.iterdir()) == sorted(["import-town", good.path.name])


def test_invalid_footprints_are_repaired_and_counted(city_copy: Path, tmp_path: Path) -> None:
    frame = buildings_frame()
    x, y = X0 + 60, Y0 + 60
    frame.loc[0, "geometry"] = Polygon([(x, y), (x + 30, y + 30), (x + 30, y), (x, y + 30)])  # a bow tie
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    assert "buildings: 1 invalid geometries repaired (make_valid)" in result.manifest["build"]["import"]
    assert {e["id"]: e for e in result.manifest["layers"]}["buildings"]["count"] == 16


def test_corrupt_osm_extract_is_named(tmp_path: Path) -> None:
    pyrosm = pytest.importorskip("pyrosm", reason="pyrosm reads the OSM extracts")
    city = tmp_path / "city"
    city.mkdir()
    data = Path(pyrosm.get_data("helsinki_pbf")).read_bytes()
    (city / "cut.osm.pbf").write_bytes(data[:30_000])
    (city / "city.toml").write_text('[city]\nname = "Cut"\ncrs = "auto"\n[inputs]\nosm = "cut.osm.pbf"\n')
    with pytest.raises(InputError, match=r"cut\.osm\.pbf: The OpenStreetMap extract cannot be read for buildings.*"
                                         r"Fix: Download the \.osm\.pbf again"):
        build_city(city, build_root=tmp_path / "builds", progress=False)


def test_input_too_large_for_memory_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.gml"
    path.write_bytes(b"x" * 10_000)
    check_fits(path, expansion=1.0, what="buildings", available=1_000_000)  # fits
    with pytest.raises(InputError, match=r"big\.gml: The buildings input is too large for this machine's memory.*"
                                         r"Fix: Cut the data to the area you need"):
        check_fits(path, expansion=100.0, what="buildings", available=1_000_000)
