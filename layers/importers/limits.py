"""Refuse inputs that would not fit into memory, with a message that says so (instead of the
machine swapping or the build being killed).
"""

from __future__ import annotations

import os
from pathlib import Path

from layers.errors import InputError

__all__ = ["available_memory_bytes", "check_fits"]


def available_memory_bytes() -> int | None:
    """MemAvailable from /proc/meminfo (bytes), or None where unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def check_fits(path: Path, *, expansion: float, what: str, share: float = 0.6,
               available: int | None = None) -> None:
    """Raise ``InputError`` if reading ``path`` (``expansion`` × its size on disk, bytes) would need
    more than ``share`` of the available memory.

    Parameters
    ----------
    expansion
        Bytes in memory per byte on disk (e.g. ~10 for JSON parsed into Python objects).
    available
        Available memory (bytes); default: read from the system.
    """
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    size = sum(os.path.getsize(p) for p in files)
    free = available if available is not None else available_memory_bytes()
    if free is None:
        return
    need = size * expansion
    if need > share * free:
        raise InputError(path, f"The {what} input is too large for this machine's memory: reading it needs about "
                         f"{need / 2**30:.1f} GiB, {free / 2**30:.1f} GiB are available.",
                         "Cut the data to the area you need (e.g. `ogr2ogr -spat ...`, `gdalwarp -te ...`, "
                         "`osmium extract -b ...`) or split it into tiles and use fewer of them.")
