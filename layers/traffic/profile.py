"""The hourly profile (Ganglinie) of car traffic on a normal weekday: each hour's share of the day.

Measured, not assumed: the hourly car counts of the open data "Verkehrsdetektion Berlin"
(Senatsverwaltung für Mobilität, Verkehr, Klimaschutz und Umwelt / VIZ Berlin,
https://api.viz.berlin.de/daten/verkehrsdetektion) at 202 directional cross-sections of Berlin's
city streets — main streets, the kind a Tempo-30 debate is about; motorway sections left out —
on the 103 Tuesdays to Thursdays of January–November 2024 outside school and public holidays
(9,925 cross-section days with all 24 hours). Share of hour h = Σ cars in hour h / Σ cars of the
day. ``tools/ganglinie_berlin.py`` derives it from the monthly files.

Against the standard values German noise calculation uses when only the daily traffic (DTV) is
known, this profile has more night traffic: 11.6 % of the day's cars fall in 22–6 h, where
RLS-90 (Table 3, Gemeindestraßen: 0.011 DTV per night hour) assumes 8.8 % and RLS-19 (Table 2:
0.0100 DTV) 8 % — Berlin is a big city, and RLS values are for all days of the year. The peaks
are broad: the busiest hours are 8–9 h (6.2 %) and 15–17 h (6.7 %).
"""

from __future__ import annotations

import numpy as np

__all__ = ["HOURLY_SHARES", "SOURCE", "hourly_shares"]

# % of the day's cars in the hour h:00–h:59, h = 0…23 (Berlin, Tue–Thu 2024, city streets)
_PERCENT = (1.178, 0.790, 0.605, 0.595, 0.970, 2.652, 4.420, 5.734, 6.157, 5.773, 5.462, 5.507,
            5.674, 5.866, 6.316, 6.689, 6.685, 6.443, 5.976, 4.833, 3.775, 3.130, 2.770, 2.001)
SOURCE = ("Verkehrsdetektion Berlin (VIZ Berlin), hourly car counts at 202 city-street cross-sections, "
          "Tue–Thu outside holidays, Jan–Nov 2024")


def hourly_shares(percent: tuple[float, ...] = _PERCENT) -> np.ndarray:
    """Each hour's share of the day (24 values, sum 1): ``percent`` (one per hour) normalised."""
    shares = np.asarray(percent, float)
    if shares.shape != (24,) or not np.all(np.isfinite(shares)) or (shares < 0).any() or shares.sum() <= 0:
        raise ValueError(f"An hourly profile needs 24 non-negative shares, one per hour; got {percent!r}.")
    return shares / shares.sum()


HOURLY_SHARES = hourly_shares()
