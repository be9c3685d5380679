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


def _slice_files(result, lid: str, slice_key: str) -> dict:
    return next(s for s in _layer(result, lid)["slices"] if s["key"] == slice_key)


def _rows(result, lid: str, slice_key: str = "morgen") -> dict[str, dict]:
    """Attribute rows of a layer in a time slice as {road id: {field: value}}."""
    table = json.loads((result.path / _slice_files(result, lid, slice_key)["attributes"]).read_text(encoding="utf-8"))
    return {ident: dict(zip(table["fields"], values)) for ident, values in table["rows"].items()}


def _records(result, lid: str, slice_key: str = "morgen") -> list[dict]:
    return json.loads((result.path / _slice_files(result, lid, slice_key)["data"]).read_text(encoding="utf-8"))


def _slice_metrics(result, sid: str, slice_key: str) -> dict:
    entry = next(s for s in _scenario(result, sid)["slices"] if s["key"] == slice_key)
    return {m["key"]: m for m in entry["metrics"]}


def _gate_vph(slice_key: str) -> float:
    """A gate's 600 veh/h of the design hour (8–9 h) in a time slice: its hours' mean share of the day."""
    from layers.traffic.profile import HOURLY_SHARES
    from layers.traffic.slices import DESIGN_HOUR, SLICES

    time_slice = next(s for s in SLICES if s.key == slice_key)
    return 600 * time_slice.share() / time_slice.duration_h / HOURLY_SHARES[DESIGN_HOUR]


LAYERS = ["traffic_basis", "traffic_tempo30_innenstadt", "traffic_tempo30_innenstadt_diff",
          "traffic_tempo30_nebenstrassen", "traffic_tempo30_nebenstrassen_diff",
          "traffic_tempo30_nachts", "traffic_tempo30_nachts_diff"]
SLICE_KEYS = ["morgen", "tag", "nachmittag", "abend", "nacht"]
NOISE_LAYERS = ["noise_tempo30_innenstadt", "noise_tempo30_nebenstrassen", "noise_tempo30_nachts"]
TRIPS_LAYERS = ["traffic_basis_trips", "traffic_tempo30_innenstadt_trips", "traffic_tempo30_nebenstrassen_trips",
                "traffic_tempo30_nachts_trips"]


def test_manifest_has_the_traffic_group_layers_and_scenarios(built) -> None:
    manifest = built.manifest
    assert {"id": "verkehr", "label": {"de": "Verkehr", "en": "Traffic"}} in manifest["groups"]
    traffic = [layer for layer in manifest["layers"] if layer["group"] == "verkehr"]
    assert [layer["id"] for layer in traffic] == LAYERS + NOISE_LAYERS + TRIPS_LAYERS
    traffic = traffic[:len(LAYERS)]
    for layer in traffic:
        assert layer["kind"] == "traffic-links" and layer["visible"] is False
        # one data file and table per time slice; the layer's own are the morning peak's
        assert [(s["key"], s["start"], s["end"]) for s in layer["slices"]] == [
            ("morgen", 6, 9), ("tag", 9, 15), ("nachmittag", 15, 18), ("abend", 18, 22), ("nacht", 22, 6)]
        assert (layer["data"], layer["attributes"]) == (layer["slices"][0]["data"], layer["slices"][0]["attributes"])
        for entry in layer["slices"]:
            assert entry["data"].startswith("traffic_") and (built.path / entry["data"]).is_file()
            assert (built.path / (entry["data"] + ".gz")).is_file() and (built.path / entry["attributes"]).is_file()
            assert entry["stats"]["convergence"]["rgap"] <= 1e-6  # every run converged tightly
        assert layer["legend"]["items"] and all(len(item["color"]) == 3 for item in layer["legend"]["items"])
        assert all({"key", "label", "unit"} <= set(f) and set(f["label"]) == {"de", "en"} for f in layer["fields"])
        assert layer["count"] == 86  # 6 × 7 + 7 × 6 grid streets + 2 gate stubs
    own = [entry["data"] for layer in traffic if layer["id"] != "traffic_tempo30_nachts" for entry in layer["slices"]]
    assert len(own) == len(set(own)) == 6 * 5
    assert [(s["id"], s["baseline"], s["layers"]) for s in manifest["scenarios"]] == [
        ("verkehr-basis", None, ["traffic_basis", "traffic_basis_trips"]),
        ("verkehr-tempo30-innenstadt", "verkehr-basis",
         ["traffic_tempo30_innenstadt", "traffic_tempo30_innenstadt_diff", "noise_tempo30_innenstadt",
          "traffic_tempo30_innenstadt_trips"]),
        ("verkehr-tempo30-nebenstrassen", "verkehr-basis",
         ["traffic_tempo30_nebenstrassen", "traffic_tempo30_nebenstrassen_diff", "noise_tempo30_nebenstrassen",
          "traffic_tempo30_nebenstrassen_trips"]),
        ("verkehr-tempo30-nachts", "verkehr-basis", ["traffic_tempo30_nachts", "traffic_tempo30_nachts_diff",
                                                     "noise_tempo30_nachts", "traffic_tempo30_nachts_trips"]),
    ]
    assert _scenario(built, "verkehr-tempo30-innenstadt")["label"]["de"] == "Tempo 30 Innenstadt"
    assert _scenario(built, "verkehr-tempo30-nachts")["label"] == {"de": "Tempo 30 nachts (22–6 Uhr)",
                                                                   "en": "Tempo 30 at night (10 pm–6 am)"}
    assert _scenario(built, "verkehr-basis")["assignments"] == 15  # 5 slices × (today + 2 all-day variants)
    assert list(_metrics(built, "verkehr-tempo30-innenstadt")) == [
        "vehicle_hours_day", "vehicle_hours_pct", "vehicle_km_day", "mean_trip_time_s", "trip_delay_s",
        "worst_zone_trip_s", "noise_day_db", "noise_night_db", "affected_km", "residents_tag_65db",
        "residents_nacht_55db"]
    assert list(_slice_metrics(built, "verkehr-tempo30-innenstadt", "nacht")) == [
        "vehicle_hours", "vehicle_hours_pct", "vehicle_km", "mean_trip_time_s", "trip_delay_s", "worst_zone_trip_s",
        "noise_affected_db", "affected_km", "roads_over_capacity"]


def test_zone_table_gives_each_zones_trip_time_change(built) -> None:
    scenario = _scenario(built, "verkehr-tempo30-innenstadt")
    table = json.loads((built.path / scenario["zones_table"]).read_text(encoding="utf-8"))
    assert list(table["slices"]) == SLICE_KEYS
    for key in SLICE_KEYS:
        rows = [dict(zip(table["fields"], row)) for row in table["slices"][key]]
        assert len(rows) >= 4
        for row in rows:
            if row["mean_trip_time_delta_min"] is not None:
                assert row["mean_trip_time_delta_min"] == pytest.approx(
                    row["mean_trip_time_scen_min"] - row["mean_trip_time_base_min"], abs=0.02)
        deltas = [row["mean_trip_time_delta_min"] for row in rows if row["mean_trip_time_delta_min"] is not None]
        assert max(deltas) > 0  # somebody's trips get longer under Tempo 30, at every time of day
        worst = _slice_metrics(built, "verkehr-tempo30-innenstadt", key)["worst_zone_trip_s"]["value"]
        assert worst == pytest.approx(60 * max(deltas), abs=1.0)
        listed = next(s for s in scenario["slices"] if s["key"] == key)["worst_zones"]
        assert listed[0]["delay_s"] == pytest.approx(60 * max(deltas), abs=1.0) and len(listed) == 3
        assert [z["delay_s"] for z in listed] == sorted((z["delay_s"] for z in listed), reverse=True)
    # Over the day: each zone's extra seconds weighted by its trips in every slice.
    day = [dict(zip(table["day_fields"], row)) for row in table["day"]]
    by_zone = {row["zone_id"]: row for row in day}
    for zone_id, row in by_zone.items():
        weights = [(dict(zip(table["fields"], r)), s) for key, s in zip(SLICE_KEYS, (3, 6, 3, 4, 8))
                   for r in table["slices"][key] if r[0] == zone_id]
        used = [(r["trips_vph"] * h, r["delay_s"]) for r, h in weights
                if r["delay_s"] is not None and r["trips_vph"] > 0]
        if used:
            expected = sum(t * d for t, d in used) / sum(t for t, _ in used)
            assert row["delay_s"] == pytest.approx(expected, abs=0.05), zone_id
    assert _metrics(built, "verkehr-tempo30-innenstadt")["worst_zone_trip_s"]["value"] == pytest.approx(
        max(row["delay_s"] for row in day if row["delay_s"] is not None), abs=1.0)


def test_day_total_is_the_sum_of_the_slices(built) -> None:
    base = _metrics(built, "verkehr-basis")
    residents = gpd.read_file(built.path.parent.parent / "traffic-city" / "buildings.fgb")["residents"].sum()
    # The design hour (8–9 h): 0.12 car trips per resident inside; 600 veh/h in at each of 2 gates,
    # and the 70 % of it that ends in the city leaves again (the 30 % through traffic is counted once).
    design = 0.12 * residents + 2 * 600 + 2 * 420
    from layers.traffic.profile import HOURLY_SHARES

    assert base["trips_day"]["value"] == pytest.approx(design / HOURLY_SHARES[8], abs=1)
    hours = dict(zip(SLICE_KEYS, (3, 6, 3, 4, 8)))
    per_slice = {key: _slice_metrics(built, "verkehr-basis", key) for key in SLICE_KEYS}
    assert sum(per_slice[k]["trips"]["value"] * h for k, h in hours.items()) == pytest.approx(
        base["trips_day"]["value"], abs=1 * 24)  # each slice's veh/h is rounded to 1
    assert sum(per_slice[k]["vehicle_hours"]["value"] * h for k, h in hours.items()) == pytest.approx(
        base["vehicle_hours_day"]["value"], abs=0.05 * 24)
    assert base["mean_trip_time_s"]["value"] == pytest.approx(
        3600 * base["vehicle_hours_day"]["value"] / base["trips_day"]["value"], abs=0.5)
    assert per_slice["morgen"]["trips"]["value"] == pytest.approx(design * _gate_vph("morgen") / 600, abs=1)


def test_vehicle_hours_and_seconds_per_trip_rise_under_tempo30(built) -> None:
    base = _metrics(built, "verkehr-basis")
    for sid, km in (("verkehr-tempo30-innenstadt", 2.4), ("verkehr-tempo30-nebenstrassen", 1.6)):
        m = _metrics(built, sid)
        assert m["vehicle_hours_day"]["delta"] > 0
        assert m["vehicle_hours_day"]["value"] == pytest.approx(
            base["vehicle_hours_day"]["value"] + m["vehicle_hours_day"]["delta"], abs=1.1)
        assert m["vehicle_hours_pct"]["value"] > 100.0
        assert m["vehicle_hours_pct"]["delta"] == pytest.approx(m["vehicle_hours_pct"]["value"] - 100.0, abs=0.11)
        # seconds per trip: the change of the day's mean trip time (Δ vehicle-hours × 3600 / trips)
        assert m["trip_delay_s"]["value"] > 0
        assert m["trip_delay_s"]["value"] == pytest.approx(m["mean_trip_time_s"]["delta"], abs=0.11)
        assert m["trip_delay_s"]["value"] == pytest.approx(
            3600 * m["vehicle_hours_day"]["delta"] / base["trips_day"]["value"], abs=0.2)
        assert m["affected_km"]["value"] == km  # 24 (16) streets of 100 m
        # ≤ −3.7 dB(A) from 50 → 30 km/h alone; traffic leaving the zone lowers it further.
        assert -15.0 < m["noise_day_db"]["value"] < -3.7 and -15.0 < m["noise_night_db"]["value"] < -3.7
        for key in SLICE_KEYS:
            ms = _slice_metrics(built, sid, key)
            assert ms["vehicle_hours"]["delta"] > 0 and ms["trip_delay_s"]["value"] > 0
            assert ms["trip_delay_s"]["value"] == pytest.approx(ms["mean_trip_time_s"]["delta"], abs=0.11)
            assert -15.0 < ms["noise_affected_db"]["value"] < -3.7
    # The zone-wide variant also slows the main roads, so it costs more time than the side-street one.
    assert (_metrics(built, "verkehr-tempo30-innenstadt")["trip_delay_s"]["value"]
            > _metrics(built, "verkehr-tempo30-nebenstrassen")["trip_delay_s"]["value"])


def test_night_variant_changes_nothing_outside_the_night(built) -> None:
    night, whole = "verkehr-tempo30-nachts", "verkehr-tempo30-innenstadt"
    for key in SLICE_KEYS:
        rows = _rows(built, "traffic_tempo30_nachts", key)
        diff = _records(built, "traffic_tempo30_nachts_diff", key)
        m = _slice_metrics(built, night, key)
        if key != "nacht":
            # today's limits, volumes and colours; no change anywhere
            assert all(r["maxspeed_scen"] == r["maxspeed_base"] and r["volume_scen"] == r["volume_base"]
                       and r["volume_change"] == 0 for r in rows.values())
            assert all(r["c"] == [221, 221, 221] for r in diff)
            assert m["vehicle_hours"]["delta"] == 0 and m["trip_delay_s"]["value"] == 0
            assert _records(built, "traffic_tempo30_nachts", key) == _records(built, "traffic_basis", key)
        else:
            # at night: the zone-wide limit, with the zone-wide variant's night figures
            assert sum(r["maxspeed_scen"] == 30 for r in rows.values()) == 24
            assert any(r["c"] != [221, 221, 221] for r in diff)
            assert m == _slice_metrics(built, whole, "nacht")
            assert m["trip_delay_s"]["value"] > 0
    day, base = _metrics(built, night), _metrics(built, "verkehr-basis")
    # Over the day only the 8 night hours count: Δ vehicle-hours/day = night's Δ per hour × 8.
    night_delta = _slice_metrics(built, night, "nacht")["vehicle_hours"]["delta"]
    assert day["vehicle_hours_day"]["delta"] == pytest.approx(8 * night_delta, abs=1.0)
    assert 0 < day["trip_delay_s"]["value"] < _metrics(built, whole)["trip_delay_s"]["value"]
    assert day["noise_day_db"]["value"] == 0 and day["noise_night_db"]["value"] < -3.7
    assert day["vehicle_hours_day"]["value"] == pytest.approx(
        base["vehicle_hours_day"]["value"] + day["vehicle_hours_day"]["delta"], abs=1.1)
    assert _scenario(built, night)["applies_in"] == ["nacht"]


def test_links_table_keeps_every_slice_s_volumes_and_speeds(built) -> None:
    scenario = _scenario(built, "verkehr-basis")
    table = json.loads((built.path / scenario["links_table"]).read_text(encoding="utf-8"))
    assert [s["key"] for s in table["slices"]] == SLICE_KEYS
    assert len(table["runs"]) == 15 and set(table["scenarios"]) == {
        "basis", "tempo30_innenstadt", "tempo30_nebenstrassen", "tempo30_nachts"}
    links = table["links"]
    count = len(links["link_id"])
    assert count == 2 * 86  # both directions of every street
    for key in SLICE_KEYS:
        run = table["runs"][table["scenarios"]["basis"][key]]
        assert run["slice"] == key and len(run["volume_vph"]) == len(run["congested_speed_kmh"]) == count
        # cross-section volumes of the table's links = the layer's (both directions, veh/h)
        rows = _rows(built, "traffic_basis", key)
        totals: dict[str, float] = {}
        for road, volume in zip(links["road_id"], run["volume_vph"]):
            totals[road] = totals.get(road, 0.0) + volume
        assert all(abs(totals[road] - row["volume"]) <= 1 for road, row in rows.items())
    night_run = table["runs"][table["scenarios"]["tempo30_nachts"]["nacht"]]
    assert 30 in night_run["speed_limit_kmh"] and table["scenarios"]["tempo30_nachts"]["tag"] == \
        table["scenarios"]["basis"]["tag"]


def test_links_without_rerouted_traffic_keep_their_volume(built) -> None:
    # The gate stubs lie outside the zone and are the only way in and out: their 600 veh/h each way
    # of the design hour, scaled to each slice, always.
    for lid in ("traffic_tempo30_innenstadt", "traffic_tempo30_nebenstrassen"):
        for key in SLICE_KEYS:
            rows = _rows(built, lid, key)
            for gate in GATES:
                assert rows[gate]["volume_base"] == rows[gate]["volume_scen"] == pytest.approx(2 * _gate_vph(key),
                                                                                               abs=1)
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
    assert primary["volume_base"] > 400 and primary["time_scen"] == pytest.approx(
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
    # Gate stubs: 530 veh/h per direction in the morning slice on a 1,500 veh/h lane → 35 %; width
    # 2 + 530/150 m is less than the primary road's 12 m, so the line is as wide as the road.
    load = {r["i"]: r for r in _records(built, "traffic_basis")}
    assert rows["h_west_stub"]["load"] == round(100 * _gate_vph("morgen") / 1500)
    assert load["h_west_stub"]["w"] == 12.0


def _noise_rows(built, lid: str) -> dict[str, dict]:
    table = json.loads((built.path / _layer(built, lid)["attributes"]).read_text(encoding="utf-8"))
    return {ident: dict(zip(table["fields"], values)) for ident, values in table["rows"].items()}


def test_noise_layers_give_levels_at_home_and_residents_per_band(built) -> None:
    """Every variant: its buildings' day and night levels before/after, residents per band summing to all
    residents, the colours following the sign of the change, the tap table, and the key figures from the levels.
    """
    buildings = gpd.read_file(built.path.parent.parent / "traffic-city" / "buildings.fgb")
    residents = dict(zip(buildings["id"], buildings["residents"]))
    for lid, sid in zip(NOISE_LAYERS, ["verkehr-tempo30-innenstadt", "verkehr-tempo30-nebenstrassen",
                                       "verkehr-tempo30-nachts"]):
        layer, scenario = _layer(built, lid), _scenario(built, sid)
        assert layer["kind"] == "noise-buildings" and layer["visible"] is False and layer["scenario"] == sid
        assert "RLS-19" in layer["label"]["en"] and "orientierend" in layer["label"]["de"]
        assert "RLS-19" in layer["legend"]["title"]["en"]
        periods = {s["key"]: s["period"] for s in layer["slices"]}
        assert periods == {"morgen": "tag", "tag": "tag", "nachmittag": "tag", "abend": "tag", "nacht": "nacht"}
        rows = _noise_rows(built, lid)
        assert set(rows) == {b for b, r in residents.items() if r > 0}
        noise = scenario["noise"]
        assert noise["label"]["en"] == "RLS-19-based, indicative"
        for period in noise["periods"]:
            key = period["key"]
            assert sum(period["before"]) == sum(period["after"]) == sum(residents.values())
            changes = {b: r[f"change_{period['key']}"] for b, r in rows.items()}
            # (the table's changes are rounded to 0.1 dB)
            assert sum(residents[b] for b, c in changes.items() if c >= 1.05) <= period["louder_1db"] <= sum(
                residents[b] for b, c in changes.items() if c >= 0.95)
            assert sum(residents[b] for b, c in changes.items() if c <= -1.05) <= period["quieter_1db"] <= sum(
                residents[b] for b, c in changes.items() if c <= -0.95)
            levels = np.array([r[f"after_{key}"] for r in rows.values()], float)
            assert np.isfinite(levels).all() and 40 < levels.mean() < 80
            records = {r["i"]: r for r in json.loads((built.path / f"{lid}_{key}.json").read_text(encoding="utf-8"))}
            for ident, row in rows.items():
                assert row[f"change_{key}"] == pytest.approx(row[f"after_{key}"] - row[f"before_{key}"], abs=0.11)
                colour = records[ident]["c"]
                if row[f"change_{key}"] > 0.6:
                    assert colour[0] > colour[2], (ident, row, colour)  # red
                elif row[f"change_{key}"] < -0.6:
                    assert colour[2] > colour[0], (ident, row, colour)  # blue
        threshold = {m["key"]: m for m in scenario["metrics"]}
        louder = sum(residents[b] for b, r in rows.items() if r["after_tag"] >= 65)
        assert threshold["residents_tag_65db"]["value"] == louder
        assert threshold["residents_tag_65db"]["value"] - threshold["residents_tag_65db"]["delta"] == sum(
            residents[b] for b, r in rows.items() if r["before_tag"] >= 65)
    night = _noise_rows(built, "noise_tempo30_nachts")
    assert all(r["change_tag"] == 0 for r in night.values())  # by day the night limit changes nothing
    assert any(r["change_nacht"] < -1 for r in night.values())
    zone = _noise_rows(built, "noise_tempo30_innenstadt")
    assert any(r["change_tag"] < -1 for r in zone.values())  # quieter along the zone's streets


def test_noise_layer_recolours_the_buildings_and_its_rows_join_a_tapped_building(built) -> None:
    """The noise layer draws no buildings of its own (it recolours the one buildings layer in the
    browser, assets/13-noise-buildings.js): its files hold colours per building id, no geometry, and
    a tap on a building appends the building's levels while the layer is shown.
    """
    from viewer.deckspec import deck_json
    from viewer.features import AttributeTables

    spec = deck_json(built.manifest, base="/artifacts/abc")
    layer = next(layer for layer in spec["layers"] if layer["id"] == "noise_tempo30_nachts")
    assert layer["@@type"] == "ScatterplotLayer" and layer["radiusScale"] == 0 and layer["pickable"] is False
    assert [s["data"] for s in layer["trafficMeta"]["slices"]] == [
        "/artifacts/abc/noise_tempo30_nachts_tag.json"] * 4 + ["/artifacts/abc/noise_tempo30_nachts_nacht.json"]
    records = json.loads((built.path / "noise_tempo30_nachts_nacht.json").read_text(encoding="utf-8"))
    assert records and all(set(r) == {"i", "c"} for r in records)   # colours only: no footprints, no heights
    tables = AttributeTables(built.path, built.manifest)
    plain = tables.lookup("buildings", "B010")
    label, fields, values = tables.lookup("buildings", "B010", visible=["buildings", "noise_tempo30_nachts"])
    assert values[:len(plain[2])] == plain[2]   # the building's own attributes first
    noise_fields = fields[len(plain[1]):]
    assert all("RLS-19" in f["label"]["en"] and "Tempo 30" in f["label"]["en"] for f in noise_fields)
    shown = dict(zip([f["key"] for f in noise_fields], values[len(plain[2]):]))
    assert shown == _noise_rows(built, "noise_tempo30_nachts")["B010"]
    assert all(f["unit"] == "dB(A)" for f in noise_fields)
    from viewer.methods import methods_panel

    for lang, words in (("de", "nach RLS-19, orientierend"), ("en", "RLS-19-based, indicative")):
        assert words in str(methods_panel(built.manifest, lang))


def test_deck_spec_draws_traffic_layers_as_pickable_paths(built) -> None:
    from viewer.deckspec import deck_json

    spec = deck_json(built.manifest, base="/artifacts/abc")
    layer = next(layer for layer in spec["layers"] if layer["id"] == "traffic_tempo30_innenstadt_diff")
    assert layer["@@type"] == "PathLayer" and layer["visible"] is False and layer["pickable"] is True
    assert layer["data"] == "/artifacts/abc/traffic_tempo30_innenstadt_morgen_diff.json"
    assert (layer["getPath"], layer["getColor"], layer["getWidth"]) == ("@@=p", "@@=c", "@@=w")
    assert layer["widthUnits"] == "meters"


def test_downloads_and_taps_answer_per_time_slice(built) -> None:
    from viewer.export import Downloads
    from viewer.features import AttributeTables

    tables = AttributeTables(built.path, built.manifest)
    downloads = Downloads(built.path, built.manifest, tables)
    lid = "traffic_tempo30_nachts"
    for key in SLICE_KEYS:
        rows = _rows(built, lid, key)
        text = downloads.document(lid, "csv", key).decode("utf-8").strip().split("\n")
        header = text[0].split(",")
        by_id = {line.split(",")[0]: line.split(",") for line in text[1:]}
        column = header.index("volume_scen")
        assert all(float(by_id[road][column]) == row["volume_scen"] for road, row in rows.items())
        geo = json.loads(downloads.document(lid, "geojson", key))
        assert len(geo["features"]) == len(rows)
        _, fields, values = tables.lookup(lid, SIDE_IN_ZONE, slice_key=key)
        assert dict(zip([f["key"] for f in fields], values)) == rows[SIDE_IN_ZONE]
    assert downloads.document(lid, "csv", "mittag") is None and downloads.document("roads", "csv", "nacht") is None
    assert downloads.document(lid, "csv") == downloads.document(lid, "csv", "morgen")  # the layer's own: the first
    night, day = _rows(built, lid, "nacht"), _rows(built, lid, "tag")
    assert night[SIDE_IN_ZONE]["maxspeed_scen"] == 30 and day[SIDE_IN_ZONE]["maxspeed_scen"] == 50


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


def test_links_gpkg_holds_before_and_after_as_in_the_tap_table(built) -> None:
    """One GeoPackage per time slice; each equals that slice's tap table."""
    import pyogrio

    scenario = _scenario(built, "verkehr-tempo30-innenstadt")
    files = {entry["file"].rsplit("_links_", 1)[1].split(".")[0]: entry for entry in scenario["exports"]
             if "_links_" in entry["file"]}
    assert len(files) == 5 and "morgen" in files and "nacht" in files, files.keys()
    for slice_key in ("morgen", "nacht"):
        entry = files[slice_key]
        path = built.path / entry["file"]
        assert entry["format"] == "GeoPackage" and pyogrio.list_layers(path)[0][0] == f"links_{slice_key}"
        frame = pyogrio.read_dataframe(path).set_index("road_id")
        assert frame.crs.to_string() == built.manifest["city"]["crs"]
        assert len(frame) == 86 and frame.geometry.geom_type.isin(["LineString", "MultiLineString"]).all()
        rows = _rows(built, "traffic_tempo30_innenstadt", slice_key)
        for ident, row in rows.items():
            link = frame.loc[ident]
            assert link["volume_base_vph"] == pytest.approx(row["volume_base"], abs=0.5)
            assert link["volume_scen_vph"] == pytest.approx(row["volume_scen"], abs=0.5)
            assert 100 * link["vc_scen"] == pytest.approx(row["load_scen"], abs=0.5)
            assert link["speed_scen_kmh"] == pytest.approx(row["speed_scen"], abs=0.05)
            assert link["maxspeed_scen_kmh"] == pytest.approx(row["maxspeed_scen"], abs=0.5)
        assert (frame["maxspeed_scen_kmh"] < frame["maxspeed_base_kmh"]).any()  # Tempo 30 lowered some limits
    morning = pyogrio.read_dataframe(built.path / files["morgen"]["file"])
    night = pyogrio.read_dataframe(built.path / files["nacht"]["file"])
    assert night["volume_base_vph"].sum() < morning["volume_base_vph"].sum()  # the slices differ
    meta = json.loads((built.path / files["morgen"]["sidecar"]).read_text(encoding="utf-8"))
    assert meta["fields"]["volume_scen_vph"]["unit"] == "Kfz/h" and meta["fields"]["speed_base_kmh"]["unit"] == "km/h"
    assert meta["run"]["variant"]["zone"] and meta["model"]["engine"].startswith("AequilibraE")
    assert [s["key"] for s in meta["run"]["time_slices"]][0] == "morgen"
    assert meta["build"]["input_hash"] == built.manifest["build"]["input_hash"]
    today = _scenario(built, "verkehr-basis")["exports"]
    assert len(today) == 5
    basis = pyogrio.read_dataframe(built.path / today[0]["file"])
    assert {"volume_vph", "vc", "speed_kmh", "time_s"} <= set(basis.columns)


def test_noise_gpkg_holds_the_buildings_levels_as_in_the_tap_table(built) -> None:
    import pyogrio

    scenario = _scenario(built, "verkehr-tempo30-innenstadt")
    entry = next(e for e in scenario["exports"] if "noise_buildings" in e["file"])
    frame = pyogrio.read_dataframe(built.path / entry["file"]).set_index("building_id")
    assert frame.crs.to_string() == built.manifest["city"]["crs"] and frame.geometry.geom_type.eq("Polygon").all()
    rows = _noise_rows(built, "noise_tempo30_innenstadt")
    assert set(frame.index) == set(rows) and "residents" not in frame  # levels, never residents per building
    for ident, row in rows.items():
        for key, value in row.items():
            what, period = key.split("_")
            assert frame.loc[ident, f"{what}_{period}_dba"] == pytest.approx(value, abs=0.051)
    meta = json.loads((built.path / entry["sidecar"]).read_text(encoding="utf-8"))
    assert meta["fields"]["after_nacht_dba"]["unit"] == "dB(A)" and "RLS-19" in meta["fields"]["after_nacht_dba"]["en"]
