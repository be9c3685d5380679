"""Benchmark the Tempo-30 traffic model (a script, not a test).

Usage::

    python bench/bench_traffic.py [--city sample_city/musterstadt] [--rgap 1e-6] [--sizes 0.4 0.6 0.8 1.0]

1. Full pipeline on the city (roads.fgb, buildings.fgb, zones.fgb with a zone named
   "Innenstadt"): network, demand, baseline + "Tempo 30 Innenstadt" +
   "Tempo 30 in Nebenstraßen" assigned to the target relative gap; prints a
   markdown table with wall time, iterations and network totals.
2. Scaling: the same pipeline (baseline only) on centred square subsets of the city
   (side = fraction of the city's extent) and on synthetic grids of growing size.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import warnings

from layers.traffic.assign import assign
from layers.traffic.demand import DemandParameters, build_demand
from layers.traffic.network import NetworkConnectivityError, network_from_roads
from layers.traffic.scenarios import SCENARIOS, links_in_zone, run_scenarios

DEFAULT_CITY = Path(__file__).resolve().parents[1] / "sample_city" / "musterstadt"


def _network(roads):
    try:
        return network_from_roads(roads), ""
    except NetworkConnectivityError as e:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net = network_from_roads(roads, on_disconnected="drop")
        return net, f"not strongly connected, kept largest component ({str(e)[:200]}...)"


def city_run(city: Path, rgap: float, zone_name: str = "Innenstadt") -> None:
    """Time today and the Tempo-30 variants on a city folder's roads and buildings."""
    import geopandas as gpd

    t = time.perf_counter()
    roads = gpd.read_file(city / "roads.fgb")
    bld = gpd.read_file(city / "buildings.fgb")
    zones = gpd.read_file(city / "zones.fgb")
    t_read = time.perf_counter() - t
    zone = zones.loc[zones["name"] == zone_name].geometry.union_all()
    t = time.perf_counter()
    net, note = _network(roads)
    t_net = time.perf_counter() - t
    t = time.perf_counter()
    demand = build_demand(net, bld, DemandParameters())
    t_dem = time.perf_counter() - t
    if note:
        print(f"> network: {note}\n")
    nz = demand.zones.kind.value_counts()
    n_int = int(nz.get("internal", 0))
    print(f"## {city.name}: {len(roads)} roads -> {len(net.links)} directed links, {len(net.nodes)} nodes; "
          f"{nz.get('internal', 0)} internal + {nz.get('external', 0)} external zones, "
          f"{demand.total_trips:,.0f} veh/h (internal-internal {demand.matrix[:n_int, :n_int].sum():,.0f}); "
          f"links in {zone_name}: {int(links_in_zone(net, zone).sum())}\n")
    print(f"read {t_read:.1f} s, network {t_net:.2f} s, demand {t_dem:.2f} s\n")
    base = assign(net, demand, rgap=rgap)
    res = run_scenarios(net, demand, zone, rgap=rgap, baseline=base)
    print("| run | iterations | final rgap | wall time (s) | vehicle-hours | vehicle-km | mean trip (min) | "
          "Δ veh-h | affected links | mean Δ noise on affected (dB(A), speed only) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def row(name, r, cmp=None):
        c, tot = r.convergence, r.totals()
        dvh = f"{cmp.totals.loc['vehicle_hours', 'delta_pct']:+.2f} %" if cmp else ""
        aff = int(cmp.links.affected.sum()) if cmp else ""
        nd = f"{cmp.links.noise_delta_speed_db[cmp.links.affected].mean():.2f}" if cmp else ""
        print(f"| {name} | {c.iterations} | {c.rgap:.2e} | {c.wall_time_s:.1f} | {tot['vehicle_hours']:,.1f} | "
              f"{tot['vehicle_km']:,.0f} | {tot['mean_trip_time_min']:.2f} | {dvh} | {aff} | {nd} |")

    row("baseline", base)
    for name, cmp in res.items():
        row(name, cmp.scenario, cmp)
    print()
    for name, cmp in res.items():
        z = cmp.zones.dropna(subset=["mean_trip_time_delta_min"])
        lk = cmp.links
        print(f"- {name}: vc>1 links base {int((lk.vc_base > 1).sum())} -> scen {int((lk.vc_scen > 1).sum())}; "
              f"max |Δ volume| {lk.volume_vph_delta.abs().max():.0f} veh/h; zone mean-trip-time change "
              f"min {z.mean_trip_time_delta_min.min():+.2f} / max {z.mean_trip_time_delta_min.max():+.2f} min")
    print()


def scaling(city: Path | None, sizes: list[float], rgap: float, grid_sizes: list[int]) -> None:
    """Time the baseline on square cut-outs of a city (``sizes``, m) and on synthetic grids."""
    import geopandas as gpd
    from shapely.geometry import box

    print("## Scaling (baseline only)\n")
    print("| subset | roads | directed links | zones | trips (veh/h) | links v/c > 1 | iterations | final rgap | "
          "wall time (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    from layers.traffic.synthetic import grid_buildings, grid_roads

    cases = []
    if city is not None:
        roads = gpd.read_file(city / "roads.fgb")
        bld = gpd.read_file(city / "buildings.fgb")
        x0, y0, x1, y1 = roads.total_bounds
        cx, cy, ext = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0)
        for f in sizes:
            h = f * ext / 2
            sq = box(cx - h, cy - h, cx + h, cy + h)
            cases.append((f"city, {f:.0%} of extent", roads[roads.within(sq)], bld[bld.within(sq)]))
    # synthetic grids (100 m blocks, same load per block); trips grow with area, so congestion grows too
    for n in grid_sizes:
        cases.append((f"grid {n}x{n}", grid_roads(n, n, 100.0), grid_buildings(n, n, 100.0, residents=150, jobs=100)))
    for label, r, b in cases:
        try:
            net, _ = _network(r.reset_index(drop=True))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                d = build_demand(net, b, DemandParameters(on_unreachable="drop"))
            res = assign(net, d, rgap=rgap, skim=False)
        except Exception as e:  # noqa: BLE001 - a bench reports and goes on
            print(f"| {label} | {len(r)} | failed: {type(e).__name__}: {str(e)[:120]} ||||||")
            continue
        c = res.convergence
        over = int((res.road_links.vc > 1).sum())
        print(f"| {label} | {len(r)} | {len(net.links)} | {len(d.zones)} | {d.total_trips:,.0f} | {over} | "
              f"{c.iterations} | {c.rgap:.1e} | {c.wall_time_s:.1f} |")
    print()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark as the command line asks."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--city", type=Path, default=DEFAULT_CITY)
    ap.add_argument("--rgap", type=float, default=1e-6)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.4, 0.6, 0.8, 1.0])
    ap.add_argument("--grids", type=int, nargs="*", default=[10, 20, 30], help="synthetic grid sizes")
    ap.add_argument("--skip-city", action="store_true")
    a = ap.parse_args(argv)
    print(f"# Traffic model benchmark (rgap {a.rgap:g}, scenarios: {', '.join(SCENARIOS)}; "
          f"{os.cpu_count()} cores, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')})\n")
    have_city = (a.city / "roads.fgb").exists()
    if have_city and not a.skip_city:
        city_run(a.city, a.rgap)
    elif not have_city:
        print(f"> no city at {a.city}; scaling on synthetic grids only\n")
    scaling(a.city if have_city else None, a.sizes, a.rgap, a.grids)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
