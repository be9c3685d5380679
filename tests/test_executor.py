"""Model runs as picklable tasks: a process pool gives the same results as runs in this process.

Each scenario run of a build is a typed task object and a pure function (``layers.executor``), so
that a run can go to any executor (a process pool today, Dask distributed later). Checked here
on a small heavy-rain grid (two events, one with green roofs) and a small traffic grid (today and
a Tempo-30 variant): the tasks survive pickling, and the pool returns exactly what the same
function returns in this process, in task order.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from shapely.geometry import box

from layers.executor import run_tasks
from layers.flood.hyetograph import block_rain, euler_type2
from layers.flood.model import FloodGrid
from layers.flood.runs import FloodTask, rain_depth_mm, run_flood_task
from layers.traffic.demand import DemandParameters, build_demand
from layers.traffic.network import network_from_roads
from layers.traffic.runs import TrafficTask, run_traffic_task
from layers.traffic.synthetic import grid_buildings, grid_roads


def _flood_tasks() -> list[FloodTask]:
    """A 40 × 30 grid of 2 m sloping to a sunken square, with one building."""
    rows, cols = np.mgrid[0:30, 0:40]
    z = 10.0 + 0.02 * cols + 0.5 * ((np.abs(rows - 15) < 4) & (np.abs(cols - 20) < 4)) * -1.0
    blocked = np.zeros(z.shape, bool)
    blocked[5:9, 5:12] = True
    grid = FloodGrid.uniform(z, 2.0, manning_n=0.02, drainage_mm_h=5.0, blocked=blocked)
    roofs = np.where(blocked, 10.0, 0.0)
    return [FloodTask("light", grid, euler_type2(depth_mm=20.0, duration_min=30.0), 2400.0, 600.0),
            FloodTask("heavy", grid, block_rain(depth_mm=50.0, duration_min=30.0), 2400.0, 600.0, roofs)]


def test_flood_runs_on_a_pool_equal_runs_in_process() -> None:
    tasks = _flood_tasks()
    here = run_tasks(run_flood_task, tasks, workers=1)
    pooled = run_tasks(run_flood_task, [pickle.loads(pickle.dumps(t)) for t in tasks], workers=2, cost=rain_depth_mm)
    assert [run.id for run in pooled] == ["light", "heavy"]  # task order, although "heavy" started first
    for a, b in zip(here, pooled, strict=True):
        assert a.steps == b.steps > 0
        assert np.array_equal(a.max_depth_m, b.max_depth_m)
        assert np.array_equal(a.depth_frames_m, b.depth_frames_m)
        assert np.array_equal(a.flow_direction_deg, b.flow_direction_deg, equal_nan=True)
        assert a.budget == b.budget
    assert here[1].budget.retained_m3 > 0  # the green roofs of the second task held rain
    assert here[1].max_depth_m.max() > here[0].max_depth_m.max() > 0


@pytest.fixture(scope="module")
def traffic_tasks() -> list[TrafficTask]:
    roads = grid_roads(6, 6, 100.0)
    network = network_from_roads(roads)
    demand = build_demand(network, grid_buildings(6, 6, 100.0, residents=600, jobs=400),
                          DemandParameters(cell_size_m=200.0))
    x0, y0, _, _ = roads.total_bounds
    zone = box(x0 + 150, y0 + 150, x0 + 450, y0 + 450)  # the centre of the grid
    return [TrafficTask("basis", network, demand, 1e-6),
            TrafficTask("tempo30", network, demand, 1e-6, "Tempo 30 Innenstadt", zone)]


def test_traffic_runs_on_a_pool_equal_runs_in_process(traffic_tasks: list[TrafficTask]) -> None:
    here = run_tasks(run_traffic_task, traffic_tasks, workers=1)
    # spawn: the runs above started AequilibraE's OpenMP threads here, and a forked child would hang
    pooled = run_tasks(run_traffic_task, [pickle.loads(pickle.dumps(t)) for t in traffic_tasks], workers=2,
                       start_method="spawn")
    assert [run.id for run in pooled] == ["basis", "tempo30"]
    for a, b in zip(here, pooled, strict=True):
        assert a.result.convergence.converged and b.result.convergence.converged
        np.testing.assert_allclose(b.result.links["volume_vph"], a.result.links["volume_vph"], rtol=0, atol=1e-6)
    base, tempo30 = (run.result.road_links for run in here)
    assert (tempo30["speed_kmh"] < base["speed_kmh"]).any()  # the variant was applied in the task's run
