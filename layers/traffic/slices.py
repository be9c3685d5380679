"""The day in time slices, and each slice's car demand (veh/h) from the design hour and the profile.

:func:`layers.traffic.demand.build_demand` models one hour: the weekday morning peak hour, taken
as 8–9 h (:data:`DESIGN_HOUR`, the busiest morning hour of the profile). The day's trips are that
hour's divided by its share of the day in the hourly profile (:mod:`layers.traffic.profile`,
6.16 %); a slice of ``n`` hours carries its hours' share of the day, spread evenly over them, so

    demand of slice s (veh/h) = day's trips × Σ_{h in s} share_h / n_s,    Σ_s demand_s × n_s = day's trips.

Each slice is then assigned on its own to the same convergence: congestion is not linear in
demand, so no slice's result is a scaled copy of another's.

Direction. The design hour's matrix runs from homes to jobs, shops and schools (its productions
are residents). In the afternoon peak people go home: that slice takes the transposed matrix; the
other slices take the mean of both directions. Each keeps its sum, so the day's total holds.

The slices (:data:`SLICES`) cover the 24 hours once; the night is the 22–6 h of German noise
protection (RLS-19, 16. BImSchV), so a night-time limit applies in exactly one slice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from layers.style import label
from layers.traffic.demand import Demand
from layers.traffic.profile import HOURLY_SHARES

__all__ = ["DESIGN_HOUR", "NIGHT", "SLICES", "TimeSlice", "check_slices", "daily_trips", "slice_demand",
           "slice_matrix", "slice_of_hour"]

DESIGN_HOUR = 8  # the hour 8:00–8:59 that build_demand's matrix stands for
Direction = Literal["outbound", "return", "both"]


@dataclass(frozen=True)
class TimeSlice:
    """A part of the day assigned as one average hour.

    Attributes
    ----------
    key
        Stable name (``"nacht"``), part of file names.
    start_h, end_h
        First hour and the hour after the last (0…23; ``end_h`` < ``start_h`` wraps past midnight).
    label
        German and English name with the hours.
    direction
        "outbound" (the design hour's direction), "return" (transposed) or "both" (their mean).
    """

    key: str
    start_h: int
    end_h: int
    label: dict[str, str]
    direction: Direction = "both"

    @property
    def hours(self) -> tuple[int, ...]:
        """The hours of the day (0…23) in this slice, in order."""
        count = (self.end_h - self.start_h) % 24 or 24
        return tuple((self.start_h + k) % 24 for k in range(count))

    @property
    def duration_h(self) -> int:
        """Its number of hours."""
        return len(self.hours)

    def share(self, shares: np.ndarray = HOURLY_SHARES) -> float:
        """Its share of the day's traffic (-)."""
        return float(np.asarray(shares)[list(self.hours)].sum())

    def to_manifest(self) -> dict:
        """``{"key", "label", "start", "end", "hours"}`` for the manifest."""
        return {"key": self.key, "label": self.label, "start": self.start_h, "end": self.end_h,
                "hours": self.duration_h}


NIGHT = "nacht"
SLICES: tuple[TimeSlice, ...] = (
    TimeSlice("morgen", 6, 9, label("Morgenspitze (6–9 Uhr)", "Morning peak (6–9 am)"), "outbound"),
    TimeSlice("tag", 9, 15, label("Tagsüber (9–15 Uhr)", "Daytime (9 am–3 pm)")),
    TimeSlice("nachmittag", 15, 18, label("Nachmittagsspitze (15–18 Uhr)", "Afternoon peak (3–6 pm)"), "return"),
    TimeSlice("abend", 18, 22, label("Abend (18–22 Uhr)", "Evening (6–10 pm)")),
    TimeSlice(NIGHT, 22, 6, label("Nacht (22–6 Uhr)", "Night (10 pm–6 am)")),
)


def check_slices(slices: Sequence[TimeSlice]) -> None:
    """Raise ``ValueError`` unless ``slices`` cover every hour of the day exactly once, with unique keys."""
    hours = sorted(h for s in slices for h in s.hours)
    keys = [s.key for s in slices]
    if hours != list(range(24)) or len(set(keys)) != len(keys):
        raise ValueError(f"Time slices must cover the hours 0–23 once each, with unique keys; these cover {hours} "
                         f"with keys {keys}.")


def slice_of_hour(hour: int, slices: Sequence[TimeSlice] = SLICES) -> TimeSlice:
    """The slice holding ``hour`` (0…23)."""
    for time_slice in slices:
        if hour % 24 in time_slice.hours:
            return time_slice
    raise ValueError(f"No time slice holds the hour {hour}.")


def daily_trips(design_trips: float, *, shares: np.ndarray = HOURLY_SHARES, design_hour: int = DESIGN_HOUR) -> float:
    """The day's trips (veh) of a design hour with ``design_trips`` (veh/h)."""
    return float(design_trips) / float(shares[design_hour])


def slice_matrix(design: np.ndarray, time_slice: TimeSlice, *, shares: np.ndarray = HOURLY_SHARES,
                 design_hour: int = DESIGN_HOUR) -> np.ndarray:
    """The slice's mean hourly OD matrix (veh/h) from the design hour's ``design`` (veh/h)."""
    oriented = {"outbound": design, "return": design.T, "both": 0.5 * (design + design.T)}[time_slice.direction]
    return oriented * (time_slice.share(shares) / time_slice.duration_h / float(shares[design_hour]))


def slice_demand(demand: Demand, time_slice: TimeSlice, *, shares: np.ndarray = HOURLY_SHARES,
                 design_hour: int = DESIGN_HOUR) -> Demand:
    """The design-hour ``demand`` with the slice's matrix (zones' origin/destination sums updated)."""
    matrix = slice_matrix(demand.matrix, time_slice, shares=shares, design_hour=design_hour)
    zones = demand.zones.assign(origin_vph=matrix.sum(axis=1), destination_vph=matrix.sum(axis=0))
    return replace(demand, matrix=matrix, zones=zones)
