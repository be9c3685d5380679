"""The figures of the traffic runs: per road, per variant, per time slice and per day; the metrics cards.

Per road (from its directed links): posted speed, cross-section volume (both directions, veh/h),
the larger directional volume, and v/c, congested speed and time of the busier (larger v/c)
direction. Per run and time slice: trips, vehicle-hours, vehicle-km, mean trip time and roads over
capacity; per variant also its change against today, the extra seconds per trip (the change of
the mean trip time), the largest rise of a zone's mean trip time, the km of streets that get
Tempo 30 and the noise change on them — the change of the cars' total sound power emitted along
those streets (RLS-19 length-related level L'_W per road from cross-section volume and posted
speed, summed as energy × length: busy streets dominate, as they do for the people living along
them). Over the day (``layers.traffic.daily``): trips, vehicle-hours, vehicle-km, seconds per
trip, the zones whose trips lose most, and the noise change by day (6–22 h) and night (22–6 h).
Demand is fixed (no mode shift): the figures show rerouting and lost time, not fewer car trips.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.noise.emission import length_sound_power_level, noise_change_db
from layers.scenario_api import Metric
from layers.style import label
from layers.traffic.assign import AssignmentResult
from layers.traffic.daily import DayTotals
from layers.traffic.scenarios import ScenarioComparison, compare

__all__ = ["DayFigures", "VariantFigures", "baseline_day_metrics", "baseline_metrics", "road_energy", "road_summary",
           "variant_day_metrics", "variant_figures", "variant_metrics", "worst_zones"]


def road_summary(links: pd.DataFrame) -> pd.DataFrame:
    """One row per road id from its directed links (see the module text)."""
    ordered = links.sort_values(["road_id", "vc", "direction"], ascending=[True, False, False], kind="stable")
    busier = ordered.drop_duplicates("road_id").set_index("road_id")
    grouped = links.groupby("road_id")
    return pd.DataFrame({
        "name": busier["name"], "road_class": busier["road_class"], "length_m": busier["length_m"],
        "speed_kmh": grouped["speed_kmh"].max(), "volume_total": grouped["volume_vph"].sum(),
        "volume_max": grouped["volume_vph"].max(), "vc": busier["vc"],
        "congested_speed_kmh": busier["congested_speed_kmh"], "congested_time_s": busier["congested_time_s"],
    })


def road_energy(roads: pd.DataFrame) -> float:
    """The sound power cars emit along a set of roads (a per-road table of :func:`road_summary`): Σ
    10^(L'_W / 10) × length, L'_W after RLS-19 from the cross-section volume and the posted speed
    (any consistent unit: only ratios are used).
    """
    volume = roads["volume_total"].to_numpy(float)
    with np.errstate(divide="ignore"):
        level = length_sound_power_level(volume, roads["speed_kmh"].to_numpy(float))
    return float(np.sum(np.where(volume > 0, 10.0 ** (0.1 * level), 0.0) * roads["length_m"].to_numpy(float)))


def emission_change_db(base: pd.DataFrame, scen: pd.DataFrame) -> float:
    """Change (dB(A)) of the total sound power that cars emit along a set of roads (per-road
    tables of :func:`road_summary`); NaN when either total is 0.
    """
    before, after = road_energy(base), road_energy(scen)
    return 10.0 * np.log10(after / before) if before > 0 and after > 0 else float("nan")


@dataclass(frozen=True, eq=False)
class VariantFigures:
    """A variant against today, per road (indexed like today's road table).

    Attributes
    ----------
    roads
        The variant's road table (:func:`road_summary`).
    change_vph
        Change of the cross-section volume (veh/h).
    noise_db
        Noise change per road (dB(A), RLS-19 cars: speed and volume; NaN where a volume is 0).
    affected
        Roads whose speed limit changed.
    noise_affected_db
        Change of the sound power emitted along the affected roads (dB(A)).
    affected_km
        Length of the affected roads (km).
    comparison
        The model's comparison (totals, per zone trip times).
    """

    roads: pd.DataFrame
    change_vph: pd.Series
    noise_db: pd.Series
    affected: pd.Series
    noise_affected_db: float
    affected_km: float
    comparison: ScenarioComparison


def variant_figures(key: str, baseline: AssignmentResult, base_roads: pd.DataFrame, result: AssignmentResult,
                    demand: object) -> VariantFigures:
    """The figures of the variant ``key`` whose assignment is ``result``."""
    comparison = compare(key, baseline, result, demand)  # validates identical links
    roads = road_summary(result.road_links).reindex(base_roads.index)
    change = roads["volume_total"] - base_roads["volume_total"]
    with np.errstate(invalid="ignore", divide="ignore"):
        noise = pd.Series(noise_change_db(base_roads["speed_kmh"], roads["speed_kmh"], base_roads["volume_total"],
                                          roads["volume_total"]), index=base_roads.index)
    affected = roads["speed_kmh"] != base_roads["speed_kmh"]
    return VariantFigures(roads=roads, change_vph=change, noise_db=noise, affected=affected,
                          noise_affected_db=emission_change_db(base_roads[affected], roads[affected]),
                          affected_km=float(base_roads["length_m"][affected].sum()) / 1000.0, comparison=comparison)


def _metric(key: str, de: str, en: str, value: float, unit: str, *, delta: float | None = None,
            decimals: int = 0) -> Metric:
    return Metric(key, label(de, en), value, unit, decimals, delta)


def _run_metrics(totals: dict, roads: pd.DataFrame, base: tuple[dict, pd.DataFrame] | None) -> list[Metric]:
    over = int((roads["vc"] > 1.0).sum())
    metrics = []
    if base is None:
        metrics.append(_metric("trips", "Kfz-Fahrten pro Stunde", "Car trips per hour", totals["trips"], "Kfz/h"))
    b_totals, b_roads = base if base is not None else (None, None)

    def change(key: str, scale: float = 1.0) -> float | None:
        return None if b_totals is None else (totals[key] - b_totals[key]) * scale

    metrics.append(_metric("vehicle_hours", "Fahrzeugstunden pro Stunde", "Vehicle-hours per hour",
                           totals["vehicle_hours"], "h", delta=change("vehicle_hours"), decimals=1))
    if b_totals is not None:
        share = 100.0 * totals["vehicle_hours"] / b_totals["vehicle_hours"]
        metrics.append(_metric("vehicle_hours_pct", "Fahrzeugstunden im Vergleich zu heute",
                               "Vehicle-hours compared with today", share, "%", delta=share - 100.0, decimals=1))
    metrics.append(_metric("vehicle_km", "Fahrzeugkilometer pro Stunde", "Vehicle-km per hour", totals["vehicle_km"],
                           "km", delta=change("vehicle_km")))
    metrics.append(_metric("mean_trip_time_s", "Mittlere Fahrzeit", "Mean trip time",
                           totals["mean_trip_time_min"] * 60.0, "s", delta=change("mean_trip_time_min", 60.0),
                           decimals=1))
    metrics.append(_metric("roads_over_capacity", "Überlastete Straßenabschnitte (v/c > 1)",
                           "Road links over capacity (v/c > 1)", over, "",
                           delta=None if b_roads is None else over - int((b_roads["vc"] > 1.0).sum())))
    return metrics


def baseline_metrics(result: AssignmentResult, roads: pd.DataFrame) -> list[Metric]:
    """The metrics card of today's run in one time slice (figures per hour of the slice)."""
    return _run_metrics(result.totals(), roads, None)


def _worst_zone_s(zones: pd.DataFrame, column: str, scale: float) -> float:
    values = zones[column].to_numpy(float) * scale
    return float(np.nanmax(values)) if np.isfinite(values).any() else float("nan")


def variant_metrics(result: AssignmentResult, figures: VariantFigures, baseline: AssignmentResult,
                    base_roads: pd.DataFrame) -> list[Metric]:
    """The metrics card of a variant in one time slice, with changes against today in that slice."""
    metrics = _run_metrics(result.totals(), figures.roads, (baseline.totals(), base_roads))
    delay_s = (result.totals()["mean_trip_time_min"] - baseline.totals()["mean_trip_time_min"]) * 60.0
    worst_zone_s = _worst_zone_s(figures.comparison.zones, "mean_trip_time_delta_min", 60.0)
    metrics.insert(-1, _metric("trip_delay_s", "Sekunden mehr pro Fahrt", "Extra seconds per trip", delay_s, "s",
                               decimals=1))
    metrics.insert(-1, _metric("worst_zone_trip_s", "Größter Zuwachs der mittleren Fahrzeit einer Zone",
                               "Largest rise of a zone's mean trip time", worst_zone_s, "s", decimals=0))
    metrics.insert(-1, _metric("noise_affected_db", "Lärmänderung an den Tempo-30-Straßen",
                               "Noise change on the Tempo 30 streets", figures.noise_affected_db, "dB(A)", decimals=1))
    metrics.insert(-1, _metric("affected_km", "Straßen mit neuem Tempo 30", "Streets newly at 30 km/h",
                               figures.affected_km, "km", decimals=1))
    return metrics


@dataclass(frozen=True, eq=False)
class DayFigures:
    """A variant over the whole day (``layers.traffic.daily``).

    Attributes
    ----------
    day, base_day
        Its day and today's.
    zones
        Per zone: ``zone_id``, ``name``, ``trips_day`` (veh/day), ``delay_s`` (extra seconds per trip).
    noise_day_db, noise_night_db
        Change of the sound power emitted along the roads it gives Tempo 30 (at any time), 6–22 h and
        22–6 h (dB(A)).
    affected_km
        Length of those roads (km).
    """

    day: DayTotals
    base_day: DayTotals
    zones: pd.DataFrame
    noise_day_db: float
    noise_night_db: float
    affected_km: float

    @property
    def delay_s(self) -> float:
        """Extra seconds per trip, mean over the day's trips."""
        return self.day.mean_trip_time_s - self.base_day.mean_trip_time_s


def worst_zones(zones: pd.DataFrame, column: str, *, count: int = 3, trips: str = "trips_vph") -> pd.DataFrame:
    """The ``count`` zones with the largest positive ``column`` among those with trips, largest first."""
    values = zones[column].to_numpy(float)
    usable = zones[(zones[trips] > 0) & np.isfinite(values) & (np.nan_to_num(values) > 0)]
    return usable.sort_values(column, ascending=False, kind="stable").head(count)


def baseline_day_metrics(day: DayTotals) -> list[Metric]:
    """Today's metrics card over the whole day."""
    return [
        _metric("trips_day", "Kfz-Fahrten pro Tag", "Car trips per day", day.trips, "Kfz"),
        _metric("vehicle_hours_day", "Fahrzeugstunden pro Tag", "Vehicle-hours per day", day.vehicle_hours, "h"),
        _metric("vehicle_km_day", "Fahrzeugkilometer pro Tag", "Vehicle-km per day", day.vehicle_km, "km"),
        _metric("mean_trip_time_s", "Mittlere Fahrzeit (Tagesmittel)", "Mean trip time (day)", day.mean_trip_time_s,
                "s", decimals=1),
    ]


def variant_day_metrics(figures: DayFigures) -> list[Metric]:
    """A variant's metrics card over the whole day, with changes against today."""
    day, base = figures.day, figures.base_day
    share = 100.0 * day.vehicle_hours / base.vehicle_hours
    return [
        _metric("vehicle_hours_day", "Fahrzeugstunden pro Tag", "Vehicle-hours per day", day.vehicle_hours, "h",
                delta=day.vehicle_hours - base.vehicle_hours),
        _metric("vehicle_hours_pct", "Fahrzeugstunden im Vergleich zu heute", "Vehicle-hours compared with today",
                share, "%", delta=share - 100.0, decimals=1),
        _metric("vehicle_km_day", "Fahrzeugkilometer pro Tag", "Vehicle-km per day", day.vehicle_km, "km",
                delta=day.vehicle_km - base.vehicle_km),
        _metric("mean_trip_time_s", "Mittlere Fahrzeit (Tagesmittel)", "Mean trip time (day)", day.mean_trip_time_s,
                "s", delta=figures.delay_s, decimals=1),
        _metric("trip_delay_s", "Sekunden mehr pro Fahrt (Tagesmittel)", "Extra seconds per trip (day)",
                figures.delay_s, "s", decimals=1),
        _metric("worst_zone_trip_s", "Größter Zuwachs der Fahrzeit einer Zone (Tagesmittel)",
                "Largest rise of a zone's trip time (day)", _worst_zone_s(figures.zones, "delay_s", 1.0), "s"),
        _metric("noise_day_db", "Lärmänderung tags (6–22 Uhr) an den Tempo-30-Straßen",
                "Noise change by day (6 am–10 pm) on the Tempo 30 streets", figures.noise_day_db, "dB(A)", decimals=1),
        _metric("noise_night_db", "Lärmänderung nachts (22–6 Uhr) an den Tempo-30-Straßen",
                "Noise change at night (10 pm–6 am) on the Tempo 30 streets", figures.noise_night_db, "dB(A)",
                decimals=1),
        _metric("affected_km", "Straßen mit neuem Tempo 30", "Streets newly at 30 km/h", figures.affected_km, "km",
                decimals=1),
    ]
