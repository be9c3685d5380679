"""Build a directed, BPR-ready link network from a road GeoDataFrame.

Input contract
--------------
``roads`` is a GeoDataFrame in a *metric* CRS (EPSG:25832 in this project) with one
LineString per road link; links meet where their end points coincide (end points
are matched after rounding to ``node_tolerance_m`` = 0.01 m).  Fields:

``id`` (str), ``class`` (one of :data:`ROAD_CLASSES`), ``maxspeed`` (km/h or OSM
string, see :mod:`layers.traffic.speeds`), ``lanes`` (total lanes, OSM convention),
``oneway`` (bool; True = traffic only in digitising direction), ``name``.

Output units
------------
* ``length_m``: m
* ``speed_kmh``: km/h (posted free-flow speed)
* ``free_flow_time_s``: **seconds** (``length_m / (speed_kmh / 3.6)``)
* ``capacity_vph``: veh/h per direction
* ``alpha``, ``beta``: BPR parameters, ``t = t0 * (1 + alpha * (v / c) ** beta)``

Assumptions
-----------
* Capacity per lane by class (veh/h/lane) defaults to the values of MATSim's OSM
  network reader: trunk 2000, primary 1500, secondary 1000, tertiary 600,
  residential 600, service 300 (:data:`DEFAULT_CAPACITY_PER_LANE`).
* Lanes per direction: ``lanes`` for one-way roads, ``lanes / 2`` (at least 1) for
  two-way roads; missing ``lanes`` counts as 1 lane per direction.
* Missing ``maxspeed`` falls back to :data:`DEFAULT_SPEED_KMH` by class
  (German urban default 50 km/h, service roads 30 km/h); unparseable values raise.
* BPR alpha = 0.15, beta = 4 unless given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .speeds import is_missing, parse_maxspeeds

__all__ = [
    "ROAD_CLASSES",
    "MAIN_ROAD_CLASSES",
    "DEFAULT_CAPACITY_PER_LANE",
    "DEFAULT_SPEED_KMH",
    "NetworkError",
    "NetworkConnectivityError",
    "RoadNetwork",
    "network_from_roads",
    "free_flow_time_s",
    "strong_components",
]

ROAD_CLASSES: tuple[str, ...] = ("trunk", "primary", "secondary", "tertiary", "residential", "service")
#: Classes treated as main roads (Hauptverkehrsstraßen) by scenarios and external zones.
MAIN_ROAD_CLASSES: tuple[str, ...] = ("trunk", "primary", "secondary")

#: veh/h/lane, as in MATSim's OSM network reader.
DEFAULT_CAPACITY_PER_LANE: dict[str, float] = {
    "trunk": 2000.0,
    "primary": 1500.0,
    "secondary": 1000.0,
    "tertiary": 600.0,
    "residential": 600.0,
    "service": 300.0,
}

#: km/h, used only where ``maxspeed`` is missing.
DEFAULT_SPEED_KMH: dict[str, float] = {
    "trunk": 100.0,
    "primary": 50.0,
    "secondary": 50.0,
    "tertiary": 50.0,
    "residential": 50.0,
    "service": 30.0,
}

LINK_COLUMNS: tuple[str, ...] = (
    "link_id", "a_node", "b_node", "road_id", "direction", "road_class", "name",
    "length_m", "speed_kmh", "free_flow_time_s", "lanes", "capacity_vph", "alpha", "beta",
)


class NetworkError(ValueError):
    """Bad road input (missing fields, wrong geometry, unknown classes, ...)."""


class NetworkConnectivityError(NetworkError):
    """The directed road network is not strongly connected."""


def free_flow_time_s(length_m: np.ndarray | float, speed_kmh: np.ndarray | float) -> np.ndarray:
    """Free-flow travel time in s for a length in m at a speed in km/h."""
    return np.asarray(length_m, dtype=float) / (np.asarray(speed_kmh, dtype=float) / 3.6)


@dataclass(frozen=True)
class RoadNetwork:
    """Directed road network.

    Attributes
    ----------
    links : pandas.DataFrame
        One row per directed link, columns :data:`LINK_COLUMNS` (units in the
        module docstring).  ``direction`` is +1 along the digitised geometry, -1
        against it.  ``link_id`` runs 1..n.
    nodes : pandas.DataFrame
        ``node_id`` (int, 1..m), ``x``, ``y`` (m, CRS of the roads).
    road_geometry : geopandas.GeoSeries
        Road LineStrings indexed by road ``id`` (for scenario zone tests, maps).
    """

    links: pd.DataFrame
    nodes: pd.DataFrame
    road_geometry: object = field(repr=False)

    @property
    def crs(self) -> object:
        """The CRS of the road geometry (None without geometry)."""
        return getattr(self.road_geometry, "crs", None)

    def with_speeds(self, speed_kmh: np.ndarray | pd.Series) -> RoadNetwork:
        """Copy with new posted speeds (km/h, aligned with ``links``); free-flow
        times are recomputed, capacities are unchanged.
        """
        links = self.links.copy()
        links["speed_kmh"] = np.asarray(speed_kmh, dtype=float)
        links["free_flow_time_s"] = free_flow_time_s(links["length_m"], links["speed_kmh"])
        return replace(self, links=links)


def strong_components(a_node: np.ndarray, b_node: np.ndarray, n_nodes: int) -> np.ndarray:
    """Label of the strongly connected component per node (index = node id - 1)."""
    g = coo_matrix((np.ones(len(a_node)), (a_node - 1, b_node - 1)), shape=(n_nodes, n_nodes)).tocsr()
    _, labels = connected_components(g, directed=True, connection="strong")
    return labels


def _check_columns(roads: pd.DataFrame) -> None:
    required = ["id", "class", "maxspeed", "lanes", "oneway", "geometry"]
    missing = [c for c in required if c not in roads.columns]
    if missing:
        raise NetworkError(
            f"roads are missing field(s) {missing}; expected {required} (+ optional 'name'). "
            "Fix: add the fields to roads.fgb."
        )
    crs = getattr(roads, "crs", None)
    if crs is not None and not crs.is_projected:
        raise NetworkError(
            f"roads CRS {crs.to_string()} is geographic; lengths would be in degrees. "
            "Fix: roads.to_crs('EPSG:25832') first."
        )
    dup = roads["id"][roads["id"].duplicated()].unique()
    if len(dup):
        raise NetworkError(f"duplicate road ids {list(dup[:20])}. Fix: make 'id' unique.")


def network_from_roads(
    roads: pd.DataFrame,
    *,
    capacity_per_lane: Mapping[str, float] | None = None,
    default_speed_kmh: Mapping[str, float] | None = None,
    alpha: float = 0.15,
    beta: float = 4.0,
    node_tolerance_m: float = 0.01,
    on_disconnected: Literal["raise", "drop"] = "raise",
) -> RoadNetwork:
    """Build a directed link network from road LineStrings.

    Parameters
    ----------
    roads : geopandas.GeoDataFrame
        Roads as described in the module docstring (metric CRS).
    capacity_per_lane : mapping of str to float, optional
        veh/h/lane by class; overrides :data:`DEFAULT_CAPACITY_PER_LANE` per key.
    default_speed_kmh : mapping of str to float, optional
        km/h by class for missing ``maxspeed``; overrides :data:`DEFAULT_SPEED_KMH`.
    alpha, beta : float
        BPR parameters (dimensionless), default 0.15 and 4.
    node_tolerance_m : float
        End points closer than this (after rounding to this grid), in m, are one node.
    on_disconnected : {"raise", "drop"}
        If the directed network is not strongly connected: raise
        :class:`NetworkConnectivityError` (default) or keep only the largest strongly
        connected component (the dropped road ids are listed in a warning).

    Returns
    -------
    RoadNetwork

    Raises
    ------
    NetworkError, NetworkConnectivityError, layers.traffic.speeds.MaxspeedError
    """
    import warnings

    import shapely

    _check_columns(roads)
    cap = dict(DEFAULT_CAPACITY_PER_LANE)
    cap.update(capacity_per_lane or {})
    dspeed = dict(DEFAULT_SPEED_KMH)
    dspeed.update(default_speed_kmh or {})

    ids = roads["id"].astype(str).to_numpy()
    classes = roads["class"].astype(str).to_numpy()
    unknown = sorted(set(classes) - set(cap))
    if unknown:
        bad = [f"{i} ({c})" for i, c in zip(ids, classes) if c in unknown][:20]
        raise NetworkError(
            f"unknown road class(es) {unknown} (e.g. roads {bad}); known: {sorted(cap)}. "
            "Fix: map them to a known class or pass capacity_per_lane={class: veh/h/lane}."
        )

    geoms = np.asarray(roads.geometry.values)
    types = shapely.get_type_id(geoms)
    # MultiLineStrings with a single part are accepted
    if np.any(types == 5):
        parts = shapely.get_num_geometries(geoms)
        multi_bad = (types == 5) & (parts != 1)
        if multi_bad.any():
            raise NetworkError(
                f"roads {list(ids[multi_bad][:20])} are MultiLineStrings with several parts. "
                "Fix: explode them into one LineString per link."
            )
        geoms = np.where(types == 5, shapely.get_geometry(geoms, 0), geoms)
        types = shapely.get_type_id(geoms)
    bad = (types != 1) | shapely.is_empty(geoms)
    if bad.any():
        raise NetworkError(
            f"roads {list(ids[bad][:20])} are not (non-empty) LineStrings. Fix: drop or repair them."
        )

    start = shapely.get_coordinates(shapely.get_point(geoms, 0))
    end = shapely.get_coordinates(shapely.get_point(geoms, -1))
    keys = np.round(np.vstack([start, end]) / node_tolerance_m).astype(np.int64)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    n = len(geoms)
    a = inverse[:n] + 1
    b = inverse[n:] + 1
    loops = a == b
    if loops.any():
        raise NetworkError(
            f"roads {list(ids[loops][:20])} start and end at the same node (loop or zero length). "
            "Fix: split loops into two links or drop them."
        )
    length = shapely.length(geoms)

    speed = np.asarray(
        parse_maxspeeds(roads["maxspeed"].tolist(), ids, default_by_class=dspeed, classes=classes)
    )
    lanes_total = np.full(n, np.nan)
    bad_lanes = []
    for k, v in enumerate(roads["lanes"].tolist()):
        if is_missing(v):
            continue
        try:
            lanes_total[k] = float(v)
        except (TypeError, ValueError):
            bad_lanes.append(f"{ids[k]} (lanes={v!r})")
        else:
            if not lanes_total[k] > 0:
                bad_lanes.append(f"{ids[k]} (lanes={v!r})")
    if bad_lanes:
        raise NetworkError(
            f"unusable 'lanes' on roads {bad_lanes[:20]}. Fix: use a positive total lane count "
            "(OSM convention, both directions) or leave it empty (1 lane per direction)."
        )
    oneway = np.array([bool(v) if not is_missing(v) else False for v in roads["oneway"].tolist()])
    lanes_dir = np.where(oneway, lanes_total, lanes_total / 2.0)
    lanes_dir = np.where(np.isnan(lanes_dir), 1.0, np.maximum(lanes_dir, 1.0))
    cap_lane = np.array([cap[c] for c in classes])
    if "name" in roads:
        names = roads["name"].astype(object).where(roads["name"].notna(), "").to_numpy()
    else:
        names = np.full(n, "", dtype=object)

    fwd = pd.DataFrame({
        "a_node": a, "b_node": b, "road_id": ids, "direction": 1, "road_class": classes, "name": names,
        "length_m": length, "speed_kmh": speed, "lanes": lanes_dir,
    })
    back = fwd.loc[~oneway].copy()
    back["a_node"], back["b_node"] = fwd.loc[~oneway, "b_node"].to_numpy(), fwd.loc[~oneway, "a_node"].to_numpy()
    back["direction"] = -1
    links = pd.concat([fwd, back], ignore_index=True)
    links["free_flow_time_s"] = free_flow_time_s(links["length_m"], links["speed_kmh"])
    cap_by_road = dict(zip(ids, cap_lane))
    links["capacity_vph"] = links["road_id"].map(cap_by_road).to_numpy() * links["lanes"].to_numpy()
    links["alpha"] = float(alpha)
    links["beta"] = float(beta)
    links = links.sort_values(["road_id", "direction"], ascending=[True, False], kind="stable")
    links = links.reset_index(drop=True)

    nodes = pd.DataFrame({"node_id": np.arange(1, len(uniq) + 1), "x": uniq[:, 0] * node_tolerance_m,
                          "y": uniq[:, 1] * node_tolerance_m})

    labels = strong_components(links["a_node"].to_numpy(), links["b_node"].to_numpy(), len(nodes))
    if labels.max() > 0:
        counts = np.bincount(labels)
        main = int(np.argmax(counts))
        in_main = (labels[links["a_node"].to_numpy() - 1] == main) & (labels[links["b_node"].to_numpy() - 1] == main)
        cut_roads = sorted(set(links.loc[~in_main, "road_id"]))
        n_comp = len(counts) - 1
        if on_disconnected == "raise":
            raise NetworkConnectivityError(
                f"road network is not strongly connected: the largest component has {counts[main]} of "
                f"{len(nodes)} nodes; {n_comp} other component(s) cannot be reached from it and/or cannot "
                f"reach it. Roads with links outside the main component ({len(cut_roads)}): "
                f"{cut_roads[:50]}{' ...' if len(cut_roads) > 50 else ''}. "
                "Fix: make their end points coincide (within 0.01 m) with the connecting road, check the "
                "'oneway' direction (dead-end one-way streets), or pass on_disconnected='drop' to keep "
                "only the largest strongly connected component."
            )
        warnings.warn(
            f"dropping {int((~in_main).sum())} link(s) of {len(cut_roads)} road(s) outside the largest "
            f"strongly connected component: {cut_roads[:50]}",
            stacklevel=2,
        )
        links = links.loc[in_main].reset_index(drop=True)
        used = np.unique(np.concatenate([links["a_node"].to_numpy(), links["b_node"].to_numpy()]))
        remap = np.zeros(len(nodes) + 1, dtype=np.int64)
        remap[used] = np.arange(1, len(used) + 1)
        links["a_node"] = remap[links["a_node"].to_numpy()]
        links["b_node"] = remap[links["b_node"].to_numpy()]
        nodes = nodes.iloc[used - 1].reset_index(drop=True)
        nodes["node_id"] = np.arange(1, len(used) + 1)

    links.insert(0, "link_id", np.arange(1, len(links) + 1, dtype=np.int64))
    links = links[list(LINK_COLUMNS)]
    keep = set(links["road_id"])
    geo = roads.set_index(roads["id"].astype(str)).geometry
    geo = geo[geo.index.isin(keep)]
    return RoadNetwork(links=links, nodes=nodes, road_geometry=geo)
