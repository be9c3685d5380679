"""Fresh first loads of the full sample city in a loop, and what a stalled one was waiting for.

How often does a load never draw its first frame, and what was it waiting for when it stalled?

Run: ``.venv/bin/python bench/bench_first_load.py [--loads 50] [--timeout 180] [--modes map,compare]
[--workers 2] [--threads 4] [--block route|dns] [--wait playwright|sleep] [--fresh-server]`` (needs the
test extras and Debian chromium), or ``... --burst [--baseline] [--loads 20]`` without a browser.

Each load is a new browser context (empty cache) and page on the gunicorn server of the
Procfile, internet blocked either by Playwright's request routing (``route``, as the tests do) or
by Chromium's resolver (``dns``: no routing in the page's path at all). ``--wait sleep`` waits in
``time.sleep`` instead of a Playwright call, which leaves routed requests unanswered (one cause of the stall
this loop was written to find; bench/README.md). Every request is logged
(start, response, end or failure, size). A load that draws no first frame within ``--timeout``
seconds is a stall: its pending requests, console, page errors, the map's state, the server's
access and error log of that load, the server's sockets (``ss``) and a screenshot go to
``bench/results/first-load/<block>-<wait>/stall-<n>/``. The page's watchdog is switched off (``?watchdog=0``) so
that a stall stays visible. The summary (stall rate, first-frame times) goes to stdout and is
appended to ``bench/results/first-load.md``; notes on what was found are in bench/README.md.

``--fresh-server`` starts a new gunicorn per load, so every load meets workers that have served
nothing yet. ``--burst`` needs no browser: per round a new gunicorn, its page, then the page's
scripts six at a time (a browser's connections per host), counting answers other than 200 — the
race of Dash's lazy first-request set-up; ``--baseline`` interleaves the committed tree with that
set-up call removed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from layers import build_city  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, gunicorn_server, offline_context  # noqa: E402

RESULTS = REPO / "bench" / "results"
CACHE = REPO / ".cache" / "test-builds"   # the same cached build as the tests
DNS_BLOCK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"


@dataclass
class Requests:
    """Every request of one page: started, answered (headers in), finished or failed."""

    started: dict = field(default_factory=dict)   # id -> (url, resource type, t0 s)
    answered: dict = field(default_factory=dict)  # id -> status
    finished: dict = field(default_factory=dict)  # id -> (seconds, bytes)
    failed: dict = field(default_factory=dict)    # id -> failure text

    def attach(self, page) -> None:
        """Record the requests of a Playwright ``page`` from now on."""
        t0 = time.perf_counter()
        page.on("request", lambda r: self.started.__setitem__(id(r), (r.url, r.resource_type,
                                                                       time.perf_counter() - t0)))
        page.on("response", lambda r: self.answered.__setitem__(id(r.request), r.status))
        page.on("requestfinished", lambda r: self.finished.__setitem__(id(r), (time.perf_counter() - t0, _size(r))))
        page.on("requestfailed", lambda r: self.failed.__setitem__(id(r), r.failure))

    def pending(self) -> list[dict]:
        """Requests started but neither finished nor failed (with their start time in s)."""
        return [{"url": url, "type": kind, "started_s": round(t, 2), "answered": self.answered.get(key)}
                for key, (url, kind, t) in self.started.items() if key not in self.finished and key not in self.failed]

    def failures(self) -> list[dict]:
        """Failed requests with Chromium's failure text."""
        return [{"url": self.started[key][0], "failure": text} for key, text in self.failed.items()]


def _size(request) -> int:
    try:
        return int(request.sizes()["responseBodySize"])
    except Exception:  # noqa: BLE001 - sizes are unavailable for some (e.g. data:) requests
        return 0


def _server_sockets(port: int) -> str:
    ss = shutil.which("ss")
    if ss is None:
        return "(ss not installed)"
    return subprocess.run([ss, "-tnoi", f"( sport = :{port} or dport = :{port} )"], capture_output=True, text=True,
                          check=False).stdout


def _map_state(page) -> object:
    return page.evaluate("""() => { const t = window.urbanTwin; if (!t) return null;
        const layers = t.deck ? (t.deck.props.layers || []).map(l => ({id: l.id, visible: l.props.visible,
            loaded: l.isLoaded})) : null;
        return {frames: t.frames, firstFrameAt: t.firstFrameAt, loaded: t.loaded, deck: Boolean(t.deck), layers}; }""")


def one_load(browser, url: str, *, timeout_s: float, block: str, wait: str, log: Path,
             stall_dir: Path) -> dict:
    """Load ``url`` in a new context; on a stall keep its evidence in ``stall_dir``; return the load's record."""
    if block == "route":
        context, network = offline_context(browser, width=1366, height=768)
    else:
        context, network = browser.new_context(viewport={"width": 1366, "height": 768}, device_scale_factor=1), None
    page = context.new_page()
    requests = Requests()
    requests.attach(page)
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: console.append(f"pageerror: {err}"))
    log_start = log.stat().st_size if log.exists() else 0
    started = time.perf_counter()
    page.goto(url, wait_until="load" if wait == "sleep" else "commit")
    stalled = False
    done_in_page = None
    if wait == "sleep":   # Python busy outside Playwright: routed requests are not answered meanwhile
        time.sleep(timeout_s)
        stalled, done_in_page = page.evaluate("""() => [!(window.urbanTwin && window.urbanTwin.firstFrameAt !== null),
            [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]]""")
    else:
        try:
            page.wait_for_function("() => window.urbanTwin && window.urbanTwin.firstFrameAt !== null",
                                   timeout=timeout_s * 1000, polling=250)
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the stall we are looking for
            stalled = True
    result = {"wall_s": time.perf_counter() - started, "stalled": stalled, "requests": len(requests.started),
              "bytes": sum(size for _, size in requests.finished.values()),
              "first_frame_s": None if stalled else page.evaluate("() => window.urbanTwin.firstFrameAt") / 1000,
              "failed": requests.failures(), "blocked": network.blocked if network else []}
    if stalled:
        stall_dir.mkdir(parents=True, exist_ok=True)
        server_log = log.read_bytes()[log_start:].decode("utf-8", "replace") if log.exists() else ""
        report = dict(result, pending=requests.pending(), done_in_page=done_in_page, console=console,
                      state=_map_state(page),
                      finished=len(requests.finished),
                      server_sockets=_server_sockets(int(url.rsplit(":", 1)[1].split("/")[0])))
        (stall_dir / "stall.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        (stall_dir / "server.log").write_text(server_log, encoding="utf-8")
        page.screenshot(path=str(stall_dir / "page.png"))
    context.close()
    return result


def lazy_setup_checkout(into: Path) -> Path:
    """The committed tree with Dash's lazy first-request set-up (the fix's call removed): the baseline."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD", "viewer", "layers", "assets", "sample_city",
                              "pyproject.toml", "Procfile"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    app = into / "viewer" / "app.py"
    call = "    _set_up_before_serving(app)\n"
    text = app.read_text(encoding="utf-8")
    if call not in text:
        raise RuntimeError(f"{call.strip()} not found in viewer/app.py: update the baseline of --burst")
    app.write_text(text.replace(call, ""), encoding="utf-8")
    return into


def burst(build_root: Path, *, workers: int, threads: int, cwd: Path) -> tuple[int, dict[str, int]]:
    """A new gunicorn: its page, then all the page's scripts, six requests at a time; (scripts, errors)."""
    with gunicorn_server("musterstadt", build_root, workers=workers, threads=threads, cwd=cwd) as url:
        with urllib.request.urlopen(url + "/", timeout=60) as response:
            page = response.read().decode("utf-8")
        scripts = re.findall(r'<script src="([^"]+)"', page)

        def status(src: str) -> int:
            try:
                with urllib.request.urlopen(url + src, timeout=120) as answer:
                    answer.read()
                    return answer.status
            except urllib.error.HTTPError as err:
                return err.code

        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = dict(zip(scripts, pool.map(status, scripts)))
    return len(scripts), {re.sub(r"\?.*$", "", src.rsplit("/", 1)[-1]): code
                          for src, code in answers.items() if code != 200}


def bursts(build_root: Path, *, loads: int, workers: int, threads: int, baseline: bool) -> int:
    """Fresh servers' first script bursts, this checkout and (``baseline``) the lazy set-up in turn."""
    with tempfile.TemporaryDirectory(prefix="twin-lazy-setup-") as tmp:
        variants = {"this checkout": REPO}
        if baseline:
            variants["baseline: lazy set-up"] = lazy_setup_checkout(Path(tmp))
        failed = {name: 0 for name in variants}
        scripts_failed: dict[str, dict[str, int]] = {name: {} for name in variants}
        for k in range(loads):
            for name, cwd in variants.items():
                count, bad = burst(build_root, workers=workers, threads=threads, cwd=cwd)
                failed[name] += bool(bad)
                for script in bad:
                    scripts_failed[name][script] = scripts_failed[name].get(script, 0) + 1
                print(f"burst {k + 1:3d} {name:22s}: {count} scripts, not 200: {sorted(bad.values()) or 'none'}",
                      flush=True)
    lines = [f"## Script bursts at fresh servers ({time.strftime('%Y-%m-%d %H:%M')})", "",
             f"{workers} workers x {threads} threads, {loads} fresh servers per variant, interleaved; load average "
             f"at the end {' / '.join(f'{v:.1f}' for v in os.getloadavg())}.", "",
             "| variant | fresh servers with a failed first script request | failed scripts (count) |",
             "|---|---|---|"]
    lines += [f"| {name} | {failed[name]} of {loads} | {scripts_failed[name] or 'none'} |" for name in variants]
    with (RESULTS / "first-load.md").open("a", encoding="utf-8") as runs:
        runs.write("\n".join(lines) + "\n\n")
    print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the loop (or ``--burst``) and append the summary to bench/results/first-load.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds without a first frame = a stall")
    parser.add_argument("--modes", default="map", help="comma-separated modes, loaded in turn (map,compare,...)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--block", choices=("route", "dns"), default="route",
                        help="how the internet is blocked: Playwright routing (as the tests) or Chromium's resolver")
    parser.add_argument("--wait", choices=("playwright", "sleep"), default="playwright",
                        help="wait for the first frame inside Playwright (as the tests), or sleep in Python "
                             "(shows what routed requests do while the script is busy elsewhere)")
    parser.add_argument("--fresh-server", action="store_true",
                        help="start a new gunicorn for every load (its workers' first requests)")
    parser.add_argument("--burst", action="store_true",
                        help="no browser: per load a new gunicorn, its page, then the page's scripts fetched "
                             "six at a time (a browser's connections per host); counts answers other than 200")
    parser.add_argument("--baseline", action="store_true",
                        help="with --burst: alternate with the committed tree minus the fix (Dash's lazy set-up)")
    args = parser.parse_args(argv)
    result = build_city("musterstadt", build_root=CACHE, progress=False)
    if args.burst:
        return bursts(result.path.parent, loads=args.loads, workers=args.workers, threads=args.threads,
                      baseline=args.baseline)
    from playwright.sync_api import sync_playwright

    out = RESULTS / "first-load" / f"{args.block}-{args.wait}{'-fresh' if args.fresh_server else ''}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    log = out / "access.log"
    modes = args.modes.split(",")
    loads: list[dict] = []
    env = {"GUNICORN_ACCESSLOG": str(log)}

    def server() -> contextlib.AbstractContextManager[str]:
        return gunicorn_server("musterstadt", result.path.parent, workers=args.workers, threads=args.threads, env=env)

    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        shared = None if args.fresh_server else stack.enter_context(server())
        chromium_args = CHROMIUM_ARGS + ([DNS_BLOCK] if args.block == "dns" else [])
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args)
        for k in range(args.loads):
            mode = modes[k % len(modes)]
            with (contextlib.nullcontext(shared) if shared else server()) as url:
                load = one_load(browser, f"{url}/?mode={mode}&watchdog=0", timeout_s=args.timeout,
                                block=args.block, wait=args.wait, log=log, stall_dir=out / f"stall-{k + 1}")
            load["mode"] = mode
            loads.append(load)
            print(f"load {k + 1:3d} {mode:8s} {'STALL' if load['stalled'] else 'ok   '} first frame "
                  f"{load['first_frame_s'] or float('nan'):6.1f} s, {load['requests']} requests, "
                  f"{load['bytes'] / 1e6:.2f} MB, failed {len(load['failed'])}", flush=True)
        browser.close()
    (out / "loads.json").write_text(json.dumps(loads, indent=1), encoding="utf-8")
    times = sorted(load["first_frame_s"] for load in loads if not load["stalled"])
    stalls = [k + 1 for k, load in enumerate(loads) if load["stalled"]]
    lines = [
        f"## Run {time.strftime('%Y-%m-%d %H:%M')}", "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, load average at the end "
        f"{' / '.join(f'{v:.1f}' for v in os.getloadavg())}; gunicorn {args.workers} workers x "
        f"{args.threads} threads{' (a new server per load)' if args.fresh_server else ''}; blocking: {args.block}; "
        f"waiting: {args.wait}; modes {args.modes}; "
        f"timeout {args.timeout:g} s.", "",
        "| loads | stalls | first frame median | p90 | max | requests per load | failed requests |",
        "|---|---|---|---|---|---|---|",
        f"| {len(loads)} | {len(stalls)} {stalls if stalls else ''} | "
        f"{statistics.median(times):.1f} s | {times[int(0.9 * (len(times) - 1))]:.1f} s | {times[-1]:.1f} s | "
        f"{statistics.median(load['requests'] for load in loads):.0f} | {sum(len(load['failed']) for load in loads)} |"
        if times else f"| {len(loads)} | {len(stalls)} | – | – | – | – | – |",
    ]
    table = RESULTS / "first-load.md"
    if not table.exists():
        table.write_text("# Fresh first loads of the full sample city (bench/bench_first_load.py)\n\n",
                         encoding="utf-8")
    with table.open("a", encoding="utf-8") as runs:
        runs.write("\n".join(lines) + "\n\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
