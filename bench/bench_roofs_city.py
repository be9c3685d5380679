"""Profile a whole generated city drawn with roofs: parse, tessellate, bytes, upload and draw.

Run: ``.venv/bin/python bench/bench_roofs_city.py --city build/city10k [--fractions 0.125,0.25,0.5,1]``
after ``python -m sample_city.generate --out build/city10k --extent-m 10000 --resolution-m 5``.

**Build side (Python)**, as a build does it: *parse* = ``import_inputs`` of the city's buildings
and DEM (the other inputs left out), *faces* = ``layers.roofs.surface_records`` (pitched roofs and
walls made from the footprints, shaded), *write* = the JSON and its gzip twin
(``layers.web.write_json``), the rest of ``buildings_layer`` (heights, ground, display
simplification, attribute table) as *other*; then the bytes of ``buildings.json`` raw and gzip.

**Browser side**, headless Chromium with **SwiftShader** (software WebGL, as on this machine),
1366×768, the pydeck wheel's deck.gl, the viewer's own face transform (``assets/02-faces.js``
flattening), a SolidPolygonLayer with ``_full3d`` as the map draws it: for the first ``fraction``
of the records, written to a file of their own (so the cost per building shows, and what one
streamed tile of a whole city would cost), a fresh page measures *fetch* (the file over the
loopback, not compressed), *parse* (``JSON.parse``),
*flatten* (records → one object per face), *tessellate* (the layer's ``updateGeometry``: deck.gl's
polygon tessellation of every face), *attributes* (deck.gl's ``Update Attributes`` timer: vertex
attributes computed and written to GPU buffers, i.e. the upload), the *first frame* (setProps →
first frame drawn, waited for with ``readPixels``, which returns once the GPU process has drawn),
a *redraw* of the unchanged layer (draw alone, also waited for), the JS heap and the bytes of the
layer's attribute arrays (what goes to the GPU). Results to stdout and
``bench/results/roofs-city.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_roofs import serve  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

RESULTS = REPO / "bench" / "results"


def build_side(city: Path, out: Path) -> dict[str, float]:
    """Time the buildings step of a build on ``city`` (seconds, bytes, counts)."""
    import layers.base_layers as base
    from layers.config import load_config
    from layers.importers import import_inputs

    timers = {"faces": 0.0, "write": 0.0}

    def timed(name, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timers[name] += time.perf_counter() - started
        return run

    config = load_config(city)
    config = dataclasses.replace(config, inputs={k: v for k, v in config.inputs.items() if k in ("dem", "buildings")})
    started = time.perf_counter()
    imported = import_inputs(config)
    parse = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    base.surface_records = timed("faces", base.surface_records)
    base.write_json = timed("write", base.write_json)
    started = time.perf_counter()
    entry = base.buildings_layer(imported.layers["buildings"], imported.dem, imported.config.crs, out)
    step = time.perf_counter() - started
    raw = (out / "buildings.json").stat().st_size
    packed = (out / "buildings.json.gz").stat().st_size if (out / "buildings.json.gz").is_file() \
        else len(gzip.compress((out / "buildings.json").read_bytes(), 6))
    records = json.loads((out / "buildings.json").read_text(encoding="utf-8"))
    faces = sum(len(r["f"]) for r in records)
    return {"buildings": entry["count"], "parts": len(records), "faces": faces, "parse_s": parse,
            "faces_s": timers["faces"], "write_s": timers["write"],
            "other_s": step - timers["faces"] - timers["write"], "raw_bytes": raw, "gzip_bytes": packed,
            "roofs": entry["stats"].get("roofs")}


PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>html,body,#map{margin:0;width:100%;height:100%;overflow:hidden}</style></head>
<body><div id="map"></div><script src="deck.js"></script>
<script>window.urbanTwin = {};</script><script src="02-faces.js"></script><script>
"use strict";
const query = new URLSearchParams(location.search);
const D = window.deck, faces = window.urbanTwin.faces;
const out = { done: false };
let tessellate = 0;
const update = D.SolidPolygonLayer.prototype.updateGeometry;
D.SolidPolygonLayer.prototype.updateGeometry = function () {
  const t = performance.now();
  try { return update.apply(this, arguments); } finally { tessellate += performance.now() - t; }
};
function waitFrame() { return new Promise((resolve) => { window.frameWaiter = resolve; }); }
const deckgl = new D.Deck({
  parent: document.getElementById("map"),
  initialViewState: { longitude: Number(query.get("lon")), latitude: Number(query.get("lat")), zoom: 14 },
  controller: false, layers: [],
  onAfterRender: function () {
    if (window.frameWaiter) { const w = window.frameWaiter; window.frameWaiter = null; w(performance.now()); }
  },
});
(async function () {
  await waitFrame();   // the empty map drawn: the WebGL context is up
  let t = performance.now();
  const text = await fetch(query.get("file")).then((r) => r.text());
  out.fetch_ms = performance.now() - t;
  t = performance.now();
  const records = JSON.parse(text);
  out.parse_ms = performance.now() - t;
  out.parts = records.length;
  let west = 180, east = -180, south = 90, north = -90;   // look at the records drawn
  records.forEach(function (record) {
    const first = record.f[0][0], point = Array.isArray(first[0]) ? first[0] : first;
    west = Math.min(west, point[0]); east = Math.max(east, point[0]);
    south = Math.min(south, point[1]); north = Math.max(north, point[1]);
  });
  const fitted = new D.WebMercatorViewport({ width: innerWidth, height: innerHeight })
    .fitBounds([[west, south], [east, north]], { padding: 20 });
  deckgl.setProps({ initialViewState: { longitude: fitted.longitude, latitude: fitted.latitude,
                                        zoom: fitted.zoom, pitch: 45, bearing: -20 } });
  t = performance.now();
  const flat = faces.props().dataTransform(records);
  out.flatten_ms = performance.now() - t;
  out.faces = flat.length;
  const before = deckgl.stats.get("Update Attributes").time;
  t = performance.now();
  deckgl.setProps({ layers: [new D.SolidPolygonLayer({ id: "buildings", data: flat, _full3d: true,
    extruded: false, pickable: true, getPolygon: (d) => d.p, getFillColor: (d) => faces.shade(d.c, d) })] });
  await waitFrame();
  const gl = deckgl.device.gl;
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));   // until the GPU process has drawn it
  out.first_frame_ms = performance.now() - t;
  out.tessellate_ms = tessellate;
  out.attributes_ms = deckgl.stats.get("Update Attributes").time - before;
  const attributes = deckgl.layerManager.getLayers()[0].getAttributeManager().getAttributes();
  out.attribute_mb = Object.values(attributes).reduce((sum, a) => sum + (a.value && a.value.byteLength || 0), 0) / 1e6;
  const draws = [];
  for (let k = 0; k < 3; k++) {
    t = performance.now();
    deckgl.redraw("bench");
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    draws.push(performance.now() - t);
  }
  draws.sort((a, b) => a - b);
  out.draw_ms = draws[1];
  out.heap_mb = performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null;
  out.done = true;
})().catch((e) => { out.error = String(e && e.stack || e); out.done = true; });
window.profile = out;
</script></body></html>
"""


def browser_side(folder: Path, fractions: list[float], *, port: int, centre: tuple[float, float],
                 repeats: int) -> list[dict]:
    """One fresh page per fraction and repeat (fractions interleaved); the page's figures."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    bundle = Path(__import__("pydeck").__file__).parent / "nbextension" / "static" / "index.js"
    (folder / "deck.js").write_bytes(bundle.read_bytes())
    (folder / "02-faces.js").write_bytes((REPO / "assets" / "02-faces.js").read_bytes())
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    records = json.loads((folder / "buildings.json").read_text(encoding="utf-8"))
    files = {}
    for fraction in fractions:   # the first parts of the city, as one streamed tile of that size would be
        files[fraction] = f"buildings-{fraction:g}.json"
        (folder / files[fraction]).write_text(json.dumps(records[:round(len(records) * fraction)],
                                                         separators=(",", ":")), encoding="utf-8")
    del records
    server = serve(folder, port)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS,
                                                                        "--enable-precise-memory-info"])
            for r in range(repeats):
                for fraction in (fractions if r % 2 == 0 else fractions[::-1]):
                    page = browser.new_page(viewport={"width": 1366, "height": 768})
                    crashed = []
                    page.on("crash", lambda *_, seen=crashed: seen.append(True))
                    load = os.getloadavg()[0]
                    try:
                        page.goto(f"http://127.0.0.1:{port}/index.html?file={files[fraction]}"
                                  f"&lon={centre[0]}&lat={centre[1]}")
                        page.wait_for_function("() => window.profile && window.profile.done", timeout=1_800_000,
                                               polling=500)
                        row = page.evaluate("() => window.profile")
                        if r == 0 and fraction == fractions[-1]:
                            page.screenshot(path=str(RESULTS / "roofs-city.png"))
                    except PlaywrightError as err:   # a tab that runs out of memory crashes: that is a result
                        row = {"error": f"{'page crashed' if crashed else type(err).__name__}: {str(err)[:200]}"}
                    finally:
                        page.close()
                    row.update(fraction=fraction, repeat=r + 1, load=load)
                    print(json.dumps(row), flush=True)
                    rows.append(row)
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> None:
    """Profile the build side, then the browser side; write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "roofs-city")
    parser.add_argument("--fractions", default="0.0625,0.25,1")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--skip-build", action="store_true", help="reuse the buildings.json in --out")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    built = None if args.skip_build else build_side(args.city, args.out)
    if built is not None:
        print(json.dumps(built), flush=True)
        (args.out / "build-side.json").write_text(json.dumps(built), encoding="utf-8")
    else:
        built = json.loads((args.out / "build-side.json").read_text(encoding="utf-8"))
    view = __import__("tomllib").loads((args.city / "city.toml").read_text(encoding="utf-8"))["view"]
    rows = browser_side(args.out, [float(f) for f in args.fractions.split(",")], port=args.port,
                        centre=(view["longitude"], view["latitude"]), repeats=args.repeats)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "roofs-city.json").write_text(json.dumps({"build": built, "browser": rows}, indent=1),
                                            encoding="utf-8")
    lines = [f"# Roofs of a whole generated city: {args.city.name}",
             "", f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, {os.cpu_count()} "
             f"cores, load average {load:.1f} at the start; Chromium with SwiftShader.", "",
             "Build side: " + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
                                        for k, v in built.items()), "",
             "| fraction | repeat | parts | faces | MB | fetch | parse | flatten | tessellate | attributes (upload) | "
             "first frame | redraw | JS heap (MB) | attribute arrays (MB) | load |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        if "error" in row:
            lines.append(f"| {row['fraction']} | {row['repeat']} | {row['error']} ||||||||||||{row['load']:.1f} |")
            continue
        ms = [f"{row[k] / 1000:.1f} s" for k in ("fetch_ms", "parse_ms", "flatten_ms", "tessellate_ms",
                                                  "attributes_ms", "first_frame_ms", "draw_ms")]
        size = (args.out / f"buildings-{row['fraction']:g}.json").stat().st_size / 1e6
        lines.append(f"| {row['fraction']} | {row['repeat']} | {row['parts']:,} | {row['faces']:,} | {size:.1f} | "
                     + " | ".join(ms) + f" | {row['heap_mb'] or 0:.0f} | {row['attribute_mb']:.0f} | "
                     f"{row['load']:.1f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    (RESULTS / "roofs-city.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
