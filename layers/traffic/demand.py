"""Peak-hour car demand: zones, trip generation, gravity distribution, connectors.

Model and assumptions (all values configurable in :class:`DemandParameters`)
---------------------------------------------------------------------------
Time period
    One weekday morning peak hour; all volumes are **veh/h** (1 car = 1 PCU;
    trucks are not modelled).
Internal zones
    A regular square grid of ``cell_size_m`` (default 250 m) over the buildings;
    a building belongs to the cell containing its centroid (representative point).
    Cells without residents and jobs are not zones.  The zone centroid is the
    (residents + jobs)-weighted mean of its building points.
Districts
    A city with more than ``max_zones`` (300) cells gets its trips, distributed
    between the cells as below, summed per district: cells merged quadtree-wise
    into squares of up to 2 km (``max_district_level``), small where many live
    and work (:mod:`layers.traffic.zoning`).  The total demand does not change;
    trips between cells of one district are kept as its ``intrazonal_vph``
    and not assigned.  A district connects through its cells' connectors, each
    timed from the district's centroid at ``connector_speed_kmh``.
Trip generation
    Productions ``P_i = residents_i * trips_per_resident * car_driver_share``
    (defaults 0.3 person trips per resident in the peak hour -- about 10 % of the
    ~3.1 daily trips in MiD 2017 -- and a car-driver share of 0.4, i.e. 0.12
    car trips per resident and peak hour).  Attractions are weights
    ``jobs_j * attraction_per_job + residents_j * attraction_per_resident``
    (shops, schools, visits), scaled so that sum(A) = sum(P).
    Internal productions are trips with both ends inside the district; trips to
    and from outside are the external gate volumes below (added on top).
Distribution
    Doubly-constrained gravity model ``T_ij = a_i b_j P_i A_j f(t_ij)`` balanced
    by Furness/IPF until rows and columns match within ``furness_tol`` (relative).
    ``t_ij`` is the free-flow shortest-path time (min) between zone centroids.
    Impedance ``f(t) = exp(-beta * t)`` ("exponential", default beta = 0.1 /min)
    or ``f(t) = t**(-gamma_a) * exp(-gamma_b * t)`` ("gamma").  Intra-zonal trips
    (within one 250 m cell, mostly walked) are excluded (``f_ii = 0``).
External zones (gates)
    Every road end node with only one incident road (a dead end), of a class in
    ``external_classes`` (trunk/primary/secondary), lying within
    ``boundary_snap_m`` of the district boundary (default: convex hull of all
    roads) is a gate.  Each gate carries ``gate_volume_vph[class]`` inbound and the
    same outbound.  A share ``through_share`` of it is external-external through
    traffic, distributed to the other gates in proportion to their volumes
    (origin-constrained); the rest is external-internal (to zones ``j`` in
    proportion to ``A_j f(t_gj)``) and internal-external (from zones ``i`` in
    proportion to ``P_i f(t_ig)``).
Centroid connectors
    Each internal zone centroid is connected both ways to its
    ``connectors_per_zone`` nearest road nodes within ``max_connector_m``; gates to
    their road end node.  Connector free-flow time is ``connector_time_s``
    (default 0.01 s: an epsilon > 0, because AequilibraE requires positive
    times), capacity ``connector_capacity_vph`` (1e5 veh/h, effectively
    unconstrained).  Centroids are never used as through nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from .network import LINK_COLUMNS, MAIN_ROAD_CLASSES, RoadNetwork
from .skims import zone_skim
from .zoning import district_demand

__all__ = [
    "DemandError",
    "DemandParameters",
    "Demand",
    "build_demand",
    "furness",
    "impedance",
]


class DemandError(ValueError):
    """Bad demand input, e.g. zones without road access."""


@dataclass(frozen=True)
class DemandParameters:
    """Parameters of :func:`build_demand` (see module docstring for meaning)."""

    cell_size_m: float = 250.0
    trips_per_resident: float = 0.3  # person trips / resident / peak hour
    car_driver_share: float = 0.4  # share of person trips made as car driver
    attraction_per_job: float = 1.0  # weight
    attraction_per_resident: float = 0.2  # weight
    impedance: Literal["exponential", "gamma"] = "exponential"
    beta_per_min: float = 0.1  # 1/min, exponential
    gamma_a: float = 0.5  # gamma exponent
    gamma_b: float = 0.1  # 1/min, gamma
    exclude_intrazonal: bool = True
    furness_tol: float = 1e-6
    furness_max_iter: int = 1000
    connectors_per_zone: int = 2
    max_connector_m: float = 500.0
    connector_time_s: float = 0.01
    connector_speed_kmh: float = 30.0  # km/h, from a district's centroid to its cells
    max_zones: int | None = 300  # internal zones; more cells are merged into districts (None: never)
    max_district_level: int = 3  # largest district: 2**3 = 8 cells a side (2 km)
    connector_capacity_vph: float = 1e5
    external_classes: tuple[str, ...] = MAIN_ROAD_CLASSES
    gate_volume_vph: dict[str, float] = field(
        default_factory=lambda: {"trunk": 1000.0, "primary": 600.0, "secondary": 300.0}
    )
    through_share: float = 0.3
    boundary_snap_m: float = 50.0
    on_unreachable: Literal["raise", "drop"] = "raise"


@dataclass(frozen=True)
class Demand:
    """Zones, OD matrix and connectors.

    Attributes
    ----------
    zones : pandas.DataFrame
        ``zone_id`` (1..Z, matrix order), ``name``, ``kind`` ("internal"/"external"),
        ``x``, ``y`` (m), ``residents``, ``jobs``, ``centroid_node``,
        ``origin_vph``, ``destination_vph`` (matrix row/column sums, veh/h); on
        districts also ``cells`` (grid cells merged) and ``intrazonal_vph``
        (trips within the district, veh/h, not in ``matrix``).
    matrix : numpy.ndarray
        ``(Z, Z)`` peak-hour car trips, veh/h.
    connectors : pandas.DataFrame
        Connector links with the columns of ``RoadNetwork.links`` (road_class
        "connector"), link ids continuing after the road links.
    free_flow_skim_s : numpy.ndarray
        ``(Z, Z)`` free-flow centroid-to-centroid time used for the gravity model, s.
    parameters : DemandParameters
    """

    zones: pd.DataFrame
    matrix: np.ndarray
    connectors: pd.DataFrame
    free_flow_skim_s: np.ndarray
    parameters: DemandParameters

    @property
    def centroids(self) -> np.ndarray:
        """Network node of each zone's centroid."""
        return self.zones["centroid_node"].to_numpy(np.int64)

    @property
    def total_trips(self) -> float:
        """Car trips in the peak hour (veh/h)."""
        return float(self.matrix.sum())


def impedance(t_min: np.ndarray, p: DemandParameters) -> np.ndarray:
    """Gravity deterrence ``f(t)`` for travel times in min (``inf`` -> 0)."""
    t = np.asarray(t_min, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if p.impedance == "exponential":
            f = np.exp(-p.beta_per_min * t)
        elif p.impedance == "gamma":
            f = np.power(np.maximum(t, 1e-3), -p.gamma_a) * np.exp(-p.gamma_b * t)
        else:
            raise ValueError(f"unknown impedance {p.impedance!r}; use 'exponential' or 'gamma'")
    return np.where(np.isfinite(t), f, 0.0)


def furness(
    seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, *, tol: float = 1e-6, max_iter: int = 1000
) -> tuple[np.ndarray, int, float]:
    """Doubly-constrained balancing (Furness / IPF).

    Parameters
    ----------
    seed : numpy.ndarray
        Non-negative ``(n, m)`` seed (e.g. ``P_i A_j f(t_ij)``).
    rows, cols : numpy.ndarray
        Target row and column sums (sum(rows) must equal sum(cols)).
    tol : float
        Stop when the largest relative row/column error is below ``tol``.
    max_iter : int

    Returns
    -------
    matrix, iterations, max relative error
    """
    rows = np.asarray(rows, float)
    cols = np.asarray(cols, float)
    if not np.isclose(rows.sum(), cols.sum(), rtol=1e-9):
        raise ValueError(f"row total {rows.sum()} != column total {cols.sum()}")
    t = np.array(seed, dtype=float)
    err = np.inf
    for it in range(1, max_iter + 1):
        rs = t.sum(axis=1)
        t *= np.divide(rows, rs, out=np.zeros_like(rows), where=rs > 0)[:, None]
        cs = t.sum(axis=0)
        t *= np.divide(cols, cs, out=np.zeros_like(cols), where=cs > 0)[None, :]
        r_err = np.abs(t.sum(axis=1) - rows) / np.maximum(rows, 1e-12)
        err = float(np.max(r_err[rows > 0], initial=0.0))
        if err < tol:
            return t, it, err
    raise DemandError(
        f"Furness did not converge in {max_iter} iterations (max relative row error {err:.3g}). "
        "Usually some zone can reach no destination with a positive attraction. "
        "Fix: check zones/impedance or raise furness_max_iter."
    )


def _gates(network: RoadNetwork, p: DemandParameters, boundary: object | None) -> pd.DataFrame:
    import shapely

    links = network.links
    roads = links.drop_duplicates("road_id")[["road_id", "a_node", "b_node", "road_class", "direction"]]
    # undirected road degree per node
    ends = pd.concat([
        roads[["road_id", "road_class"]].assign(node=np.where(roads.direction == 1, roads.a_node, roads.b_node)),
        roads[["road_id", "road_class"]].assign(node=np.where(roads.direction == 1, roads.b_node, roads.a_node)),
    ])
    deg = ends.groupby("node")["road_id"].transform("size")
    cand = ends[(deg == 1) & ends["road_class"].isin(p.external_classes)]
    if cand.empty:
        return cand.assign(x=[], y=[])
    xy = network.nodes.set_index("node_id").loc[cand["node"], ["x", "y"]].to_numpy()
    if boundary is None:
        boundary = shapely.convex_hull(shapely.union_all(np.asarray(network.road_geometry.values)))
    dist = shapely.distance(shapely.points(xy), shapely.boundary(boundary))
    keep = dist <= p.boundary_snap_m
    out = cand.loc[keep].copy()
    out["x"], out["y"] = xy[keep, 0], xy[keep, 1]
    return out.sort_values("road_id").reset_index(drop=True)


def build_demand(
    network: RoadNetwork,
    buildings: pd.DataFrame,
    parameters: DemandParameters | None = None,
    *,
    boundary: object | None = None,
) -> Demand:
    """Build zones, connectors and the peak-hour OD matrix.

    The trips are distributed between grid cells; a city with more cells than
    ``parameters.max_zones`` gets them summed per district (:mod:`layers.traffic.zoning`).

    Parameters
    ----------
    network : RoadNetwork
        From :func:`layers.traffic.network.network_from_roads` (same CRS as buildings).
    buildings : geopandas.GeoDataFrame
        Building polygons with ``residents`` and ``jobs`` (int, persons).
    parameters : DemandParameters, optional
    boundary : shapely Polygon, optional
        District boundary for external gates (default: convex hull of the roads).

    Returns
    -------
    Demand

    Raises
    ------
    DemandError
        Missing fields, no residents, or zones with no road node within
        ``max_connector_m`` (lists them with residents/jobs and the fix).
    """
    p = parameters or DemandParameters()
    demand, cells = _cell_demand(network, buildings, p, boundary)
    if p.max_zones is None:
        return demand
    return district_demand(demand, cells, network, max_zones=p.max_zones, max_level=p.max_district_level,
                           connector_speed_kmh=p.connector_speed_kmh)


def _cell_demand(network: RoadNetwork, buildings: pd.DataFrame, p: DemandParameters,
                 boundary: object | None) -> tuple[Demand, np.ndarray]:
    """The demand between the grid cells (and gates), and the cells' grid indices (column, row)."""
    from scipy.spatial import cKDTree

    for col in ("residents", "jobs"):
        if col not in buildings.columns:
            raise DemandError(f"buildings lack field {col!r}. Fix: add it (int persons per building).")
    res = pd.to_numeric(buildings["residents"], errors="coerce").fillna(0).to_numpy(float)
    jobs = pd.to_numeric(buildings["jobs"], errors="coerce").fillna(0).to_numpy(float)
    if (res < 0).any() or (jobs < 0).any():
        raise DemandError("buildings have negative residents or jobs. Fix: clean the building data.")
    pts = buildings.geometry.representative_point()
    bx, by = pts.x.to_numpy(), pts.y.to_numpy()
    w = res + jobs
    m = w > 0
    if res.sum() <= 0:
        raise DemandError("no residents in the buildings: there is no demand to model.")
    cx = np.floor(bx[m] / p.cell_size_m).astype(np.int64)
    cy = np.floor(by[m] / p.cell_size_m).astype(np.int64)
    df = pd.DataFrame({"cx": cx, "cy": cy, "res": res[m], "jobs": jobs[m], "w": w[m],
                       "wx": w[m] * bx[m], "wy": w[m] * by[m]})
    z = df.groupby(["cx", "cy"], sort=True).sum().reset_index()
    z["x"], z["y"] = z.wx / z.w, z.wy / z.w
    z["name"] = [f"cell_{a}_{b}" for a, b in zip(z.cx, z.cy)]

    # connectors for internal zones
    nodes = network.nodes
    tree = cKDTree(nodes[["x", "y"]].to_numpy())
    k = max(1, int(p.connectors_per_zone))
    d, idx = tree.query(z[["x", "y"]].to_numpy(), k=k, distance_upper_bound=p.max_connector_m)
    d = np.atleast_2d(d.T).T if d.ndim == 1 else d
    idx = idx.reshape(len(z), k)
    d = d.reshape(len(z), k)
    no_access = ~np.isfinite(d[:, 0])
    if no_access.any():
        bad = z.loc[no_access]
        nearest, _ = tree.query(bad[["x", "y"]].to_numpy(), k=1)
        listing = "\n".join(
            f"  zone {r.name} at ({r.x:.0f}, {r.y:.0f}): residents={int(r.res)}, jobs={int(r.jobs)}, "
            f"nearest road node {dn:.0f} m away"
            for r, dn in zip(bad.itertuples(), nearest)
        )
        if p.on_unreachable == "raise":
            raise DemandError(
                f"{int(no_access.sum())} zone(s) have no road node within max_connector_m="
                f"{p.max_connector_m:g} m:\n{listing}\nFix: add the missing roads, raise "
                "DemandParameters.max_connector_m, or set on_unreachable='drop' to ignore these zones."
            )
        import warnings

        warnings.warn(f"dropping zones without road access:\n{listing}", stacklevel=2)
        z, d, idx = z.loc[~no_access].reset_index(drop=True), d[~no_access], idx[~no_access]

    gates = _gates(network, p, boundary)
    nz_int, nz_ext = len(z), len(gates)
    nz = nz_int + nz_ext
    first_centroid = int(nodes["node_id"].max()) + 1
    zones = pd.DataFrame({
        "zone_id": np.arange(1, nz + 1),
        "name": list(z["name"]) + [f"ext_{r}" for r in gates.get("road_id", [])],
        "kind": ["internal"] * nz_int + ["external"] * nz_ext,
        "x": np.r_[z["x"].to_numpy(), gates["x"].to_numpy() if nz_ext else []],
        "y": np.r_[z["y"].to_numpy(), gates["y"].to_numpy() if nz_ext else []],
        "residents": np.r_[z["res"].to_numpy(), np.zeros(nz_ext)],
        "jobs": np.r_[z["jobs"].to_numpy(), np.zeros(nz_ext)],
    })
    zones["centroid_node"] = first_centroid + np.arange(nz)

    con_a, con_b, con_len = [], [], []
    for i in range(nz_int):
        for dist, j in zip(d[i], idx[i]):
            if np.isfinite(dist):
                con_a.append(zones.centroid_node[i])
                con_b.append(int(nodes.node_id.iloc[j]))
                con_len.append(float(dist))
    for g in range(nz_ext):
        con_a.append(zones.centroid_node[nz_int + g])
        con_b.append(int(gates["node"].iloc[g]))
        con_len.append(0.0)
    con_a, con_b, con_len = np.array(con_a), np.array(con_b), np.array(con_len)
    nc = len(con_a)
    names = zones.set_index("centroid_node")["name"]
    connectors = pd.DataFrame({
        "a_node": np.r_[con_a, con_b], "b_node": np.r_[con_b, con_a],
        "road_id": [f"connector:{names[c]}" for c in np.r_[con_a, con_a]],
        "direction": np.r_[np.ones(nc, int), -np.ones(nc, int)],
        "road_class": "connector", "name": "", "length_m": np.r_[con_len, con_len],
        "speed_kmh": np.nan, "free_flow_time_s": p.connector_time_s, "lanes": 1.0,
        "capacity_vph": p.connector_capacity_vph, "alpha": 0.15, "beta": 4.0,
    })
    connectors.insert(0, "link_id", int(network.links.link_id.max()) + 1 + np.arange(len(connectors)))
    connectors = connectors[list(LINK_COLUMNS)]

    all_links = pd.concat([network.links, connectors], ignore_index=True)
    skim = zone_skim(all_links.a_node.to_numpy(), all_links.b_node.to_numpy(),
                     all_links.free_flow_time_s.to_numpy(), zones.centroid_node.to_numpy())
    f = impedance(skim / 60.0, p)
    if p.exclude_intrazonal:
        np.fill_diagonal(f, 0.0)

    P = z["res"].to_numpy() * p.trips_per_resident * p.car_driver_share
    Aw = z["jobs"].to_numpy() * p.attraction_per_job + z["res"].to_numpy() * p.attraction_per_resident
    A = Aw / Aw.sum() * P.sum()
    mat = np.zeros((nz, nz))
    ii = slice(0, nz_int)
    seed = P[:, None] * A[None, :] * f[ii, ii]
    mat[ii, ii], _, _ = furness(seed, P, A, tol=p.furness_tol, max_iter=p.furness_max_iter)

    if nz_ext:
        V = np.array([p.gate_volume_vph.get(c, 0.0) for c in gates["road_class"]])
        ee = slice(nz_int, nz)
        s = p.through_share if nz_ext > 1 else 0.0
        # external -> internal and internal -> external
        w_in = A[None, :] * f[ee, ii]
        w_out = P[:, None] * f[ii, ee]
        w_in = w_in / np.maximum(w_in.sum(axis=1, keepdims=True), 1e-300)
        w_out = w_out / np.maximum(w_out.sum(axis=0, keepdims=True), 1e-300)
        mat[ee, ii] = ((1 - s) * V)[:, None] * w_in
        mat[ii, ee] = w_out * ((1 - s) * V)[None, :]
        if s > 0:
            seed_ee = np.outer(np.ones(nz_ext), V)
            np.fill_diagonal(seed_ee, 0.0)
            seed_ee = seed_ee / np.maximum(seed_ee.sum(axis=1, keepdims=True), 1e-300)
            mat[ee, ee] = (s * V)[:, None] * seed_ee

    zones["origin_vph"] = mat.sum(axis=1)
    zones["destination_vph"] = mat.sum(axis=0)
    cells = z[["cx", "cy"]].to_numpy(np.int64)
    return Demand(zones=zones, matrix=mat, connectors=connectors, free_flow_skim_s=skim, parameters=p), cells
