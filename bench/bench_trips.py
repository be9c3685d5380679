"""Moving vehicles: main-thread ms per frame with ~10,000 vehicles against a static frame; bytes.

Run: ``TWIN_BUILD_ROOT=build .venv/bin/python bench/bench_trips.py [--vehicles 10000] [--frames 12]``
(the sample city's build with its trips files; headless Debian Chromium with **SwiftShader**).

The sample city's afternoon peak holds a few hundred vehicles at a time (one dot per modelled
vehicle); for 10,000 the bench lays k copies of the slice's trips over the cycle, each shifted by
a random time (a superposition of independent samples: the same cost per vehicle as k × the
demand) and draws them with ``twin.trips.draw``. Interleaved repeats of
  - static: vehicles shown, clock paused, a redraw forced every animation frame;
  - moving: the clock playing (1×), so every frame moves the vehicles;
  - empty: the vehicles hidden, a redraw forced every frame (the map alone);
each measuring deck.gl's render on the main thread (onBeforeRender → onAfterRender, ms) and the
interval between frames, over ``--frames`` frames (at most ``--seconds``): under SwiftShader a
frame with 10,000 vehicles takes 15-60 s, so a fixed measuring time of a few seconds caught no
frame and the bench's next step waited minutes for the last one (the "stall" of earlier runs).
``gl.finish`` after each frame is timed apart; in Chromium it returned within 0.2 ms, i.e. it
does not wait for SwiftShader. The vertices handed to deck.gl (the window of 13-trips.js) and of
the whole slice are printed.
Also: the trips artifacts' bytes (raw and gzip), the toggle (buildings off/on: input → layers
handed to deck.gl) and the kiosk's idle reset (startAttract → returned) with the vehicles moving
and without. Nothing here is a test assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from layers.settings import build_root
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, gunicorn_server, offline_context, wait_for_map, wait_settled

LAYER = "traffic_basis_trips"
SLICE = "nachmittag"
RESULTS = Path(__file__).resolve().parent / "results"

MEASURE = """async ([mode, frames, ms]) => {
  const s = window.urbanTwin, deck = s.deck, after = deck.props.onAfterRender, before = deck.props.onBeforeRender;
  const gl = deck.device && deck.device.gl;
  if (gl) gl.finish();   // drain what earlier modes left in the GPU process before timing this one
  const draws = [], gaps = [], gpu = []; let begin = null, last = null, run = true;
  const t0 = performance.now();
  deck.setProps({ onBeforeRender: () => { begin = performance.now(); },
                  onAfterRender: (ctx) => {
                    const end = performance.now();
                    if (begin !== null) draws.push(end - begin);
                    if (gl) { gl.finish(); gpu.push(performance.now() - end); }   // no frame queues behind
                    begin = null; after(ctx); } });
  if (mode === "moving") s.clock.play({ speed: 1, range: null, loop: false, by: "bench" });
  await new Promise(done => {
    function frame(now) {
      if (!run) return;
      if (last !== null) gaps.push(now - last);
      last = now;
      if (draws.length >= frames || now - t0 > ms) { run = false; done(); return; }
      if (mode !== "moving") deck.redraw("bench");
      requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  });
  s.clock.pause();
  deck.setProps({ onBeforeRender: before, onAfterRender: after });
  if (gl) gl.finish();
  return { draws, gaps, gpu, elapsed: performance.now() - t0 };
}"""


def trips_bytes(folder: Path) -> dict:
    """Bytes of the trips artifacts (raw, gzip twins, the link paths' gzip) and the number of runs."""
    raw = sum(p.stat().st_size for p in folder.glob("traffic_trips_*.json"))
    gz = sum(p.stat().st_size for p in folder.glob("traffic_trips_*.json.gz"))
    links = (folder / "traffic_trips_links.json.gz").stat().st_size
    runs = len(list(folder.glob("traffic_trips_*.json"))) - 1
    return {"raw": raw, "gzip": gz, "links_gzip": links, "runs": runs}


def active(trips: list, times: list, cycle: float, t: float) -> int:
    """Vehicles on the network at time t of the cycle (a trip past the cycle's end also counts one earlier)."""
    count = 0
    for trip in trips:
        start = trip[0] / 10
        end = start + sum(times[k] for k in trip[1:]) / 10
        count += any(start <= t + k * cycle < end for k in range(int(end // cycle) + 1))
    return count


def scaled(payload: dict, copies: int, seed: int = 1) -> dict:
    """``copies`` copies of a run's trips, each shifted by a random time within the cycle."""
    rng = np.random.default_rng(seed)
    cycle = payload["cycle_s"]
    trips = []
    for _ in range(copies):
        shift = int(rng.uniform(0, cycle * 10))
        trips += [[(t[0] + shift) % int(cycle * 10)] + t[1:] for t in payload["trips"]]
    return {**payload, "trips": trips}


STATE = """() => { const s = window.urbanTwin;
  return { loaded: s.loaded, sinceFrame_ms: performance.now() - s.lastRenderAt, frames: s.frames,
           playing: s.clock.playing, attract: Boolean(s.kiosk && s.kiosk.attract),
           contextLost: Boolean(s.deck.device && s.deck.device.gl && s.deck.device.gl.isContextLost()),
           unloaded: (s.deck.props.layers || [])
                       .filter(l => l && l.props.visible && !(s.layerStatus(l.id) || {}).loaded).map(l => l.id),
           needsRedraw: s.deck.needsRedraw({ clearRedrawFlags: false }) };
}"""

FRAMES_PER_S = """() => new Promise(done => { let n = 0; const t0 = performance.now();
  (function tick(now) { n += 1; if (now - t0 < 1000) requestAnimationFrame(tick); else done(n); })(t0); })"""


def settle(page, step: str) -> None:
    """Wait until the map is loaded and idle; say which step and in what state it was if not."""
    print(f"  {step} …", flush=True)
    try:
        wait_settled(page, timeout_ms=300_000)
    except Exception:
        print(f"  not settled at {step}: {page.evaluate(STATE)}; "
              f"animation frames in 1 s: {page.evaluate(FRAMES_PER_S)}", flush=True)
        raise


def main() -> None:
    """Measure (see the module text) and write bench/results/trips.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--vehicles", type=int, default=10_000)
    parser.add_argument("--frames", type=int, default=12, help="frames to time per mode and repeat")
    parser.add_argument("--seconds", type=float, default=180.0, help="at most this long per mode and repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=8132)
    args = parser.parse_args()
    root = build_root()
    folder = (root / "musterstadt").resolve()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    layer = next(layer for layer in manifest["layers"] if layer["id"] == LAYER)
    entry = next(s for s in layer["slices"] if s["key"] == SLICE)
    payload = json.loads((folder / entry["data"]).read_text(encoding="utf-8"))
    at = 100.0
    one = active(payload["trips"], payload["time_ds"], payload["cycle_s"], at)
    copies = max(1, round(args.vehicles / max(one, 1)))
    big = scaled(payload, copies)
    vehicles = active(big["trips"], big["time_ds"], big["cycle_s"], at)
    print(f"slice {SLICE}: {one} vehicles at once in the model's sample; {copies} copies → {vehicles}")

    from playwright.sync_api import sync_playwright

    rows = {"static": [], "moving": [], "empty": []}
    gaps = {"static": [], "moving": [], "empty": []}
    elapsed = {"static": [], "moving": [], "empty": []}
    gpu = {"static": [], "moving": [], "empty": []}
    toggles, resets = {"still": [], "moving": []}, {"still": [], "moving": []}
    with gunicorn_server("musterstadt", root, port=args.port) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, _ = offline_context(browser, width=1366, height=768)
        page = context.new_page()
        page.on("console", lambda m: print(f"  console {m.type}: {m.text[:300]}", flush=True)
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda err: print(f"  page error: {str(err)[:300]}", flush=True))
        page.goto(url + "/?mode=kiosk&idle=86400")
        wait_for_map(page, timeout_ms=300_000)
        page.evaluate("([id, t]) => { const s = window.urbanTwin; s.clock.set(t);"
                      " s.showLayers(s.visibleLayers().concat([id])); }", [LAYER, "2026-06-15T16:01:40"])
        page.wait_for_function(f"() => window.urbanTwin.trips.ready('{LAYER}')", timeout=120_000)
        drawn = page.evaluate("([id, json]) => window.urbanTwin.trips.draw(id, json)", [LAYER, big])
        settle(page, "drawn")
        window = page.evaluate(f"window.urbanTwin.trips.vertices('{LAYER}')")
        print(f"vertices in the window {window['drawn']:,} of {window['all']:,} in the slice", flush=True)
        for repeat in range(args.repeats):
            for mode in ("static", "moving", "empty"):
                page.evaluate("([id, on]) => { const s = window.urbanTwin;"
                              " const ids = s.visibleLayers().filter(x => x !== id);"
                              " s.showLayers(on ? ids.concat([id]) : ids); }", [LAYER, mode != "empty"])
                page.evaluate("t => window.urbanTwin.clock.set(t)", "2026-06-15T16:01:40")
                settle(page, f"repeat {repeat + 1} {mode}")
                out = page.evaluate(MEASURE, [mode, args.frames, int(args.seconds * 1000)])
                elapsed[mode].append(out["elapsed"] / 1000)
                rows[mode] += out["draws"]
                gaps[mode] += out["gaps"]
                gpu[mode] += out["gpu"]
            for state in ("still", "moving"):
                page.evaluate("id => { const s = window.urbanTwin;"
                              " s.showLayers(s.visibleLayers().concat([id])); }", LAYER)
                if state == "moving":
                    page.evaluate("() => window.urbanTwin.clock.play({speed: 1, by: 'bench'})")
                toggles[state].append(page.evaluate("""() => { const s = window.urbanTwin, ids = s.visibleLayers();
                    const t0 = performance.now(); s.showLayers(ids.filter(x => x !== 'buildings'));
                    s.showLayers(ids);
                    return (performance.now() - t0) / 2; }"""))
                resets[state].append(page.evaluate("""() => { const s = window.urbanTwin, t0 = performance.now();
                    s.kiosk.startAttract(); const dt = performance.now() - t0; s.kiosk.stopAttract(); return dt; }"""))
                page.evaluate("() => window.urbanTwin.clock.pause()")
        browser.close()

    def med(values: list) -> str:
        if not values:
            return "–"
        q = np.percentile(values, [25, 75])
        return f"{statistics.median(values):.1f} (IQR {q[0]:.1f}–{q[1]:.1f}, n={len(values)})"

    sizes = trips_bytes(folder)
    lines = [
        f"# Moving vehicles (bench_trips.py), {SLICE} slice, {vehicles} vehicles at once "
        f"({copies} × the sample's {one}), {drawn} trips drawn, {window['drawn']:,} of their {window['all']:,} "
        "vertices in the window handed to deck.gl; SwiftShader, 1366×768",
        "",
        "| measure | ms (median, IQR, n) |",
        "|---|---|",
        f"| render, moving (clock 1×) | {med(rows['moving'])} |",
        f"| render, static (forced redraw, paused) | {med(rows['static'])} |",
        f"| render, no vehicles (forced redraw) | {med(rows['empty'])} |",
        f"| GPU process drained after the render (gl.finish), moving | {med(gpu['moving'])} |",
        f"| GPU drained, static | {med(gpu['static'])} |",
        f"| GPU drained, no vehicles | {med(gpu['empty'])} |",
        f"| frame interval, moving | {med(gaps['moving'])} |",
        f"| frame interval, static | {med(gaps['static'])} |",
        f"| frame interval, no vehicles | {med(gaps['empty'])} |",
        f"| wall time per mode and repeat (s), moving / static / no vehicles | {med(elapsed['moving'])} / "
        f"{med(elapsed['static'])} / {med(elapsed['empty'])} |",
        f"| toggle (buildings off/on → layers handed to deck.gl), clock still | {med(toggles['still'])} |",
        f"| toggle, vehicles moving | {med(toggles['moving'])} |",
        f"| kiosk idle reset (startAttract), clock still | {med(resets['still'])} |",
        f"| kiosk idle reset, vehicles moving | {med(resets['moving'])} |",
        "",
        f"Trips artifacts: {sizes['runs']} runs, {sizes['raw'] / 1e6:.2f} MB raw, "
        f"{sizes['gzip'] / 1e6:.3f} MB gzip (link paths {sizes['links_gzip'] / 1e6:.3f} MB gzip of it). "
        f"Load average at the end: {os.getloadavg()[0]:.1f}.",
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "trips.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
