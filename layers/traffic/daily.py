"""A run's figures over the whole day: its time slices' figures weighted by their hours.

A slice of ``n`` hours is one average hour assigned on its own; its hourly figures count ``n``
times. Over the day (veh, veh·h, veh·km per day):

* trips, vehicle-hours and vehicle-km: Σ_s figure_s × n_s;
* the mean trip time: the day's vehicle-hours over the day's trips (every trip weighs the same,
  whenever it is made), and the extra seconds per trip of a variant: the change of that mean;
* per zone: the extra seconds of the trips starting there, weighted by those trips (veh/h × n_s);
* the noise change over a period (RLS-19: day 6–22 h, night 22–6 h) on a set of roads: the change
  of the cars' sound power emitted along them over the period — Σ_s n_s × energy_s, with the
  RLS-19 length-related level L'_W of each road from its volume and posted speed in the slice
  (``layers.traffic.metrics.road_energy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.traffic.assign import AssignmentResult
from layers.traffic.slices import TimeSlice

__all__ = ["DAY_HOURS", "NIGHT_HOURS", "DayTotals", "day_totals", "period_change_db", "zone_day_delay_s"]

NIGHT_HOURS = frozenset((22, 23, 0, 1, 2, 3, 4, 5))  # RLS-19 / 16. BImSchV night
DAY_HOURS = frozenset(range(6, 22))


@dataclass(frozen=True)
class DayTotals:
    """A run's day: trips (veh/day), vehicle-hours (h/day), vehicle-km (km/day), mean trip time (s)."""

    trips: float
    vehicle_hours: float
    vehicle_km: float

    @property
    def mean_trip_time_s(self) -> float:
        """The day's vehicle-hours per trip, in s."""
        return self.vehicle_hours * 3600.0 / self.trips if self.trips > 0 else float("nan")


def day_totals(runs: Sequence[tuple[TimeSlice, AssignmentResult]]) -> DayTotals:
    """The day of a run given as (slice, assignment of that slice) for every slice of the day."""
    sums = {"trips": 0.0, "vehicle_hours": 0.0, "vehicle_km": 0.0}
    for time_slice, result in runs:
        totals = result.totals()
        for key in sums:
            sums[key] += totals[key] * time_slice.duration_h
    return DayTotals(**sums)


def zone_day_delay_s(zones_by_slice: Sequence[tuple[TimeSlice, pd.DataFrame]]) -> pd.DataFrame:
    """Per zone over the day: ``trips_day`` (veh/day) and ``delay_s``, the trip-weighted change of the mean
    trip time of the trips starting there (s).

    ``zones_by_slice``: (slice, zone table of :func:`layers.traffic.scenarios.compare` for that slice:
    ``zone_id``, ``name``, ``trips_vph``, ``mean_trip_time_delta_min``).
    """
    first = zones_by_slice[0][1]
    trips, counted, weighted = np.zeros(len(first)), np.zeros(len(first)), np.zeros(len(first))
    for time_slice, zones in zones_by_slice:
        t = zones["trips_vph"].to_numpy(float) * time_slice.duration_h
        delta = zones["mean_trip_time_delta_min"].to_numpy(float) * 60.0
        ok = (t > 0) & np.isfinite(delta)
        trips += t
        counted += np.where(ok, t, 0.0)
        weighted += np.where(ok, t * np.where(ok, delta, 0.0), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        delay = np.where(counted > 0, weighted / counted, np.nan)
    return pd.DataFrame({"zone_id": first["zone_id"].to_numpy(), "name": first["name"].to_numpy(),
                         "trips_day": trips, "delay_s": delay})


def period_change_db(energies: Sequence[tuple[TimeSlice, float, float]], hours: frozenset[int]) -> float:
    """Change (dB(A)) of the sound power emitted over the ``hours`` of a period, from each slice's
    (slice, energy before, energy after); NaN when either total is 0. A slice counts with its hours in
    the period.
    """
    before = after = 0.0
    for time_slice, e_before, e_after in energies:
        weight = len(hours.intersection(time_slice.hours))
        before += weight * e_before
        after += weight * e_after
    return 10.0 * np.log10(after / before) if before > 0 and after > 0 else float("nan")
