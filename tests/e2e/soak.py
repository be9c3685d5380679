"""Soak the kiosk's attract loop: count whole loops from what the page shows, and read the page's
memory after each one (shared by tests/e2e/test_soak_browser.py and bench/bench_soak.py).

Only the kiosk's public behaviour is used, so the harness does not depend on how the browser code
is organised: the root's ``data-attract="true"`` while the loop plays, and the story panel
(``#story-panel``) whose ``data-slide`` names the slide shown and which hides when the loop goes
back home. A loop ends when the panel hides after the last slide. Memory comes from the Chrome
DevTools Protocol: ``HeapProfiler.collectGarbage`` (twice), then ``Performance.getMetrics``
(``JSHeapUsedSize``, ``Nodes``, ``JSEventListeners``, ``Documents``).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

__all__ = ["LoopSample", "watch_loops", "loops_done", "sample_after_loops", "relative_change"]

# Installed once per page: counts loops in window.__twinSoak.loops (a few numbers, no growth).
_WATCH = """(slides) => {
  if (window.__twinSoak) return;
  const soak = window.__twinSoak = {loops: 0, last: 0, slides: slides};
  const check = () => {
    const root = document.querySelector('.twin');
    const panel = document.getElementById('story-panel');
    const attract = Boolean(root) && root.getAttribute('data-attract') === 'true';
    const slide = panel && !panel.hidden ? Number(panel.getAttribute('data-slide')) || 0 : 0;
    if (slide === soak.last) return;
    if (attract && slide === 0 && soak.last === soak.slides) soak.loops += 1;
    soak.last = slide;
  };
  new MutationObserver(check).observe(document.documentElement, {subtree: true, attributes: true,
      attributeFilter: ['data-slide', 'hidden', 'data-attract']});
}"""


@dataclass(frozen=True)
class LoopSample:
    """The page after one whole loop (and a forced garbage collection)."""

    loop: int
    seconds: float          # since sampling began
    heap_mb: float          # JSHeapUsedSize, MB (10^6 bytes)
    nodes: int              # DOM nodes alive
    listeners: int          # JS event listeners
    documents: int
    at_home: bool           # sampled before the next loop began (else: mid-slide, not comparable)

    def row(self) -> dict:
        """The sample as a plain dict."""
        return asdict(self)


def watch_loops(page, slides: int) -> None:
    """Start counting whole attract loops of a story with ``slides`` slides."""
    page.evaluate(_WATCH, slides)


def loops_done(page) -> int:
    return int(page.evaluate("() => window.__twinSoak.loops"))


def _metrics(cdp) -> dict[str, float]:
    for _ in range(2):
        cdp.send("HeapProfiler.collectGarbage")
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def sample_after_loops(page, *, loops: int | None = None, minutes: float | None = None,
                       loop_timeout_ms: int = 120_000, report=None) -> list[LoopSample]:
    """Wait for the end of each loop and sample the page in the pause at home that follows.

    Runs until a loop numbered ``loops`` or later was sampled at home (at most ``loops + 5``
    loops), or for ``minutes``; ``report(sample)`` is called after each sample. A sample that
    took longer than the pause (a busy machine) is kept with ``at_home=False``: it may hold a
    slide's temporary nodes. The kiosk must be counting idle time (short) and ``watch_loops`` set.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    samples: list[LoopSample] = []
    started = time.monotonic()

    def more() -> bool:
        if minutes is not None:
            return time.monotonic() - started < minutes * 60
        done = [s.loop for s in samples if s.at_home]
        return not (done and done[-1] >= loops) and (not samples or samples[-1].loop < loops + 5)

    while more():
        target = loops_done(page) + 1
        page.wait_for_function("(k) => window.__twinSoak.loops >= k", arg=target, timeout=loop_timeout_ms,
                               polling=50)
        m = _metrics(cdp)
        at_home = bool(page.evaluate("(k) => window.__twinSoak.loops === k && window.__twinSoak.last === 0", target))
        sample = LoopSample(loop=target, seconds=round(time.monotonic() - started, 1),
                            heap_mb=round(m["JSHeapUsedSize"] / 1e6, 3), nodes=int(m["Nodes"]),
                            listeners=int(m["JSEventListeners"]), documents=int(m["Documents"]), at_home=at_home)
        samples.append(sample)
        if report is not None:
            report(sample)
    cdp.detach()
    return samples


def relative_change(before: float, after: float) -> float:
    """(after − before) / before."""
    return (after - before) / before
