"""Soak the kiosk for an hour on the sample city, to see whether a day at the fair leaks.

    .venv/bin/python bench/bench_soak.py [--minutes 60] [--city musterstadt] [--no-jit]

The kiosk (1920×1080, touch, 1 s idle) plays its attract loop — the sample city's whole story:
camera flights, layer changes, rising water, before/after swipes — for ``--minutes``. After each
loop (in the pause at home) the page's JS heap, DOM nodes and event listeners are read after a
forced garbage collection (CDP ``Performance.getMetrics``, tests/e2e/soak.py, the same harness as
the CI test), and the resident memory of every Chromium process (browser, renderer, GPU process —
where a software WebGL's buffers live) from /proc. Chromium runs as in the tests (software WebGL
here: no GPU), V8's optimising compilers on unless ``--no-jit``.

The table goes to stdout and bench/results/soak-<city>.md; the baseline is the run's own second
loop (the first fills caches), reported as the change of the last loop against it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_gpu import story_of  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, gunicorn_server, open_map  # noqa: E402
from tests.e2e.soak import LoopSample, relative_change, sample_after_loops, watch_loops  # noqa: E402

RESULTS = REPO / "bench" / "results"


def process_tree_rss_mb(marker: str) -> float:
    """Resident memory (MB) of the Chromium process whose command line holds ``marker`` and all
    its descendants (renderer, GPU, utility processes).
    """
    parents: dict[int, int] = {}
    rss: dict[int, float] = {}
    root = None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
            if root is None and marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                root = int(entry.name)
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[1])
        kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        rss[int(entry.name)] = kb / 1024
    if root is None:
        return float("nan")
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0.0) for pid in tree)


def table(samples: list[LoopSample], rss: dict[int, float]) -> str:
    """The Markdown table of the loops' samples."""
    lines = ["| loop | minute | JS heap (MB) | DOM nodes | listeners | Chromium RSS (MB) | at home |",
             "|---:|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {s.loop} | {s.seconds / 60:.1f} | {s.heap_mb:.2f} | {s.nodes} | {s.listeners} | "
              f"{rss.get(s.loop, float('nan')):.0f} | {'yes' if s.at_home else 'no'} |" for s in samples]
    return "\n".join(lines)


def main() -> None:
    """Soak for ``--minutes``; print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--city", default="musterstadt")
    parser.add_argument("--build-root", default=str(REPO / "build" / "bench"))
    parser.add_argument("--no-jit", action="store_true", help="V8 bytecode only (as the CI soak test)")
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from playwright.sync_api import sync_playwright

    from layers import build_city

    result = build_city(args.city, build_root=Path(args.build_root), progress=True)
    marker = f"--twin-soak={uuid.uuid4().hex}"   # an unknown switch: Chromium ignores it, /proc shows it
    chromium_args = [*CHROMIUM_ARGS, marker] + (["--js-flags=--max-opt=0"] if args.no_jit else [])
    rss: dict[int, float] = {}
    with gunicorn_server(args.city, result.path.parent, workers=2) as url, sync_playwright() as playwright:
        slides = len(story_of(url)["slides"])
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args)
        context, page, network, errors = open_map(browser, url + "/?mode=kiosk&idle=1", width=1920, height=1080,
                                                  touch=True)
        watch_loops(page, slides)

        def note(sample: LoopSample) -> None:
            rss[sample.loop] = process_tree_rss_mb(marker)
            print(sample.row() | {"rss_mb": round(rss[sample.loop])}, flush=True)

        started = time.strftime("%Y-%m-%d %H:%M")
        samples = sample_after_loops(page, minutes=args.minutes, loop_timeout_ms=600_000, report=note)
        browser.close()
    home = [s for s in samples if s.at_home and s.loop >= 2]
    second, last = home[0], home[-1]
    summary = [
        f"JS heap: loop {second.loop} {second.heap_mb:.2f} MB → loop {last.loop} {last.heap_mb:.2f} MB "
        f"({relative_change(second.heap_mb, last.heap_mb):+.1%}); min–max over the hour "
        f"{min(s.heap_mb for s in home):.2f}–{max(s.heap_mb for s in home):.2f} MB",
        f"DOM nodes: {second.nodes} → {last.nodes} ({relative_change(second.nodes, last.nodes):+.1%}); "
        f"median {statistics.median(s.nodes for s in home):.0f}, max {max(s.nodes for s in home)}",
        f"event listeners: {second.listeners} → {last.listeners}",
        f"Chromium processes' RSS: {rss[second.loop]:.0f} MB → {rss[last.loop]:.0f} MB "
        f"({relative_change(rss[second.loop], rss[last.loop]):+.1%})",
        f"console errors: {len(errors)}; requests blocked (non-localhost): {len(network.blocked)}",
    ]
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end, "
               "Chromium headless with SwiftShader (software WebGL)")
    text = (f"Soak of {args.city} from {started} for {args.minutes:g} min ({len(samples)} loops of "
            f"{slides} slides), {machine}; JIT {'off (--max-opt=0)' if args.no_jit else 'on'}.\n\n"
            + "\n".join(f"- {line}" for line in summary) + "\n\n" + table(samples, rss) + "\n")
    if errors:
        text += "\nConsole errors:\n" + "\n".join(f"- {e}" for e in errors[:20]) + "\n"
    print(text)
    RESULTS.mkdir(exist_ok=True)
    name = Path(args.city).name + ("-nojit" if args.no_jit else "")
    (RESULTS / f"soak-{name}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
