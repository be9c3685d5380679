"""A footprint of 1,000,001 vertices: bytes and first frame with display simplification vs without.

Run: ``.venv/bin/python bench/bench_display_geometry.py [--runs 5] [--port 8110]`` (needs the test
extras and Debian chromium). The tiny test city (tests/tiny_city.py) gets building B001 digitised
with 1,000,001 vertices (its 40 m × 35 m rectangle, a vertex every 0.15 mm) and is built once with
this code (``layers.display_geometry``). The baseline is the same build folder with B001 written as
the build wrote it before display simplification: every vertex, rounded to 6 decimals. Both are
served by gunicorn at once and opened alternately in headless Chromium (offline, 1366×768,
SwiftShader); the figures are ``window.urbanTwin.firstFrameAt`` (first frame with every visible
layer loaded, ms since navigation) and the bytes of buildings.json. Not a test: the table goes to
stdout and bench/results/display-geometry.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_viewer import fetch_sizes  # noqa: E402

from layers import build_city  # noqa: E402
from layers.web import to_lonlat, write_json  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, gunicorn_server, offline_context, wait_for_map  # noqa: E402
from tests.tiny_city import CRS, X0, Y0, buildings_frame, write_tiny_city  # noqa: E402

VERTICES = 1_000_001
RESULTS = REPO / "bench" / "results" / "display-geometry.md"


def footprint() -> shapely.Polygon:
    """Building B001's rectangle with 1,000,001 vertices."""
    rectangle = shapely.box(X0 + 60, Y0 + 60, X0 + 100, Y0 + 95)
    return shapely.segmentize(rectangle, 150.0 / (VERTICES - 2))


def unsimplified_records(build: Path, polygon) -> None:
    """Rewrite B001 in buildings.json (and its gzip twin) with every vertex, as before simplification."""
    records = json.loads((build / "buildings.json").read_text(encoding="utf-8"))
    coords = shapely.get_coordinates(polygon.exterior)
    lon, lat = to_lonlat(coords[:, 0], coords[:, 1], CRS)
    for record in records:
        if record["i"] == "B001":
            z = record["p"][0][2]
            record["p"] = np.column_stack([lon, lat, np.full(len(lon), z)]).tolist()
    write_json(build / "buildings.json", records)


# First frame (ms since navigation) and when buildings.json had arrived (responseEnd): their
# difference is the time deck.gl spent on the data (parse, tessellate, draw), without Dash's boot.
TIMING_JS = """() => { const r = performance.getEntriesByType('resource').find(e => e.name.includes('buildings.json'));
                      return [window.urbanTwin.firstFrameAt, r ? r.responseEnd : null]; }"""


def first_frame_ms(browser, url: str) -> tuple[float, float]:
    """(first frame, first frame − arrival of buildings.json), ms."""
    context, _ = offline_context(browser, width=1366, height=768)
    page = context.new_page()
    page.goto(url + "/")
    wait_for_map(page, timeout_ms=600_000)
    first, arrived = page.evaluate(TIMING_JS)
    context.close()
    return float(first), float(first - arrived)


def main() -> None:
    """Serve both builds and open them alternately; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8110, help="the first of two ports")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-geometry-") as tmp:
        city = write_tiny_city(Path(tmp) / "city")
        frame = buildings_frame()
        polygon = footprint()
        frame.loc[0, "geometry"] = polygon
        frame.to_file(city / "buildings.fgb", driver="FlatGeobuf")
        ours_root = Path(tmp) / "ours"
        build = build_city(city, build_root=ours_root, progress=False)
        base_root = Path(shutil.copytree(ours_root, Path(tmp) / "baseline", symlinks=True))
        unsimplified_records((base_root / "tiny-town").resolve(), polygon)
        figures: dict[str, dict] = {"ours": {"ms": [], "data_ms": []}, "baseline": {"ms": [], "data_ms": []}}
        with gunicorn_server(city, ours_root, port=args.port) as ours, \
                gunicorn_server(city, base_root, port=args.port + 1) as baseline, sync_playwright() as playwright:
            urls = {"ours": ours, "baseline": baseline}
            prefix = f"/artifacts/{build.manifest['build']['input_hash'][:12]}/buildings.json"
            for name, url in urls.items():
                figures[name]["bytes"] = fetch_sizes(url + prefix)
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs):
                order = ("ours", "baseline") if run % 2 == 0 else ("baseline", "ours")
                for name in order:
                    first, data = first_frame_ms(browser, urls[name])
                    figures[name]["ms"].append(first)
                    figures[name]["data_ms"].append(data)
            browser.close()
    lines = [
        f"1,000,001-vertex footprint (tiny city), {args.runs} interleaved runs, headless Chromium + SwiftShader",
        "",
        "| | buildings.json raw | gzip | first frame, median (min–max) | data → first frame, median (min–max) |",
        "|---|---|---|---|---|",
    ]

    def spread(values: list[float]) -> str:
        return f"{statistics.median(values) / 1000:.1f} s ({min(values) / 1000:.1f}–{max(values) / 1000:.1f})"

    for name in ("baseline", "ours"):
        raw, gz = figures[name]["bytes"]
        lines.append(f"| {name} | {raw / 1e6:.3f} MB | {gz / 1e6:.3f} MB | {spread(figures[name]['ms'])} | "
                     f"{spread(figures[name]['data_ms'])} |")
    ratio = statistics.median(figures["ours"]["ms"]) / statistics.median(figures["baseline"]["ms"])
    data_ratio = statistics.median(figures["ours"]["data_ms"]) / statistics.median(figures["baseline"]["data_ms"])
    lines += [
        "",
        f"bytes ours/baseline: {figures['ours']['bytes'][0] / figures['baseline']['bytes'][0]:.5f} raw; "
        f"first frame ours/baseline: {ratio:.2f}; data → first frame ours/baseline: {data_ratio:.2f}",
        "",
        "raw first frames (ms): " + json.dumps({k: [round(v) for v in f["ms"]] for k, f in figures.items()}),
        "raw data → first frame (ms): " + json.dumps({k: [round(v) for v in f["data_ms"]] for k, f in figures.items()}),
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
