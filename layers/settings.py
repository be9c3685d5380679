"""Settings read from the environment, with the defaults functions fall back to.

``TWIN_CITY``        the city to build/serve: a folder with city.toml, or a sample city name
                     (default ``musterstadt``).
``TWIN_BUILD_ROOT``  where builds are written (default ``./build``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_city", "build_root"]


def default_city() -> str:
    """The city named by ``TWIN_CITY``, else the embedded sample city."""
    return os.environ.get("TWIN_CITY", "musterstadt")


def build_root() -> Path:
    """The folder builds go to (``TWIN_BUILD_ROOT``, else ``./build``)."""
    return Path(os.environ.get("TWIN_BUILD_ROOT", "build")).resolve()
