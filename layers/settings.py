"""Settings read from the environment, with the defaults functions fall back to.

``TWIN_CITY``        the city to build/serve: a folder with city.toml, or a sample city name
                     (default ``musterstadt``).
``TWIN_BUILD_ROOT``  where builds are written (default ``./build``).
``TWIN_IDLE_S``      kiosk mode: seconds without input before the attract loop starts (default 90).
``TWIN_OPERATOR_PIN_FILE``   kiosk operator exit: a file holding the PIN (unset: no exit;
                             viewer/operator.py).
``TWIN_OPERATOR_STOP``       the command the exit runs (default: stop the stand's systemd units).
``TWIN_OPERATOR_STATE_DIR``  where the exit counts PIN attempts (default: systemd's
                             ``RUNTIME_DIRECTORY``, else ``XDG_RUNTIME_DIR``, else the build root).
``TWIN_BUILD_MEMORY`` memory a build may use, in bytes or with a unit (``512M``, ``4G``); default: what
                     the machine (or its container's cgroup limit) has available. The build refuses
                     inputs that would need more (``layers.importers.limits``).
``TWIN_DASK_SCHEDULER`` where the build's model runs go (``layers.cluster``): ``local`` (default: a
                     Dask LocalCluster on 127.0.0.1), ``tls://host:8786``, ``tcp://127.0.0.1:8786``,
                     or ``processes`` (the process pool, no Dask).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

__all__ = ["default_city", "build_root", "dask_scheduler", "kiosk_idle_s", "build_memory_bytes", "operator_pin_file",
           "operator_stop_command", "operator_state_dir", "STAND_UNITS"]

KIOSK_IDLE_S = 90.0
# The systemd units of a trade-fair stand (viewer/stand/): the browser, then the server.
STAND_UNITS = ("twin-stand-browser.service", "twin-stand.service")


def default_city() -> str:
    """The city named by ``TWIN_CITY``, else the embedded sample city."""
    return os.environ.get("TWIN_CITY", "musterstadt")


def build_root() -> Path:
    """The folder builds go to (``TWIN_BUILD_ROOT``, else ``./build``)."""
    return Path(os.environ.get("TWIN_BUILD_ROOT", "build")).resolve()


def dask_scheduler() -> str:
    """Where the build's model runs go (``TWIN_DASK_SCHEDULER``, else ``local``; see ``layers.cluster``)."""
    return os.environ.get("TWIN_DASK_SCHEDULER", "").strip() or "local"


def kiosk_idle_s() -> float:
    """Kiosk idle time (s) before the attract loop (``TWIN_IDLE_S``, else 90; invalid → 90)."""
    try:
        value = float(os.environ.get("TWIN_IDLE_S", KIOSK_IDLE_S))
    except ValueError:
        return KIOSK_IDLE_S
    return value if 1.0 <= value <= 86400.0 else KIOSK_IDLE_S


def operator_pin_file() -> Path | None:
    """The file holding the kiosk operator's PIN (``TWIN_OPERATOR_PIN_FILE``), else None (no exit)."""
    value = os.environ.get("TWIN_OPERATOR_PIN_FILE", "").strip()
    return Path(value) if value else None


def operator_stop_command() -> list[str]:
    """The command the operator exit runs (``TWIN_OPERATOR_STOP``, split like a shell would, no
    shell run), else ``systemctl stop --no-block`` of the stand's units (which never restart them).
    """
    value = os.environ.get("TWIN_OPERATOR_STOP", "").strip()
    return shlex.split(value) if value else ["systemctl", "stop", "--no-block", *STAND_UNITS]


def operator_state_dir() -> Path:
    """Where the operator exit counts PIN attempts (shared by all workers of one server)."""
    for name in ("TWIN_OPERATOR_STATE_DIR", "RUNTIME_DIRECTORY", "XDG_RUNTIME_DIR"):
        value = os.environ.get(name, "").strip()
        if value:
            return Path(value.split(":")[0])   # systemd may list several runtime directories
    return build_root()


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
