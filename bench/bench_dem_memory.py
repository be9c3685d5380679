"""Peak memory of a build per DEM cell: the figure behind ``layers.importers.limits.BYTES_PER_DEM_CELL``.

Run: ``.venv/bin/python bench/bench_dem_memory.py [--flood]``. Builds the tiny test city
(tests/tiny_city.py, 400 m × 400 m) with the same terrain sampled ever finer (2 m … 0.08 m: 40,000
to 25 million cells), each build in a fresh process, and reads that process's peak resident memory
(``ru_maxrss``). The baseline is the same build with the 2 m DEM in the same run; the slope of peak
memory over DEM cells is the build's cost per cell. ``--flood`` also runs the heavy-rain model
(one event, 8 m grid, one worker process in the build's own process), as a city with
``starkregen`` enabled does. Not a test: it prints a table for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.tiny_city import CRS, RES, SIZE, X0, Y0, dem_array, write_tiny_city  # noqa: E402

FLOOD = """[scenarios]
enabled = ["starkregen"]

[scenarios.starkregen]
workers = 1
rain_after_min = 10

[[scenarios.starkregen.events]]
id = "stark"
depth_mm = 40
duration_min = 20
"""

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from layers import build_city
started = time.perf_counter()
build_city({city!r}, build_root={root!r}, progress=False, force=True)
print(json.dumps({{"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   "children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                   "seconds": time.perf_counter() - started}}))
"""


def fine_dem(resolution_m: float) -> np.ndarray:
    """The tiny city's terrain (2 m) resampled to ``resolution_m`` (nearest cell: same heights)."""
    coarse = dem_array()
    n = int(round(SIZE / resolution_m))
    index = np.minimum((np.arange(n) * resolution_m / RES).astype(int), coarse.shape[0] - 1)
    return coarse[np.ix_(index, index)]


def measure(resolution_m: float, *, flood: bool, folder: Path) -> dict:
    """Build the tiny city on a DEM of ``resolution_m`` (m) in a fresh process; its peak RSS and time."""
    city = write_tiny_city(folder / f"city-{resolution_m:g}")
    z = fine_dem(resolution_m)
    with rasterio.open(city / "dem.tif", "w", driver="GTiff", width=z.shape[1], height=z.shape[0], count=1,
                       dtype="float32", crs=CRS, transform=from_origin(X0, Y0 + SIZE, resolution_m, resolution_m),
                       nodata=-9999.0, compress="deflate", tiled=True) as dst:
        dst.write(z, 1)
    if flood:
        toml = (city / "city.toml").read_text(encoding="utf-8")
        toml = toml.replace("[scenarios]\nenabled = []   # the unit tests build this city often; scenario tests "
                            "enable what they need\n", FLOOD)
        (city / "city.toml").write_text(toml, encoding="utf-8")
    code = CHILD.format(repo=str(REPO), city=str(city), root=str(folder / "builds"))
    env = {"OMP_WAIT_POLICY": "PASSIVE", "AEQ_SHOW_PROGRESS": "FALSE", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return {"resolution_m": resolution_m, "cells": int(z.size), "peak_mb": figures["peak_kib"] / 1024,
            "seconds": figures["seconds"]}


def main() -> None:
    """Measure each resolution and print the table and the bytes per cell."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", action="store_true", help="enable the heavy-rain model too")
    parser.add_argument("--resolutions", default="2,0.2,0.1,0.08", help="DEM cell sizes (m), the first is the baseline")
    args = parser.parse_args()
    resolutions = [float(r) for r in args.resolutions.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-dem-") as tmp:
        rows = [measure(r, flood=args.flood, folder=Path(tmp)) for r in resolutions]
    base = rows[0]
    print("| DEM cell (m) | cells | peak RSS (MB) | build (s) | "
          f"bytes per cell above the {base['resolution_m']:g} m baseline |")
    print("|---|---|---|---|---|")
    for row in rows:
        extra = (row["peak_mb"] - base["peak_mb"]) * 2**20 / max(row["cells"] - base["cells"], 1)
        last = "baseline" if row is base else f"{extra:.1f}"
        print(f"| {row['resolution_m']:g} | {row['cells']:,} | {row['peak_mb']:.0f} | {row['seconds']:.1f} | {last} |")
    if len(rows) >= 3:
        cells = np.array([r["cells"] for r in rows], float)
        peak = np.array([r["peak_mb"] for r in rows], float) * 2**20
        slope = np.polyfit(cells, peak, 1)[0]
        print(f"\nLeast-squares slope over all sizes: {slope:.1f} bytes per DEM cell")


if __name__ == "__main__":
    main()
