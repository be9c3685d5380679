"""Tempo-30 scenarios and baseline-vs-scenario comparison.

Scenarios (speed limit changes only: free-flow times change, capacities do not):

``"Tempo 30 Innenstadt"``
    Every road link whose geometry lies inside or intersects the zone polygon gets
    ``min(speed, 30)`` km/h.
``"Tempo 30 in Nebenstraßen"``
    Inside/intersecting the zone, only non-main roads (tertiary, residential,
    service) get ``min(speed, 30)`` km/h; trunk/primary/secondary keep their speed.

Outputs per link: volume (veh/h), v/c, posted and congested speed (km/h), congested
time (s) for baseline and scenario plus deltas, and the noise change (dB(A)) after
RLS-19 for cars (:mod:`layers.noise.emission`), both speed-only and speed + volume.
Network totals: vehicle-hours, vehicle-km, mean trip time (min).  Per zone: mean
trip time of trips *starting* in the zone (trip-weighted congested shortest-path
time; at equilibrium equal to the mean over used paths), min.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.noise.emission import noise_change_db

from .assign import AssignmentResult, assign
from .demand import Demand
from .network import MAIN_ROAD_CLASSES, RoadNetwork

__all__ = [
    "TEMPO30_KMH",
    "SCENARIOS",
    "ScenarioComparison",
    "links_in_zone",
    "tempo30_innenstadt",
    "tempo30_nebenstrassen",
    "compare",
    "run_scenarios",
]

TEMPO30_KMH: float = 30.0
SIDE_ROAD_CLASSES: tuple[str, ...] = ("tertiary", "residential", "service")


def links_in_zone(network: RoadNetwork, zone: object) -> np.ndarray:
    """Boolean mask over ``network.links``: road geometry inside or intersecting ``zone``."""
    import shapely

    geo = network.road_geometry
    hit = shapely.intersects(np.asarray(geo.values), zone)
    roads_hit = set(geo.index[hit])
    return network.links["road_id"].isin(roads_hit).to_numpy()


def _limit(network: RoadNetwork, mask: np.ndarray, limit_kmh: float) -> RoadNetwork:
    speed = network.links["speed_kmh"].to_numpy(float)
    new = np.where(mask, np.minimum(speed, limit_kmh), speed)
    return network.with_speeds(new)


def tempo30_innenstadt(network: RoadNetwork, zone: object, limit_kmh: float = TEMPO30_KMH) -> RoadNetwork:
    """All links in/intersecting ``zone`` get at most ``limit_kmh`` (km/h)."""
    return _limit(network, links_in_zone(network, zone), limit_kmh)


def tempo30_nebenstrassen(network: RoadNetwork, zone: object, limit_kmh: float = TEMPO30_KMH) -> RoadNetwork:
    """Links in/intersecting ``zone`` except trunk/primary/secondary get at most ``limit_kmh``."""
    side = ~network.links["road_class"].isin(MAIN_ROAD_CLASSES).to_numpy()
    return _limit(network, links_in_zone(network, zone) & side, limit_kmh)


SCENARIOS: dict[str, Callable[[RoadNetwork, object], RoadNetwork]] = {
    "Tempo 30 Innenstadt": tempo30_innenstadt,
    "Tempo 30 in Nebenstraßen": tempo30_nebenstrassen,
}


@dataclass(frozen=True)
class ScenarioComparison:
    """Baseline vs scenario.

    Attributes
    ----------
    name : str
    links : pandas.DataFrame
        Per road link (connectors excluded): ``*_base``, ``*_scen``, ``*_delta``
        for ``speed_kmh`` (posted), ``free_flow_time_s``, ``volume_vph``, ``vc``,
        ``congested_time_s``, ``congested_speed_kmh``; ``affected`` (speed limit
        changed); ``noise_delta_speed_db`` (speed effect only, dB(A)) and
        ``noise_delta_db`` (speed + volume, NaN where a volume is 0).
    totals : pandas.DataFrame
        Rows ``vehicle_hours``, ``vehicle_km``, ``mean_trip_time_min``, ``trips``;
        columns ``baseline``, ``scenario``, ``delta``, ``delta_pct``.
    zones : pandas.DataFrame
        ``zone_id``, ``name``, ``kind``, ``trips_vph``, ``mean_trip_time_base_min``,
        ``mean_trip_time_scen_min``, ``mean_trip_time_delta_min``.
    baseline, scenario : AssignmentResult
    """

    name: str
    links: pd.DataFrame
    totals: pd.DataFrame
    zones: pd.DataFrame
    baseline: AssignmentResult
    scenario: AssignmentResult


def _zone_times(result: AssignmentResult, demand: Demand) -> np.ndarray:
    if result.od_time_s is None:
        return np.full(len(demand.zones), np.nan)
    t = demand.matrix
    tot = t.sum(axis=1)
    od = np.where(t > 0, result.od_time_s, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (t * od).sum(axis=1) / tot / 60.0


def compare(name: str, base: AssignmentResult, scen: AssignmentResult, demand: Demand) -> ScenarioComparison:
    """Build the :class:`ScenarioComparison` tables from two assignments on the same links."""
    b = base.road_links.reset_index(drop=True)
    s = scen.road_links.reset_index(drop=True)
    if not np.array_equal(b["link_id"].to_numpy(), s["link_id"].to_numpy()):
        raise ValueError("baseline and scenario must be assigned on the same links")
    out = b[["link_id", "road_id", "direction", "road_class", "name", "length_m", "capacity_vph"]].copy()
    for col in ("speed_kmh", "free_flow_time_s", "volume_vph", "vc", "congested_time_s", "congested_speed_kmh"):
        out[f"{col}_base"] = b[col].to_numpy()
        out[f"{col}_scen"] = s[col].to_numpy()
        out[f"{col}_delta"] = s[col].to_numpy() - b[col].to_numpy()
    out["affected"] = out["speed_kmh_delta"] != 0
    out["noise_delta_speed_db"] = noise_change_db(out.speed_kmh_base, out.speed_kmh_scen)
    out["noise_delta_db"] = noise_change_db(out.speed_kmh_base, out.speed_kmh_scen, out.volume_vph_base,
                                            out.volume_vph_scen)
    tb, ts = base.totals(), scen.totals()
    totals = pd.DataFrame({"baseline": tb, "scenario": ts})
    totals["delta"] = totals.scenario - totals.baseline
    totals["delta_pct"] = 100.0 * totals.delta / totals.baseline
    zt_b, zt_s = _zone_times(base, demand), _zone_times(scen, demand)
    zones = demand.zones[["zone_id", "name", "kind"]].copy()
    zones["trips_vph"] = demand.matrix.sum(axis=1)
    zones["mean_trip_time_base_min"] = zt_b
    zones["mean_trip_time_scen_min"] = zt_s
    zones["mean_trip_time_delta_min"] = zt_s - zt_b
    return ScenarioComparison(name=name, links=out, totals=totals, zones=zones, baseline=base, scenario=scen)


def run_scenarios(
    network: RoadNetwork,
    demand: Demand,
    zone: object,
    *,
    scenarios: Iterable[str] = tuple(SCENARIOS),
    rgap: float = 1e-6,
    max_iter: int = 5000,
    cores: int = 1,
    baseline: AssignmentResult | None = None,
) -> dict[str, ScenarioComparison]:
    """Assign the baseline (unless given) and each named scenario; compare them.

    Parameters
    ----------
    network, demand
        Baseline network and demand (the demand is held fixed: no mode shift or
        redistribution in response to Tempo 30).
    zone : shapely Polygon
        Scenario zone (e.g. "Innenstadt"), same CRS as the network.
    scenarios : iterable of str
        Keys of :data:`SCENARIOS`.
    rgap : float
        Target relative gap for every assignment (1e-6 recommended for pairs).
    """
    if baseline is None:
        baseline = assign(network, demand, rgap=rgap, max_iter=max_iter, cores=cores)
    out: dict[str, ScenarioComparison] = {}
    for nm in scenarios:
        if nm not in SCENARIOS:
            raise KeyError(f"unknown scenario {nm!r}; available: {list(SCENARIOS)}")
        net_s = SCENARIOS[nm](network, zone)
        res = assign(net_s, demand, rgap=rgap, max_iter=max_iter, cores=cores)
        out[nm] = compare(nm, baseline, res, demand)
    return out
