"""A rate limit for PIN attempts that all gunicorn workers share: a small file under a lock.

Each worker is its own process with its own memory (README "Deployment"), so a limit kept in a
worker's globals would give a visitor one allowance per worker. The attempts of the last
``window_s`` seconds live instead in one JSON file, read and written under ``fcntl.flock``. An
attempt is counted *before* its PIN is checked (and the count cleared when the PIN was right), so
parallel requests cannot slip past the limit between check and count.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["AttemptWindow"]


class AttemptWindow:
    """At most ``limit`` attempts per ``window_s`` seconds, counted in the file ``path``.

    Parameters
    ----------
    path
        The counter file (created with mode 600; its folder must exist and be writable).
    limit
        Attempts allowed within the window.
    window_s
        Length of the sliding window (s).
    clock
        Seconds since the epoch (``time.time``; tests pass their own).
    """

    def __init__(self, path: Path, *, limit: int = 5, window_s: float = 300.0,
                 clock: Callable[[], float] = time.time) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("AttemptWindow needs limit >= 1 and window_s > 0.")
        self.path = Path(path)
        self.limit = limit
        self.window_s = window_s
        self.clock = clock

    def _update(self, change: Callable[[list[float], float], tuple[list[float], float]]) -> float:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with os.fdopen(os.dup(fd), "r+", encoding="ascii") as file:
                try:
                    stamps = [float(s) for s in json.loads(file.read() or "[]")]
                except (ValueError, TypeError):
                    stamps = []   # a torn or foreign file counts as no attempts: it is rewritten below
                now = self.clock()
                stamps = [s for s in stamps if now - self.window_s < s <= now]
                stamps, result = change(stamps, now)
                file.seek(0)
                file.truncate()
                file.write(json.dumps(stamps))
            return result
        finally:
            os.close(fd)  # also releases the lock

    def try_attempt(self) -> float:
        """Count one attempt if the window allows it: 0.0, else the seconds until one is allowed."""
        def change(stamps: list[float], now: float) -> tuple[list[float], float]:
            if len(stamps) >= self.limit:
                return stamps, max(0.001, stamps[len(stamps) - self.limit] + self.window_s - now)
            return [*stamps, now], 0.0
        return self._update(change)

    def clear(self) -> None:
        """Forget every attempt (after a right PIN)."""
        self._update(lambda stamps, now: ([], 0.0))
