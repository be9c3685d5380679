"""Refuse inputs that would not fit into memory, with a message that says so (instead of the
machine swapping or the build being killed).

Vector files are estimated from their size on disk (bytes in memory per byte on disk, by format).
A DEM is estimated from its dimensions — a compressed GeoTIFF of smooth terrain is small on disk
but not in memory: the build needs about :data:`BYTES_PER_DEM_CELL` per DEM cell at its peak
(masked read, reprojection, hillshaded texture; measured with ``bench/bench_dem_memory.py``, see
bench/README.md). The fix offered is ``resolution_m`` in ``[inputs.dem]`` (read the DEM coarser)
with the coarsest cell size still needed, or cutting the data.

Available memory: ``TWIN_BUILD_MEMORY`` if set (``layers.settings``), else the smaller of
``MemAvailable`` and what the container's cgroup allows.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from layers.errors import InputError
from layers.settings import build_memory_bytes

__all__ = ["available_memory_bytes", "check_fits", "check_dem_fits", "BYTES_PER_DEM_CELL", "MEMORY_SHARE"]

BYTES_PER_DEM_CELL = 75.0   # peak memory of a build per DEM cell (bench/bench_dem_memory.py)
MEMORY_SHARE = 0.6          # of the available memory an input may take
NICE_RESOLUTIONS_M = (0.5, 1.0, 2.0, 2.5, 4.0, 5.0, 8.0, 10.0, 16.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0, 1000.0)


CGROUP_FILES = (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),                          # v2
                 ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"))  # v1
NO_LIMIT = 2**60   # cgroup v1 writes "no limit" as a number near 2**63


def _cgroup_free() -> int | None:
    """Memory the container's cgroup (v2 or v1) still allows (bytes), or None without a limit."""
    for limit_file, usage_file in CGROUP_FILES:
        try:
            limit = Path(limit_file).read_text().strip()
            if limit == "max" or int(limit) >= NO_LIMIT:
                return None
            return int(limit) - int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
    return None


def available_memory_bytes() -> int | None:
    """Memory a build may use (bytes): ``TWIN_BUILD_MEMORY``, else the smaller of MemAvailable
    (/proc/meminfo) and the cgroup's allowance; None where unknown.
    """
    configured = build_memory_bytes()
    if configured is not None:
        return configured
    free = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                free = int(line.split()[1]) * 1024
    except OSError:
        pass
    cgroup = _cgroup_free()
    known = [value for value in (free, cgroup) if value is not None]
    return min(known) if known else None


def check_fits(path: Path, *, expansion: float, what: str, share: float = MEMORY_SHARE,
               available: int | None = None) -> None:
    """Raise ``InputError`` if reading ``path`` (``expansion`` × its size on disk, bytes) would need
    more than ``share`` of the available memory.

    Parameters
    ----------
    expansion
        Bytes in memory per byte on disk (e.g. ~10 for JSON parsed into Python objects).
    available
        Available memory (bytes); default: :func:`available_memory_bytes`.
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


def _gib(count: float) -> str:
    return f"{count / 2**30:.1f} GiB" if count >= 2**30 else f"{count / 2**20:.0f} MiB"


def check_dem_fits(path: Path, *, cells: int, resolution_m: float, field: str = "inputs.dem.resolution_m",
                   share: float = MEMORY_SHARE, available: int | None = None) -> None:
    """Raise ``InputError`` if a DEM of ``cells`` cells of ``resolution_m`` (m), as the build will
    read it, needs more than ``share`` of the available memory (:data:`BYTES_PER_DEM_CELL` per cell).

    Parameters
    ----------
    path
        The DEM (or city.toml for the flat DEM of a city without one).
    cells
        Rows × columns as the build will hold them.
    resolution_m
        Their cell size (m): the message names the ``resolution_m`` that would fit.
    available
        Available memory (bytes); default: :func:`available_memory_bytes`.
    """
    free = available if available is not None else available_memory_bytes()
    if free is None:
        return
    need = cells * BYTES_PER_DEM_CELL
    budget = share * free
    if need <= budget:
        return
    area_m2 = cells * resolution_m**2
    fitting = next(
        (r for r in NICE_RESOLUTIONS_M if r > resolution_m and area_m2 / r**2 * BYTES_PER_DEM_CELL <= budget), None
    )
    problem = (f"The DEM has {cells:,} cells of {resolution_m:g} m; the build needs about {BYTES_PER_DEM_CELL:g} bytes "
               f"per cell, {_gib(need)}, and may use {_gib(budget)} ({share:.0%} of the {_gib(free)} available).")
    cut = "cut it to the area you need (`gdalwarp -te <xmin ymin xmax ymax> ...`)"
    if fitting is None:
        fix = (f"Cut the DEM to the area you need (`gdalwarp -te ...`): {math.sqrt(area_m2) / 1000:.0f} km square "
               "is too much.")
    else:
        fix = (f"Read it coarser: resolution_m = {fitting:g} under [inputs.dem] in city.toml (about "
               f"{_gib(area_m2 / fitting**2 * BYTES_PER_DEM_CELL)}), or {cut}.")
    raise InputError(path, problem, fix + " A machine with more memory (or TWIN_BUILD_MEMORY) helps too.", field=field)
