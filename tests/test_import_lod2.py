"""Real LoD2 city models imported correctly (issue 17): BuildingParts with their own heights and
surfaces, courtyards, AdV function codes, CRS names and suggestions, CityGML 1/2/3 and CityJSON
1.x/2.0/Seq, buildings-only cities, buildings on the DEM, and folders of tiles read one at a time.

Real excerpts (``tests/data/lod2``: NRW, a CityGML 3.0 building from Bavaria, 3D BAG) and synthetic
boxes with exact numbers (``tests.lod2_fixtures``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from layers import build_city
from layers.config import load_config
from layers.errors import InputError
from layers.importers import import_inputs
from layers.importers.adv_functions import function_use
from layers.importers.citygml import read_citygml
from layers.importers.cityjson import read_cityjson
from tests.import_fixtures import write_xyz
from tests.lod2_fixtures import citygml_text, cityjson_model, cityjson_seq, ring_area_m2
from tests.tiny_city import X0, Y0, roads_frame

DATA = Path(__file__).parent / "data" / "lod2"
NRW = DATA / "LoD2_32_327_5733_1_NW_excerpt.gml"
BAG = DATA / "3dbag_b2.city.json"
BAG_SEQ = DATA / "3dbag_b2.city.jsonl"
CITYGML3 = DATA / "Building_CityGML3.0_LOD2_with_several_attributes.gml"

# Two parts of one building (the 8.94 m and 2.97 m), a courtyard block, ancillary structures.
PARTS = {"id": "DEBW_PARTS", "function": "31001_1010", "parts": [
    {"id": "DEBW_PARTS_1", "box": (40, 40, 60, 60), "z0": 151.0, "height": 8.94, "measured": 8.94},
    {"id": "DEBW_PARTS_2", "box": (60, 40, 70, 50), "z0": 151.0, "height": 2.97, "measured": 2.97}]}
COURTYARD = {"id": "DEBW_HOF", "function": "31001_1123", "box": (100, 100, 160, 160), "courtyard": (120, 120, 140, 140),
             "z0": 152.0, "height": 15.0, "measured": 15.0}
CARPORT_ROOF = {"id": "DEBW_DACH", "function": "51009_1610", "box": (200, 100, 208, 106), "z0": 152.0, "height": 2.5}
GARAGE = {"id": "DEBW_GARAGE", "function": "31001_2463", "box": (220, 100, 229, 106), "z0": 152.0, "height": 3.0}
SHED = {"id": "DEBW_SCHUPPEN", "function": "31001_2723", "box": (240, 100, 248, 105), "z0": 152.0, "height": 3.0}
HOUSE = {
    "id": "DEBW_HAUS",
    "function": "31001_1000",
    "box": (260, 100, 275, 112),
    "z0": 152.0,
    "height": 9.0,
    "measured": 9.0,
}
FLOATING = {"id": "DEBW_SCHWEBT", "function": "31001_1000", "box": (300, 300, 312, 310), "z0": 170.0, "height": 7.0,
            "measured": 7.0}  # its own ground is ~14 m above the DEM (≈ 156 m there)
BOXES = [PARTS, COURTYARD, CARPORT_ROOF, GARAGE, SHED, HOUSE]

CITY_TOML = """\
[city]
name = "LoD2 Town"
crs = "EPSG:25832"

[inputs]
buildings = "{buildings}"
dem = "dgm1.xyz"
{extra}
[scenarios]
enabled = []
"""


def _city(folder: Path, buildings_file: str, text: str, *, roads: bool = True, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / buildings_file).write_text(text, encoding="utf-8")
    write_xyz(folder / "dgm1.xyz")
    if roads:
        roads_frame().to_file(folder / "roads.gpkg", driver="GPKG")
        extra = 'roads = "roads.gpkg"\n' + extra
    (folder / "city.toml").write_text(CITY_TOML.format(buildings=buildings_file, extra=extra), encoding="utf-8")
    return folder


# --- BuildingParts -------------------------------------------------------------------------------

def test_real_nrw_parts_keep_their_own_heights() -> None:
    """Geobasis NRW: DENW34AL0000yxBa is two parts of 8.259 m and 5.564 m (it was one 8.259 m block)."""
    frame = read_citygml(NRW, crs=None).frame
    parts = frame[frame["building_id"] == "DENW34AL0000yxBa"].set_index("id")
    assert sorted(parts["height_m"]) == pytest.approx([5.564, 8.259])
    assert len(frame) == 9 and frame["building_id"].nunique() == 7 and frame["id"].is_unique
    house = frame[frame["building_id"] == "DENW34AL0000yxDB"]
    assert sorted(house["height_m"]) == pytest.approx([3.899, 5.901])
    assert (house["use"] == "residential").all()  # the building's function, inherited by its parts


@pytest.mark.parametrize("version", ["1.0", "2.0", "3.0"])
def test_citygml_parts_are_separate_volumes(version: str, tmp_path: Path) -> None:
    path = tmp_path / "parts.gml"
    path.write_text(citygml_text([{**PARTS, "installation": True}], version=version), encoding="utf-8")
    frame = read_citygml(path, crs=None).frame.set_index("id")
    assert frame.loc["DEBW_PARTS_1", "height_m"] == pytest.approx(8.94)
    assert frame.loc["DEBW_PARTS_2", "height_m"] == pytest.approx(2.97)
    assert frame.loc["DEBW_PARTS_2", "geometry"].area == pytest.approx(100.0)
    assert set(frame["building_id"]) == {"DEBW_PARTS"}
    assert set(frame["use"]) == {"residential"}  # not the installation's garage code


@pytest.mark.parametrize("version", ["1.0", "1.1", "2.0"])
def test_cityjson_parts_are_separate_volumes(version: str, tmp_path: Path) -> None:
    path = tmp_path / "parts.city.json"
    path.write_text(json.dumps(cityjson_model([PARTS], version=version)), encoding="utf-8")
    frame = read_cityjson(path, crs=None).frame.set_index("id")
    assert frame.loc["DEBW_PARTS_1", "height_m"] == pytest.approx(8.94)
    assert frame.loc["DEBW_PARTS_2", "height_m"] == pytest.approx(2.97)
    assert frame.crs.to_epsg() == 25832


def test_parts_drawn_and_tapped_separately(tmp_path: Path) -> None:
    city = _city(tmp_path / "city", "lod2.gml", citygml_text(BOXES))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    layer = {e["id"]: e for e in result.manifest["layers"]}["buildings"]
    assert layer["count"] == 6 and layer["stats"]["parts"] == 2 and layer["stats"]["volumes"] == 7
    assert layer["geometry"] == "surfaces"   # drawn as their own roof and wall faces (layers.roofs)
    records = {r["i"]: r for r in json.loads((result.path / "buildings.json").read_text())}
    for part, height in (("DEBW_PARTS_1", 8.9), ("DEBW_PARTS_2", 3.0)):   # each at its own height
        z = [p[2] for p in _face_points(records[part])]
        assert max(z) - min(z) - 0.5 == pytest.approx(height, abs=0.1)
    table = json.loads((result.path / "buildings_attributes.json").read_text())
    row = dict(zip(table["fields"], table["rows"]["DEBW_PARTS_2"]))
    assert row["building_id"] == "DEBW_PARTS" and row["height_m"] == pytest.approx(3.0)


def _face_points(record: dict) -> list[list[float]]:
    """Every vertex of a record of roof and wall faces (layers.roofs)."""
    return [p for face in record["f"] for ring in (face if isinstance(face[0][0], list) else [face]) for p in ring]


def test_part_surfaces_are_kept_in_the_working_crs_on_the_dem(tmp_path: Path) -> None:
    """Roof, wall and ground polygons per part, with the parent's id, for drawing roofs later."""
    city = _city(tmp_path / "city", "lod2.gml", citygml_text(BOXES + [FLOATING]), extra='')
    imported = import_inputs(load_config(city))
    surfaces = imported.surfaces.to_frame()
    assert surfaces.crs.to_epsg() == 25832
    part = surfaces[surfaces["part_id"] == "DEBW_PARTS_2"]
    assert set(part["building_id"]) == {"DEBW_PARTS"}
    assert part["surface"].astype(str).value_counts().to_dict() == {"wall": 4, "ground": 1, "roof": 1}
    assert part.geometry.has_z.all()
    # Seated on the DEM like the extrusion: the floating house's ground moved down onto the terrain.
    floating = surfaces[surfaces["part_id"] == "DEBW_SCHWEBT"]
    ground_z = shapely.get_coordinates(floating[floating["surface"] == "ground"].geometry, include_z=True)[:, 2]
    roof_z = shapely.get_coordinates(floating[floating["surface"] == "roof"].geometry, include_z=True)[:, 2]
    dem_min = float(imported.dem.sample(np.array([X0 + 300, X0 + 312]), np.array([Y0 + 300, Y0 + 300])).min())
    assert ground_z.min() == pytest.approx(dem_min, abs=0.05)
    assert roof_z.max() - ground_z.min() == pytest.approx(7.0, abs=0.01)


# --- courtyards ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["citygml", "cityjson"])
def test_courtyards_stay_open(fmt: str, tmp_path: Path) -> None:
    """A 60 m × 60 m block around a 20 m × 20 m courtyard covers 3,200 m², not 3,600 m²."""
    if fmt == "citygml":
        city = _city(tmp_path / "city", "lod2.gml", citygml_text([COURTYARD]))
    else:
        city = _city(tmp_path / "city", "lod2.city.json", json.dumps(cityjson_model([COURTYARD])))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    (record,) = json.loads((result.path / "buildings.json").read_text())
    (roof,) = [face for face in record["f"] if isinstance(face[0][0], list)]
    outer, hole = roof  # the roof face: [exterior, courtyard] — deck.gl leaves the hole open
    # lon/lat carry 6 decimals (≤ 0.11 m), so areas are good to a few m²
    assert ring_area_m2(outer) - ring_area_m2(hole) == pytest.approx(3200.0, abs=15.0)
    assert ring_area_m2(hole) == pytest.approx(400.0, abs=5.0)


def test_courtyard_export_keeps_the_hole(tmp_path: Path) -> None:
    from viewer.export import Downloads
    from viewer.features import AttributeTables

    city = _city(tmp_path / "city", "lod2.gml", citygml_text([COURTYARD, HOUSE]))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    downloads = Downloads(result.path, result.manifest, AttributeTables(result.path, result.manifest))
    geojson = json.loads(downloads.document("buildings", "geojson"))
    shapes = {f["id"]: f["geometry"] for f in geojson["features"]}
    # Roof and wall faces as a 3D MultiPolygon; the courtyard block's roof keeps its hole.
    assert sorted({len(face) for face in shapes["DEBW_HOF"]["coordinates"]}) == [1, 2]
    assert {len(face) for face in shapes["DEBW_HAUS"]["coordinates"]} == {1}


# --- AdV function codes --------------------------------------------------------------------------

@pytest.mark.parametrize("code, use", [
    ("31001_1000", "residential"), ("31001_1010", "residential"), ("31001_1024", "residential"),
    ("31001_1123", "mixed"), ("31001_2310", "mixed"), ("31001_2020", "commercial"), ("31001_2071", "commercial"),
    ("31001_2111", "industrial"), ("31001_2720", "industrial"), ("31001_3021", "public"), ("31001_3065", "public"),
    ("31001_2463", "ancillary"), ("31001_2723", "ancillary"), ("31001_2721", "ancillary"), ("31001_1313", "ancillary"),
    ("31001_1312", "ancillary"), ("51009_1610", "ancillary"), ("51009_1611", "ancillary"), ("51001_1220", "ancillary"),
    ("31001_9998", "other"), ("1010", "residential"), ("2463", "ancillary"), ("Wohn- und Geschäftsgebäude", "mixed"),
    ("garage", "ancillary"), ("", "other"), (None, "other"),
])
def test_adv_function_codes(code: str | None, use: str) -> None:
    assert function_use(code) == use


def test_sig3d_code_list_when_the_code_space_says_so() -> None:
    space = "http://www.sig3d.org/codelists/citygml/2.0/building/2.0/_AbstractBuilding_function.xml"
    assert function_use("1120", code_space=space) == "commercial"  # office building (AdV 1120: homes with shops)
    assert function_use("1630", code_space=space) == "ancillary"  # garage
    assert function_use("1120") == "mixed"


def test_ancillary_structures_have_neither_residents_nor_jobs(tmp_path: Path) -> None:
    """Carport roofs (51009_1610), garages (…2463) and sheds (…2723) feed no traffic demand."""
    city = _city(tmp_path / "city", "lod2.gml", citygml_text(BOXES))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    table = json.loads((result.path / "buildings_attributes.json").read_text())
    rows = {ident: dict(zip(table["fields"], values)) for ident, values in table["rows"].items()}
    for ident in ("DEBW_DACH", "DEBW_GARAGE", "DEBW_SCHUPPEN"):
        assert rows[ident]["use"] == "ancillary" and rows[ident]["residents"] == 0 and rows[ident]["jobs"] == 0
    assert rows["DEBW_HAUS"]["residents"] > 0 and rows["DEBW_HAUS"]["jobs"] == 0
    assert rows["DEBW_HOF"]["use"] == "mixed" and rows["DEBW_HOF"]["residents"] > 0 and rows["DEBW_HOF"]["jobs"] > 0
    legend = {e["id"]: e for e in result.manifest["layers"]}["buildings"]["legend"]["items"]
    assert any(item["label"]["en"] == "Garages, sheds, roofs" for item in legend)


def test_real_nrw_functions() -> None:
    frame = read_citygml(NRW, crs=None).frame.set_index("building_id")
    assert frame.loc["DENW34AL0000yxCo", "use"] == "ancillary"  # 51009_1610 roof
    assert frame.loc["DENW34AL0002lGjD", "use"] == "ancillary"  # 51009_1611 carport
    assert frame.loc["DENW34AL0000yxD8", "use"] == "ancillary"  # 31001_2463 garage
    assert frame.loc["DENW34AL0000yxAJ", "use"] == "ancillary"  # 31001_2723 shed
    assert frame.loc["DENW34AL0000yxAF", "use"] == "residential"


# --- CRS names and suggestions -------------------------------------------------------------------

def test_versioned_ogc_compound_crs_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "sn.gml"
    path.write_text(
        citygml_text([HOUSE], srs="urn:ogc:def:crs,crs:EPSG:6.12:25833,crs:EPSG:6.12:5783"), encoding="utf-8"
    )
    assert read_citygml(path, crs=None).frame.crs.to_epsg() == 25833


@pytest.mark.parametrize(
    "name, buildings, expected",
    [
        (
            "LoD2_33_384_5820_1_BE.gml",
            [HOUSE],
            r'crs = "EPSG:25833".*tile name LoD2_33_384_5820_1_BE\.gml carries UTM zone 33',
        ),
        (
            "gebaeude.gml",
            [{**HOUSE, "id": "DEBE3D04YY50000BlO"}],
            r'crs = "EPSG:25833".*DEBE.*Berlin publishes in ETRS89 / UTM 33N',
        ),
        ("gebaeude.gml", [{**HOUSE, "id": "B1"}], r'crs = "EPSG:25832".*EPSG:25833 for Berlin, Brandenburg'),
    ],
)
def test_missing_crs_suggests_a_zone_near_the_data(name: str, buildings: list, expected: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(citygml_text(buildings, srs=None), encoding="utf-8")
    with pytest.raises(InputError, match=r"names no CRS.*Fix: Add " + expected):
        read_citygml(path, crs=None)


def test_dutch_data_without_crs_suggest_rd_new(tmp_path: Path) -> None:
    model = json.loads(BAG.read_text())
    del model["metadata"]["referenceSystem"]
    path = tmp_path / "bag.city.json"
    path.write_text(json.dumps(model))
    with pytest.raises(InputError, match=r'crs = "EPSG:28992".*Dutch RD New'):
        read_cityjson(path, crs=None)


def test_xyz_dem_without_crs_suggests_its_zone(tmp_path: Path) -> None:
    city = _city(tmp_path / "city", "lod2.gml", citygml_text([HOUSE]))
    shutil.move(city / "dgm1.xyz", city / "dgm1_33_568_5655_1_sn.xyz")
    toml = city / "city.toml"
    toml.write_text(toml.read_text().replace('crs = "EPSG:25832"', 'crs = "auto"')
                    .replace('dem = "dgm1.xyz"', 'dem = "dgm1_33_568_5655_1_sn.xyz"'))
    with pytest.raises(InputError, match=r'XYZ grid carries no CRS.*crs = "EPSG:25833".*UTM zone 33'):
        build_city(city, build_root=tmp_path / "builds", progress=False)


# --- formats -------------------------------------------------------------------------------------

def test_real_citygml3_building() -> None:
    """OGC's CityGML 3.0 example: version reported, con:height read, name from gml:name only."""
    model = read_citygml(CITYGML3, crs=None)
    (row,) = model.frame.to_dict("records")
    assert "CityGML 3.0" in model.notes[0]
    assert model.frame.crs.to_epsg() == 31468  # urn:adv:crs:DE_DHDN_3GK4*DE_DHHN92_NH
    assert row["height_m"] == pytest.approx(8.55) and row["name"] == "DEBY_LOD2_5744682"


def test_citygml3_name_never_comes_from_a_generic_attribute(tmp_path: Path) -> None:
    path = tmp_path / "cg3.gml"
    path.write_text(citygml_text([{**HOUSE, "generic_name": "Gemeindeschluessel"}], version="3.0"), encoding="utf-8")
    model = read_citygml(path, crs=None)
    assert model.frame["name"].tolist() == [""] and "CityGML 3.0" in model.notes[0]
    assert model.frame["height_m"].tolist() == pytest.approx([9.0])


def test_real_cityjson_and_cityjsonseq_of_3dbag() -> None:
    document, sequence = read_cityjson(BAG, crs=None), read_cityjson(BAG_SEQ, crs=None)
    for model in (document, sequence):
        frame = model.frame.set_index("id")
        assert frame.crs.to_epsg() == 28992 and len(frame) == 2
        assert frame.loc["NL.IMBAG.Pand.0503100000031927-0", "building_id"] == "NL.IMBAG.Pand.0503100000031927"
        assert frame.loc["NL.IMBAG.Pand.0503100000031927-0", "height_m"] == pytest.approx(13.184, abs=0.01)
    assert "CityJSONSeq 2.0" in sequence.notes[0] and "CityJSON 2.0" in document.notes[0]


def test_cityjsonseq_builds_from_a_jsonl_file(tmp_path: Path) -> None:
    city = _city(tmp_path / "city", "gebaeude.city.jsonl", cityjson_seq([HOUSE, COURTYARD]))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    assert {e["id"]: e for e in result.manifest["layers"]}["buildings"]["count"] == 2
    assert any("CityJSONSeq 2.0 gebaeude.city.jsonl" in note for note in result.manifest["build"]["import"])


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '{"type": "CityJSON", "version": "0.9", "CityObjects": {}, "vertices": []}',
            r"CityJSON version 0\.9 is not supported",
        ),
        (
            '{"type": "CityJSONFeature", "CityObjects": {}, "vertices": []}',
            r"CityJSONFeature without the CityJSON header",
        ),
        ('{"type": "FeatureCollection", "features": []}', r'FeatureCollection document.*format = "vector"'),
    ],
)
def test_other_json_is_refused_naming_the_format(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "x.city.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_cityjson(path, crs=None)


def test_other_xml_is_refused_naming_the_format(tmp_path: Path) -> None:
    path = tmp_path / "alkis.xml"
    path.write_text('<?xml version="1.0"?><wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0">'
                    "<wfs:member/></wfs:FeatureCollection>")
    with pytest.raises(InputError, match=r"not CityGML: its root element is 'FeatureCollection'"):
        read_citygml(path, crs=None)
    path.write_text('<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" '
                    'xmlns:tran="http://www.opengis.net/citygml/transportation/2.0"><core:cityObjectMember>'
                    "<tran:Road/></core:cityObjectMember></core:CityModel>")
    with pytest.raises(InputError, match=r"CityGML 2\.0 file holds no buildings \(it holds 1 Road\)"):
        read_citygml(path, crs=None)


# --- buildings-only cities -----------------------------------------------------------------------

def test_buildings_only_city_builds_and_says_what_it_skipped(tmp_path: Path) -> None:
    city = _city(tmp_path / "city", "lod2.gml", citygml_text(BOXES), roads=False)
    toml = city / "city.toml"
    toml.write_text(toml.read_text().replace("enabled = []", 'enabled = ["external"]'))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    assert [e["id"] for e in result.manifest["layers"]] == ["terrain", "buildings"]
    # With the default scenarios, the traffic model (roads and zones) is skipped with a note.
    toml.write_text(toml.read_text().replace('[scenarios]\nenabled = ["external"]\n', ""))
    from layers.scenarios import runnable_builders

    builders, notes = runnable_builders(load_config(city).raw, set(load_config(city).inputs))
    assert "verkehr" not in builders and "starkregen" in builders
    assert notes == ["scenario 'verkehr' skipped: it needs roads and zones (not named under [inputs])"]


def test_traffic_enabled_by_name_without_roads_names_the_missing_inputs(tmp_path: Path) -> None:
    city = _city(tmp_path / "city", "lod2.gml", citygml_text([HOUSE]), roads=False)
    toml = city / "city.toml"
    toml.write_text(toml.read_text().replace("enabled = []", 'enabled = ["verkehr"]'))
    with pytest.raises(InputError, match=r"'verkehr' needs roads and zones.*Add roads = \"<file>\" and zones"):
        build_city(city, build_root=tmp_path / "builds", progress=False)


# --- heights against the DEM ---------------------------------------------------------------------

def test_buildings_off_the_dem_are_seated_and_reported(tmp_path: Path) -> None:
    city = _city(tmp_path / "city", "lod2.gml", citygml_text([HOUSE, FLOATING]))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    notes = " ".join(result.manifest["build"]["import"])
    assert (
        "1 of 2 buildings have their own ground more than 1 m from the DEM (largest -14.0 m at DEBW_SCHWEBT)" in notes
    )
    offsets = {e["id"]: e for e in result.manifest["layers"]}["buildings"]["stats"]["ground_offsets"]
    assert offsets["count"] == 1 and offsets["largest_m"] == pytest.approx(-14.0, abs=0.1)
    records = {r["i"]: r for r in json.loads((result.path / "buildings.json").read_text())}
    base = min(point[2] for point in _face_points(records["DEBW_SCHWEBT"]))
    assert base == pytest.approx(156.0 - 0.5, abs=0.15)  # stands on the DEM (150 + 2 % × 300 m), not at 170 m


def test_flat_stand_in_dem_at_the_buildings_ground(tmp_path: Path) -> None:
    city = _city(tmp_path / "city", "lod2.gml", citygml_text([HOUSE, COURTYARD]))
    toml = city / "city.toml"
    toml.write_text(toml.read_text().replace('dem = "dgm1.xyz"\n', ""))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    assert "flat terrain at 152 m (the median ground height of the buildings)" in " ".join(
        result.manifest["build"]["import"]
    )


# --- folders of tiles ----------------------------------------------------------------------------

def test_folder_of_tiles_needs_memory_for_one_tile_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each tile is read and freed in turn: a folder larger than the memory limit still imports."""
    import layers.importers.limits as limits
    from layers.importers.options import detect_format

    city = tmp_path / "city"
    folder = city / "lod2"
    folder.mkdir(parents=True)
    shutil.copy(NRW, folder / "LoD2_32_327_5733_1_NW.gml")
    second = NRW.read_text(encoding="utf-8").replace("DENW34AL0000yxAF", "DENW34AL0000yxZZ")
    (folder / "LoD2_32_327_5733_2_NW.gml").write_text(second, encoding="utf-8")
    road = gpd.GeoDataFrame({"id": ["R1"]}, geometry=[shapely.LineString([(327_400, 5_733_200), (327_700, 5_733_300)])],
                            crs="EPSG:25832")
    road.to_file(city / "roads.geojson", driver="GeoJSON")  # small: only the tiles press on the memory
    (city / "city.toml").write_text('[city]\nname = "Tiles"\ncrs = "EPSG:25832"\n[inputs]\nroads = "roads.geojson"\n'
                                    '[inputs.buildings]\npath = "lod2"\nformat = "citygml"\n', encoding="utf-8")
    size = NRW.stat().st_size
    monkeypatch.setattr(
        limits, "available_memory_bytes", lambda: int(1.4 * size / limits.MEMORY_SHARE)
    )  # 1 tile fits, 2 not
    from layers.importers import load_vector

    layer, notes, _, surfaces = load_vector(load_config(city), "buildings", "EPSG:25832")  # as import_inputs does
    frame = layer.frame
    assert frame["building_id"].nunique() == 8 and frame["id"].is_unique  # 7 + the renamed one, duplicates once
    assert "6 building(s) present in two tiles kept once" in notes
    assert set(surfaces.table["part_id"]) == set(frame["id"])
    assert detect_format(folder) == "citygml"  # so format = "citygml" may be left out


def test_heavy_rain_runs_without_roads_and_counts_a_building_of_parts_once(tmp_path: Path) -> None:
    """A buildings-only LoD2 city gets its flood scenario; a flooded building of two parts is one building."""
    sunk = {**PARTS, "parts": [{**PARTS["parts"][0], "box": (184, 184, 204, 204), "z0": 148.0},
                               {**PARTS["parts"][1], "box": (204, 184, 214, 194), "z0": 148.0}]}
    city = _city(tmp_path / "city", "lod2.gml", citygml_text([sunk, HOUSE]), roads=False)
    toml = city / "city.toml"
    toml.write_text(toml.read_text().replace("[scenarios]\nenabled = []\n", """[scenarios]
enabled = ["starkregen"]
[scenarios.starkregen]
resolution_m = 5.0
rain_after_min = 15
[[scenarios.starkregen.events]]
id = "stark"
depth_mm = 100
duration_min = 30
"""))
    result = build_city(city, build_root=tmp_path / "builds", progress=False)
    scenario = next(s for s in result.manifest["scenarios"] if s["id"].endswith("stark"))
    affected = next(m for m in scenario["metrics"] if m["key"] == "buildings_affected")["value"]
    layer = next(e for e in result.manifest["layers"] if e.get("extends") == "buildings")
    rows = json.loads((result.path / layer["attributes"]).read_text())["rows"]
    wet_parts = {ident for ident, (depth_cm, flagged) in rows.items() if flagged}
    assert {"DEBW_PARTS_1", "DEBW_PARTS_2"} <= wet_parts  # both parts stand in the flooded square
    assert affected == len(wet_parts) - 1  # ... and count as one building


def test_gis_file_without_crs_suggests_one_from_its_coordinates(tmp_path: Path) -> None:
    """A Shapefile without .prj in a crs = "auto" city: the fix names RD New for Dutch coordinates, not a
    placeholder UTM zone.
    """
    city = tmp_path / "city"
    city.mkdir()
    frame = gpd.GeoDataFrame({"id": ["B1"], "height_m": [9.0]}, geometry=[shapely.box(85000, 446400, 85020, 446420)])
    with pytest.warns(UserWarning, match="crs"):
        frame.to_file(city / "panden.shp")  # no .prj
    gpd.GeoDataFrame({"id": ["R1"]}, geometry=[shapely.LineString([(84990, 446390), (85030, 446390)])],
                     crs="EPSG:28992").to_file(city / "wegen.geojson")
    (city / "city.toml").write_text('[city]\nname = "Delft"\ncrs = "auto"\n[inputs]\nbuildings = "panden.shp"\n'
                                    'roads = "wegen.geojson"\n')
    with pytest.raises(InputError, match=r'panden\.shp: The buildings file has no coordinate reference system\. '
                                         r'Fix: .*-a_srs EPSG:28992.*crs = "EPSG:28992" to \[inputs\.buildings\]'):
        build_city(city, build_root=tmp_path / "builds", progress=False)


def test_latitude_first_crs_is_swapped_to_longitude_latitude(tmp_path: Path) -> None:
    """GML in EPSG:4326 / 6697 (e.g. Japan's PLATEAU) lists latitude first; x must be the longitude."""
    lat, lon, z = 35.6787, 139.7172, 34.5
    ring = [
        (lat, lon, z),
        (lat, lon + 0.0002, z),
        (lat + 0.0002, lon + 0.0002, z),
        (lat + 0.0002, lon, z),
        (lat, lon, z),
    ]
    poslist = " ".join(f"{a} {b} {c}" for a, b, c in ring)
    path = tmp_path / "plateau.gml"
    path.write_text(
        '<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" '
        'xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:gml="http://www.opengis.net/gml">'
        '<gml:boundedBy><gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/6697" srsDimension="3"/>'
        '</gml:boundedBy><core:cityObjectMember><bldg:Building gml:id="BLD_1"><bldg:measuredHeight>9'
        "</bldg:measuredHeight><bldg:lod0FootPrint><gml:MultiSurface><gml:surfaceMember><gml:Polygon>"
        f"<gml:exterior><gml:LinearRing><gml:posList>{poslist}</gml:posList></gml:LinearRing></gml:exterior>"
        "</gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod0FootPrint></bldg:Building>"
        "</core:cityObjectMember></core:CityModel>"
    )
    frame = read_citygml(path, crs=None).frame
    assert frame.crs.is_geographic
    minx, miny, _, _ = frame.total_bounds
    assert minx == pytest.approx(lon) and miny == pytest.approx(lat)
    assert frame.to_crs(frame.estimate_utm_crs()).area.iloc[0] == pytest.approx(18.1 * 22.2, rel=0.05)


def test_assumed_crs_that_the_data_contradict_is_questioned(tmp_path: Path) -> None:
    """A Berlin tile without srsName in a city configured for zone 32: built, but the notes ask."""
    path = tmp_path / "LoD2_33_384_5820_1_BE.gml"
    path.write_text(citygml_text([HOUSE], srs=None), encoding="utf-8")
    notes = read_citygml(path, crs="EPSG:25832").notes
    assert "LoD2_33_384_5820_1_BE.gml names no CRS: EPSG:25832 from city.toml assumed" in notes
    assert any("suggests EPSG:25833, not EPSG:25832" in note for note in notes)
