"""Viewer benchmark: build time, bytes to first frame, first frame, toggle latency, load.

Run: ``.venv/bin/python bench/bench_viewer.py [--base-only]`` (needs the test extras and Debian chromium; the
load test uses ``wrk`` when installed — ``apt-get install wrk`` — else a Python client).
Every figure is compared with a baseline measured in the same run; the table goes to stdout and
to bench/results/viewer.md. Nothing here is a timed test assertion.

Baselines
- bytes: the same buildings/roads/water as GeoDataFrames inlined into one HTML page by
  ``pydeck.Deck.to_html`` (what a plain pydeck user ships), plus the same deck.gl bundle.
- toggle: a server round trip per toggle — fetch the deck JSON from the server and let the client
  re-convert and redraw everything (the design note's ~136 ms approach) — against our client-side
  clone of the live layer.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

import geopandas as gpd
import pydeck as pdk

from layers import build_city, load_config
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, gunicorn_server, offline_context, wait_for_map
from viewer.routes import DECK_BUNDLE

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def fetch_sizes(url: str) -> tuple[int, int]:
    """(raw bytes, bytes on the wire with gzip) of one URL."""
    sizes = []
    for encoding in ("identity", "gzip"):
        request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request) as response:
            sizes.append(len(response.read()))
    return sizes[0], sizes[1]


def inline_baseline(city: str) -> tuple[int, int]:
    """Bytes of pydeck's to_html with the same vector layers inlined (raw, gzip), bundle included."""
    config = load_config(city)
    frames = {kind: gpd.read_file(config.inputs[kind]).to_crs(4326) for kind in ("buildings", "roads", "water")}
    layers = [
        pdk.Layer("PolygonLayer", frames["buildings"], get_polygon="geometry.coordinates", extruded=True,
                  get_elevation="height_m", pickable=True),
        pdk.Layer("GeoJsonLayer", frames["roads"], get_line_color=[200, 200, 200], pickable=True),
        pdk.Layer("GeoJsonLayer", frames["water"], get_fill_color=[90, 150, 210]),
    ]
    html = pdk.Deck(layers=layers, map_provider=None, map_style=None).to_html(as_string=True).encode("utf-8")
    bundle = DECK_BUNDLE.read_bytes()
    return len(html) + len(bundle), len(gzip.compress(html, 6)) + len(gzip.compress(bundle, 6))


def browser_figures(url: str, runs: int = 3) -> dict:
    """Bytes to the first frame, first-frame time and toggle times in headless Chromium."""
    from playwright.sync_api import sync_playwright

    out: dict = {"first_frame_ms": [], "dom_ms": [], "toggle_ms": [], "toggle_frame_ms": [], "roundtrip_ms": [],
                 "roundtrip_frame_ms": [], "frame_cost_ms": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(runs):
            context, network = offline_context(browser, width=1366, height=768)
            page = context.new_page()
            page.goto(url + "/")
            wait_for_map(page, timeout_ms=120_000)
            timing = page.evaluate("""() => ({
                dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                first: window.urbanTwin.firstFrameAt })""")
            out["first_frame_ms"].append(timing["first"])
            out["dom_ms"].append(timing["dom"])
            if run == 0:
                out["blocked"] = list(network.blocked)
                out["urls"] = sorted(set(u.split("?")[0] if "/assets/" not in u else u for u in network.local))
            out["frame_cost_ms"].append(page.evaluate(FRAME_COST_JS))
            for _ in range(4):  # an even number: the buildings end up visible again
                issued, frame = page.evaluate(TOGGLE_JS)
                out["toggle_ms"].append(issued)
                out["toggle_frame_ms"].append(frame)
                page.wait_for_timeout(300)
            for _ in range(4):
                issued, frame = page.evaluate(ROUNDTRIP_JS)
                out["roundtrip_ms"].append(issued)
                out["roundtrip_frame_ms"].append(frame)
                page.wait_for_timeout(300)
            context.close()
        browser.close()
    return out


# Client-side toggle as a user does it: click the checkbox; time until deck.gl drew the frame.
TOGGLE_JS = """() => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error('no frame after toggle')), 30000);
  const s = window.urbanTwin;
  const input = [...document.querySelectorAll('input.toggle-input')].find(i => i.value === 'buildings');
  const before = s.frames, t0 = performance.now();
  s.toggledAt = null;
  input.click();
  (function wait() {
    if (s.frames > before && s.lastRenderAt > t0 && s.toggledAt) resolve([s.toggledAt - t0, s.lastRenderAt - t0]);
    else requestAnimationFrame(wait); })();
})"""

# Baseline: ask the server for the deck JSON, re-convert every layer, draw.
ROUNDTRIP_JS = """() => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error('no frame after round trip')), 30000);
  const s = window.urbanTwin, before = s.frames, t0 = performance.now();
  fetch('/api/deck.json', {cache: 'no-store'}).then(r => r.json()).then(spec => {
    spec.layers.forEach(l => { if (l.id === 'buildings') l.visible = !s.visible.buildings; });
    s.visible.buildings = !s.visible.buildings;
    window.updateDeck({layers: spec.layers.map(l => l['@@type'] === 'TerrainLayer'
        ? Object.assign({}, l, {loaders: s.deck.props.layers[0].props.loaders}) : l)}, s.deck);
    const issued = performance.now() - t0;
    (function wait() {
      if (s.frames > before && s.lastRenderAt > t0) resolve([issued, s.lastRenderAt - t0]);
      else requestAnimationFrame(wait); })();
  });
})"""

# Software-rendered frame cost: redraw continuously for 3 s.
FRAME_COST_JS = """() => new Promise(resolve => {
  const s = window.urbanTwin, d = s.deck, f0 = s.frames, t0 = performance.now();
  d.setProps({_animate: true});
  setTimeout(() => {
    d.setProps({_animate: false}); resolve((performance.now() - t0) / Math.max(1, s.frames - f0)); }, 3000); })"""


def worker_rss_mb(master_port: int) -> list[float]:
    """Resident memory (MB) of gunicorn worker processes serving on the port."""
    rss = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            env = (proc / "environ").read_bytes()
        except OSError:
            continue
        if "gunicorn" in cmd and f"PORT={master_port}".encode() in env:
            status = (proc / "status").read_text()
            ppid = int(re.search(r"PPid:\s+(\d+)", status).group(1))
            if "gunicorn" in Path(f"/proc/{ppid}/cmdline").read_bytes().decode(errors="replace"):
                rss.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return rss


def load_test(url: str, paths: list[str], seconds: int = 30, clients: int = 50) -> dict:
    """Requests/s and errors with ``clients`` concurrent keep-alive clients (gzip accepted)."""
    if shutil.which("wrk"):
        script = Path(tempfile.mkdtemp()) / "paths.lua"
        script.write_text("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
                          "i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                          "  return wrk.format('GET', paths[i], {['Accept-Encoding']='gzip'})\nend\n")
        result = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", str(script), "--latency", url],
                                capture_output=True, text=True, check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result)
        n_errors = ((int(errors.group(1)) if errors else 0)
                    + (sum(map(int, socket_errors.groups())) if socket_errors else 0))
        p99 = re.search(r"99%\s+([\d.]+\w+)", result)
        return {"client": "wrk", "rps": rps, "errors": n_errors, "p99": p99.group(1) if p99 else "?"}
    counts, errors = [0], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker(offset: int) -> None:
        k = offset
        while time.monotonic() < stop:
            try:
                req = urllib.request.Request(url + paths[k % len(paths)], headers={"Accept-Encoding": "gzip"})
                with urllib.request.urlopen(req, timeout=10) as response:
                    response.read()
                with lock:
                    counts[0] += 1
            except OSError:
                with lock:
                    errors[0] += 1
            k += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"client": "python threads", "rps": counts[0] / seconds, "errors": errors[0], "p99": "?"}


def median(values: list[float]) -> float:
    """The median (the upper one of an even count)."""
    values = sorted(values)
    return values[len(values) // 2]


def main() -> None:
    """Build the sample city, run the browser and load measurements, write the results."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    root = Path(tempfile.mkdtemp(prefix="bench-build-"))
    city = "musterstadt"
    if "--base-only" in sys.argv:  # the base viewer without scenario models (their cost is in bench_flood/traffic)
        copy = Path(shutil.copytree(load_config(city).folder, root / "musterstadt-base"))
        toml = (copy / "city.toml").read_text(encoding="utf-8")
        (copy / "city.toml").write_text("[scenarios]\nenabled = []\n\n" + toml, encoding="utf-8")
        city = str(copy)
    t0 = time.perf_counter()
    result = build_city(city, build_root=root, force=True, progress=False)
    build_s = time.perf_counter() - t0
    cached_t0 = time.perf_counter()
    build_city(city, build_root=root, progress=False)
    cached_s = time.perf_counter() - cached_t0

    inline_raw, inline_gz = inline_baseline(city)
    rows = []
    with gunicorn_server(city, root, workers=2, threads=4) as url:
        figures = browser_figures(url)
        ours_raw = ours_gz = data_raw = data_gz = 0
        for u in figures["urls"]:
            raw, gz = fetch_sizes(u)
            ours_raw += raw
            ours_gz += gz
            if "/artifacts/" in u:
                data_raw += raw
                data_gz += gz
        bundle_raw, bundle_gz = fetch_sizes(url + "/vendor/deckgl/index.js")
        port = int(url.rsplit(":", 1)[1])
        before = worker_rss_mb(port)
        prefix = f"/artifacts/{result.manifest['build']['input_hash'][:12]}"
        paths = ["/", "/api/manifest.json", f"{prefix}/buildings.json", f"{prefix}/roads.json",
                 f"{prefix}/water.json", f"{prefix}/terrain_elevation.png", f"{prefix}/terrain_texture.jpg", "/healthz"]
        load = load_test(url, paths)
        after = worker_rss_mb(port)

    first = median(figures["first_frame_ms"])
    toggle, roundtrip = median(figures["toggle_ms"]), median(figures["roundtrip_ms"])
    rows = [
        ("Sample-city build (force)", f"{build_s:.1f} s", f"cached rebuild {cached_s:.2f} s", ""),
        ("Bytes to first frame, all (gzip on the wire)", f"{ours_gz / 1e6:.2f} MB",
         f"inline to_html + bundle {inline_raw / 1e6:.1f} MB raw / {inline_gz / 1e6:.2f} MB gzip",
         f"{ours_gz / inline_raw:.2f}× raw, {ours_gz / inline_gz:.2f}× gzip (target ≤ 0.25×)"),
        ("Bytes to first frame, layer data only", f"{data_gz / 1e6:.2f} MB gzip ({data_raw / 1e6:.2f} MB raw)",
         f"inline page without bundle {(inline_raw - DECK_BUNDLE.stat().st_size) / 1e6:.1f} MB raw",
         f"{data_gz / (inline_raw - DECK_BUNDLE.stat().st_size):.2f}× raw"),
        ("deck.gl bundle (from the pydeck wheel)", f"{bundle_gz / 1e6:.2f} MB gzip", f"{bundle_raw / 1e6:.2f} MB raw",
         ""),
        ("First rendered frame, 1366×768 (median of 3)", f"{first:.0f} ms",
         f"DOMContentLoaded {median(figures['dom_ms']):.0f} ms", "target < 3000 ms"),
        ("Toggle: input → new layers handed to deck.gl (median of 12)", f"{toggle:.1f} ms",
         f"server round trip {roundtrip:.1f} ms", f"{toggle / roundtrip:.3f}× (target ≤ 0.1× and < 50 ms)"),
        ("Toggle: input → next frame drawn (SwiftShader)", f"{median(figures['toggle_frame_ms']):.0f} ms",
         f"server round trip {median(figures['roundtrip_frame_ms']):.0f} ms",
         f"software frame cost {median(figures['frame_cost_ms']):.0f} ms/frame"),
        (f"gunicorn, 50 clients × 30 s ({load['client']}, 2 workers × 4 threads)", f"{load['rps']:.0f} req/s",
         f"errors {load['errors']}, p99 {load['p99']}", "target ≥ 1000 req/s, 0 errors"),
        ("Worker memory before → after load", " / ".join(f"{m:.0f}" for m in before) + " MB",
         " / ".join(f"{m:.0f}" for m in after) + " MB", ""),
    ]
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
               f"{platform.python_version()}, Chromium headless with SwiftShader (software WebGL)")
    lines = ["| measure | ours | baseline (same run) | ratio / target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    table = "\n".join(lines)
    text = (f"Run {time.strftime('%Y-%m-%d %H:%M')} on {machine}.\n"
            f"Requests blocked (non-localhost): {len(figures['blocked'])}.\n\n{table}\n")
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "viewer.md").write_text(text, encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
