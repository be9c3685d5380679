"""Settings read from the environment, with the defaults functions fall back to.

``TWIN_CITY``        the city to build/serve: a folder with city.toml, or a sample city name
                     (default ``musterstadt``).
``TWIN_BUILD_ROOT``  where builds are written (default ``./build``).
``TWIN_IDLE_S``      kiosk mode: seconds without input before the attract loop starts (default 90).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_city", "build_root", "kiosk_idle_s"]

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
