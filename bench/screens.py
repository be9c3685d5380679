"""Screenshots of every page mode, and a pixel comparison of two sets of them.

A refactoring of the browser code (assets/) must not change the picture. Take a set before and a
set after, then compare them by eye and by pixels:

    .venv/bin/python bench/screens.py shoot build/screens-before [--city musterstadt] [--port 8130]
    .venv/bin/python bench/screens.py compare build/screens-before build/screens-after

``shoot`` serves the city with the Procfile's gunicorn command and saves the map, compare, swipe,
present and kiosk modes (and a heavy-rain layer with its time slider) at 1366×768 and at 1920×1080
with touch; screenshots already in the folder are kept (an interrupted run goes on).
``compare`` prints, per screenshot, the share of pixels that changed by more than 24
(sum over RGB) and the largest change, and writes a difference image beside the second set.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, changed_share, gunicorn_server, offline_context, wait_for_map  # noqa: E402

BASE = "terrain,water,roads,buildings"
# name: (query, extra selector to wait for); every one is shot at both sizes.
SCREENS = {
    "map": ("?mode=map", None),
    "flood": (f"?mode=map&layers={BASE},flood-extrem&time=4", "#flood-player"),
    "compare": (f"?mode=compare&layers={BASE},flood-selten&right={BASE},flood-extrem", "#compare-overlay"),
    "swipe": (f"?mode=swipe&layers={BASE},flood-extrem&right={BASE},flood-extrem-entsiegelung&split=0.4",
              "#swipe-divider"),
    "present": ("?mode=present", "#story-panel[data-shown]"),
    "kiosk": ("?mode=kiosk&idle=3600", "#kiosk-question-1"),
    "kiosk-flood": (f"?mode=kiosk&idle=3600&layers={BASE},flood-extrem&time=4", "#flood-player"),
}
SIZES = {"1366x768": (1366, 768, False), "1920x1080-touch": (1920, 1080, True)}


def shoot(out: Path, *, city: str, port: int | None) -> None:
    """Screenshot every view of :data:`SCREENS` at every size of :data:`SIZES` into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    build_root = Path(os.environ.get("TWIN_BUILD_ROOT", REPO / "build"))
    with gunicorn_server(city, build_root, port=port) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (query, selector) in SCREENS.items():
            for size, (width, height, touch) in SIZES.items():
                if (out / f"{name}-{size}.png").is_file():
                    continue   # taken in an earlier, interrupted run
                context, network = offline_context(browser, width=width, height=height, touch=touch)
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda err, errors=errors: errors.append(str(err)))
                page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
                page.goto(url + "/" + query)
                wait_for_map(page, timeout_ms=300_000)   # the full city on a loaded machine
                if selector:
                    page.wait_for_selector(selector, state="attached", timeout=60_000)
                page.wait_for_function("""() => { const s = window.urbanTwin;
                    return s.loaded && performance.now() - s.lastRenderAt > 1500; }""", timeout=120_000, polling=200)
                page.screenshot(path=str(out / f"{name}-{size}.png"))
                print(f"{name}-{size}: blocked {len(network.blocked)}, errors {errors}", flush=True)
                context.close()
        browser.close()


def compare(before: Path, after: Path) -> None:
    """Print the share of changed pixels of each screenshot pair; write the difference images."""
    for path in sorted(before.glob("*.png")):
        other = after / path.name
        if not other.is_file():
            print(f"{path.name}: missing in {after}")
            continue
        a = np.asarray(Image.open(path).convert("RGB")).astype(np.int16)
        b = np.asarray(Image.open(other).convert("RGB")).astype(np.int16)
        if a.shape != b.shape:
            print(f"{path.name}: sizes differ {a.shape} vs {b.shape}")
            continue
        diff = np.abs(a - b).sum(axis=2)
        print(f"{path.name}: changed {changed_share(a, b):.4%}, largest change {int(diff.max())}")
        Image.fromarray(np.clip(diff, 0, 255).astype(np.uint8)).save(after / f"diff-{path.name}")


def main() -> None:
    """Shoot or compare, as the command line says."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("shoot")
    s.add_argument("out", type=Path)
    s.add_argument("--city", default="musterstadt")
    s.add_argument("--port", type=int, default=None)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "shoot":
        shoot(args.out, city=args.city, port=args.port)
    else:
        compare(args.before, args.after)


if __name__ == "__main__":
    main()
