"""Moving vehicles sampled from the assigned link flows: the trips artifact of the traffic runs.

A static assignment gives every directed link a volume (veh/h) and a congested travel time (s);
it gives no vehicle trajectories. The vehicles drawn on the map are a random sample of a
stationary traffic with exactly those link volumes and times:

* **Flow decomposition by proportional turning** (a Markov chain on the network's nodes): vehicles
  appear at node n at the rate ``e_n`` of the zone connectors' flow into it and leave the roads
  there, on arriving, with probability ``x_n / in_n`` (``x_n``: the flow into its connectors,
  ``in_n``: its inflow on roads); a vehicle that does not leave takes outgoing link j with
  probability ``f_j / out_n``. Conservation at n (``in_n + e_n = out_n + x_n``) then makes the
  expected entries into every link its assigned volume ``f_j``. Without connectors, a node's net
  imbalance stands for them (``e_n = max(0, out_n - in_n)``, ``x_n = max(0, in_n - out_n)``). As
  the sources are Poisson processes and routing is random, entries into a link are a (compound)
  Poisson count of mean ``f_j`` per hour (thinning and superposition; an M/G/∞ network; a trip may pass a link twice).
* Each vehicle crosses a link in its **congested time** (BPR at the equilibrium volumes), so the
  mean number of vehicles on a link is ``f_j × t_j`` (Little's law): a calmed street with the
  same volume holds more vehicles, and the vehicles slow down where Tempo 30 holds.

What it is not: the routes are not the assignment's origin–destination paths (turning is
independent of where a vehicle came from, so a U-turn or a loop can occur); nobody queues
(a static model has no spill-back). Bar-Gera (2010), *Traffic assignment by paired alternative
segments*, discusses why link flows do not determine paths; proportional turning is the
maximum-entropy-like local choice.

A time slice is one stationary hour, sampled for :data:`CYCLE_S` seconds that repeat: the browser
shows the vehicles of the clock's time modulo the cycle (a trip running past the cycle's end also
shows at the start of the next). Files (``layers.traffic.artifacts`` lists them in the manifest):

``traffic_trips_links.json``
    The directed road links' paths as the vehicles drive them: draped like the roads, shifted
    :data:`RIGHT_OFFSET_M` to the right of the road's centre line (two-way roads show two lanes of
    vehicles), quantized to 1e-6° and 0.1 m: ``{"origin": [lon, lat], "unit": 1e-6, "links":
    [[x0, y0, z0_dm, x1, y1, z1_dm, ...], ...]}`` (x, y: units east/north of the origin).
``traffic_trips_<network>_<slice>.json``
    One run: ``{"cycle_s", "scale", "time_ds": [per link: congested time, 0.1 s], "trips":
    [[start_ds, link, link, ...], ...]}`` — each trip's start (0.1 s after the cycle's start, in
    [0, cycle)) and the indices (into ``links``) of the links it drives, one after the other.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CYCLE_S", "MAX_LINKS_PER_TRIP", "RIGHT_OFFSET_M", "TripSample", "link_entries", "link_geometry",
           "sample_trips", "trips_payload"]

CYCLE_S = 300            # s, the sampled period that repeats
RIGHT_OFFSET_M = 1.8     # m, vehicles drive right of the centre line
MAX_LINKS_PER_TRIP = 400  # a longer chain is cut into consecutive trips (same vehicle, same times)
DEG_UNIT = 1e-6          # quantum of lon/lat (≈ 0.1 m)
M_PER_DEG_LAT = 111_320.0


@dataclass(frozen=True)
class TripSample:
    """Vehicles of one run over one cycle.

    Attributes
    ----------
    starts_s
        Start time of each trip in [0, cycle_s), s.
    links
        Per trip, the positions (into the run's link table) of the links it drives.
    time_s
        Congested travel time of each link, s.
    cycle_s
        Length of the sampled period, s.
    scale
        Vehicles drawn per modelled vehicle (1: every vehicle).
    """

    starts_s: np.ndarray
    links: list[np.ndarray]
    time_s: np.ndarray
    cycle_s: float
    scale: float


def _seed(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def sample_trips(links: pd.DataFrame, *, cycle_s: float = CYCLE_S, scale: float = 1.0, seed: int | str = 0,
                 max_links: int = MAX_LINKS_PER_TRIP) -> TripSample:
    """Sample vehicles whose link entries follow the links' volumes (see the module text).

    Parameters
    ----------
    links
        Directed links with ``a_node``, ``b_node``, ``volume_vph`` (veh/h) and ``congested_time_s``
        (s). Zone connectors (``road_class`` "connector") say where vehicles appear and leave; the
        trips refer to the other links, by their position among them.
    cycle_s
        Sampled period, s.
    scale
        Vehicles drawn per modelled vehicle (> 0), e.g. 0.1 draws every tenth.
    seed
        Random seed (a text is hashed), so a build is reproducible.
    """
    if not scale > 0 or not cycle_s > 0:
        raise ValueError(f"scale and cycle_s must be positive, got scale={scale}, cycle_s={cycle_s}.")
    rng = np.random.default_rng(_seed(seed) if isinstance(seed, str) else seed)
    is_connector = (links["road_class"] == "connector").to_numpy() if "road_class" in links else np.zeros(len(links),
                                                                                                        bool)
    road, connectors = links[~is_connector], links[is_connector]
    a = road["a_node"].to_numpy(np.int64)
    b = road["b_node"].to_numpy(np.int64)
    flow = np.clip(np.nan_to_num(road["volume_vph"].to_numpy(float)), 0.0, None)
    time_s = np.nan_to_num(road["congested_time_s"].to_numpy(float))
    n_nodes = int(max(links["a_node"].max(), links["b_node"].max())) + 1 if len(links) else 1
    inflow = np.bincount(b, weights=flow, minlength=n_nodes)
    outflow = np.bincount(a, weights=flow, minlength=n_nodes)
    connector_flow = np.clip(np.nan_to_num(connectors["volume_vph"].to_numpy(float)), 0.0, None)
    entering = np.bincount(connectors["b_node"].to_numpy(np.int64), weights=connector_flow, minlength=n_nodes)
    leaving = np.bincount(connectors["a_node"].to_numpy(np.int64), weights=connector_flow, minlength=n_nodes)
    # Vehicles appear where zones feed the roads (plus any imbalance the assignment's rounding left;
    # a zone's vehicles that would leave at once never drive) and leave where they arrive on roads.
    appear = np.minimum(entering + np.maximum(outflow + leaving - inflow - entering, 0.0), outflow)
    exit_share = np.divide(inflow + appear - outflow, inflow, out=np.ones(n_nodes), where=inflow > 0).clip(0.0, 1.0)
    # Per node: its outgoing links with flow and their cumulative choice probabilities (∝ volume).
    order = np.argsort(a, kind="stable")
    bounds = np.searchsorted(a[order], np.arange(n_nodes + 1))
    choices, cumulative = [], []
    for node in range(n_nodes):
        out = order[bounds[node]:bounds[node + 1]]
        out = out[flow[out] > 0]
        choices.append(out)
        cumulative.append(np.cumsum(flow[out]) / flow[out].sum() if len(out) else np.zeros(0))

    counts = rng.poisson(appear * scale * cycle_s / 3600.0)
    start_nodes = np.repeat(np.arange(n_nodes), counts)
    starts = rng.uniform(0.0, cycle_s, len(start_nodes))
    trips_start, trips_links = [], []
    for node, start in zip(start_nodes, starts):
        t, path, departing = float(start), [], True
        while True:
            options = choices[node]
            if not len(options) or (not departing and rng.random() < exit_share[node]):
                break  # leaves the network here
            k = min(int(np.searchsorted(cumulative[node], rng.random(), side="right")), len(options) - 1)
            link = int(options[k])
            path.append(link)
            departing = False
            node = int(b[link])
            if len(path) == max_links:
                trips_start.append(t)
                trips_links.append(np.array(path, dtype=np.int32))
                t += float(time_s[path].sum())
                path = []
        if path:
            trips_start.append(t)
            trips_links.append(np.array(path, dtype=np.int32))
    return TripSample(np.array(trips_start, float), trips_links, time_s, float(cycle_s), float(scale))


def link_entries(sample: TripSample, n_links: int) -> np.ndarray:
    """Vehicles entering each link per hour (veh/h) in a sample: its entries in one cycle (entry times
    taken modulo the cycle), divided by the scale and the cycle's share of an hour.
    """
    counts = np.zeros(n_links)
    for path in sample.links:
        np.add.at(counts, path, 1.0)
    return counts / sample.scale * 3600.0 / sample.cycle_s


def trips_payload(sample: TripSample) -> dict:
    """The JSON of a run's trips (see the module text); times in 0.1 s."""
    return {"cycle_s": sample.cycle_s, "scale": sample.scale,
            "time_ds": np.maximum(np.round(sample.time_s * 10), 1).astype(int).tolist(),
            "trips": [[int(round(start * 10))] + path.tolist() for start, path in zip(sample.starts_s, sample.links)]}


def _right_offset(lon: np.ndarray, lat: np.ndarray, offset_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Shift a lon/lat polyline ``offset_m`` (m) to the right of its direction of travel."""
    if len(lon) < 2:
        return lon, lat
    kx = M_PER_DEG_LAT * np.cos(np.radians(float(np.mean(lat))))
    x, y = lon * kx, lat * M_PER_DEG_LAT
    dx, dy = np.diff(x), np.diff(y)
    norm = np.hypot(dx, dy)
    norm[norm == 0] = 1.0
    nx, ny = dy / norm, -dx / norm          # right-hand normal of each segment
    vx = np.concatenate([nx[:1], (nx[:-1] + nx[1:]) / 2, nx[-1:]])
    vy = np.concatenate([ny[:1], (ny[:-1] + ny[1:]) / 2, ny[-1:]])
    vn = np.hypot(vx, vy)
    vn[vn == 0] = 1.0
    return (x + offset_m * vx / vn) / kx, (y + offset_m * vy / vn) / M_PER_DEG_LAT


def link_geometry(links: pd.DataFrame, paths: dict[str, list], *, offset_m: float = RIGHT_OFFSET_M) -> dict:
    """The quantized paths of directed links (see ``traffic_trips_links.json`` in the module text).

    Parameters
    ----------
    links
        Directed links with ``road_id`` and ``direction`` (+1 along the road's geometry, -1 against).
    paths
        Road id → its draped path [[lon, lat, z], ...]; a link whose road has none gets an empty path.
    """
    every = [p for p in paths.values() if p]
    origin = np.min(np.array([v[:2] for p in every for v in p]), axis=0) if every else np.zeros(2)
    out = []
    for road, direction in zip(links["road_id"].astype(str), links["direction"].astype(int)):
        path = paths.get(road)
        if not path:
            out.append([])
            continue
        arr = np.asarray(path, float)
        if direction < 0:
            arr = arr[::-1]
        lon, lat = _right_offset(arr[:, 0], arr[:, 1], offset_m)
        q = np.column_stack([np.round((lon - origin[0]) / DEG_UNIT), np.round((lat - origin[1]) / DEG_UNIT),
                             np.round(arr[:, 2] * 10)]).astype(np.int64)
        out.append(q.ravel().tolist())
    return {"origin": [round(float(origin[0]), 6), round(float(origin[1]), 6)], "unit": DEG_UNIT, "links": out}
