"""Cost of the velocity and hazard frames (issue 20) against the depth frame they sit beside.

For one frame time the build warps depth and speed once and writes two paletted PNGs
(``layers.flood.class_maps.write_class_frames``); the baseline is one depth frame
(``layers.flood.artifacts.write_depth_overlay``) on the same grid and bounds. The inputs are a
build's max-depth and max-velocity GeoTIFFs of one event (the same grid as its frames). Both are
timed in interleaved repeats; the ratio per repeat and its median and spread are printed.

Usage: ``python bench/bench_flood_frames.py BUILD_FOLDER [EVENT] [REPEATS]`` (default event
``extrem``, 7 repeats), e.g. ``build/twin/musterstadt-<hash>``.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio

from layers.flood.artifacts import save_paletted_png, write_depth_overlay
from layers.flood.class_maps import warp_bands
from layers.flood.hazard import hazard_class, velocity_class
from layers.style import FLOOD_DEPTH_COLOURS, HAZARD_COLOURS, VELOCITY_COLOURS, spread_palette

CLASSES_M = (0.1, 0.3, 0.5, 1.0)


def main(build: Path, event: str = "extrem", repeats: int = 7) -> None:
    """Time both writers on the max rasters of ``event`` in ``build`` and print medians and spreads (s)."""
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    bounds = next(layer for layer in manifest["layers"] if layer["id"] == "terrain")["bounds"]
    with rasterio.open(build / f"export_starkregen-{event}_max_depth.tif") as src:
        depth, transform, crs = np.nan_to_num(src.read(1)), src.transform, src.crs
    with rasterio.open(build / f"export_starkregen-{event}_max_velocity.tif") as src:
        speed = np.nan_to_num(src.read(1))
    palette = spread_palette(len(CLASSES_M), FLOOD_DEPTH_COLOURS)
    wet = CLASSES_M[0]
    base, new = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in range(repeats):
            started = time.perf_counter()
            write_depth_overlay(out / "depth.png", depth, transform, crs, bounds, CLASSES_M, palette)
            base.append(time.perf_counter() - started)
            started = time.perf_counter()
            d, v = warp_bands([depth, speed], transform, crs, bounds)
            save_paletted_png(out / "velocity.png", velocity_class(v, d, wet_m=wet), np.asarray(VELOCITY_COLOURS))
            save_paletted_png(out / "hazard.png", hazard_class(d, v, wet_m=wet), np.asarray(HAZARD_COLOURS))
            new.append(time.perf_counter() - started)
    ratios = [n / b for n, b in zip(new, base, strict=True)]
    print(f"grid {depth.shape}, {repeats} interleaved repeats")
    for name, values in (("depth frame (s)", base), ("velocity+hazard frame (s)", new), ("ratio", ratios)):
        print(f"{name}: median {statistics.median(values):.3f} ({min(values):.3f}-{max(values):.3f})")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(sys.argv[2:3] or ["extrem"]), *[int(a) for a in sys.argv[3:4]])
