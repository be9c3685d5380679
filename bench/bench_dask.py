"""Build time on Dask's LocalCluster against the process pool, interleaved repeats.

Run: ``.venv/bin/python bench/bench_dask.py [--city generated|musterstadt] [--extent-m 1000] [--repeats 3]``.

Each repeat builds the same city twice with ``force=True``: once with the model runs on the
process pool of ``layers.executor`` (``scheduler="processes"``, the baseline) and once on a fresh
Dask ``LocalCluster`` (``scheduler="local"``, the default), alternating which goes first. Every
build runs in a fresh interpreter, as ``twin build`` does: its time is that process's wall time
(imports, the LocalCluster's start-up and fork server included). Reported: median and range of
the build time and of the heavy-rain runs (``all_runs_seconds``), the ratio of the medians and
pair by pair, the load average, whether all builds' manifest figures are equal, and per build
where the time went (imports, the task runner's calls per run function, the rest).
``generated`` is the sample city's generator (``sample_city.generate``, seed 2026) on a smaller
extent; ``musterstadt`` the full sample city (2.5 km, ~10 minutes a build on 2 loaded cores).
Table to stdout and ``bench/results/dask.md`` (``dask-generated.md`` for a generated city).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
ENGINES = ("processes", "local")


CHILD = """
import json, sys, time
import layers.build
from layers import build_city
from tests.dask_processes import figures
spent = {}
counted = layers.build._counted
def timed(runner, bar):   # wall time inside each scenario's task runner call (the model runs)
    run = counted(runner, bar)
    def call(function, tasks, **options):
        started = time.perf_counter()
        try:
            return run(function, tasks, **options)
        finally:
            spent[function.__name__] = spent.get(function.__name__, 0.0) + time.perf_counter() - started
    return call
layers.build._counted = timed
started = time.perf_counter()
result = build_city(sys.argv[1], build_root=sys.argv[2], force=True, progress=False, scheduler=sys.argv[3])
total = time.perf_counter() - started
runs = next((layer["stats"]["all_runs_seconds"] for layer in result.manifest["layers"]
             if "all_runs_seconds" in layer.get("stats", {})), float("nan"))
print(json.dumps({"runs": runs, "calls": spent, "build": total, "figures": figures(result.manifest)}, sort_keys=True))
"""


def one_build(city: str | Path, root: Path, engine: str) -> tuple[float, float, str, str]:
    """(process s, heavy-rain runs s, figures, split) of one forced build in a fresh interpreter."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(city), str(root / engine), engine], cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    found = json.loads(done.stdout.strip().splitlines()[-1])
    calls = found["calls"]
    split = (f"imports {seconds - found['build']:.1f} s, runner calls " +
             ", ".join(f"{name} {value:.1f} s" for name, value in sorted(calls.items())) +
             f", rest of the build {found['build'] - sum(calls.values()):.1f} s")
    return seconds, found["runs"], json.dumps(found["figures"], sort_keys=True), split


def spread(values: list[float]) -> str:
    """Median (min–max) in seconds."""
    return f"{statistics.median(values):.1f} s ({min(values):.1f}–{max(values):.1f})"


def main() -> int:
    """Generate the city, run the interleaved builds, write the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--city", choices=("generated", "musterstadt"), default="generated")
    parser.add_argument("--extent-m", type=float, default=1000.0, help="extent of the generated city (m)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    city: str | Path = "musterstadt"
    if args.city == "generated":
        city = work / "city"
        subprocess.run([sys.executable, "-m", "sample_city.generate", "--out", str(city), "--extent-m",
                        f"{args.extent_m:g}"], cwd=REPO, check=True, capture_output=True)
    times: dict[str, list[float]] = {e: [] for e in ENGINES}
    runs: dict[str, list[float]] = {e: [] for e in ENGINES}
    found: dict[str, set[str]] = {e: set() for e in ENGINES}
    loads = [os.getloadavg()[0]]
    splits: list[str] = []
    for repeat in range(args.repeats):
        order = ENGINES if repeat % 2 == 0 else ENGINES[::-1]
        for engine in order:
            seconds, flood, figs, split = one_build(city, work, engine)
            times[engine].append(seconds)
            runs[engine].append(flood)
            found[engine].add(figs)
            loads.append(os.getloadavg()[0])
            print(f"repeat {repeat + 1} {engine}: build {seconds:.1f} s, heavy-rain runs {flood:.1f} s, "
                  f"load {loads[-1]:.1f} ({split})", flush=True)
            splits.append(f"- repeat {repeat + 1}, {engine}: {seconds:.1f} s = {split}; load {loads[-1]:.1f}")
    same = len(found["processes"] | found["local"]) == 1
    ratio = statistics.median(times["local"]) / statistics.median(times["processes"])
    pairs = ", ".join(f"{a / b:.2f}×" for a, b in zip(times["local"], times["processes"]))
    run_ratio = statistics.median(runs["local"]) / statistics.median(runs["processes"])
    name = "musterstadt (2.5 km)" if args.city == "musterstadt" else f"generated city ({args.extent_m:g} m, seed 2026)"
    lines = [
        f"# Dask LocalCluster vs process pool: {name}, {args.repeats} interleaved repeats",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
        f"load average (1 min) {min(loads):.1f}–{max(loads):.1f} during the run",
        "",
        "| engine | build, median (range) | heavy-rain runs, median (range) |",
        "|---|---|---|",
        *(f"| {e} | {spread(times[e])} | {spread(runs[e])} |" for e in ENGINES),
        "",
        f"Ratio of medians LocalCluster / process pool: build **{ratio:.2f}×** (pair by pair {pairs}), "
        f"heavy-rain runs {run_ratio:.2f}×. "
        f"Manifest figures equal across all builds: **{same}**.",
        "",
        "Where each build's time went (interpreter start and imports; inside the task runner's calls, i.e. "
        "the model runs and, on Dask, waiting for the cluster; the rest of the build):",
        "",
        *splits,
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    table = "dask.md" if args.city == "musterstadt" else "dask-generated.md"
    (RESULTS / table).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
