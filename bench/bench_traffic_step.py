"""Benchmark the traffic step of a build (the ``verkehr`` scenario builder) of two source trees.

Usage::

    python bench/bench_traffic_step.py --before OLD_TREE [--after .] [--city musterstadt] [--repeat 2]

OLD_TREE is a checkout of the code to compare with (e.g. ``git archive <commit> | tar -x -C
/tmp/old``). Each run is a fresh process started in one tree: it reads the city's inputs, then times
``traffic_scenarios(context)`` alone — network, demand, every assignment, metrics and artifacts —
writing into a temporary folder. The trees take turns (before, after, before, after, ...), so both
see the same machine load; the table gives every run's wall and CPU time (CPU: this process and
its threads; ``workers`` > 1 would add child processes, which it does not count), the number of
assignments and the artifact bytes, and the ratio of the fastest runs. The buildings layer is written
first, untimed, as a build writes it before its scenarios (the noise layers draw its footprints).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

RUN = r"""
import json, sys, tempfile, time
from pathlib import Path
from layers.base_layers import buildings_layer
from layers.config import load_config
from layers.importers import import_inputs
from layers.scenario_api import BuildContext
from layers.traffic.scenario import traffic_scenarios

config = load_config(sys.argv[1])
imported = import_inputs(config)
with tempfile.TemporaryDirectory() as folder:
    context = BuildContext(config=imported.config, dem=imported.dem, layers=imported.layers, out=Path(folder),
                           terrain_bounds=[0.0, 0.0, 0.0, 0.0], terrain_elevation="")
    buildings_layer(imported.layers["buildings"], imported.dem, imported.config.crs, Path(folder))  # as a build does
    wall, cpu = time.perf_counter(), time.process_time()
    output = traffic_scenarios(context)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    files = list(Path(folder).iterdir())
    runs = output.scenarios[0].get("assignments", len(output.scenarios))
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "assignments": runs, "files": len(files),
                      "bytes": sum(f.stat().st_size for f in files),
                      "gzip_bytes": sum(f.stat().st_size for f in files if f.suffix == ".gz")}))
"""


def run_once(tree: Path, city: str) -> dict:
    """One timed traffic step in a fresh process whose code comes from ``tree``."""
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", AEQ_SHOW_PROGRESS="FALSE", PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", RUN, city], cwd=tree, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"The run in {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run the trees in turn and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--city", default="musterstadt")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    city = str(Path(args.city).resolve()) if Path(args.city).exists() else args.city
    rows: dict[str, list[dict]] = {name: [] for name in trees}
    print("| run | tree | wall (s) | CPU (s) | assignments | files | bytes (MB) | gzip twins (MB) | load avg (1 min) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in range(args.repeat):
        for name, tree in trees.items():
            load = os.getloadavg()[0]
            r = run_once(tree, city)
            rows[name].append(r)
            print(f"| {k + 1} | {name} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {r['assignments']} | {r['files']} | "
                  f"{r['bytes'] / 1e6:.2f} | {r['gzip_bytes'] / 1e6:.2f} | {load:.1f} |", flush=True)
    best = {name: min(rs, key=lambda r: r["wall_s"]) for name, rs in rows.items()}
    cpu = {name: min(r["cpu_s"] for r in rs) for name, rs in rows.items()}
    print(f"\nfastest wall: before {best['before']['wall_s']:.1f} s, after {best['after']['wall_s']:.1f} s "
          f"({best['after']['wall_s'] / best['before']['wall_s']:.2f}x); least CPU: before {cpu['before']:.1f} s, "
          f"after {cpu['after']:.1f} s ({cpu['after'] / cpu['before']:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
