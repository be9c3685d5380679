"""The Tempo-30 scenarios in a city build: model runs → artifacts, attribute tables, manifest, deck spec.

The tiny test city carries too little traffic to reroute anything, so these tests build a slightly
bigger synthetic one ("Gitterstadt", from ``layers.traffic.synthetic``): a 7 × 7 street grid with
100 m blocks, a primary road through the middle whose stubs leave the grid to the west and east
(external gates, 600 veh/h in and 600 veh/h out each), secondary rows/columns every third line,
one building per block, and an "Innenstadt" zone over the centre (x, y in 150…450 m of the grid)
that 24 streets of 100 m touch: 4 primary, 4 secondary and 16 residential.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from rasterio.transform import from_origin
from shapely.geometry import box

from layers import build_city
from layers.errors import InputError
from layers.traffic.synthetic import CRS, grid_buildings, grid_roads

X0, Y0 = 500_000.0, 5_700_000.0  # the synthetic grid's origin (EPSG:25832)
INNENSTADT = box(X0 + 150, Y0 + 150, X0 + 450, Y0 + 450)
GATES = ("h_west_stub", "h_east_stub")
PRIMARY_IN_ZONE, SIDE_IN_ZONE, OUTSIDE = "h_2_3", "h_2_2", "h_0_5"


def _toml(zone_section: str) -> str:
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(X0 + 300, Y0 + 300)
    return f"""\
[city]
name = "Gitterstadt"
synthetic = true
crs = "{CRS}"
description = "Test fixture for the traffic scenarios"

[inputs]
dem = "dem.tif"
buildings = "buildings.fgb"
roads = "roads.fgb"
zones = "zones.fgb"

[scenarios]
enabled = ["verkehr"]
{zone_section}
[view]
longitude = {lon:.6f}
latitude = {lat:.6f}
zoom = 16.4
pitch = 40.0
bearing = 0.0
"""


def write_traffic_city(folder: Path, *, zone_section: str = "") -> Path:
    """Write the synthetic grid city (see the module docstring) into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "city.toml").write_text(_toml(zone_section), encoding="utf-8")
    res, n = 5.0, 180  # DEM: 900 m × 900 m around the grid, rising 1 % to the north
    rows = np.arange(n)[:, None]
    z = np.broadcast_to(120.0 + 0.01 * (n - rows - 0.5) * res, (n, n)).astype("float32")
    with rasterio.open(folder / "dem.tif", "w", driver="GTiff", width=n, height=n, count=1, dtype="float32",
                       crs=CRS, transform=from_origin(X0 - 150, Y0 + 750, res, res)) as dst:
        dst.write(z, 1)
    grid_roads(7, 7, 100.0).to_file(folder / "roads.fgb", driver="FlatGeobuf")
    buildings = grid_buildings(7, 7, 100.0, residents=300, jobs=200)
    buildings["id"] = [f"B{k:03d}" for k in range(len(buildings))]
    buildings["height_m"] = [9.0 + 3 * (k % 4) for k in range(len(buildings))]
    buildings["use"] = ["residential", "commercial"] * (len(buildings) // 2) + ["residential"] * (len(buildings) % 2)
    buildings.to_file(folder / "buildings.fgb", driver="FlatGeobuf")
    gpd.GeoDataFrame({"name": ["Innenstadt", "Nordstadt"]},
                     geometry=[INNENSTADT, box(X0, Y0 + 500, X0 + 600, Y0 + 600)], crs=CRS) \
        .to_file(folder / "zones.fgb", driver="FlatGeobuf")
    return folder


def traffic_build(base: Path):
    """Build (or reuse, by input hash) the traffic test city under ``base``; shared with the e2e test."""
    city = base / "traffic-city"
    if not (city / "city.toml").is_file():
        write_traffic_city(city)
    return build_city(city, build_root=base / "traffic-build", progress=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    return traffic_build(tmp_path_factory.getbasetemp())


def _layer(result, lid: str) -> dict:
    return next(layer for layer in result.manifest["layers"] if layer["id"] == lid)


def _scenario(result, sid: str) -> dict:
    return next(s for s in result.manifest["scenarios"] if s["id"] == sid)


def _metrics(result, sid: str) -> dict:
    return {m["key"]: m for m in _scenario(result, sid)["metrics"]}


def _rows(result, lid: str) -> dict[str, dict]:
    """Attribute rows of a layer as {road id: {field: value}}."""
    table = json.loads((result.path / _layer(result, lid)["attributes"]).read_text(encoding="utf-8"))
    return {ident: dict(zip(table["fields"], values)) for ident, values in table["rows"].items()}


def _records(result, lid: str) -> list[dict]:
    return json.loads((result.path / _layer(result, lid)["data"]).read_text(encoding="utf-8"))


LAYERS = ["traffic_basis", "traffic_tempo30_innenstadt", "traffic_tempo30_innenstadt_diff",
          "traffic_tempo30_nebenstrassen", "traffic_tempo30_nebenstrassen_diff"]


def test_manifest_has_the_traffic_group_layers_and_scenarios(built) -> None:
    manifest = built.manifest
    assert {"id": "verkehr", "label": {"de": "Verkehr", "en": "Traffic"}} in manifest["groups"]
    traffic = [layer for layer in manifest["layers"] if layer["group"] == "verkehr"]
    assert [layer["id"] for layer in traffic] == LAYERS
    for layer in traffic:
        assert layer["kind"] == "traffic-links" and layer["visible"] is False
        assert layer["data"].startswith("traffic_") and (built.path / layer["data"]).is_file()
        assert (built.path / (layer["data"] + ".gz")).is_file()
        assert (built.path / layer["attributes"]).is_file()
        assert layer["legend"]["items"] and all(len(item["color"]) == 3 for item in layer["legend"]["items"])
        assert all({"key", "label", "unit"} <= set(f) and set(f["label"]) == {"de", "en"} for f in layer["fields"])
        assert layer["count"] == 86  # 6 × 7 + 7 × 6 grid streets + 2 gate stubs
        assert layer["stats"]["convergence"]["rgap"] <= 1e-6  # every run converged tightly
    names = [layer["data"] for layer in manifest["layers"] if isinstance(layer["data"], str)]
    assert len(names) == len(set(names))
    assert [(s["id"], s["baseline"], s["layers"]) for s in manifest["scenarios"]] == [
        ("verkehr-basis", None, ["traffic_basis"]),
        ("verkehr-tempo30-innenstadt", "verkehr-basis", ["traffic_tempo30_innenstadt",
                                                         "traffic_tempo30_innenstadt_diff"]),
        ("verkehr-tempo30-nebenstrassen", "verkehr-basis",
         ["traffic_tempo30_nebenstrassen", "traffic_tempo30_nebenstrassen_diff"]),
    ]
    assert _scenario(built, "verkehr-tempo30-innenstadt")["label"]["de"] == "Tempo 30 Innenstadt"
    assert list(_metrics(built, "verkehr-tempo30-innenstadt")) == [
        "vehicle_hours", "vehicle_hours_pct", "vehicle_km", "mean_trip_time_s", "worst_zone_trip_s",
        "noise_affected_db", "affected_km", "roads_over_capacity"]


def test_zone_table_gives_each_zones_trip_time_change(built) -> None:
    scenario = _scenario(built, "verkehr-tempo30-innenstadt")
    table = json.loads((built.path / scenario["zones_table"]).read_text(encoding="utf-8"))
    rows = [dict(zip(table["fields"], row)) for row in table["rows"]]
    assert len(rows) >= 4
    for row in rows:
        if row["mean_trip_time_delta_min"] is not None:
            assert row["mean_trip_time_delta_min"] == pytest.approx(
                row["mean_trip_time_scen_min"] - row["mean_trip_time_base_min"], abs=0.02)
    deltas = [row["mean_trip_time_delta_min"] for row in rows if row["mean_trip_time_delta_min"] is not None]
    assert max(deltas) > 0  # somebody's trips get longer under Tempo 30
    worst = _metrics(built, "verkehr-tempo30-innenstadt")["worst_zone_trip_s"]["value"]
    assert worst == pytest.approx(60 * max(deltas), abs=1.0)


def test_vehicle_hours_rise_under_tempo30(built) -> None:
    base = _metrics(built, "verkehr-basis")
    residents = gpd.read_file(built.path.parent.parent / "traffic-city" / "buildings.fgb")["residents"].sum()
    # 0.12 car trips per resident and peak hour inside; 600 veh/h in at each of 2 gates, and the 70 %
    # of it that ends in the city leaves again (the 30 % through traffic is counted once).
    assert base["trips"]["value"] == pytest.approx(0.12 * residents + 2 * 600 + 2 * 420, abs=1)
    for sid, km in (("verkehr-tempo30-innenstadt", 2.4), ("verkehr-tempo30-nebenstrassen", 1.6)):
        m = _metrics(built, sid)
        assert m["vehicle_hours"]["delta"] > 0
        assert m["vehicle_hours"]["value"] == pytest.approx(
            base["vehicle_hours"]["value"] + m["vehicle_hours"]["delta"], abs=0.11)
        assert m["vehicle_hours_pct"]["value"] > 100.0
        assert m["vehicle_hours_pct"]["delta"] == pytest.approx(m["vehicle_hours_pct"]["value"] - 100.0, abs=0.11)
        assert m["mean_trip_time_s"]["delta"] > 0
        assert m["affected_km"]["value"] == km  # 24 (16) streets of 100 m
        # ≤ −3.7 dB(A) from 50 → 30 km/h alone; traffic leaving the zone lowers it further.
        assert -15.0 < m["noise_affected_db"]["value"] < -3.7
    # The zone-wide variant also slows the main roads, so it costs more time than the side-street one.
    assert (_metrics(built, "verkehr-tempo30-innenstadt")["vehicle_hours"]["delta"]
            > _metrics(built, "verkehr-tempo30-nebenstrassen")["vehicle_hours"]["delta"])


def test_links_without_rerouted_traffic_keep_their_volume(built) -> None:
    # The gate stubs lie outside the zone and are the only way in and out: 600 veh/h each way, always.
    for lid in ("traffic_tempo30_innenstadt", "traffic_tempo30_nebenstrassen"):
        rows = _rows(built, lid)
        for gate in GATES:
            assert rows[gate]["volume_base"] == 1200 and rows[gate]["volume_scen"] == 1200
            assert rows[gate]["volume_change"] == 0 and rows[gate]["maxspeed_scen"] == 50
    diff = {r["i"]: r for r in _records(built, "traffic_tempo30_innenstadt_diff")}
    assert all(diff[gate]["c"] == [221, 221, 221] and diff[gate]["w"] == 12.0 for gate in GATES)  # primary road width
    # …while traffic does move elsewhere.
    rows = _rows(built, "traffic_tempo30_innenstadt")
    assert max(abs(r["volume_change"]) for r in rows.values()) > 100


def test_zone_roads_show_tempo30_in_their_attributes(built) -> None:
    rows = _rows(built, "traffic_tempo30_innenstadt")
    zone_roads = [ident for ident, row in rows.items() if row["maxspeed_scen"] == 30]
    assert len(zone_roads) == 24
    for road in zone_roads:
        row = rows[road]
        assert row["maxspeed_base"] == 50
        assert row["speed_scen"] <= 30.0 < row["speed_base"] <= 50.0
        assert row["time_scen"] >= 12.0 > row["time_base"]  # 100 m at 30 km/h free flow = 12 s
    primary = rows[PRIMARY_IN_ZONE]
    assert primary["volume_base"] > 500 and primary["time_scen"] == pytest.approx(
        100 / (primary["speed_scen"] / 3.6), abs=0.1)
    assert rows[OUTSIDE]["maxspeed_scen"] == 50 and rows[OUTSIDE]["speed_scen"] > 30
    side = _rows(built, "traffic_tempo30_nebenstrassen")
    assert side[PRIMARY_IN_ZONE]["maxspeed_scen"] == 50 and side[SIDE_IN_ZONE]["maxspeed_scen"] == 30
    assert sum(row["maxspeed_scen"] == 30 for row in side.values()) == 16  # main roads keep 50
    base = _rows(built, "traffic_basis")
    assert base[PRIMARY_IN_ZONE]["maxspeed"] == 50 and base[PRIMARY_IN_ZONE]["volume"] == primary["volume_base"]
    # Tap records carry the road id that keys the table.
    assert {r["i"] for r in _records(built, "traffic_tempo30_innenstadt")} == set(rows)


def test_difference_colours_follow_the_sign_of_the_change(built) -> None:
    rows = _rows(built, "traffic_tempo30_innenstadt")
    roads = {r["i"]: r for r in json.loads((built.path / "roads.json").read_text(encoding="utf-8"))}
    signs = set()
    for record in _records(built, "traffic_tempo30_innenstadt_diff"):
        change = rows[record["i"]]["volume_change"]
        r, g, b = record["c"]
        if change > 10:
            assert r > b + 50, (record["i"], change, record["c"])  # red: more traffic
            signs.add(1)
        elif change < -10:
            assert b > r + 50, (record["i"], change, record["c"])  # blue: less traffic
            signs.add(-1)
        else:
            assert record["c"] == [221, 221, 221]
        # 2 m + 1 m per 50 veh/h, at most 20 m, and never narrower than the road below (6/10/12 m).
        assert record["w"] == pytest.approx(max(min(2 + abs(change) / 50, 20), roads[record["i"]]["w"]), abs=0.06)
    assert signs == {1, -1}  # Tempo 30 pushes traffic out of the zone onto other streets
    assert any(record["w"] > roads[record["i"]]["w"] for record in _records(built, "traffic_tempo30_innenstadt_diff"))
    # Both kinds of layer are lifted above the base roads (same vertices, higher z).
    diff = {r["i"]: r for r in _records(built, "traffic_tempo30_innenstadt_diff")}
    load = {r["i"]: r for r in _records(built, "traffic_basis")}
    road = roads[PRIMARY_IN_ZONE]["p"]
    assert [p[:2] for p in diff[PRIMARY_IN_ZONE]["p"]] == [p[:2] for p in road]
    assert diff[PRIMARY_IN_ZONE]["p"][0][2] == pytest.approx(road[0][2] + 0.8, abs=0.06)
    assert load[PRIMARY_IN_ZONE]["p"][0][2] == pytest.approx(road[0][2] + 0.5, abs=0.06)


def test_load_colours_follow_volume_over_capacity(built) -> None:
    from layers.style import VC_CLASSES

    rows = _rows(built, "traffic_basis")
    palette = [list(rgb) for _, rgb, _ in VC_CLASSES]
    for record in _records(built, "traffic_basis"):
        load = rows[record["i"]]["load"]  # % of capacity, busier direction
        expected = 0 if load <= 50 else 1 if load <= 80 else 2 if load <= 100 else 3
        assert record["c"] == palette[expected]
    # Gate stubs: 600 veh/h per direction on a 1,500 veh/h lane → 40 %; width 2 + 600/150 = 6 m is
    # less than the primary road's 12 m, so the line is as wide as the road.
    load = {r["i"]: r for r in _records(built, "traffic_basis")}
    assert rows["h_west_stub"]["load"] == 40 and load["h_west_stub"]["w"] == 12.0


def test_deck_spec_draws_traffic_layers_as_pickable_paths(built) -> None:
    from viewer.deckspec import deck_json

    spec = deck_json(built.manifest, base="/artifacts/abc")
    layer = next(layer for layer in spec["layers"] if layer["id"] == "traffic_tempo30_innenstadt_diff")
    assert layer["@@type"] == "PathLayer" and layer["visible"] is False and layer["pickable"] is True
    assert layer["data"] == "/artifacts/abc/traffic_tempo30_innenstadt_diff.json"
    assert (layer["getPath"], layer["getColor"], layer["getWidth"]) == ("@@=p", "@@=c", "@@=w")
    assert layer["widthUnits"] == "meters"


# ------------------------------------------------------------------------------------ bad input

def _failing_build(folder: Path, tmp_path: Path) -> InputError:
    with pytest.raises(InputError) as err:
        build_city(folder, build_root=tmp_path / "build", progress=False)
    return err.value


def test_unknown_zone_names_city_toml_the_field_and_the_fix(tmp_path: Path) -> None:
    city = write_traffic_city(tmp_path / "city", zone_section='[scenarios.verkehr]\nzone = "Altstadt"\n')
    error = _failing_build(city, tmp_path)
    assert error.path.name == "city.toml" and error.field == "scenarios.verkehr.zone"
    assert "Altstadt" in str(error) and "Innenstadt, Nordstadt" in str(error) and "Fix:" in str(error)
    assert not (tmp_path / "build" / "gitterstadt").exists()  # nothing half-built is published


def test_zone_outside_the_roads_is_an_input_error(tmp_path: Path) -> None:
    city = write_traffic_city(tmp_path / "city", zone_section='[scenarios.verkehr]\nzone = "Weit weg"\n')
    gpd.GeoDataFrame({"name": ["Weit weg"]}, geometry=[box(X0 + 2000, Y0, X0 + 2500, Y0 + 500)], crs=CRS) \
        .to_file(city / "zones.fgb", driver="FlatGeobuf")
    error = _failing_build(city, tmp_path)
    assert error.path.name == "city.toml" and error.field == "scenarios.verkehr.zone"
    assert "touches none of the roads" in str(error)


def test_missing_zones_file_and_unusable_roads_are_input_errors(tmp_path: Path) -> None:
    city = write_traffic_city(tmp_path / "city")
    toml = (city / "city.toml").read_text(encoding="utf-8").replace('zones = "zones.fgb"\n', "")
    (city / "city.toml").write_text(toml, encoding="utf-8")
    error = _failing_build(city, tmp_path)
    assert error.path.name == "city.toml" and error.field == "inputs.zones"

    other = write_traffic_city(tmp_path / "other")
    roads = gpd.read_file(other / "roads.fgb")
    roads.loc[roads["id"] == OUTSIDE, "class"] = "footway"  # the traffic model knows no footways
    roads.to_file(other / "roads.fgb", driver="FlatGeobuf")
    shutil.rmtree(tmp_path / "build", ignore_errors=True)
    error = _failing_build(other, tmp_path)
    assert error.path.name == "roads.fgb" and "footway" in str(error) and "Fix:" in str(error)


def test_unusable_road_stops_the_build_before_the_flood_model_runs(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Both models enabled, the flood model first: a speed limit the traffic model cannot read is
    named by the traffic planner before the flood model runs (issue 11), not minutes later.
    """
    import layers.scenarios

    city = write_traffic_city(tmp_path / "city")
    toml = (city / "city.toml").read_text(encoding="utf-8").replace('enabled = ["verkehr"]',
                                                                    'enabled = ["starkregen", "verkehr"]')
    (city / "city.toml").write_text(toml, encoding="utf-8")
    roads = gpd.read_file(city / "roads.fgb")
    roads["maxspeed"] = roads["maxspeed"].astype(object)
    roads.loc[roads["id"] == OUTSIDE, "maxspeed"] = "schnell"
    roads.to_file(city / "roads.fgb", driver="FlatGeobuf")
    ran: list[str] = []
    monkeypatch.setitem(layers.scenarios.SCENARIO_BUILDERS, "starkregen", lambda context: ran.append("flood"))
    error = _failing_build(city, tmp_path)
    assert ran == [] and error.path.name == "roads.fgb" and "schnell" in str(error) and "Fix:" in str(error)


def test_colour_helpers_are_classed_as_documented() -> None:
    from layers.style import change_colours, change_width_m, load_width_m, vc_colours

    assert vc_colours(np.array([0.2, 0.5, 0.51, 0.8, 1.0, 1.01])).tolist() == [
        [255, 247, 188], [255, 247, 188], [254, 196, 79], [254, 196, 79], [236, 112, 20], [102, 37, 6]]
    assert change_colours(np.array([-500.0, -100.0, -20.0, -10.0, 0.0, 10.0, 20.0, 100.0, 500.0])).tolist() == [
        [33, 102, 172], [67, 147, 195], [146, 197, 222], [221, 221, 221], [221, 221, 221], [221, 221, 221],
        [244, 165, 130], [214, 96, 77], [178, 24, 43]]
    assert load_width_m(np.array([0.0, 1500.0, 9000.0])).tolist() == [2.0, 12.0, 20.0]
    assert change_width_m(np.array([-100.0, 50.0, 5000.0])).tolist() == [4.0, 3.0, 20.0]
