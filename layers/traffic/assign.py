"""User-equilibrium traffic assignment with AequilibraE (in memory, BPR, bi-conjugate FW).

No AequilibraE project folder or SQLite database is used: the graph is built from a
DataFrame and the demand is a memory-only ``AequilibraeMatrix``.

Environment set before AequilibraE is imported (only if not already set):
``OMP_WAIT_POLICY=PASSIVE`` (busy-waiting OpenMP threads make it ~10x slower on
shared cores) and ``AEQ_SHOW_PROGRESS=FALSE`` (no progress bars; note that
``TQDM_DISABLE=1`` crashes AequilibraE 1.7.2, so it is not used).

Units: times are in the units of the links' ``free_flow_time_s`` (seconds for
networks from :func:`layers.traffic.network.network_from_roads`), volumes veh/h,
capacities veh/h, speeds km/h.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

# Must happen before anything loads an OpenMP runtime (AequilibraE, numexpr, ...).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")

import numpy as np
import pandas as pd

from .demand import Demand
from .network import RoadNetwork
from .skims import zone_skim

__all__ = [
    "ConvergenceReport",
    "AssignmentResult",
    "bpr_time",
    "beckmann_objective",
    "assign_links",
    "assign",
]


@dataclass(frozen=True)
class ConvergenceReport:
    """Convergence of one assignment.

    Attributes
    ----------
    algorithm : str
    rgap_target, rgap : float
        Target and final relative gap (AequilibraE definition:
        ``(sum(v*t) - sum(AoN*t)) / sum(v*t)``, dimensionless).
    iterations : int
    wall_time_s : float
        Wall-clock time of graph setup + assignment, s.
    converged : bool
        ``rgap <= rgap_target``.
    """

    algorithm: str
    rgap_target: float
    rgap: float
    iterations: int
    wall_time_s: float
    converged: bool


@dataclass(frozen=True)
class AssignmentResult:
    """Link results and convergence.

    Attributes
    ----------
    links : pandas.DataFrame
        Input link columns plus ``volume_vph`` (veh/h), ``vc`` (volume/capacity),
        ``congested_time_s`` (s, BPR at the final volumes) and
        ``congested_speed_kmh`` (km/h, NaN for connectors).
    convergence : ConvergenceReport
    od_time_s : numpy.ndarray or None
        ``(Z, Z)`` shortest-path times on congested link times, s.
    total_trips : float
        veh/h assigned.
    """

    links: pd.DataFrame
    convergence: ConvergenceReport
    od_time_s: np.ndarray | None
    total_trips: float

    @property
    def road_links(self) -> pd.DataFrame:
        """The links of real roads (zone connectors left out)."""
        return self.links[self.links["road_class"] != "connector"]

    def totals(self) -> dict[str, float]:
        """Network totals: ``vehicle_hours`` (veh*h per peak hour), ``vehicle_km``
        (road links, veh*km), ``mean_trip_time_min`` (vehicle-hours / trips, min).
        """
        lk = self.links
        vh = float((lk.volume_vph * lk.congested_time_s).sum() / 3600.0)
        road = self.road_links
        vkm = float((road.volume_vph * road.length_m).sum() / 1000.0)
        return {
            "vehicle_hours": vh,
            "vehicle_km": vkm,
            "mean_trip_time_min": vh * 60.0 / self.total_trips if self.total_trips > 0 else float("nan"),
            "trips": self.total_trips,
        }


def bpr_time(t0: np.ndarray, volume: np.ndarray, capacity: np.ndarray, alpha=0.15, beta=4.0) -> np.ndarray:
    """BPR link time ``t0 * (1 + alpha * (v/c)**beta)`` in the units of ``t0``."""
    return np.asarray(t0, float) * (1.0 + alpha * (np.asarray(volume, float) / capacity) ** beta)


def beckmann_objective(t0, volume, capacity, alpha=0.15, beta=4.0) -> float:
    """Beckmann objective ``sum_a int_0^{v_a} t_a(x) dx`` for BPR links (units of t0 x veh)."""
    t0 = np.asarray(t0, float)
    v = np.asarray(volume, float)
    c = np.asarray(capacity, float)
    return float(np.sum(t0 * (v + alpha * c / (beta + 1.0) * (v / c) ** (beta + 1.0))))


def _import_aequilibrae():
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")
    if os.environ.get("TQDM_DISABLE"):
        # AequilibraE 1.7.2 crashes with TQDM_DISABLE=1; AEQ_SHOW_PROGRESS does the job.
        os.environ.pop("TQDM_DISABLE")
    from aequilibrae.matrix import AequilibraeMatrix
    from aequilibrae.paths import Graph, TrafficAssignment, TrafficClass

    return Graph, TrafficAssignment, TrafficClass, AequilibraeMatrix


def assign_links(
    links: pd.DataFrame,
    centroids: np.ndarray,
    matrix: np.ndarray,
    *,
    time_field: str = "free_flow_time_s",
    capacity_field: str = "capacity_vph",
    rgap: float = 1e-6,
    max_iter: int = 5000,
    algorithm: str = "bfw",
    block_centroid_flows: bool = True,
    cores: int = 1,
    warm_start: np.ndarray | None = None,
) -> tuple[np.ndarray, ConvergenceReport]:
    """Low-level equilibrium assignment on a directed link table.

    Parameters
    ----------
    links : pandas.DataFrame
        ``link_id`` (unique positive int), ``a_node``, ``b_node`` (positive int),
        ``time_field`` (> 0), ``capacity_field`` (> 0), ``alpha``, ``beta``.
    centroids : numpy.ndarray of int
        Centroid node ids in matrix order.
    matrix : numpy.ndarray
        ``(Z, Z)`` demand, veh/h.
    rgap : float
        Target relative gap.  Use 1e-6 when comparing scenarios: at 1e-4 busy-link
        volumes can still be tens of percent off equilibrium.
    max_iter : int
    algorithm : str
        AequilibraE algorithm ("bfw", "cfw", "fw", "msa").
    block_centroid_flows : bool
        Forbid paths through centroids (True for connector-based zones; False
        for classic test networks such as Sioux Falls where zones are road nodes).
    cores : int
        Threads for path finding.
    warm_start : numpy.ndarray, optional
        veh/h per link (aligned with ``links``) to start from instead of an all-or-nothing load at
        free flow: a feasible flow of the same ``matrix`` on the same links, e.g. the equilibrium of
        a network that differs in link times only . The
        equilibrium reached is the same (the Beckmann program is strictly convex in link flows
        for BPR links), only the way there is shorter.

    Returns
    -------
    volumes : numpy.ndarray
        veh/h per link, aligned with ``links`` rows.
    report : ConvergenceReport
    """
    import warnings

    with warnings.catch_warnings():
        # pandas deprecation and step-size division warnings raised inside AequilibraE itself
        warnings.filterwarnings("ignore", module=r"aequilibrae(\..*)?$")
        return _assign_links(links, centroids, matrix, time_field, capacity_field, rgap, max_iter, algorithm,
                             block_centroid_flows, cores, warm_start)


def _start_from(assignment, graph, link_ids: np.ndarray, volumes: np.ndarray) -> None:
    """Make an AequilibraE assignment take ``volumes`` (veh/h by link id) as its first iterate.

    AequilibraE 1.7 has no warm start: its first iteration loads the demand all-or-nothing at free
    flow and records those flows through ``_apply_assigned_flow``. The assignment object is given a
    subclass that replaces that first record by ``volumes`` (in the graph's link order), so every
    later iteration (direction, line search, gap) runs unchanged from there.
    """
    rows = graph.graph
    start = np.zeros(len(rows))
    start[rows["__supernet_id__"].to_numpy()] = (
        pd.Series(volumes, index=link_ids).reindex(rows["link_id"].to_numpy()).fillna(0.0).to_numpy())
    cls = type(assignment)
    assignment.__class__ = type("WarmStarted" + cls.__name__, (cls,), {"_apply_assigned_flow": _warm_first_flow})
    assignment.warm_start_flow = start


def _warm_first_flow(self, link_flows):
    """``_apply_assigned_flow`` that takes the warm-start flows at the first iteration (one class)."""
    if self.iter == 1:
        (traffic_class,) = self.traffic_classes
        traffic_class.results.link_loads[:, 0] = self.warm_start_flow * traffic_class.pce
        traffic_class.results.total_flows()
        link_flows = traffic_class.results.total_link_loads
    type(self).__mro__[1]._apply_assigned_flow(self, link_flows)


def _assign_links(links, centroids, matrix, time_field, capacity_field, rgap, max_iter, algorithm,
                  block_centroid_flows, cores, warm_start) -> tuple[np.ndarray, ConvergenceReport]:
    t_start = time.perf_counter()
    Graph, TrafficAssignment, TrafficClass, AequilibraeMatrix = _import_aequilibrae()
    tt = links[time_field].to_numpy(float)
    if not (tt > 0).all():
        bad = links.loc[~(tt > 0), "link_id"].tolist()[:20]
        raise ValueError(f"{time_field} must be > 0 (AequilibraE requirement); offending link_ids {bad}")
    cap = links[capacity_field].to_numpy(float)
    if not (cap > 0).all():
        bad = links.loc[~(cap > 0), "link_id"].tolist()[:20]
        raise ValueError(f"{capacity_field} must be > 0; offending link_ids {bad}")
    centroids = np.asarray(centroids, dtype=np.int64)
    matrix = np.asarray(matrix, dtype=float)
    if matrix.shape != (len(centroids), len(centroids)):
        raise ValueError(f"matrix shape {matrix.shape} does not match {len(centroids)} centroids")

    net = pd.DataFrame({
        "link_id": links["link_id"].to_numpy(np.int64),
        "a_node": links["a_node"].to_numpy(np.int64),
        "b_node": links["b_node"].to_numpy(np.int64),
        "direction": np.ones(len(links), dtype=np.int8),
        "time": tt,
        "capacity": cap,
        "alpha": links["alpha"].to_numpy(float) if "alpha" in links else 0.15,
        "beta": links["beta"].to_numpy(float) if "beta" in links else 4.0,
    })
    net["id"] = net["link_id"]
    g = Graph()
    g.network = net
    g.prepare_graph(centroids)
    g.set_graph("time")
    g.set_blocked_centroid_flows(block_centroid_flows)

    m = AequilibraeMatrix()
    m.create_empty(zones=len(centroids), matrix_names=["demand"], memory_only=True)
    m.index[:] = centroids
    m.matrices[:, :, 0] = matrix
    m.computational_view(["demand"])

    tc = TrafficClass("car", g, m)
    a = TrafficAssignment()
    a.set_classes([tc])
    a.set_vdf("BPR")
    a.set_vdf_parameters({"alpha": "alpha", "beta": "beta"})
    a.set_capacity_field("capacity")
    a.set_time_field("time")
    a.set_algorithm(algorithm)
    a.max_iter = int(max_iter)
    a.rgap_target = float(rgap)
    a.set_cores(int(cores))
    if warm_start is not None:
        _start_from(a.assignment, g, net["link_id"].to_numpy(), np.asarray(warm_start, float))
    a.execute(log_specification=False)

    res = a.results()
    vol = res["PCE_AB"].reindex(net["link_id"].to_numpy()).fillna(0.0).to_numpy(float)
    final_rgap = float(a.assignment.rgap)
    report = ConvergenceReport(
        algorithm=algorithm,
        rgap_target=float(rgap),
        rgap=final_rgap,
        iterations=int(a.assignment.iter),
        wall_time_s=time.perf_counter() - t_start,
        converged=bool(final_rgap <= rgap),
    )
    return vol, report


def assign(
    network: RoadNetwork,
    demand: Demand,
    *,
    rgap: float = 1e-6,
    max_iter: int = 5000,
    algorithm: str = "bfw",
    cores: int = 1,
    skim: bool = True,
    warm_start: np.ndarray | None = None,
) -> AssignmentResult:
    """Assign peak-hour car demand to the road network (user equilibrium).

    Parameters
    ----------
    network : RoadNetwork
    demand : Demand
        Built on this network (its connectors are appended to the links).
    rgap : float
        Target relative gap (default 1e-6).
    max_iter : int
    algorithm : str
    cores : int
    skim : bool
        Also compute congested zone-to-zone times (``od_time_s``).
    warm_start : numpy.ndarray, optional
        veh/h per link of the network then the demand's connectors to start from (see
        :func:`assign_links`), e.g. ``result.links["volume_vph"]`` of the same demand on a network
        with other posted speeds.

    Returns
    -------
    AssignmentResult
    """
    links = pd.concat([network.links, demand.connectors], ignore_index=True)
    vol, report = assign_links(
        links, demand.centroids, demand.matrix, rgap=rgap, max_iter=max_iter,
        algorithm=algorithm, cores=cores, warm_start=warm_start,
    )
    out = links.copy()
    out["volume_vph"] = vol
    out["vc"] = vol / out["capacity_vph"]
    out["congested_time_s"] = bpr_time(out["free_flow_time_s"], vol, out["capacity_vph"], out["alpha"], out["beta"])
    with np.errstate(divide="ignore", invalid="ignore"):
        spd = out["length_m"] / out["congested_time_s"] * 3.6
    out["congested_speed_kmh"] = np.where(out["road_class"] == "connector", np.nan, spd)
    od = None
    if skim:
        od = zone_skim(out.a_node.to_numpy(), out.b_node.to_numpy(), out.congested_time_s.to_numpy(),
                       demand.centroids)
    return AssignmentResult(links=out, convergence=report, od_time_s=od, total_trips=demand.total_trips)
