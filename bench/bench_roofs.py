"""Spike: how to draw ~10,000 LoD2 buildings so that each can be recoloured and picked on its own.

Synthetic gabled houses (12 × 9 m, eaves 6 m, ridge 10 m, on a 100 × 100 grid, each turned a
little) are drawn by deck.gl (the pydeck wheel's bundle, ``window.deck``) in headless Chromium under
SwiftShader, in four ways:

``boxes``      the baseline, as the map draws buildings today: one extruded footprint per house
               (PolygonLayer, ``extruded``), JSON records.
``surfaces``   LoD2 surfaces: 2 roof faces, 2 eaves walls, 2 gable walls per house as 3D polygons
               in a SolidPolygonLayer (``_full3d``, not extruded), JSON records with the house id
               and a shade per face (baked from the face normal); colour = f(house) × shade.
``surfaces-x`` the same surfaces in one layer with ``extruded: true`` and elevation 0 (so boxes of
               houses without LoD2 could share the layer): deck.gl adds zero-height side walls.
``binary``     the same surfaces as binary attributes (one Float64Array of positions, start
               indices, a feature id per surface): no JSON parse; colour via accessor by index.

Each repeat opens a fresh page and measures the first frame (data fetched, parsed, tessellated,
uploaded and drawn: from page script start to the first after-render with the layer loaded), then
recolours every house 3 times (a new colour per house via ``updateTriggers``: input → next frame)
and picks one house at a pixel (the picked object's house id). Variants are interleaved, order
alternating. Results to stdout and ``bench/results/roofs-spike.md``.

    .venv/bin/python bench/bench_roofs.py --repeats 3
"""

from __future__ import annotations

import argparse
import http.server
import json
import math
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

RESULTS = REPO / "bench" / "results"
VARIANTS = ("boxes", "surfaces", "surfaces-x", "binary")
BINARY_FILES = ("positions.bin", "starts.bin", "fids.bin", "shades.bin")
LON0, LAT0 = 7.0, 51.0
M_PER_DEG_LAT = 111_320.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(LAT0))
SUN = np.array([-0.5, -0.6, 0.62])  # towards the light: from the south-west, high


def houses(count: int, *, seed: int = 7) -> list[dict]:
    """Gabled houses on a grid: centre (m), turn (rad), half length / width (m), eave and ridge (m)."""
    rng = np.random.default_rng(seed)
    side = int(math.ceil(math.sqrt(count)))
    out = []
    for k in range(count):
        out.append({"x": (k % side) * 20.0, "y": (k // side) * 20.0, "turn": float(rng.uniform(-0.4, 0.4)),
                    "a": 6.0, "b": 4.5, "eave": 6.0, "ridge": 10.0})
    return out


def _lonlat(points: np.ndarray) -> list[list[float]]:
    return [[round(LON0 + x / M_PER_DEG_LON, 7), round(LAT0 + y / M_PER_DEG_LAT, 7), round(z, 2)]
            for x, y, z in points]


def shade_of(ring: np.ndarray) -> float:
    """Lambert shade (0.55–1) of a planar 3D ring (m) lit from ``SUN`` (ambient 0.55)."""
    normal = np.zeros(3)
    for p, q in zip(ring, np.roll(ring, -1, axis=0)):   # Newell's method
        normal += [(p[1] - q[1]) * (p[2] + q[2]), (p[2] - q[2]) * (p[0] + q[0]), (p[0] - q[0]) * (p[1] + q[1])]
    normal /= np.linalg.norm(normal) or 1.0
    return round(0.55 + 0.45 * max(0.0, float(abs(normal @ SUN / np.linalg.norm(SUN)))), 3)


def house_surfaces(h: dict) -> list[np.ndarray]:
    """Roof faces and walls of one gabled house (rings of (x, y, z) in m)."""
    c, s = math.cos(h["turn"]), math.sin(h["turn"])

    def at(u: float, v: float, z: float) -> list[float]:
        return [h["x"] + u * c - v * s, h["y"] + u * s + v * c, z]

    a, b, e, r = h["a"], h["b"], h["eave"], h["ridge"]
    return [np.array(ring) for ring in (
        [at(-a, 0, r), at(a, 0, r), at(a, b, e), at(-a, b, e)],          # roof, one side
        [at(-a, -b, e), at(a, -b, e), at(a, 0, r), at(-a, 0, r)],        # roof, other side
        [at(-a, b, 0), at(a, b, 0), at(a, b, e), at(-a, b, e)],          # eaves walls
        [at(-a, -b, 0), at(a, -b, 0), at(a, -b, e), at(-a, -b, e)],
        [at(a, -b, 0), at(a, b, 0), at(a, b, e), at(a, 0, r), at(a, -b, e)],   # gable walls
        [at(-a, -b, 0), at(-a, b, 0), at(-a, b, e), at(-a, 0, r), at(-a, -b, e)],
    )]


def write_data(folder: Path, count: int) -> dict[str, int]:
    """The data files of each variant; returns their sizes (bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    boxes, surfaces, positions, starts, fids, shades = [], [], [], [0], [], []
    for i, h in enumerate(houses(count)):
        rings = house_surfaces(h)
        foot = np.array([[p[0], p[1], 0.0] for p in (rings[2][0], rings[2][1], rings[3][1], rings[3][0])])
        boxes.append({"i": i, "p": _lonlat(foot), "h": h["ridge"]})
        for ring in rings:
            shade = shade_of(ring)
            surfaces.append({"i": i, "p": _lonlat(ring), "s": shade})
            positions.extend(v for point in _lonlat(ring) for v in point)
            starts.append(starts[-1] + len(ring))
            fids.append(i)
            shades.append(shade)
    (folder / "boxes.json").write_text(json.dumps(boxes, separators=(",", ":")))
    (folder / "surfaces.json").write_text(json.dumps(surfaces, separators=(",", ":")))
    (folder / "positions.bin").write_bytes(np.array(positions, dtype="<f8").tobytes())
    (folder / "starts.bin").write_bytes(np.array(starts, dtype="<u4").tobytes())
    (folder / "fids.bin").write_bytes(np.array(fids, dtype="<u4").tobytes())
    (folder / "shades.bin").write_bytes(np.array(shades, dtype="<f4").tobytes())
    (folder / "index.html").write_text(PAGE)
    bundle = Path(__import__("pydeck").__file__).parent / "nbextension" / "static" / "index.js"
    (folder / "deck.js").write_bytes(bundle.read_bytes())
    return {"boxes": (folder / "boxes.json").stat().st_size,
            "surfaces": (folder / "surfaces.json").stat().st_size,
            "binary": sum((folder / f).stat().st_size for f in BINARY_FILES)}


PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>html,body,#map{margin:0;width:100%;height:100%;overflow:hidden}</style></head>
<body><div id="map"></div><script>window.t0 = performance.now();</script>
<script src="deck.js"></script><script>
"use strict";
const query = new URLSearchParams(location.search);
const variant = query.get("v"), half = Number(query.get("half"));
const D = window.deck;
const state = { firstFrame: null, frames: 0, loaded: false, palette: 0 };
function colourOf(i) {   // a colour per house, changed by each recolour
  const k = (i * 2654435761 + state.palette * 97) >>> 0;
  return [60 + (k % 180), 60 + ((k >> 8) % 180), 60 + ((k >> 16) % 180)];
}
function shaded(c, s) { return [c[0] * s, c[1] * s, c[2] * s, 255]; }
async function binaryData() {
  const get = (f) => fetch(f).then((r) => r.arrayBuffer());
  const files = ["positions.bin", "starts.bin", "fids.bin", "shades.bin"];
  const [pos, starts, fids, shades] = await Promise.all(files.map(get));
  const s = new Uint32Array(starts);
  return { length: s.length - 1, startIndices: s, fid: new Uint32Array(fids), shade: new Float32Array(shades),
           attributes: { getPolygon: { value: new Float64Array(pos), size: 3 } } };
}
function layer(data) {
  const common = { id: "b", data: data, pickable: true, updateTriggers: { getFillColor: state.palette } };
  if (variant === "boxes") return new D.PolygonLayer(Object.assign(common, {
    getPolygon: (d) => d.p, getElevation: (d) => d.h, getFillColor: (d) => colourOf(d.i),
    extruded: true, stroked: false }));
  if (variant === "binary") return new D.SolidPolygonLayer(Object.assign(common, {
    _full3d: true, extruded: false,
    getFillColor: (_, info) => shaded(colourOf(data.fid[info.index]), data.shade[info.index]) }));
  return new D.SolidPolygonLayer(Object.assign(common, {
    getPolygon: (d) => d.p, getFillColor: (d) => shaded(colourOf(d.i), d.s), _full3d: true,
    extruded: variant === "surfaces-x", getElevation: 0 }));
}
let data = null;
const deckgl = new D.Deck({
  parent: document.getElementById("map"),
  initialViewState: { longitude: 7.0 + half / 70070, latitude: 51.0 + half / 111320, zoom: 15.2, pitch: 50,
                      bearing: 20 },
  controller: true, layers: [],
  onAfterRender: function () {
    state.frames += 1;
    const l = deckgl.props.layers[0];
    if (l && l.isLoaded && state.firstFrame === null) { state.firstFrame = performance.now() - window.t0; }
    if (window.frameWaiter) { const w = window.frameWaiter; window.frameWaiter = null; w(performance.now()); }
  },
});
(async function () {
  if (variant === "binary") data = await binaryData();
  else data = await fetch(variant === "boxes" ? "boxes.json" : "surfaces.json").then((r) => r.json());
  deckgl.setProps({ layers: [layer(data)] });
})();
window.recolour = function () {
  // New colours for every house, drawn at once (redraw) and waited for (readPixels blocks until the
  // GPU process has drawn): input -> frame on screen, without waiting for the next animation frame.
  state.palette += 1;
  const t = performance.now();
  deckgl.setProps({ layers: [layer(data)] });
  deckgl.redraw("recolour");
  const gl = deckgl.device.gl;
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  return performance.now() - t;
};
window.pickAt = function (x, y) {
  const info = deckgl.pickObject({ x: x, y: y, radius: 2 });
  if (!info || info.index < 0) return null;
  return variant === "binary" ? data.fid[info.index] : info.object.i;
};
window.spikeState = state;
</script></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on 127.0.0.1:``port`` from a thread (stop it with ``shutdown()``)."""
    handler = lambda *a, **k: _Quiet(*a, directory=str(folder), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def one_run(browser, url: str, variant: str, *, half_m: float, recolours: int = 5,
            screenshot: Path | None = None) -> dict:
    """One fresh page of ``variant``: first frame (ms), ``recolours`` recolour times (ms), a pick, the JS heap."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{url}/index.html?v={variant}&half={half_m}")
        page.wait_for_function("() => window.spikeState && window.spikeState.firstFrame !== null",
                               timeout=600_000, polling=200)
        first = page.evaluate("() => window.spikeState.firstFrame")
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        recolour = [page.evaluate("() => window.recolour()") for _ in range(recolours)]
        picked = page.evaluate("() => window.pickAt(683, 384)")
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        return {"first_ms": first, "recolour_ms": recolour, "picked": picked, "heap_mb": (heap or 0) / 1e6}
    finally:
        page.close()


def spread(values: list[float]) -> str:
    """Median (min–max) of ``values``."""
    if len(values) == 1:
        return f"{values[0]:.0f}"
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def main() -> None:
    """Run the variants interleaved and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="houses")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=8181)
    parser.add_argument("--folder", type=Path, default=REPO / "build" / "roofs-spike")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    variants = args.variants.split(",")
    sizes = write_data(args.folder, args.count)
    server = serve(args.folder, args.port)
    url = f"http://127.0.0.1:{args.port}"
    results: dict[str, list[dict]] = {v: [] for v in variants}
    load_before = os.getloadavg()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for r in range(args.repeats):
                order = variants if r % 2 == 0 else variants[::-1]
                for v in order:
                    shot = RESULTS / f"roofs-spike-{v}.png" if r == 0 else None
                    results[v].append(one_run(browser, url, v, half_m=10.0 * math.ceil(math.sqrt(args.count)),
                                              screenshot=shot))
                    print(v, results[v][-1], flush=True)
            browser.close()
    finally:
        server.shutdown()
    load_after = os.getloadavg()
    base = statistics.median(x["first_ms"] for x in results[variants[0]])
    lines = [f"# Roofs spike: {args.count:,} gabled houses, SwiftShader, 1366×768",
             "", f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, "
             f"{os.cpu_count()} cores, load average {load_before[0]:.1f} before / {load_after[0]:.1f} after; "
             f"{args.repeats} interleaved repeats, median (min–max).", "",
             "| variant | data (MB) | first frame (ms) | vs boxes | recolour → frame (ms) | pick → house id "
             "| JS heap (MB) |",
             "|---|---|---|---|---|---|---|"]
    for v in variants:
        runs = results[v]
        first = [x["first_ms"] for x in runs]
        recolour = [y for x in runs for y in x["recolour_ms"]]
        size = sizes.get(v, sizes["surfaces"]) / 1e6
        lines.append(f"| {v} | {size:.2f} | {spread(first)} | {statistics.median(first) / base:.2f}× | "
                     f"{spread(recolour)} | {runs[-1]['picked']} | "
                     f"{statistics.median(x['heap_mb'] for x in runs):.0f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "roofs-spike.md").write_text(text)


if __name__ == "__main__":
    main()
