"""Traffic zones of a whole city: the demand's grid cells merged into districts, as planners zone a city.

Why. An equilibrium assignment costs, per iteration, one shortest-path tree per origin zone over
all links (∝ zones × links), and the grid of 250 m cells that the gravity model works on gives a
100 km² city over a thousand zones. City-wide transport models use a few hundred traffic zones for
a city of that size — statistical districts, small where many live and work, large in the
outskirts (Ortúzar & Willumsen 2011, *Modelling Transport*, 4th ed., §3.3: zones homogeneous and
of similar trip ends; no more zones than the budget of the model allows).

How. The cells are merged quadtree-wise on a grid aligned with theirs (districts of 1, 2×2, 4×4
and 8×8 cells, i.e. 250 m to 2 km): a square is split while its residents + jobs exceed a
threshold, and the threshold is the smallest that leaves at most ``max_zones`` districts. So
districts hold similar numbers of people (like statistical districts) and a city with at most
``max_zones`` cells keeps its cells unchanged.

What stays the same. Trips are distributed between the cells first (the gravity model as before,
:mod:`layers.traffic.demand`), then summed per pair of districts: the total demand and its pattern
between districts do not change. Trips between two cells of one district stay in the district's
``intrazonal_vph`` and are not assigned (no static assignment can route a trip that starts and ends
at one centroid); :func:`district_demand` reports them. External gates stay zones of their own.

Connectors. A district keeps every connector of its cells (each cell's nearest road nodes), so the
traffic enters the network where the people are, not at one point. Going from the district's
centroid to a cell costs the straight-line distance at ``connector_speed_kmh``: a one-cell district
has the cell model's free access (epsilon time), and a trip cannot cross a large district for free.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from .network import LINK_COLUMNS, RoadNetwork
from .skims import zone_skim

Demand = TypeVar("Demand")   # a layers.traffic.demand.Demand (not imported: that module imports this one)

__all__ = ["district_demand", "district_of_cells"]


def _leaf_levels(cells: np.ndarray, activity: np.ndarray, threshold: float, max_level: int) -> np.ndarray:
    """Quadtree level (0 = the cell itself) of each cell's district for one split threshold."""
    level = np.zeros(len(cells), dtype=np.int64)
    done = np.zeros(len(cells), dtype=bool)
    for lv in range(max_level, 0, -1):
        keys = cells >> lv
        _, inverse = np.unique(keys, axis=0, return_inverse=True)
        total = np.bincount(inverse.ravel(), weights=activity)[inverse.ravel()]
        leaf = ~done & (total <= threshold)
        level[leaf] = lv
        done |= leaf
    return level


def _district_index(cells: np.ndarray, level: np.ndarray) -> np.ndarray:
    keys = np.column_stack([level, cells[:, 0] >> level, cells[:, 1] >> level])
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    return inverse.ravel()


def district_of_cells(cells: np.ndarray, activity: np.ndarray, *, max_zones: int,
                      max_level: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Merge grid cells into at most ``max_zones`` districts (quadtree, split by activity).

    Parameters
    ----------
    cells
        ``(n, 2)`` integer cell indices (column, row) of the demand grid.
    activity
        Residents + jobs per cell (persons).
    max_zones
        Most districts wanted; fewer cells than that stay cells. A city with more squares of the
        largest size than that gets those squares.
    max_level
        Largest district: 2**max_level cells a side.

    Returns
    -------
    district, level
        Per cell: its district (0…D-1, ordered by level, column, row) and the district's level
        (side of 2**level cells).
    """
    cells = np.asarray(cells, dtype=np.int64)
    activity = np.asarray(activity, dtype=float)
    if len(cells) <= max_zones:
        return np.arange(len(cells)), np.zeros(len(cells), dtype=np.int64)
    candidates = np.unique(np.r_[0.0, activity.sum(),
                                 *[np.bincount(np.unique(cells >> lv, axis=0, return_inverse=True)[1].ravel(),
                                               weights=activity) for lv in range(1, max_level + 1)]])
    lo, hi = 0, len(candidates) - 1   # the count of districts falls as the threshold rises
    while lo < hi:
        mid = (lo + hi) // 2
        count = len(np.unique(_district_index(cells, _leaf_levels(cells, activity, candidates[mid], max_level))))
        if count <= max_zones:
            hi = mid
        else:
            lo = mid + 1
    level = _leaf_levels(cells, activity, candidates[lo], max_level)
    return _district_index(cells, level), level


def district_demand(demand: Demand, cells: np.ndarray, network: RoadNetwork, *, max_zones: int,
                    max_level: int = 3, connector_speed_kmh: float = 30.0) -> Demand:
    """The cell ``demand`` on districts of at most ``max_zones`` (see the module text).

    Parameters
    ----------
    demand
        Demand between the grid cells (internal zones first, in the order of ``cells``) and the gates.
    cells
        ``(n_internal, 2)`` grid indices of the internal zones.
    network
        The road network the demand's connectors attach to.
    max_zones
        Most internal zones wanted.
    max_level
        Largest district: 2**max_level cells a side.
    connector_speed_kmh
        Speed from a district's centroid to its cells' connectors (km/h).

    Returns
    -------
    Demand
        Unchanged if there are no more cells than ``max_zones``; otherwise on districts, with
        ``zones.cells`` (cells per zone) and ``zones.intrazonal_vph`` (trips between cells of one
        district, veh/h, not in the matrix): matrix + intrazonal = the cell matrix's total.
    """
    zones = demand.zones
    internal = (zones["kind"] == "internal").to_numpy()
    n_int = int(internal.sum())
    if n_int <= max_zones:
        return demand
    activity = (zones["residents"] + zones["jobs"]).to_numpy(float)[:n_int]
    district, level = district_of_cells(cells, activity, max_zones=max_zones, max_level=max_level)
    n_dist = int(district.max()) + 1
    n_ext = len(zones) - n_int
    member = np.r_[district, n_dist + np.arange(n_ext)]   # gates stay zones of their own
    agg = csr_matrix((np.ones(len(member)), (np.arange(len(member)), member)), shape=(len(member), n_dist + n_ext))
    matrix = np.asarray((agg.T @ csr_matrix(demand.matrix) @ agg).todense())
    intrazonal = np.diag(matrix).copy()
    np.fill_diagonal(matrix, 0.0)

    w = np.maximum(activity, 1e-9)
    sums = lambda values: np.bincount(district, weights=values, minlength=n_dist)  # noqa: E731
    x = sums(w * zones["x"].to_numpy()[:n_int]) / sums(w)
    y = sums(w * zones["y"].to_numpy()[:n_int]) / sums(w)
    by_district = np.unique(district, return_index=True)[1]   # a cell of each district
    names = [f"district_{2 ** lv}x{2 ** lv}_{c[0] >> lv}_{c[1] >> lv}" if lv else f"cell_{c[0]}_{c[1]}"
             for lv, c in zip(level[by_district], cells[by_district])]
    ext = zones.iloc[n_int:]
    first_centroid = int(zones["centroid_node"].min())
    out = pd.DataFrame({
        "zone_id": np.arange(1, n_dist + n_ext + 1),
        "name": names + list(ext["name"]),
        "kind": ["internal"] * n_dist + ["external"] * n_ext,
        "x": np.r_[x, ext["x"].to_numpy()], "y": np.r_[y, ext["y"].to_numpy()],
        "residents": np.r_[sums(zones["residents"].to_numpy()[:n_int]), np.zeros(n_ext)],
        "jobs": np.r_[sums(zones["jobs"].to_numpy()[:n_int]), np.zeros(n_ext)],
    })
    out["centroid_node"] = first_centroid + np.arange(len(out))
    out["origin_vph"] = matrix.sum(axis=1)
    out["destination_vph"] = matrix.sum(axis=0)
    out["intrazonal_vph"] = intrazonal
    out["cells"] = np.r_[np.bincount(district, minlength=n_dist), np.ones(n_ext, dtype=np.int64)]

    connectors = _district_connectors(demand, member, out, connector_speed_kmh, network)
    links = pd.concat([network.links, connectors], ignore_index=True)
    skim = zone_skim(links.a_node.to_numpy(), links.b_node.to_numpy(), links.free_flow_time_s.to_numpy(),
                     out.centroid_node.to_numpy())
    return replace(demand, zones=out, matrix=matrix, connectors=connectors, free_flow_skim_s=skim)


def _district_connectors(demand: Demand, member: np.ndarray, districts: pd.DataFrame, speed_kmh: float,
                         network: RoadNetwork) -> pd.DataFrame:
    """Each cell's connectors moved to its district's centroid, timed from there to the cell (both ways)."""
    p = demand.parameters
    zones = demand.zones
    outbound = demand.connectors[demand.connectors["direction"] == 1]
    zone_of_node = pd.Series(np.arange(len(zones)), index=zones["centroid_node"].to_numpy())
    cell = zone_of_node.loc[outbound["a_node"].to_numpy()].to_numpy()
    target = member[cell]
    access_m = np.hypot(zones["x"].to_numpy()[cell] - districts["x"].to_numpy()[target],
                        zones["y"].to_numpy()[cell] - districts["y"].to_numpy()[target])
    frame = pd.DataFrame({"zone": target, "node": outbound["b_node"].to_numpy(),
                          "length_m": outbound["length_m"].to_numpy() + access_m,
                          "time_s": np.maximum(p.connector_time_s, access_m / (speed_kmh / 3.6))})
    frame = frame.sort_values(["zone", "node", "time_s"]).drop_duplicates(["zone", "node"]).reset_index(drop=True)
    centroid = districts["centroid_node"].to_numpy()[frame["zone"].to_numpy()]
    names = districts["name"].to_numpy()[frame["zone"].to_numpy()]
    n = len(frame)
    node = frame["node"].to_numpy()
    connectors = pd.DataFrame({
        "a_node": np.r_[centroid, node], "b_node": np.r_[node, centroid],
        "road_id": [f"connector:{name}" for name in np.r_[names, names]],
        "direction": np.r_[np.ones(n, int), -np.ones(n, int)],
        "road_class": "connector", "name": "", "length_m": np.r_[frame["length_m"], frame["length_m"]],
        "speed_kmh": np.nan, "free_flow_time_s": np.r_[frame["time_s"], frame["time_s"]], "lanes": 1.0,
        "capacity_vph": p.connector_capacity_vph, "alpha": 0.15, "beta": 4.0,
    })
    connectors.insert(0, "link_id", int(network.links.link_id.max()) + 1 + np.arange(len(connectors)))
    return connectors[list(LINK_COLUMNS)]
