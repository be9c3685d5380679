"""Network building, units, maxspeed parsing, demand and Tempo-30 sanity checks."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq
from shapely.geometry import LineString, box

from layers.traffic.network import NetworkConnectivityError, NetworkError, network_from_roads
from layers.traffic.speeds import MaxspeedError, parse_maxspeed
from layers.traffic.synthetic import grid_buildings, grid_roads

CRS = "EPSG:25832"
X0, Y0 = 500_000.0, 5_700_000.0


def _roads(rows):
    cols = ["id", "class", "maxspeed", "lanes", "oneway", "geometry"]
    df = pd.DataFrame(rows, columns=cols)
    df["name"] = df["id"]
    return gpd.GeoDataFrame(df, geometry="geometry", crs=CRS)


def _two_routes():
    a, b = (X0, Y0), (X0 + 1000.0, Y0)
    return _roads([
        # route 1: straight 1000 m, primary, 1 lane one-way -> 1500 veh/h, 50 km/h -> 72 s
        ("r1", "primary", 50, 1, True, LineString([a, b])),
        # route 2: bent 2 x 707.107 m, secondary, 1 lane one-way -> 1000 veh/h, 70 km/h
        ("r2", "secondary", "70", 1, True, LineString([a, (X0 + 500.0, Y0 + 500.0), b])),
        # way back so the network is strongly connected
        ("back", "residential", "DE:urban", 2, False, LineString([b, (X0 + 500.0, Y0 - 300.0), a])),
    ])


# --------------------------------------------------------------------------- maxspeed


@pytest.mark.parametrize(
    ("value", "expected"),
    [(50, 50.0), ("50", 50.0), (" 30 ", 30.0), ("30 mph", 48.28032), ("DE:urban", 50.0), ("DE:rural", 100.0),
     ("DE:zone30", 30.0), ("walk", 7.0), ("none", 130.0), ("50;30", 30.0), (30.0, 30.0), ("50 km/h", 50.0)],
)
def test_parse_maxspeed(value, expected):
    assert parse_maxspeed(value) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize("value", ["signals", "fast", "-30", "0", None, "", True])
def test_parse_maxspeed_errors_name_feature_value_and_fix(value):
    with pytest.raises(MaxspeedError) as e:
        parse_maxspeed(value, feature_id="way/42")
    msg = str(e.value)
    assert "way/42" in msg and "Fix:" in msg


def test_unparseable_maxspeed_in_roads_is_reported_with_id():
    roads = _two_routes()
    roads.loc[1, "maxspeed"] = "variable"
    with pytest.raises(MaxspeedError, match=r"road id='r2': maxspeed='variable'"):
        network_from_roads(roads)


def test_missing_maxspeed_uses_class_default():
    roads = _two_routes()
    roads["maxspeed"] = roads["maxspeed"].astype(object)
    roads.loc[2, "maxspeed"] = None
    net = network_from_roads(roads)
    assert set(net.links.loc[net.links.road_id == "back", "speed_kmh"]) == {50.0}


# --------------------------------------------------------------------------- network


def test_network_units_and_capacities():
    net = network_from_roads(_two_routes())
    lk = net.links.set_index(["road_id", "direction"])
    assert len(net.nodes) == 2
    assert len(net.links) == 4  # r1, r2 one-way; back two-way
    assert lk.loc[("r1", 1), "length_m"] == pytest.approx(1000.0)
    assert lk.loc[("r1", 1), "free_flow_time_s"] == pytest.approx(72.0)  # 1000 m at 50 km/h
    assert lk.loc[("r1", 1), "capacity_vph"] == 1500.0
    assert lk.loc[("r2", 1), "length_m"] == pytest.approx(1000.0 * np.sqrt(2))
    assert lk.loc[("r2", 1), "free_flow_time_s"] == pytest.approx(1000.0 * np.sqrt(2) / (70 / 3.6))
    assert lk.loc[("r2", 1), "capacity_vph"] == 1000.0
    # 2 lanes two-way -> 1 lane per direction, residential 600 veh/h/lane
    assert lk.loc[("back", 1), "capacity_vph"] == 600.0 and lk.loc[("back", -1), "capacity_vph"] == 600.0
    # the reverse link runs from b to a
    fwd, rev = lk.loc[("back", 1)], lk.loc[("back", -1)]
    assert (fwd.a_node, fwd.b_node) == (rev.b_node, rev.a_node)


def test_capacity_per_lane_is_configurable():
    net = network_from_roads(_two_routes(), capacity_per_lane={"primary": 1800})
    assert net.links.loc[net.links.road_id == "r1", "capacity_vph"].item() == 1800.0


def test_two_route_equilibrium_matches_analytic_solution():
    from layers.traffic.assign import assign_links, bpr_time

    net = network_from_roads(_two_routes())
    lk = net.links
    r1 = lk[lk.road_id == "r1"].iloc[0]
    demand = 2500.0  # veh/h from a to b
    def t1(x: float) -> float:  # route r1: 1,000 m at 50 km/h (72 s), 1,500 veh/h
        return 72.0 * (1 + 0.15 * (x / 1500.0) ** 4)

    def t2(x: float) -> float:  # route r2: 1,414 m at 70 km/h, 1,000 veh/h
        return (1000.0 * np.sqrt(2) / (70 / 3.6)) * (1 + 0.15 * (x / 1000.0) ** 4)

    x1 = brentq(lambda x: t1(x) - t2(demand - x), 0.0, demand)
    # analytic: both routes used, equal times (~1604 / 896 veh/h)
    assert 1500 < x1 < 1700

    centroids = np.array([r1.a_node, r1.b_node], dtype=np.int64)
    mat = np.array([[0.0, demand], [0.0, 0.0]])
    vol, rep = assign_links(lk, centroids, mat, rgap=1e-8, max_iter=500, block_centroid_flows=False)
    v = pd.Series(vol, index=lk.road_id + ":" + lk.direction.astype(str))
    assert rep.converged
    assert v["r1:1"] == pytest.approx(x1, abs=0.5)
    assert v["r2:1"] == pytest.approx(demand - x1, abs=0.5)
    assert v["back:1"] == pytest.approx(0.0, abs=1e-9) and v["back:-1"] == pytest.approx(0.0, abs=1e-9)
    tt = np.asarray(bpr_time(lk.free_flow_time_s.to_numpy(), vol, lk.capacity_vph.to_numpy()))
    assert tt[lk.road_id.eq("r1").to_numpy()][0] == pytest.approx(t1(x1), rel=1e-4)


def test_disconnected_road_is_named():
    roads = grid_roads(4, 4, 100.0)
    island = _roads([("island_7", "residential", 50, 1, False,
                      LineString([(X0 + 5000, Y0 + 5000), (X0 + 5100, Y0 + 5000)]))])
    roads = pd.concat([roads, island], ignore_index=True)
    with pytest.raises(NetworkConnectivityError, match="island_7") as e:
        network_from_roads(roads)
    assert "Fix:" in str(e.value)
    # and the 'drop' option keeps the main component
    with pytest.warns(UserWarning, match="island_7"):
        net = network_from_roads(roads, on_disconnected="drop")
    assert "island_7" not in set(net.links.road_id)


def test_dead_end_oneway_is_reported():
    roads = grid_roads(4, 4, 100.0)
    spur = _roads([("spur_oneway", "service", 30, 1, True, LineString([(X0, Y0), (X0 - 50, Y0 - 50)]))])
    with pytest.raises(NetworkConnectivityError, match="spur_oneway"):
        network_from_roads(pd.concat([roads, spur], ignore_index=True))


def test_bad_class_and_geographic_crs_rejected():
    roads = _two_routes()
    roads.loc[0, "class"] = "motorway_link"
    with pytest.raises(NetworkError, match="motorway_link"):
        network_from_roads(roads)
    roads = _two_routes()
    roads["lanes"] = roads["lanes"].astype(object)
    roads.loc[1, "lanes"] = "2;3"
    with pytest.raises(NetworkError, match=r"r2 \(lanes='2;3'\)"):
        network_from_roads(roads)
    with pytest.raises(NetworkError, match="geographic"):
        network_from_roads(_two_routes().to_crs("EPSG:4326"))


# --------------------------------------------------------------------------- demand


def test_demand_generation_and_balancing():
    from layers.traffic.demand import DemandParameters, build_demand

    roads, bld = grid_roads(6, 6, 100.0), grid_buildings(6, 6, 100.0)
    net = network_from_roads(roads)
    p = DemandParameters(cell_size_m=100.0)
    d = build_demand(net, bld, p)
    internal = d.zones.kind == "internal"
    ext = d.zones.kind == "external"
    assert internal.sum() == 25 - int(((bld.residents + bld.jobs) == 0).sum())
    assert ext.sum() == 2  # the two primary stubs
    ii = np.flatnonzero(internal)
    inner = d.matrix[np.ix_(ii, ii)]
    # productions = residents * 0.3 * 0.4 per zone (internal-internal part)
    res = d.zones.loc[internal, "residents"].to_numpy()
    np.testing.assert_allclose(inner.sum(axis=1), res * 0.12, rtol=1e-5, atol=1e-9)
    assert np.all(np.diag(inner) == 0)
    # each gate: 600 veh/h (primary) in and out
    np.testing.assert_allclose(d.zones.loc[ext, "origin_vph"], 600.0, rtol=1e-9)
    np.testing.assert_allclose(d.zones.loc[ext, "destination_vph"], 600.0, rtol=1e-9)
    ee = np.flatnonzero(ext)
    assert d.matrix[ee[0], ee[1]] == pytest.approx(0.3 * 600.0)
    assert d.connectors.free_flow_time_s.min() > 0


def test_zone_without_access_is_reported():
    from layers.traffic.demand import DemandError, DemandParameters, build_demand

    net = network_from_roads(grid_roads(4, 4, 100.0))
    far = gpd.GeoDataFrame({"residents": [50, 10], "jobs": [0, 10]},
                           geometry=[box(X0 + 3000, Y0 + 3000, X0 + 3020, Y0 + 3020),
                                     box(X0 + 140, Y0 + 140, X0 + 160, Y0 + 160)], crs=CRS)
    with pytest.raises(DemandError, match=r"residents=50.*nearest road node") as e:
        build_demand(net, far, DemandParameters())
    assert "max_connector_m" in str(e.value)


def test_furness_balances():
    from layers.traffic.demand import furness

    rng = np.random.default_rng(0)
    seed = rng.random((5, 5))
    rows = np.array([10.0, 20, 30, 40, 50])
    cols = np.array([50.0, 40, 30, 20, 10])
    t, _, err = furness(seed, rows, cols, tol=1e-10)
    np.testing.assert_allclose(t.sum(axis=1), rows, rtol=1e-9)
    np.testing.assert_allclose(t.sum(axis=0), cols, rtol=1e-9)


# --------------------------------------------------------------------------- noise


def test_rls19_speed_effect():
    from layers.noise.emission import noise_change_db

    assert noise_change_db(50, 30) == pytest.approx(-3.72, abs=0.01)
    assert -4.0 <= noise_change_db(50, 30) <= -2.0
    assert noise_change_db(50, 50) == 0.0
    # halving the volume at constant speed: -3.01 dB
    assert noise_change_db(50, 50, 200, 100) == pytest.approx(-3.0103, abs=1e-3)


# --------------------------------------------------------------------------- Tempo 30


@pytest.fixture(scope="module")
def grid_case():
    from layers.traffic.assign import assign
    from layers.traffic.demand import DemandParameters, build_demand

    roads = grid_roads(10, 10, 100.0)
    bld = grid_buildings(10, 10, 100.0, residents=600, jobs=400)
    net = network_from_roads(roads)
    demand = build_demand(net, bld, DemandParameters(cell_size_m=200.0))
    base = assign(net, demand, rgap=1e-6)
    zone = box(X0 + 250, Y0 + 250, X0 + 650, Y0 + 650)  # the "Innenstadt"
    return net, demand, base, zone


@pytest.mark.parametrize("scenario", ["Tempo 30 Innenstadt", "Tempo 30 in Nebenstraßen"])
def test_tempo30_sanity(grid_case, scenario):
    from layers.traffic.scenarios import links_in_zone, run_scenarios

    net, demand, base, zone = grid_case
    assert base.convergence.converged
    cmp = run_scenarios(net, demand, zone, scenarios=[scenario], rgap=1e-6, baseline=base)[scenario]
    assert cmp.scenario.convergence.converged
    lk = cmp.links
    inside = links_in_zone(net, zone)
    assert lk.affected.sum() > 0
    assert not lk.affected[~inside].any()
    if scenario == "Tempo 30 in Nebenstraßen":
        assert not lk.affected[lk.road_class.isin(["trunk", "primary", "secondary"])].any()
    else:
        assert lk.affected.to_numpy().sum() == inside.sum()
    # free-flow time rises by at most 4.8 s per 100 m (exactly 4.8 for 50 -> 30 km/h)
    per100 = lk.free_flow_time_s_delta / lk.length_m * 100.0
    assert per100.max() <= 4.8 + 1e-9
    assert per100[lk.affected].to_numpy() == pytest.approx(4.8)
    assert (per100[~lk.affected] == 0).all()
    # congested time changes outside the zone only where the volume changed (no rerouted flow -> unchanged)
    out_still = (~lk.affected) & (lk.volume_vph_delta.abs() < 1e-9)
    assert out_still.sum() > 0
    assert (lk.congested_time_s_delta[out_still].abs() < 1e-9).all()
    # total vehicle-hours rise, demand is fixed
    tot = cmp.totals
    assert tot.loc["vehicle_hours", "delta"] > 0
    assert tot.loc["trips", "delta"] == 0
    # slower links in the zone are quieter by the speed effect alone
    assert lk.noise_delta_speed_db[lk.affected].to_numpy() == pytest.approx(-3.72, abs=0.01)
    # zones: trip times never fall when links only get slower
    assert (cmp.zones.mean_trip_time_delta_min.dropna() >= -1e-6).all()


def test_untouched_corridor_is_unchanged():
    """Demand that never touches the zone: scenario flows equal baseline flows everywhere."""
    from layers.traffic.assign import assign_links
    from layers.traffic.scenarios import tempo30_innenstadt

    net = network_from_roads(grid_roads(8, 8, 100.0))
    nodes = net.nodes.set_index(["x", "y"])["node_id"]
    o = nodes[(X0 + 700.0, Y0 + 0.0)]
    d = nodes[(X0 + 700.0, Y0 + 700.0)]
    zone = box(X0 - 10, Y0 - 10, X0 + 210, Y0 + 210)  # far south-west corner
    mat = np.array([[0.0, 1500.0], [300.0, 0.0]])
    cen = np.array([o, d], dtype=np.int64)
    v0, _ = assign_links(net.links, cen, mat, rgap=1e-6, block_centroid_flows=False)
    net30 = tempo30_innenstadt(net, zone)
    v1, _ = assign_links(net30.links, cen, mat, rgap=1e-6, block_centroid_flows=False)
    changed = net30.links.free_flow_time_s.to_numpy() != net.links.free_flow_time_s.to_numpy()
    assert changed.sum() > 0
    assert np.abs(v1 - v0).max() < 0.5  # veh/h
    assert v0[changed].max() < 1e-6
