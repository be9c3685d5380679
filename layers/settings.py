"""Settings read from the environment, with the defaults functions fall back to.

``TWIN_CITY``        the city to build/serve: a folder with city.toml, or a sample city name
                     (default ``musterstadt``).
``TWIN_BUILD_ROOT``  where builds are written (default ``./build``).
``TWIN_IDLE_S``      kiosk mode: seconds without input before the attract loop starts (default 90).
``TWIN_BUILD_MEMORY`` memory a build may use, in bytes or with a unit (``512M``, ``4G``); default: what
                     the machine (or its container's cgroup limit) has available. The build refuses
                     inputs that would need more (``layers.importers.limits``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_city", "build_root", "kiosk_idle_s", "build_memory_bytes"]

KIOSK_IDLE_S = 90.0


def default_city() -> str:
    """The city named by ``TWIN_CITY``, else the embedded sample city."""
    return os.environ.get("TWIN_CITY", "musterstadt")


def build_root() -> Path:
    """The folder builds go to (``TWIN_BUILD_ROOT``, else ``./build``)."""
    return Path(os.environ.get("TWIN_BUILD_ROOT", "build")).resolve()


def kiosk_idle_s() -> float:
    """Kiosk idle time (s) before the attract loop (``TWIN_IDLE_S``, else 90; invalid → 90)."""
    try:
        value = float(os.environ.get("TWIN_IDLE_S", KIOSK_IDLE_S))
    except ValueError:
        return KIOSK_IDLE_S
    return value if 1.0 <= value <= 86400.0 else KIOSK_IDLE_S


def build_memory_bytes() -> int | None:
    """The memory a build may use (``TWIN_BUILD_MEMORY``: bytes, or a number with K, M, G or T),
    or None (unset or unreadable: the build asks the system).
    """
    text = os.environ.get("TWIN_BUILD_MEMORY", "").strip().upper().removesuffix("B")
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    scale = units.get(text[-1:], 1)
    try:
        value = float(text[:-1] if text[-1:] in units else text) * scale
    except ValueError:
        return None
    return int(value) if value > 0 and value == value and value != float("inf") else None
