"""Importers for the formats German cities publish: CityGML / CityJSON LoD1-2 buildings, XYZ and
tiled DEMs, GIS files with field mapping — each through a real build of a small city.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from layers import build_city
from layers.config import load_config
from layers.errors import InputError
from layers.importers.citygml import read_citygml
from layers.importers.cityjson import read_cityjson
from layers.importers.crs_names import horizontal_crs
from layers.importers.dem import read_xyz
from tests.import_fixtures import MEASURED_M, SPAN_M, citygml_text, cityjson_model, write_import_city, write_xyz
from tests.tiny_city import RES, X0, Y0, buildings_frame, dem_array


@pytest.mark.parametrize("name, expected", [
    ("urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH", "EPSG:25832"),
    ("urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016", "EPSG:25832"),
    ("urn:adv:crs:ETRS89_UTM33*DE_DHHN92_NH", "EPSG:25833"),
    ("https://www.opengis.net/def/crs/EPSG/0/25832", "EPSG:25832"),
    ("urn:ogc:def:crs:EPSG::25833", "EPSG:25833"),
    ("urn:ogc:def:crs:EPSG:6.12:25833", "EPSG:25833"),  # versioned OGC URN
    ("urn:ogc:def:crs,crs:EPSG:6.12:25833,crs:EPSG:6.12:5783", "EPSG:25833"),  # Sachsen, Rheinland-Pfalz
    ("urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::7837", "EPSG:25832"),
    ("http://www.opengis.net/def/crs-compound?1=http://www.opengis.net/def/crs/EPSG/0/25832"
     "&2=http://www.opengis.net/def/crs/EPSG/0/7837", "EPSG:25832"),
    ("EPSG:25832+7837", "EPSG:25832"),
    ("https://www.opengis.net/def/crs/EPSG/0/7415", "EPSG:28992"),  # compound RD New + NAP → horizontal part
    ("urn:adv:crs:DE_DHDN_3GK3", "EPSG:31467"),
    ("urn:adv:crs:DE_DHDN_3GK4*DE_DHHN92_NH", "EPSG:31468"),
    ("local grid", None),
    ("urn:ogc:def:crs,crs:FOO::1", None),
])
def test_crs_names_of_city_models(name: str, expected: str | None) -> None:
    assert horizontal_crs(name) == expected


def test_citygml_footprints_and_heights(tmp_path: Path) -> None:
    path = tmp_path / "lod2.gml"
    path.write_text(citygml_text(), encoding="utf-8")
    model = read_citygml(path, crs=None)
    frame, notes = model.frame, model.notes
    assert frame.crs.to_epsg() == 25832
    rows = frame.set_index("id")
    assert rows.loc["DEBY_LOD2_1", "height_m"] == pytest.approx(MEASURED_M)  # measuredHeight
    assert rows.loc["DEBY_LOD1_2", "height_m"] == pytest.approx(SPAN_M)  # max z − min z
    assert rows.loc["DEBY_LOD2_1", "geometry"].area == pytest.approx(40 * 35)  # the GroundSurface
    assert rows.loc["DEBY_LOD1_2", "geometry"].area == pytest.approx(30 * 40)  # 2D projection of the solid
    assert rows.loc["DEBY_LOD2_1", "use"] == "residential" and rows.loc["DEBY_LOD1_2", "use"] == "commercial"
    assert rows.loc["DEBY_LOD2_1", "storeys"] == 4
    assert "heights: 1 measuredHeight, 1 from the geometry's z span" in notes[0]


def test_cityjson_footprints_and_heights(tmp_path: Path) -> None:
    path = tmp_path / "lod2.city.json"
    path.write_text(json.dumps(cityjson_model()), encoding="utf-8")
    frame = read_cityjson(path, crs=None).frame
    rows = frame.set_index("id")
    assert frame.crs.to_epsg() == 25832
    assert rows.loc["DEBY_LOD2_1", "height_m"] == pytest.approx(MEASURED_M)
    assert rows.loc["DEBY_LOD1_2", "height_m"] == pytest.approx(SPAN_M, abs=0.002)
    assert rows.loc["DEBY_LOD2_1", "geometry"].area == pytest.approx(40 * 35, rel=1e-6)
    assert rows.loc["DEBY_LOD1_2", "geometry"].area == pytest.approx(30 * 40, rel=1e-6)
    assert rows.loc["DEBY_LOD2_1", "geometry"].bounds[0] == pytest.approx(X0 + 60, abs=0.002)


def test_xyz_grid_is_gridded_exactly(tmp_path: Path) -> None:
    write_xyz(tmp_path / "dgm1.xyz")
    z, west, north, res = read_xyz(tmp_path / "dgm1.xyz")
    assert res == RES and west == pytest.approx(X0) and north == pytest.approx(Y0 + 400)
    np.testing.assert_allclose(z, dem_array(), atol=0.006)


@pytest.mark.parametrize("buildings", ["citygml", "cityjson"])
def test_city_model_and_xyz_dem_build_end_to_end(buildings: str, tmp_path: Path) -> None:
    city = write_import_city(tmp_path / "city", buildings=buildings)
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    layer = {entry["id"]: entry for entry in result.manifest["layers"]}["buildings"]
    assert layer["count"] == 2 and layer["stats"]["max_height_m"] == pytest.approx(MEASURED_M)
    assert layer["geometry"] == "surfaces"   # a city model's roofs and walls (layers.roofs)
    records = json.loads((result.path / "buildings.json").read_text())
    spans = [[p[2] for face in r["f"] for ring in (face if isinstance(face[0][0], list) else [face]) for p in ring]
             for r in records]
    heights = sorted(max(z) - min(z) - 0.5 for z in spans)   # feet sunk 0.5 m below the DEM
    assert heights == pytest.approx([SPAN_M, MEASURED_M], abs=0.06)
    notes = " ".join(result.manifest["build"]["import"])
    assert "DEM from XYZ grid dgm1.xyz: 200 × 200 cells of 2 m" in notes
    # The terrain follows the XYZ DEM (150 m rising 2 % to the north).
    terrain = {e["id"]: e for e in result.manifest["layers"]}["terrain"]
    assert terrain["elevation_range_m"] == pytest.approx([150.0, 158.0], abs=0.1)


def test_dem_folder_of_tiles_in_another_crs_is_mosaicked(city_copy: Path, tmp_path: Path) -> None:
    """Four GeoTIFF tiles in EPSG:4647 (UTM 32 with zone prefix, 32 000 000 m false easting)."""
    z = dem_array()
    tiles = city_copy / "dgm"
    tiles.mkdir()
    half = z.shape[0] // 2
    for r in range(2):
        for c in range(2):
            part = z[r * half:(r + 1) * half, c * half:(c + 1) * half]
            transform = from_origin(32_000_000 + X0 + c * half * RES, Y0 + 400 - r * half * RES, RES, RES)
            with rasterio.open(tiles / f"tile_{r}{c}.tif", "w", driver="GTiff", width=half, height=half, count=1,
                               dtype="float32", crs="EPSG:4647", transform=transform) as dst:
                dst.write(part, 1)
    (city_copy / "dem.tif").unlink()
    toml = city_copy / "city.toml"
    toml.write_text(toml.read_text().replace('dem = "dem.tif"', 'dem = "dgm"'))
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    assert "4 tiles in dgm/ mosaicked" in " ".join(result.manifest["build"]["import"])
    terrain = {e["id"]: e for e in result.manifest["layers"]}["terrain"]
    assert terrain["elevation_range_m"][1] == pytest.approx(158.0, abs=0.2)


def test_field_mapping_and_fallback_heights_from_a_geopackage(city_copy: Path, tmp_path: Path) -> None:
    frame = buildings_frame().rename(columns={"id": "gml_id", "height_m": "hoehe", "storeys": "geschosse"})
    frame.loc[0, "hoehe"] = np.nan  # → storeys × 3.0 m
    frame.loc[1, ["hoehe", "geschosse"]] = np.nan  # → default 7 m
    frame.to_file(city_copy / "gebaeude.gpkg", layer="gebaeude", driver="GPKG")
    frame.iloc[:2].to_file(city_copy / "gebaeude.gpkg", layer="anderes", driver="GPKG")
    toml = city_copy / "city.toml"
    toml.write_text(toml.read_text().replace('buildings = "buildings.fgb"\n', "") + """
[inputs.buildings]
path = "gebaeude.gpkg"
layer = "gebaeude"
fields = {id = "gml_id", height_m = "hoehe", storeys = "geschosse"}
storey_height_m = 3.0
default_height_m = 7.0
""".replace("[scenarios]", "[scenarios]"))
    # [inputs.buildings] must come after [inputs] keys: TOML allows the sub-table anywhere below.
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    stats = {e["id"]: e for e in result.manifest["layers"]}["buildings"]["stats"]
    assert stats["height_from_storeys"] == 1 and stats["height_default"] == 1
    rows = json.loads((result.path / "buildings_attributes.json").read_text())
    height = rows["fields"].index("height_m")
    assert rows["rows"]["B001"][height] == pytest.approx(frame.loc[0, "geschosse"] * 3.0)
    assert rows["rows"]["B002"][height] == 7.0
    notes = result.manifest["build"]["import"]
    assert "building heights: 14 from the data, 1 from storeys × 3 m, 1 default 7 m" in notes


@pytest.mark.parametrize("name, driver", [("buildings.geojson", "GeoJSON"), ("buildings.shp", "ESRI Shapefile")])
def test_gis_file_in_wgs84_is_reprojected_and_said(name: str, driver: str, city_copy: Path, tmp_path: Path) -> None:
    buildings_frame().to_crs(4326).to_file(city_copy / name, driver=driver)
    toml = city_copy / "city.toml"
    toml.write_text(toml.read_text().replace('buildings = "buildings.fgb"', f'buildings = "{name}"'))
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    assert "buildings: reprojected from EPSG:4326 to EPSG:25832" in result.manifest["build"]["import"]
    assert {e["id"]: e for e in result.manifest["layers"]}["buildings"]["count"] == 16


def test_twin_init_writes_a_template_that_builds_once_filled(tmp_path: Path) -> None:
    from viewer.cli import main

    city = tmp_path / "meine-stadt"
    assert main(["init", str(city)]) == 0
    text = (city / "city.toml").read_text()
    assert 'name = "Meine Stadt"' in text and "[[scenarios.external]]" in text
    assert main(["init", str(city)]) == 2  # never overwrites
    # As written, the template names an extract the user has not put there yet: the message says which.
    with pytest.raises(InputError, match=r"city\.osm\.pbf.*inputs\.osm.*OpenStreetMap extract.*does not exist"):
        load_config(city)
    # Fill it with the CityGML fixture instead of the OSM extract.
    write_import_city(tmp_path / "data")
    for name in ("lod2.gml", "dgm1.xyz", "roads.gpkg"):
        shutil.copy(tmp_path / "data" / name, city / name)
    text = text.replace('crs = "auto"', 'crs = "EPSG:25832"').replace(
        'osm = "city.osm.pbf"', 'buildings = "lod2.gml"\nroads = "roads.gpkg"\ndem = "dgm1.xyz"')
    (city / "city.toml").write_text(text)
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    assert result.manifest["city"]["name"] == "Meine Stadt"
    assert load_config(city).inputs["dem"].name == "dgm1.xyz"
