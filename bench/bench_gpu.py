"""GPU check for a stand PC: first frame and frames per second during a story flight.

Run it on the stand before the fair, with the machine's own GPU:

    # inside the stand's display session (stop the kiosk first: the operator exit, or
    # sudo systemctl stop twin-stand-browser), against the stand's running viewer:
    cage -- .venv/bin/python bench/bench_gpu.py --headed --url http://127.0.0.1:8050
    # or headless with whatever GPU Chromium finds (it may fall back to software: see "renderer"):
    .venv/bin/python bench/bench_gpu.py
    # the CI machine has no GPU: software WebGL, said so in the output
    .venv/bin/python bench/bench_gpu.py --renderer swiftshader

Without ``--url`` it builds (or reuses) the city under ``--build-root`` and serves it with the
Procfile's gunicorn command. Each repeat opens a fresh page (present mode, first slide) and
measures the first frame with every visible layer loaded (``urbanTwin.firstFrameAt``), then flies
the story's flight to ``--slide`` (its camera, 2 s, as the presentation does) twice: with the
slide's layers, and — the baseline, interleaved and in alternating order — with no layer at all
(the same camera path over an empty map: what the machine's WebGL does without our data). Frames
are counted from deck.gl's after-render hook (``urbanTwin.frames``) until one shows the
destination; frames per second = frames / time to that frame (a renderer slower than the flight
draws only its first and last frames). The WebGL renderer string says which GPU drew. Table to
stdout and bench/results/gpu-<renderer>.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import urllib.request
from contextlib import nullcontext
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, gunicorn_server, offline_context, wait_for_map, wait_settled  # noqa: E402

RESULTS = REPO / "bench" / "results"
SOFTWARE = ("--use-angle=swiftshader", "--enable-unsafe-swiftshader")
FLIGHT_MS = 2000

RENDERER_JS = """() => { const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL2';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER); }"""

# Fly from the current camera to `to` (over `ms`) and record when each frame was drawn, until a
# frame shows the destination. A frame slower than the flight ends it at once: deck.gl
# interpolates by time, so a software renderer draws only a frame or two of a 2 s flight.
FLIGHT_JS = """async ([to, ms, timeoutMs]) => {
  const twin = window.urbanTwin, stamps = [], t0 = performance.now();
  const eps = {longitude: 1e-6, latitude: 1e-6, zoom: 1e-4, pitch: 1e-3, bearing: 1e-3};
  function arrived() {
    const v = twin.deck.getViewports()[0];
    return Boolean(v) && Object.keys(eps).every((key) => {
      if (!Number.isFinite(to[key])) return true;
      let d = v[key] - to[key];
      if (key === 'bearing') d = ((d % 360) + 540) % 360 - 180;
      return Math.abs(d) <= eps[key];
    });
  }
  let seen = twin.frames;
  twin.flyTo(to, ms);
  await new Promise((resolve) => {
    function watch() {
      if (twin.frames !== seen) {
        seen = twin.frames;
        stamps.push(performance.now() - t0);
        if (arrived()) { resolve(); return; }
      }
      if (performance.now() - t0 > timeoutMs) { resolve(); return; }
      requestAnimationFrame(watch);
    }
    requestAnimationFrame(watch);
  });
  return stamps;
}"""


def story_of(url: str) -> dict:
    """The served story (the manifest names its artifact)."""
    with urllib.request.urlopen(url + "/api/manifest.json", timeout=30) as response:
        manifest = json.load(response)
    if not manifest.get("story"):
        raise SystemExit("This city has no story: the flight needs one (story.json in the city folder).")
    base = f"/artifacts/{manifest['build']['input_hash'][:12]}/"
    with urllib.request.urlopen(url + base + manifest["story"], timeout=30) as response:
        return json.load(response)


def flight(page, start: dict, end: dict, layers: list[str]) -> list[float]:
    """Frame times (ms after the flight began) of one flight with ``layers`` shown."""
    page.evaluate("([ids, cam]) => { window.urbanTwin.showLayers(ids); window.urbanTwin.flyTo(cam, 0); }",
                  [layers, start])
    wait_settled(page, timeout_ms=180_000)
    return page.evaluate(FLIGHT_JS, [end, FLIGHT_MS, 300_000])


def fps(stamps: list[float]) -> float:
    """Frames per second from the flight's start to its last frame (at the destination)."""
    return len(stamps) / (stamps[-1] / 1000) if stamps else 0.0


def frame_ms(stamps: list[float]) -> list[float]:
    """Time of each frame since the one before (the first: since the flight began)."""
    return [b - a for a, b in zip([0.0, *stamps], stamps)]


def measure(browser, url: str, story: dict, *, slide: int, repeats: int, width: int, height: int) -> dict:
    """Fly from the slide before ``slide`` to it, ``repeats`` times over the city and over an empty map."""
    start, end = story["slides"][slide - 2]["camera"], story["slides"][slide - 1]["camera"]
    layers = story["slides"][slide - 1]["layers"]
    out: dict = {"first_frame_ms": [], "dom_ms": [], "city": [], "empty": [], "renderer": None, "blocked": 0}
    for r in range(repeats):
        context, network = offline_context(browser, width=width, height=height)
        page = context.new_page()
        page.goto(f"{url}/?mode=present&slide={slide - 1}")
        wait_for_map(page, timeout_ms=300_000)
        out["first_frame_ms"].append(page.evaluate("() => window.urbanTwin.firstFrameAt"))
        out["dom_ms"].append(page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
        out["renderer"] = out["renderer"] or page.evaluate(RENDERER_JS)
        order = [("city", layers), ("empty", [])] if r % 2 == 0 else [("empty", []), ("city", layers)]
        for name, ids in order:
            out[name].append(flight(page, start, end, ids))
        out["blocked"] += len(network.blocked)
        context.close()
    return out


def spread(values: list[float], unit: str, digits: int = 0) -> str:
    """Median (min–max) of ``values`` with their unit."""
    return (f"{statistics.median(values):.{digits}f} {unit} "
            f"({min(values):.{digits}f}–{max(values):.{digits}f})")


def report(out: dict, *, args: argparse.Namespace, story: dict) -> str:
    """The Markdown table of a run."""
    city_fps = [fps(s) for s in out["city"]]
    empty_fps = [fps(s) for s in out["empty"]]
    city_frames = sorted(t for s in out["city"] for t in frame_ms(s)) or [float("nan")]
    empty_frames = sorted(t for s in out["empty"] for t in frame_ms(s)) or [float("nan")]
    ratio = [c / e for c, e in zip(city_fps, empty_fps) if e > 0]
    first = [f / 1000 for f in out["first_frame_ms"]]
    dom = [d / 1000 for d in out["dom_ms"]]
    title = story["slides"][args.slide - 1]["title"]["de"]
    rows = [
        ("First frame, all visible layers loaded", spread(first, "s", 1), "DOMContentLoaded " + spread(dom, "s", 1),
         f"{statistics.median(f / d for f, d in zip(first, dom)):.1f}× (stand target: first frame < 3 s)"),
        (f"Story flight to slide {args.slide} ({title}), {FLIGHT_MS / 1000:g} s: frames per second",
         spread(city_fps, "fps", 2), "same flight, no layers " + spread(empty_fps, "fps", 2),
         f"{statistics.median(ratio):.2f}× of the empty map" if ratio else "n/a"),
        ("Frame time during the flight, median / 95th percentile",
         f"{statistics.median(city_frames):.0f} / {city_frames[round(0.95 * (len(city_frames) - 1))]:.0f} ms",
         f"{statistics.median(empty_frames):.0f} / {empty_frames[round(0.95 * (len(empty_frames) - 1))]:.0f} ms",
         "a smooth flight: ≥ 30 fps, frames < 33 ms"),
    ]
    lines = ["| measure | ours (median, min–max) | baseline (same run) | ratio / target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end"
    return (f"Run {time.strftime('%Y-%m-%d %H:%M')} on {machine}; {args.repeats} repeats, "
            f"{args.width}×{args.height}, {'headed' if args.headed else 'headless'}.\n"
            f"WebGL renderer: **{out['renderer']}**"
            f"{' (software: SwiftShader, no GPU)' if 'SwiftShader' in str(out['renderer']) else ''}.\n"
            f"Requests blocked (non-localhost): {out['blocked']}.\n\n" + "\n".join(lines) + "\n")


def main() -> None:
    """Measure as the command line says; print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="measure this running viewer (e.g. the stand's http://127.0.0.1:8050)")
    parser.add_argument("--city", default="musterstadt", help="city to build and serve without --url")
    parser.add_argument("--build-root", default=str(REPO / "build" / "bench"), help="where the build is (reused)")
    parser.add_argument("--renderer", choices=["system", "swiftshader"], default="system",
                        help="system: the machine's GPU (default); swiftshader: software WebGL")
    parser.add_argument("--headed", action="store_true", help="draw in a window of the running display session")
    parser.add_argument("--slide", type=int, default=2, help="fly from the slide before it to this one (1-based, ≥ 2)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    chromium_args = [a for a in CHROMIUM_ARGS if a not in SOFTWARE]
    if args.renderer == "swiftshader":
        chromium_args += list(SOFTWARE)
    if args.headed:
        chromium_args += ["--ozone-platform-hint=auto", "--kiosk"]

    if args.url:
        served = nullcontext(args.url.rstrip("/"))
    else:
        from layers import build_city

        result = build_city(args.city, build_root=Path(args.build_root), progress=True)
        served = gunicorn_server(args.city, result.path.parent, workers=2)
    from playwright.sync_api import sync_playwright

    with served as url, sync_playwright() as playwright:
        story = story_of(url)
        if not 2 <= args.slide <= len(story["slides"]):
            raise SystemExit(f"--slide must be between 2 and {len(story['slides'])} (this story's slides).")
        browser = playwright.chromium.launch(executable_path=args.chromium, args=chromium_args,
                                             headless=not args.headed)
        try:
            out = measure(browser, url, story, slide=args.slide, repeats=args.repeats, width=args.width,
                          height=args.height)
        finally:
            browser.close()
    text = report(out, args=args, story=story)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"gpu-{args.renderer}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
