"""The heavy-rain scenarios on the tiny city: model run → artifacts → manifest (layers.flood.scenario)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from PIL import Image
from shapely.geometry import box

from layers import InputError, build_city
from tests.tiny_city import CRS, X0, Y0, buildings_frame, write_tiny_city

# Small, fast options: 5 m cells, one 60 mm / 30 min block rain + 15 min drainage, one measure that
# unseals half of the sealed ground in the zone "Mitte" (the sunken square at the centre).
FLOOD_OPTIONS = """
[scenarios]
enabled = ["starkregen"]

[scenarios.starkregen]
resolution_m = 5.0
rain_after_min = 15
output_interval_min = 5

[[scenarios.starkregen.events]]
id = "stark"
depth_mm = 60
duration_min = 30
type = "block"
label_de = "Test-Starkregen"
label_en = "Test heavy rain"

[[scenarios.starkregen.measures]]
id = "entsiegelung"
zone = "Mitte"
unseal_share = 0.5
infiltration_mm_h = 40

[scenarios.starkregen.runs]
stark = ["entsiegelung"]
"""

# The sunken square: x, y 180–220 m from the south-west corner (2 m deep).
SQUARE = (X0 + 180, Y0 + 180, X0 + 220, Y0 + 220)


def write_flood_city(folder: Path, options: str = FLOOD_OPTIONS) -> Path:
    """The tiny city with a zones layer and the heavy-rain scenarios enabled."""
    write_tiny_city(folder)
    toml = (folder / "city.toml").read_text(encoding="utf-8")
    toml = toml.replace('landcover = "landcover.fgb"\n', 'landcover = "landcover.fgb"\nzones = "zones.fgb"\n')
    toml = toml.replace("[scenarios]\nenabled = []   # the unit tests build this city often; "
                        "scenario tests enable what they need\n",
                        options)
    (folder / "city.toml").write_text(toml, encoding="utf-8")
    gpd.GeoDataFrame({"id": ["Z1", "Z2"], "name": ["Mitte", "Rand"]},
                     geometry=[box(X0 + 170, Y0 + 170, X0 + 230, Y0 + 230), box(X0, Y0, X0 + 100, Y0 + 100)],
                     crs=CRS).to_file(folder / "zones.fgb", driver="FlatGeobuf")
    return folder


def _scenario(manifest: dict, sid: str) -> dict:
    return next(s for s in manifest["scenarios"] if s["id"] == sid)


def _metric(scenario: dict, key: str) -> dict:
    return next(m for m in scenario["metrics"] if m["key"] == key)


def test_manifest_has_group_layers_and_scenarios(flood_build) -> None:
    manifest = flood_build.manifest
    assert {"id": "starkregen", "label": {"de": "Starkregen", "en": "Heavy rain"}} in manifest["groups"]
    layers = {layer["id"]: layer for layer in manifest["layers"] if layer["kind"] == "flood-depth"}
    assert sorted(layers) == ["flood-stark", "flood-stark-entsiegelung"]
    terrain = next(layer for layer in manifest["layers"] if layer["id"] == "terrain")
    for layer in layers.values():
        assert layer["visible"] is False and layer["group"] == "starkregen"
        assert layer["bounds"] == terrain["bounds"]
        assert layer["data"]["elevation"] == terrain["data"]["elevation"]
        # 45 simulated minutes, a frame every 5 min
        assert layer["data"]["frame_times_s"] == [300.0 * k for k in range(1, 10)]
        assert len(layer["data"]["frames"]) == 9
        items = layer["legend"]["items"]
        assert [i["label"]["de"] for i in items[:4]] == ["0,1–0,3 m", "0,3–0,5 m", "0,5–1,0 m", "≥ 1,0 m"]
        for name in [layer["data"]["texture"], layer["data"]["buildings"], *layer["data"]["frames"],
                     *layer["rasters"].values()]:
            assert (flood_build.path / name).is_file(), name
    assert _scenario(manifest, "starkregen-stark")["baseline"] is None
    assert _scenario(manifest, "starkregen-stark-entsiegelung")["baseline"] == "starkregen-stark"


def test_depression_holds_the_deepest_water(flood_build) -> None:
    rasters = next(layer for layer in flood_build.manifest["layers"] if layer["id"] == "flood-stark")["rasters"]
    with rasterio.open(flood_build.path / rasters["max_depth"]) as src:
        depth = src.read(1)
        assert src.res == (5.0, 5.0) and src.crs.to_string() == CRS
        rows, cols = np.mgrid[0:depth.shape[0], 0:depth.shape[1]]
        x, y = src.transform * (cols + 0.5, rows + 0.5)
    inside = (x > SQUARE[0]) & (x < SQUARE[2]) & (y > SQUARE[1]) & (y < SQUARE[3])
    assert np.median(depth[inside]) > 0.3            # water pools in the 2 m deep square
    assert np.median(depth[inside]) > 5 * np.percentile(depth[~inside], 95)
    with rasterio.open(flood_build.path / rasters["max_velocity"]) as src:
        velocity = src.read(1)
    assert np.all(np.isnan(velocity[depth <= 0.05]))  # speeds only where the water is > 5 cm deep


def test_overlay_png_matches_the_terrain_and_shows_the_square(flood_build) -> None:
    manifest = flood_build.manifest
    layer = next(entry for entry in manifest["layers"] if entry["id"] == "flood-stark")
    west, south, east, north = layer["bounds"]
    image = np.asarray(Image.open(flood_build.path / layer["data"]["texture"]).convert("RGBA"))
    # The square's centre (x, y = 200 m, 200 m) sits at the image centre (the DEM is 400 × 400 m).
    h, w = image.shape[:2]
    centre = image[h // 2 - 2:h // 2 + 3, w // 2 - 2:w // 2 + 3]
    assert (centre[..., 3] > 0).all() and centre[..., 2].mean() > centre[..., 0].mean()  # opaque blue water
    assert image[..., 3].mean() / 255 < 0.5          # most of the town stays dry (transparent)
    assert abs((east - west) / (north - south) - w / h * 1.0) < 0.05 * (east - west) / (north - south)


def test_building_depths_and_metrics_are_consistent(flood_build) -> None:
    manifest = flood_build.manifest
    ids = set(buildings_frame()["id"])
    depths = json.loads((flood_build.path / "flood_stark_buildings.json").read_text())
    assert set(depths) <= ids and all(v > 0 for v in depths.values())
    table = json.loads((flood_build.path / "flood_stark_attributes.json").read_text())
    assert table["fields"] == ["flood_depth_cm", "flood_affected"] and set(table["rows"]) == set(depths)
    assert all(table["rows"][i] == [round(d * 100), d >= 0.1] for i, d in depths.items())
    scenario = _scenario(manifest, "starkregen-stark")
    affected = _metric(scenario, "buildings_affected")["value"]
    assert affected == sum(v >= 0.1 for v in depths.values()) <= 16
    residents = dict(zip(buildings_frame()["id"], buildings_frame()["residents"]))
    assert _metric(scenario, "residents_affected")["value"] == sum(residents[i] for i, v in depths.items() if v >= 0.1)
    classes = [_metric(scenario, f"area_class_{k}")["value"] for k in range(1, 5)]
    assert _metric(scenario, "flooded_area")["value"] == pytest.approx(sum(classes), abs=4)
    assert _metric(scenario, "flooded_area")["value"] >= 0.5 * 40 * 40  # at least the square's floor
    assert _metric(scenario, "volume_peak")["value"] > 0
    layer = next(entry for entry in manifest["layers"] if entry["id"] == "flood-stark")
    assert layer["stats"]["mass_error_rel"] < 1e-6
    assert _metric(scenario, "mass_error")["value"] < 1.0  # ppm


def test_measure_reduces_the_flood_against_its_baseline(flood_build) -> None:
    manifest = flood_build.manifest
    base = _scenario(manifest, "starkregen-stark")
    measure = _scenario(manifest, "starkregen-stark-entsiegelung")
    volume = _metric(measure, "volume_peak")
    assert volume["value"] < _metric(base, "volume_peak")["value"]
    assert volume["delta"] == volume["value"] - _metric(base, "volume_peak")["value"] < 0
    layer = next(entry for entry in manifest["layers"] if entry["id"] == "flood-stark-entsiegelung")
    assert layer["measure"]["cells_changed"] == 64  # the sealed 40 × 40 m square at 5 m cells


@pytest.mark.parametrize(("options", "field", "needle"), [
    (FLOOD_OPTIONS.replace("depth_mm = 60", "depth_mm = 0"), "events[0].depth_mm", "must be > 0"),
    (FLOOD_OPTIONS.replace("depth_mm = 60", "depth_mm = -5"), "events[0].depth_mm", "must be > 0"),
    (FLOOD_OPTIONS.replace('zone = "Mitte"', 'zone = "Nirgendwo"'), "measures[0].zone", "Mitte"),
    (FLOOD_OPTIONS.replace("unseal_share = 0.5", 'type = "gruen"'), "measures[0].type", "unknown"),
    (FLOOD_OPTIONS.replace("unseal_share = 0.5", 'type = "green_roofs"\nretention_mm = -20'),
     "measures[0].retention_mm", "must be > 0"),
    (FLOOD_OPTIONS.replace("unseal_share = 0.5", 'type = "green_roofs"\nuses = ["castle"]'),
     "measures.uses", "no building with use"),
    (FLOOD_OPTIONS.replace("resolution_m = 5.0", "resolution_m = 300"), "resolution_m", "1 × 1 cells over the DEM"),
])
def test_bad_options_name_city_toml_the_field_and_the_fix(tmp_path: Path, options: str, field: str,
                                                          needle: str) -> None:
    city = write_flood_city(tmp_path / "bad", options)
    with pytest.raises(InputError) as err:
        build_city(city, build_root=tmp_path / "build", progress=False)
    assert err.value.path.name == "city.toml" and err.value.field == f"scenarios.starkregen.{field}"
    assert needle in str(err.value) and "Fix:" in str(err.value)
    assert not any((tmp_path / "build").glob("bad-*"))  # nothing half-built was left behind


def test_zone_outside_the_dem_is_refused(tmp_path: Path) -> None:
    city = write_flood_city(tmp_path / "far")
    gpd.GeoDataFrame({"name": ["Mitte"]}, geometry=[box(X0 + 5000, Y0, X0 + 5100, Y0 + 100)],
                     crs=CRS).to_file(city / "zones.fgb", driver="FlatGeobuf")
    with pytest.raises(InputError) as err:
        build_city(city, build_root=tmp_path / "build", progress=False)
    message = str(err.value)
    if err.value.path.name == "zones.fgb":  # the base layers' overlap check may stop it first
        assert "outside" in message
    else:
        assert err.value.path.name == "city.toml" and err.value.field == "scenarios.starkregen.measures.zone"
        assert "covers no cell of the DEM" in message and "'Mitte'" in message
    assert "Fix:" in message
    shutil.rmtree(city)


def test_tap_table_appends_the_flood_row_to_a_building(flood_build) -> None:
    from viewer.features import AttributeTables

    tables = AttributeTables(flood_build.path, flood_build.manifest)
    plain = tables.lookup("buildings", "B001")
    label, fields, values = tables.lookup("buildings", "B001", visible=["terrain", "flood-stark"])
    assert values[:len(plain[2])] == plain[2]  # the building's own attributes first, unchanged
    assert [f["key"] for f in fields[len(plain[1]):]] == ["flood_depth_cm", "flood_affected"]
    depths = json.loads((flood_build.path / "flood_stark_buildings.json").read_text())
    assert values[len(plain[2])] == round(depths.get("B001", 0.0) * 100)
    assert tables.lookup("roads", "R001", visible=["flood-stark"])[2] == tables.lookup("roads", "R001")[2]
    assert tables.lookup("buildings", "nope", visible=["flood-stark"]) is None


def test_dem_in_feet_is_refused_naming_the_dem(tmp_path: Path) -> None:
    city = write_flood_city(tmp_path / "feet")
    with rasterio.open(city / "dem.tif", "r+") as dst:
        dst.set_band_unit(1, "ft")
    with pytest.raises(InputError, match="feet") as err:
        build_city(city, build_root=tmp_path / "build", progress=False)
    assert err.value.path.name == "dem.tif" and "0.3048" in str(err.value) and "Fix:" in str(err.value)


GREEN_OPTIONS = FLOOD_OPTIONS.replace("""unseal_share = 0.5
infiltration_mm_h = 40
""", """type = "green_roofs"
retention_mm = 25
uses = ["residential", "commercial", "industrial", "public"]
""")


def test_green_roofs_hold_rain_and_reduce_the_flood(tmp_path: Path) -> None:
    city = write_flood_city(tmp_path / "green", GREEN_OPTIONS)
    # the measure's zone: the whole town, so every roof gets 25 mm of storage
    gpd.GeoDataFrame({"id": ["Z1"], "name": ["Mitte"]}, geometry=[box(X0, Y0, X0 + 400, Y0 + 400)],
                     crs=CRS).to_file(city / "zones.fgb", driver="FlatGeobuf")
    build = build_city(city, build_root=tmp_path / "build", progress=False)
    manifest = json.loads((build.path / "manifest.json").read_text(encoding="utf-8"))
    layer = next(entry for entry in manifest["layers"] if entry["id"] == "flood-stark-entsiegelung")
    base_layer = next(entry for entry in manifest["layers"] if entry["id"] == "flood-stark")
    info = layer["measure"]
    assert info["type"] == "green_roofs" and info["retention_mm"] == 25.0 and info["buildings_changed"] == 16
    budget, base_budget = layer["stats"]["budget_m3"], base_layer["stats"]["budget_m3"]
    # 25 of the 60 mm stay on every roof cell of the model grid (5 m cells: 25 m² each)
    assert budget["retained_m3"] == pytest.approx(0.025 * info["cells_changed"] * 25.0, abs=0.1)
    assert base_budget["retained_m3"] == 0.0
    assert layer["stats"]["mass_error_rel"] < 1e-6
    scenario = _scenario(manifest, "starkregen-stark-entsiegelung")
    volume = _metric(scenario, "volume_peak")
    assert volume["delta"] < 0  # less water on the surface than in the event without the measure


MEASURE_OPTIONS = FLOOD_OPTIONS.replace('stark = ["entsiegelung"]',
                                        'stark = ["entsiegelung", "rueckhalt", "notweg", "schutz"]') + """
[[scenarios.starkregen.measures]]
id = "rueckhalt"
type = "retention"
site = "Rückhalt Nord"
volume_m3 = 300
label_de = "Rückhaltefläche"
label_en = "Retention area"

[[scenarios.starkregen.measures]]
id = "notweg"
type = "flow_path"
site = "Notweg Ost"

[[scenarios.starkregen.measures]]
id = "schutz"
type = "object_protection"
zone = "Rand"
barrier_m = 0.5
"""


def test_measures_are_placed_run_and_compared_where_they_act(tmp_path: Path) -> None:
    """A retention area upstream of the sunken square, a flow path east to the canal, object
    protection in the zone "Rand": their sizes, footprints, areas of effect and local figures.
    """
    from shapely.geometry import LineString

    city = write_flood_city(tmp_path / "measures", MEASURE_OPTIONS)
    toml = (city / "city.toml").read_text(encoding="utf-8")
    toml = toml.replace('zones = "zones.fgb"\n', 'zones = "zones.fgb"\nmeasures = "measures.fgb"\n')
    (city / "city.toml").write_text(toml, encoding="utf-8")
    gpd.GeoDataFrame({"name": ["Rückhalt Nord", "Notweg Ost"]},
                     geometry=[box(X0 + 185, Y0 + 250, X0 + 215, Y0 + 290),
                               LineString([(X0 + 232, Y0 + 200), (X0 + 302, Y0 + 200)])],
                     crs=CRS).to_file(city / "measures.fgb", driver="FlatGeobuf")
    build = build_city(city, build_root=tmp_path / "build", progress=False)
    manifest = json.loads((build.path / "manifest.json").read_text(encoding="utf-8"))
    layers = {entry["id"]: entry for entry in manifest["layers"]}
    for mid in ("entsiegelung", "rueckhalt", "notweg", "schutz"):
        assert layers[f"flood-measure-{mid}"]["kind"] == "flood-measure"
        outline = json.loads((build.path / layers[f"flood-measure-{mid}"]["data"]).read_text(encoding="utf-8"))
        parts = {record["part"] for record in outline}
        assert {"footprint", "area"} <= parts and ("line" in parts) == (mid == "notweg")
        assert _scenario(manifest, f"starkregen-stark-{mid}")["baseline"] == "starkregen-stark"

    retention = layers["flood-stark-rueckhalt"]["measure"]
    assert retention["size"][0]["key"] == "volume" and retention["size"][0]["value"] == 300
    assert retention["local"]["area_m2"] > 1600  # its catchment reaches up the slope to the north
    path = layers["flood-stark-notweg"]["measure"]
    assert path["outlet"] == "water" and path["size"][0]["value"] == pytest.approx(70, abs=1)

    # object protection moves no water: its event's maps, fewer buildings affected, all of them local
    protection, event = layers["flood-stark-schutz"], layers["flood-stark"]
    assert protection["data"]["texture"] == event["data"]["texture"] and "stats" in protection
    assert protection["measure"]["buildings_changed"] == 1  # B001, the only building in "Rand"
    assert protection["measure"]["local"]["buildings"] == 1
    local = _metric(_scenario(manifest, "starkregen-stark-schutz"), "local_buildings_affected")
    city_wide = _metric(_scenario(manifest, "starkregen-stark-schutz"), "buildings_affected")
    assert local["delta"] <= 0 and city_wide["delta"] == local["delta"]
    # the roof water share on the event's card
    assert "buildings_affected_roofs_drained" in [m["key"] for m in _scenario(manifest, "starkregen-stark")["metrics"]]
    # the files for GIS: object protection offers its affected buildings, not its event's rasters again
    files = {e["file"] for e in _scenario(manifest, "starkregen-stark-schutz")["exports"]}
    assert files == {"export_starkregen-stark-schutz_affected_buildings.gpkg"}
    gpkg = gpd.read_file(build.path / "export_starkregen-stark-schutz_affected_buildings.gpkg")
    assert len(gpkg) == _metric(_scenario(manifest, "starkregen-stark-schutz"), "buildings_affected")["value"]


def _exports(build, sid: str) -> dict[str, dict]:
    """The exports of a scenario by file suffix and key, each with its sidecar read."""
    found = {}
    for entry in _scenario(build.manifest, sid)["exports"]:
        sidecar = json.loads((build.path / entry["sidecar"]).read_text(encoding="utf-8"))
        found[entry["file"].removeprefix(f"export_{sid}_")] = {**entry, "meta": sidecar}
    return found


def test_rasters_for_gis_are_cogs_in_the_working_crs_with_units_and_the_builds_areas(flood_build) -> None:
    exports = _exports(flood_build, "starkregen-stark")
    assert set(exports) == {"max_depth.tif", "max_velocity.tif", "flow_direction.tif", "affected_buildings.gpkg",
                            "velocity_class.tif", "hazard_class.tif"}
    metrics = {m["key"]: m["value"] for m in _scenario(flood_build.manifest, "starkregen-stark")["metrics"]}
    classes = next(layer for layer in flood_build.manifest["layers"] if layer["id"] == "flood-stark")["depth_classes_m"]
    for name, unit in (("max_depth.tif", "m"), ("max_velocity.tif", "m/s"), ("flow_direction.tif", "°")):
        with rasterio.open(flood_build.path / exports[name]["file"]) as src:
            assert src.crs.to_string() == CRS and src.res == (5.0, 5.0)
            assert np.isnan(src.nodata) and src.units == (unit,) and src.tags(1)["units"] == unit
            assert src.tags(ns="IMAGE_STRUCTURE")["LAYOUT"] == "COG"
            assert src.tags()["TIFFTAG_COPYRIGHT"] == flood_build.manifest["provenance"]["attribution"]["en"]
            assert src.tags()["build_hash"] == flood_build.manifest["build"]["input_hash"]
            values = src.read(1)
        meta = exports[name]["meta"]
        assert meta["unit"] == unit and meta["crs"] == CRS and meta["format"] == "COG GeoTIFF"
        if name == "max_depth.tif":
            # the flooded area of the metrics card, recounted from the file (permanent water: none here)
            flooded = float((values >= classes[0]).sum()) * 25.0
            assert flooded == pytest.approx(metrics["flooded_area"], abs=0.5)
            assert flooded > 0
        else:
            assert np.isfinite(values).any() and np.isnan(values).any()


def test_affected_buildings_gpkg_matches_the_building_depths_and_the_count(flood_build) -> None:
    import pyogrio

    entry = _exports(flood_build, "starkregen-stark")["affected_buildings.gpkg"]
    path = flood_build.path / entry["file"]
    assert pyogrio.list_layers(path)[0][0] == "affected_buildings"
    frame = pyogrio.read_dataframe(path)
    assert frame.crs.to_string() == CRS
    depths = json.loads((flood_build.path / "flood_stark_buildings.json").read_text(encoding="utf-8"))
    metrics = {m["key"]: m["value"] for m in _scenario(flood_build.manifest, "starkregen-stark")["metrics"]}
    assert len(frame) == metrics["buildings_affected"] > 0
    for ident, depth in zip(frame["building_id"], frame["depth_at_walls_m"], strict=True):
        assert depth == pytest.approx(depths[ident])
    assert frame["residents_estimate"].sum() == metrics["residents_affected"]
    meta = entry["meta"]
    assert meta["fields"]["depth_at_walls_m"]["unit"] == "m"
    assert "Schätzung" in meta["fields"]["residents_estimate"]["de"]
    assert pyogrio.read_info(path, layer="affected_buildings")["layer_metadata"]["build_hash"] == \
        flood_build.manifest["build"]["input_hash"]


def test_sidecars_name_model_event_build_and_inputs_with_licences(flood_build) -> None:
    manifest = flood_build.manifest
    for sid in ("starkregen-stark", "starkregen-stark-entsiegelung"):
        for entry in _exports(flood_build, sid).values():
            meta = entry["meta"]
            assert "Bates" in meta["model"]["reference"] and meta["model"]["version"].startswith("urban-twin")
            assert meta["run"]["event"]["depth_mm"] == 60 and meta["run"]["event"]["duration_min"] == 30
            assert meta["build"]["input_hash"] == manifest["build"]["input_hash"]
            assert meta["build"]["date"] == manifest["build"]["date"]
            assert {i["kind"] for i in meta["inputs"]} >= {"dem", "buildings", "landcover", "zones"}
            assert all(i["source"] and i["licence"] for i in meta["inputs"])
            assert meta["attribution"] == manifest["provenance"]["attribution"]
            assert (sid == "starkregen-stark-entsiegelung") == (meta["run"]["measure"] is not None)


def test_viewer_serves_the_listed_exports_and_offers_them_on_the_scenario_card(flood_build) -> None:
    from viewer.app import create_app
    from viewer.deckspec import deck_json
    from viewer.layout import page_layout

    client = create_app(flood_build.path).server.test_client()
    for entry in _scenario(flood_build.manifest, "starkregen-stark")["exports"]:
        with client.get(f"/api/export/{entry['file']}") as response:
            assert response.status_code == 200
            assert response.data == (flood_build.path / entry["file"]).read_bytes()
            assert f'filename={entry["file"]}' in response.headers["Content-Disposition"]
        with client.get(f"/api/export/{entry['sidecar']}") as response:
            assert response.get_json()["file"] == entry["file"]
    for name in ("manifest.json", "flood_stark_buildings.json", "export_nope.tif"):
        assert client.get(f"/api/export/{name}").status_code == 404
    with client.get("/api/export/..%2Fcity.toml") as response:  # a slash leaves the route (Dash's page answers)
        assert b"[city]" not in response.data
    page = page_layout(flood_build.manifest, deck_json(flood_build.manifest, base="/artifacts/x"))
    hrefs = []
    pending = [page]
    while pending:
        node = pending.pop()
        if getattr(node, "href", None):
            hrefs.append(node.href)
        children = getattr(node, "children", None)
        pending += children if isinstance(children, list) else [children] if children is not None else []
    assert "/api/export/export_starkregen-stark_max_depth.tif" in hrefs
    assert "/api/export/export_starkregen-stark-entsiegelung_affected_buildings.gpkg" in hrefs


def _png(build, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(class index per pixel, RGB palette) of a paletted overlay."""
    picture = Image.open(build.path / name)
    assert picture.mode == "P"
    return np.asarray(picture), np.asarray(picture.getpalette()[:3 * 16]).reshape(-1, 3)


def test_velocity_hazard_and_change_maps_are_drawn_with_their_legends(flood_build) -> None:
    layers = {layer["id"]: layer for layer in flood_build.manifest["layers"]}
    assert [lid for lid, layer in layers.items() if layer["kind"] == "flood-class"] == [
        "flood-velocity-stark", "flood-hazard-stark", "flood-change-stark-entsiegelung"]
    depth_index, _ = _png(flood_build, layers["flood-stark"]["data"]["texture"])
    for lid in ("flood-velocity-stark", "flood-hazard-stark", "flood-change-stark-entsiegelung"):
        layer = layers[lid]
        assert layer["visible"] is False and layer["bounds"] == layers["flood-stark"]["bounds"]
        index, palette = _png(flood_build, layer["data"]["texture"])
        assert index.shape == depth_index.shape
        colours = [item["color"] for item in layer["legend"]["items"]]
        assert index.max() <= len(colours)
        # class k is drawn in the legend's k-th colour
        assert [list(palette[k]) for k in range(1, len(colours) + 1)] == colours
        if lid != "flood-change-stark-entsiegelung":
            # velocity and hazard cover exactly the water the depth map shows (from its first class)
            assert np.array_equal(index > 0, depth_index > 0)
            # the pooled square (2 m deep) is more hazardous than the streets; the town's water is slow
            assert len(np.unique(index[index > 0])) >= (2 if "hazard" in lid else 1)
    velocity = layers["flood-velocity-stark"]["legend"]["items"]
    assert [item["label"]["de"] for item in velocity] == ["< 0,2 m/s", "0,2–0,5 m/s", "0,5–2,0 m/s", "> 2,0 m/s"]
    assert "FD2320" in layers["flood-hazard-stark"]["legend"]["title"]["en"]
    change, _ = _png(flood_build, layers["flood-change-stark-entsiegelung"]["data"]["texture"])
    assert np.isin(change[change > 0], (1, 2, 3)).mean() > 0.5  # unsealing: mostly less water


def test_velocity_and_hazard_have_a_frame_at_every_depth_frame_time(flood_build) -> None:
    """Velocity and hazard list one paletted overlay per frame time of the depth animation (same
    times, same bounds and pixels, same palette as their maxima); each covers the water its depth
    frame shows, stays at or below the class of the maxima, and the frames change over time.
    """
    layers = {layer["id"]: layer for layer in flood_build.manifest["layers"]}
    depth = layers["flood-stark"]["data"]
    assert "frames" not in layers["flood-change-stark-entsiegelung"]["data"]   # the change is of maxima only
    for kind in ("velocity", "hazard"):
        layer = layers[f"flood-{kind}-stark"]
        data = layer["data"]
        assert data["frame_times_s"] == depth["frame_times_s"] == [300.0 * k for k in range(1, 10)]
        assert data["frames"] == [f"flood_stark_{kind}_t{300 * k:06d}s.png" for k in range(1, 10)]
        assert layer["legend"]["when"] == {"de": "Maxima des Ereignisses", "en": "Maxima of the event"}
        maxima, palette = _png(flood_build, data["texture"])
        shown = []
        for name, depth_frame in zip(data["frames"], depth["frames"], strict=True):
            index, frame_palette = _png(flood_build, name)
            assert index.shape == maxima.shape and np.array_equal(frame_palette, palette)
            assert np.array_equal(index > 0, _png(flood_build, depth_frame)[0] > 0)
            assert np.all(index <= maxima)   # a frame's depth and speed never exceed the maxima
            shown.append(index)
        assert (shown[0] > 0).sum() < (shown[5] > 0).sum()   # the water spreads as the rain goes on
        assert any(not np.array_equal(a, b) for a, b in zip(shown, shown[1:]))


def test_tap_on_a_building_adds_velocity_hazard_and_change(flood_build) -> None:
    from viewer.features import AttributeTables

    tables = AttributeTables(flood_build.path, flood_build.manifest)
    plain = tables.lookup("buildings", "B001")
    shown = ["flood-velocity-stark", "flood-hazard-stark", "flood-change-stark-entsiegelung"]
    _, fields, values = tables.lookup("buildings", "B001", visible=shown)
    assert [f["key"] for f in fields[len(plain[1]):]] == ["flood_velocity_m_s", "flood_hazard_rating",
                                                          "flood_depth_change_cm"]
    before = json.loads((flood_build.path / "flood_stark_buildings.json").read_text()).get("B001", 0.0)
    after = json.loads((flood_build.path / "flood_stark-entsiegelung_buildings.json").read_text()).get("B001", 0.0)
    change = values[len(plain[2]) + 2]
    assert change == (round((after - before) * 100) if abs(after - before) >= 0.01 - 1e-9 else 0)
    exports = _exports(flood_build, "starkregen-stark-entsiegelung")
    assert {"depth_change.tif", "depth_change_class.tif"} <= set(exports)
