"""Benchmark the traffic model on whole generated cities (a script, not a test; issue 24).

Usage::

    python bench/bench_traffic_city.py [--extents-km 2.5 5 10] [--repeats 2] [--cities build/cities]
                                       [--max-iter 3000] [--workers 2]

For each extent the sample-city generator (``sample_city.generate``, seed 2026) makes a city into
``--cities`` (kept there for the next run). The traffic model's network and design-hour demand are
built as a build builds them (``layers.traffic.runs``), on the grid cells (``max_zones=None``) and
on districts (the default zoning, ``layers.traffic.zoning``). Two cases then alternate,
``--repeats`` times each (interleaved, so both see the same machine load):

* **alone**: today's run to a relative gap of 1e-5;
* **pair**: today's run and "Tempo 30 Innenstadt" (the zone named Innenstadt), both to 1e-6, as two
  tasks on the build's process pool (``--workers``), the pair's wall time the time to both.

Each row gives the wall time, the CPU-seconds of the assignments (each run's own wall time in its
process), iterations, the gap reached and the load average. Markdown to stdout and to ``--out``
(default ``bench/results/traffic-city.md``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from layers.executor import run_tasks  # noqa: E402
from layers.traffic.assign import AssignmentResult, assign  # noqa: E402
from layers.traffic.demand import DemandParameters, build_demand  # noqa: E402
from layers.traffic.network import network_from_roads  # noqa: E402
from layers.traffic.runs import TrafficTask, model_roads  # noqa: E402
from layers.traffic.scenarios import SCENARIOS  # noqa: E402

VARIANT = "Tempo 30 Innenstadt"


def city_folder(cities: Path, extent_km: float) -> Path:
    """The generated city of ``extent_km`` (generated on first use)."""
    folder = cities / f"c{int(extent_km * 1000)}"
    if not (folder / "roads.fgb").exists():
        subprocess.run([sys.executable, "-m", "sample_city.generate", "--out", str(folder), "--extent-m",
                        f"{extent_km * 1000:g}", "--resolution-m", "20"], cwd=REPO, check=True)
    return folder


def model(folder: Path, max_zones: int | None):
    """Network, demand, Tempo-30 zone and the seconds the demand took."""
    import geopandas as gpd

    roads = model_roads(gpd.read_file(folder / "roads.fgb"))
    buildings = gpd.read_file(folder / "buildings.fgb")
    zones = gpd.read_file(folder / "zones.fgb")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = network_from_roads(roads, capacity_per_lane={"motorway": 2000.0},
                                     default_speed_kmh={"motorway": 130.0}, on_disconnected="drop")
    started = time.perf_counter()
    demand = build_demand(network, buildings, DemandParameters(max_zones=max_zones))
    return network, demand, zones.loc[zones["name"] == "Innenstadt"].union_all(), time.perf_counter() - started


def run_case(case: str, network, demand, zone, *, workers: int, max_iter: int) -> dict:
    """Time one case ("alone" or "pair") on the process pool."""
    if case == "alone":
        tasks = [TrafficTask("basis", network, demand, 1e-5)]
    else:
        tasks = [TrafficTask("basis", network, demand, 1e-6),
                 TrafficTask("tempo30", network, demand, 1e-6, VARIANT, zone)]
    tasks = [_capped(task, max_iter) for task in tasks]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    runs = run_tasks(run_capped, tasks, workers=min(workers, len(tasks)), start_method="spawn")
    wall = time.perf_counter() - started
    reports = [run.convergence for run in runs]
    return {"wall_s": wall, "run_s": [r.wall_time_s for r in reports], "iterations": [r.iterations for r in reports],
            "rgap": [r.rgap for r in reports], "load": load}


def _capped(task: TrafficTask, max_iter: int) -> tuple[TrafficTask, int]:
    return task, max_iter


def run_capped(job: tuple[TrafficTask, int]) -> AssignmentResult:
    """A task's run as ``run_traffic_task`` runs it, with an iteration cap (a bench must end)."""
    task, max_iter = job
    network = task.network if task.variant is None else SCENARIOS[task.variant](task.network, task.zone)
    return assign(network, task.demand, rgap=task.rgap, max_iter=max_iter, skim=False)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark as the command line asks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extents-km", type=float, nargs="+", default=[2.5, 5.0, 10.0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--cities", type=Path, default=REPO / "build" / "cities")
    parser.add_argument("--max-iter", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "traffic-city.md")
    args = parser.parse_args(argv)
    out = args.out
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")

    say(f"# Traffic on whole cities ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"max {args.max_iter} iterations per run)\n")
    for extent in args.extents_km:
        folder = city_folder(args.cities, extent)
        network, cells, _, cell_s = model(folder, None)
        network, demand, zone, district_s = model(folder, DemandParameters().max_zones)
        internal = int((demand.zones["kind"] == "internal").sum())
        intrazonal = float(demand.zones["intrazonal_vph"].sum()) if "intrazonal_vph" in demand.zones else 0.0
        say(f"## {extent:g} km city: {len(network.links):,} directed links; "
            f"{int((cells.zones['kind'] == 'internal').sum())} cells → {internal} internal zones "
            f"+ {len(demand.zones) - internal} gates; {cells.total_trips:,.0f} veh/h, of which "
            f"{intrazonal:,.0f} within districts (not assigned); demand {cell_s:.1f} s on cells, "
            f"{district_s:.1f} s on districts\n")
        say("| repeat | case | wall (s) | runs' own time (s) | iterations | gap reached | load avg (1 min) |")
        say("|---|---|---:|---:|---:|---:|---:|")
        for repeat in range(1, args.repeats + 1):
            for case in ("alone", "pair"):
                r = run_case(case, network, demand, zone, workers=args.workers, max_iter=args.max_iter)
                say(f"| {repeat} | {case} | {r['wall_s']:.1f} | {' + '.join(f'{s:.1f}' for s in r['run_s'])} | "
                    f"{' + '.join(map(str, r['iterations']))} | {' / '.join(f'{g:.1e}' for g in r['rgap'])} | "
                    f"{r['load']:.1f} |")
        say()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
