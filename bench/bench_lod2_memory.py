"""Peak memory of importing LoD2 tiles: a folder of N tiles against one tile (issue 17).

Each measurement runs in a fresh interpreter (``resource.getrusage(...).ru_maxrss``, KiB) and
reads the buildings of a city whose ``[inputs.buildings]`` is one tile or a folder of tiles, the
way a build does (``layers.importers._raw_frame``). A run that imports the same modules but
reads nothing is the baseline subtracted from both. Cases are interleaved (one of each per
repeat) and the median and spread (min–max) are reported.

Tiles: copies of a real state tile (default: the NRW tile in ``/work/shared/data/lod2``) with
their ids renamed per copy, so no building is dropped as a duplicate.

    python bench/bench_lod2_memory.py [--tile FILE] [--tiles 16] [--repeat 3] [--code DIR]

``--code DIR`` measures another checkout of the code (e.g. the version before issue 17).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_TILE = Path("/work/shared/data/lod2/LoD2_32_327_5733_1_NW.gml")

MEASURE = """
import json, resource, sys, time
from layers.config import load_config
from layers.importers import _raw_frame
from layers.importers.options import input_options
config = load_config(sys.argv[1])
start = time.perf_counter()
rows = 0
if sys.argv[2] == "read":
    result = _raw_frame(input_options(config, "buildings"))
    rows = len(result[0])
seconds = time.perf_counter() - start
print(json.dumps({"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "rows": rows,
                  "seconds": seconds}))
"""


def _copies(tile: Path, folder: Path, count: int) -> None:
    """``count`` copies of ``tile`` whose building, part and surface ids are unique per copy."""
    text = tile.read_text(encoding="utf-8")
    for k in range(count):
        renamed = re.sub(r'gml:id="([^"]+)"', rf'gml:id="T{k:02d}_\1"', text)
        renamed = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#T{k:02d}_\1"', renamed)
        (folder / f"{tile.stem}_copy{k:02d}.gml").write_text(renamed, encoding="utf-8")


def _city(root: Path, name: str, buildings: str) -> Path:
    city = root / name
    city.mkdir()
    (city / "roads.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    (city / "city.toml").write_text(f'[city]\nname = "{name}"\ncrs = "EPSG:25832"\n[inputs]\nroads = "roads.geojson"\n'
                                    f'[inputs.buildings]\npath = "{buildings}"\nformat = "citygml"\n')
    return city


def _run(code: Path, city: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(city), mode], cwd=code, capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Measure one tile against a folder of tiles; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tile", type=Path, default=DEFAULT_TILE)
    parser.add_argument("--tiles", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lod2-memory-") as tmp:
        root = Path(tmp)
        folder = root / "folder" / "lod2"
        folder.mkdir(parents=True)
        _copies(args.tile, folder, args.tiles)
        one = _city(root, "one", str(sorted(folder.iterdir())[0]))
        many = _city(root, "many", str(folder))
        results: dict[str, list[dict]] = {"baseline": [], "one tile": [], f"{args.tiles} tiles": []}
        for _ in range(args.repeat):
            results["baseline"].append(_run(args.code, one, "none"))
            results["one tile"].append(_run(args.code, one, "read"))
            results[f"{args.tiles} tiles"].append(_run(args.code, many, "read"))
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    base = statistics.median(r["peak_kib"] for r in results["baseline"]) / 1024
    print(
        f"code: {args.code}\ntile: {args.tile.name} ({args.tile.stat().st_size / 1e6:.1f} MB), folder {size_mb:.1f} MB"
    )
    print("| case | rows | peak RSS (MiB, median; min–max) | above baseline (MiB) | read time (s, median) |")
    print("|---|---|---|---|---|")
    above = {}
    for case, runs in results.items():
        peaks = [r["peak_kib"] / 1024 for r in runs]
        above[case] = statistics.median(peaks) - base
        print(f"| {case} | {runs[0]['rows']} | {statistics.median(peaks):.0f}; {min(peaks):.0f}–{max(peaks):.0f} | "
              f"{above[case]:.0f} | {statistics.median(r['seconds'] for r in runs):.2f} |")
    ratio = above[f"{args.tiles} tiles"] / max(above["one tile"], 1e-9)
    print(f"\n{args.tiles} tiles / one tile, above baseline: {ratio:.2f}× (data on disk: {args.tiles}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
