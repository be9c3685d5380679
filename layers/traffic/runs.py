"""The traffic model runs of a build as typed, picklable tasks and one pure function.

:func:`traffic_model` turns the city's roads and buildings into the model's network and
design-hour demand (translating the model's errors into ``InputError`` naming the input file);
:func:`traffic_tasks` makes, for every time slice of the day (``layers.traffic.slices``), one
:class:`TrafficTask` for today and one per network the variants use in that slice — a variant
whose limit does not hold in a slice (Tempo 30 at night, in the daytime) uses today's run of that
slice, so it costs no assignment there — and :func:`run_traffic_task` assigns one (static user
equilibrium, AequilibraE bi-conjugate Frank–Wolfe). A task carries its network, demand and
variant key, so it can go to any executor (``layers.executor``) unchanged; a process pool must
spawn its workers (``start_method="spawn"``) once AequilibraE has run in the parent, whose OpenMP
threads make forked children hang.

:func:`run_traffic_tasks` runs them all at once on the build's runner (``workers`` at a time).
It can also start each variant from today's equilibrium of its slice (warm start), in a second
wave. That is sound: a variant changes link times only (posted speeds), so today's link flows are
a feasible flow of the same demand on the same links, and the equilibrium link flows are unique
(the Beckmann program is strictly convex in them for BPR links with α > 0), so Frank–Wolfe
iterations from there reach the same equilibrium as from an all-or-nothing start, to the same gap
(``tests/test_traffic_zoning.py``). It is off by default because it is not faster with
bi-conjugate Frank–Wolfe (``bench/README.md``): a Frank–Wolfe step can take flow off the links a
variant slows only by shrinking the whole current solution towards an all-or-nothing load, so a
start that carries today's routes must be unwound step by step; warm starts pay off with path- or
bush-based algorithms, which AequilibraE 1.7 does not have. Slices differ in demand, so no slice
could start from another's flows.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from layers.base_layers import road_ids
from layers.errors import InputError
from layers.executor import TaskRunner
from layers.scenario_api import BuildContext
from layers.scenario_options import OptionReader
from layers.traffic.assign import AssignmentResult, assign
from layers.traffic.demand import Demand, DemandError, build_demand
from layers.traffic.network import NetworkError, RoadNetwork, network_from_roads
from layers.traffic.options import KEY, TrafficOptions, TrafficVariant
from layers.traffic.scenarios import SCENARIOS, links_in_zone
from layers.traffic.slices import slice_demand
from layers.traffic.speeds import MaxspeedError

__all__ = ["BASELINE", "TrafficModel", "TrafficRun", "TrafficTask", "run_id", "run_traffic_task", "run_traffic_tasks",
           "task_cost", "traffic_model", "traffic_tasks", "variant_run_id"]

BASELINE = "basis"


@dataclass(frozen=True, eq=False)
class TrafficModel:
    """The city as the traffic model sees it.

    Attributes
    ----------
    roads
        The roads with string ids as in ``roads.json`` and the optional fields filled.
    network
        Today's road network (directed links, veh/h capacities, km/h speeds).
    demand
        Car trips between zones in the design hour (veh/h; ``layers.traffic.slices`` derives each
        time slice's from it), held fixed in every variant.
    dropped_warnings
        Warnings about roads dropped as disconnected from the network.
    """

    roads: pd.DataFrame
    network: RoadNetwork
    demand: Demand
    dropped_warnings: int


@dataclass(frozen=True, eq=False)
class TrafficTask:
    """One assignment, self-contained.

    Attributes
    ----------
    id
        :func:`run_id` of its slice and network (any unique text).
    network, demand
        Today's network and the demand (veh/h) of its time slice.
    rgap
        Relative gap to converge to (-).
    variant
        A key of :data:`layers.traffic.SCENARIOS` applied to the network first; None: today.
    zone
        The polygon the variant applies to.
    slice
        The key of its time slice (None: the design hour).
    warm_start
        Link volumes (veh/h, the order of the network's links then the demand's connectors) to start
        from: today's equilibrium of the same demand (see the module text); None: a cold start.
    """

    id: str
    network: RoadNetwork
    demand: Demand
    rgap: float
    variant: str | None = None
    zone: object | None = None
    slice: str | None = None
    warm_start: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class TrafficRun:
    """An assignment's result with the task's id and its wall time (s)."""

    id: str
    result: AssignmentResult
    seconds: float


def model_roads(frame: pd.DataFrame) -> pd.DataFrame:
    """The roads as the network builder wants them: string ids as in roads.json, and the optional
    fields filled (missing maxspeed → class default, missing lanes → 1 per direction, not one-way).
    """
    roads = frame.copy()
    roads["id"] = road_ids(frame)
    for column, fill in (("maxspeed", None), ("lanes", None), ("oneway", False)):
        if column not in roads:
            roads[column] = fill
    return roads


def traffic_model(context: BuildContext, options: TrafficOptions, zone: object) -> TrafficModel:
    """Network and demand of the city being built.

    Raises
    ------
    InputError
        Roads the network builder refuses (naming the roads), a zone that touches no road (naming
        city.toml), buildings without usable residents and jobs (naming the buildings).
    """
    roads_input, buildings_input = context.layers["roads"], context.layers["buildings"]
    roads = model_roads(roads_input.frame)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            network = network_from_roads(roads, capacity_per_lane={"motorway": 2000.0},
                                         default_speed_kmh={"motorway": 130.0}, on_disconnected="drop")
        dropped = sum("dropping" in str(w.message) for w in caught)
    except (NetworkError, MaxspeedError) as err:
        raise InputError(roads_input.path, f"The traffic model cannot use these roads: {err}",
                         "Fix the roads as described, or remove \"verkehr\" from [scenarios] enabled in city.toml.",
                         field="roads") from None
    if not links_in_zone(network, zone).any():
        raise OptionReader.of(context, KEY).error(
            "zone", f"The zone '{options.zone_name}' touches none of the roads of the traffic network, so "
            "Tempo 30 there would change nothing.",
            "Choose a zone that covers streets (zone = \"...\" under [scenarios.verkehr]) or fix "
            "the zone polygon's position/CRS.")
    try:
        demand = build_demand(network, buildings_input.frame)
    except DemandError as err:
        raise InputError(buildings_input.path, f"The traffic model cannot derive car demand from the buildings: {err}",
                         "Give the buildings residents and jobs near the roads, or remove \"verkehr\" from "
                         "[scenarios] enabled in city.toml.", field="residents, jobs") from None
    return TrafficModel(roads=roads, network=network, demand=demand, dropped_warnings=dropped)


def run_id(slice_key: str, scenario_key: str | None) -> str:
    """The id of the run of a time slice on today's network (``scenario_key`` None) or a variant's."""
    return f"{slice_key}/{scenario_key or BASELINE}"


def variant_run_id(variant: TrafficVariant, slice_key: str) -> str:
    """The run that stands for ``variant`` in a time slice: its own network's, or today's where its limit
    does not hold.
    """
    return run_id(slice_key, variant.key if variant.applies_in(slice_key) else None)


def traffic_tasks(model: TrafficModel, options: TrafficOptions, zone: object) -> list[TrafficTask]:
    """Per time slice: today's run, then one run per network its variants use there (no duplicates).

    Today's run of a slice converges to ``options.rgap`` where a variant is compared with it there
    (a difference of two runs shows their solver noise), else to ``options.rgap_alone``.
    """
    tasks: list[TrafficTask] = []
    for time_slice in options.slices:
        demand = slice_demand(model.demand, time_slice)
        keys = list(dict.fromkeys(v.key for v in options.variants if v.applies_in(time_slice.key)))
        tasks.append(TrafficTask(run_id(time_slice.key, None), model.network, demand,
                                 options.rgap if keys else options.rgap_alone, slice=time_slice.key))
        for key in keys:
            tasks.append(TrafficTask(run_id(time_slice.key, key), model.network, demand, options.rgap, key, zone,
                                     time_slice.key))
    return tasks


def task_cost(task: TrafficTask) -> float:
    """Expected cost of a task for the executor's order: its trips (veh/h); busy slices take longest."""
    return task.demand.total_trips


def run_traffic_task(task: TrafficTask) -> TrafficRun:
    """Assign the task's demand to its network (with the variant applied), from its warm start if it has one."""
    started = time.perf_counter()
    network = task.network if task.variant is None else SCENARIOS[task.variant](task.network, task.zone)
    result = assign(network, task.demand, rgap=task.rgap, warm_start=task.warm_start)
    return TrafficRun(task.id, result, time.perf_counter() - started)


def run_traffic_tasks(runner: TaskRunner, tasks: list[TrafficTask], *, warm_start: bool = False,
                      **options) -> list[TrafficRun]:
    """Run the tasks on ``runner`` (``BuildContext.run_tasks``); the runs in task order.

    All at once by default. With ``warm_start``: today's runs first, then the variants, each from
    today's equilibrium of its slice (see the module text: the same equilibrium, but with
    bi-conjugate Frank–Wolfe not sooner). ``options`` go to the runner (``workers``,
    ``start_method``, ...).
    """
    if not warm_start:
        return runner(run_traffic_task, tasks, cost=task_cost, **options)
    today = [task for task in tasks if task.variant is None]
    runs = {run.id: run for run in runner(run_traffic_task, today, cost=task_cost, **options)}
    start = {task.slice: runs[task.id].result.links["volume_vph"].to_numpy() for task in today}
    variants = [replace(task, warm_start=start[task.slice]) for task in tasks if task.variant is not None]
    runs |= {run.id: run for run in runner(run_traffic_task, variants, cost=task_cost, **options)}
    return [runs[task.id] for task in tasks]
