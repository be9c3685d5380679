"""The heavy-rain model runs of a build as typed, picklable tasks and one pure function.

:func:`flood_tasks` makes one :class:`FloodTask` per run of the options (an event; an event on the
grid a measure changed; an event with its roof water drained) — measures that move no water
(object protection) need none; :func:`run_flood_task` runs one and returns a :class:`FloodRun`;
the build's task runner (``layers.executor``, ``layers.cluster``) maps it over the tasks on Dask
distributed or a process pool. A task holds only arrays and numbers, so it goes to either unchanged.

Roof rain stays on the surface (the sewer is taken as full, DWA-M 119) and is spread over the open
cells around each building (``roof_runoff="perimeter"``, see :mod:`layers.flood.model`); the
"roof water drained" runs send it to the sewer instead (``"sewer"``), which shows roof water's
share of the buildings affected.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from layers.flood.hyetograph import Hyetograph
from layers.flood.measures import GridChange
from layers.flood.model import FloodGrid, MassBudget, run_flood
from layers.flood.options import FloodOptions

__all__ = ["VELOCITY_MIN_DEPTH_M", "FloodRun", "FloodTask", "flood_tasks", "rain_depth_mm", "run_flood_task"]

VELOCITY_MIN_DEPTH_M = 0.05
"""Speeds and flow directions are recorded only where the water is deeper (m)."""


@dataclass(frozen=True, eq=False)
class FloodTask:
    """One model run, self-contained.

    Attributes
    ----------
    id
        The event's or measure's id.
    grid
        The model grid (a measure's changed copy).
    rain
        The design storm (mm/h).
    duration_s
        Simulated time, rain plus drainage (s).
    output_interval_s
        Spacing of the depth frames (s).
    roof_storage_mm
        Rain each roof cell retains before it spills (mm).
    roof_runoff
        Where roof rain goes: ``"perimeter"`` (spills at the walls) or ``"sewer"`` (drained).
    """

    id: str
    grid: FloodGrid
    rain: Hyetograph
    duration_s: float
    output_interval_s: float
    roof_storage_mm: np.ndarray | float = 0.0
    roof_runoff: str = "perimeter"


@dataclass(frozen=True, eq=False)
class FloodRun:
    """What a run gives the artifacts and metrics (float32 grids on the model grid).

    Attributes
    ----------
    id
        The task's id.
    max_depth_m
        Max water depth over the run (m).
    max_velocity_m_s
        Max speed (m/s) where deeper than :data:`VELOCITY_MIN_DEPTH_M`, else 0.
    flow_direction_deg
        Direction the water flows towards at max speed (degrees, 0 = north), NaN where still.
    depth_frames_m
        Depth every ``output_interval_s`` and at the end (m), shape (frames, rows, cols).
    speed_frames_m_s
        Speed at the frame times (m/s), 0 where not deeper than :data:`VELOCITY_MIN_DEPTH_M`; never above
        ``max_velocity_m_s``.
    frame_times_s
        Times of the frames (s).
    budget
        The mass budget (m³).
    steps
        Time steps.
    seconds, cpu_seconds
        Wall and CPU time of the run (s).
    """

    id: str
    max_depth_m: np.ndarray
    max_velocity_m_s: np.ndarray
    flow_direction_deg: np.ndarray
    depth_frames_m: np.ndarray
    speed_frames_m_s: np.ndarray
    frame_times_s: tuple[float, ...]
    budget: MassBudget
    steps: int
    seconds: float
    cpu_seconds: float

    @property
    def mass_error(self) -> float:
        """Relative mass-balance error of the run (-)."""
        return float(self.budget.relative_error)


def flood_tasks(options: FloodOptions, grid: FloodGrid, changes: dict[str, GridChange]) -> list[FloodTask]:
    """The model runs of a build (``changes``: the grid change of each measure, by id)."""
    interval_s = options.interval_min * 60.0
    tasks = []
    for run in options.runs:
        event = options.event(run.event)
        duration_s = (event.duration_min + options.after_min) * 60.0
        if run.measure is None:
            tasks.append(FloodTask(run.id, grid, event.hyetograph(), duration_s, interval_s,
                                   roof_runoff="sewer" if run.roofs_drained else "perimeter"))
        elif options.measure(run.measure).moves_water:
            change = changes[run.measure]
            tasks.append(FloodTask(run.id, change.grid, event.hyetograph(), duration_s, interval_s,
                                   change.roof_storage_mm))
    return tasks


def run_flood_task(task: FloodTask) -> FloodRun:
    """Run one task (serial numba: processes, not threads, run tasks side by side)."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    result = run_flood(task.grid, task.rain, duration_s=task.duration_s, output_interval_s=task.output_interval_s,
                       v_min_depth=VELOCITY_MIN_DEPTH_M, threads=1, roof_runoff=task.roof_runoff,
                       roof_storage_mm=task.roof_storage_mm)
    return FloodRun(
        id=task.id,
        max_depth_m=result.max_depth_m.astype("float32"),
        max_velocity_m_s=result.max_velocity_m_s.astype("float32"),
        flow_direction_deg=result.flow_dir_deg.astype("float32"),
        depth_frames_m=result.depth_frames_m.astype("float32"),
        speed_frames_m_s=result.speed_frames_m_s.astype("float32"),
        frame_times_s=tuple(result.frame_times_s.tolist()),
        budget=result.budget,
        steps=int(result.steps),
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu_started,
    )


def rain_depth_mm(task: FloodTask) -> float:
    """The task's rain (mm): the executor starts the heaviest rain first (the longest runs)."""
    return task.rain.total_depth_mm
