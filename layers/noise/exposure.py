"""Residents and the road noise at their homes, before and after a change of the traffic.

:func:`homes` finds the residential buildings (residents > 0), their façade receivers and the coupling
of every receiver to every road (:mod:`layers.noise.propagation`) once per city; :func:`exposure`
turns a day of traffic (per time slice and road: volume, permitted speed) into each building's
level per RLS-19 period (:mod:`layers.noise.levels`) and the residents per 5 dB band. Every road
of the network counts, the ones that gain traffic as much as the ones that get Tempo 30.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse

from layers.noise.levels import (
    PERIODS,
    SliceTraffic,
    building_levels,
    period_energy,
    receiver_levels,
    residents_per_band,
)
from layers.noise.propagation import SEARCH_RADIUS_M, Receivers, coupling_matrix, facade_receivers, road_pieces

__all__ = ["Exposure", "Homes", "exposure", "homes"]


@dataclass(frozen=True, eq=False)
class Homes:
    """The residential buildings of a city as the noise model sees them.

    Attributes
    ----------
    ids
        Building ids (text, as in ``buildings.json``).
    residents
        Residents per building.
    footprints
        Their footprints (shapely, metric CRS).
    receivers
        Their façade receivers (``owner``: the row in ``ids``).
    coupling
        Receivers × roads coupling (1/m), roads in the order given to :func:`homes`.
    """

    ids: np.ndarray
    residents: np.ndarray
    footprints: np.ndarray
    receivers: Receivers
    coupling: scipy.sparse.csr_matrix


@dataclass(frozen=True, eq=False)
class Exposure:
    """Levels (dB(A), -inf where no road is heard) per building and period key, and residents per band.

    Attributes
    ----------
    levels
        Period key (``tag``, ``nacht``) → level at the loudest façade per building.
    bands
        Period key → residents per band (:func:`layers.noise.levels.residents_per_band`).
    """

    levels: dict[str, np.ndarray]
    bands: dict[str, np.ndarray]


def homes(buildings: pd.DataFrame, ids: Sequence[str], road_geometry: np.ndarray, *,
          radius_m: float = SEARCH_RADIUS_M) -> Homes:
    """The residential buildings of ``buildings`` (a GeoDataFrame in a metric CRS with ``residents``;
    ``ids``: their ids, row by row) and their coupling to the roads (shapely lines, metric CRS; the
    row of a road is its index in ``road_geometry``).
    """
    residents = pd.to_numeric(buildings["residents"], errors="coerce").fillna(0.0).to_numpy(float) \
        if "residents" in buildings else np.zeros(len(buildings))
    home = residents > 0
    footprints = np.asarray(buildings.geometry.values, dtype=object)[home]
    receivers = facade_receivers(footprints)
    pieces = road_pieces(np.asarray(road_geometry, dtype=object))
    return Homes(ids=np.asarray(ids, dtype=str)[home], residents=residents[home], footprints=footprints,
                 receivers=receivers, coupling=coupling_matrix(receivers, pieces, len(road_geometry),
                                                               radius_m=radius_m))


def exposure(where: Homes, day: Sequence[SliceTraffic]) -> Exposure:
    """Each building's level per RLS-19 period and the residents per band for a day of traffic
    (one :class:`SliceTraffic` per time slice, roads in the order of the coupling).
    """
    levels, bands = {}, {}
    for period in PERIODS:
        at_receivers = receiver_levels(where.coupling, period_energy(day, period.hours))
        levels[period.key] = building_levels(at_receivers, where.receivers.owner, len(where.ids))
        bands[period.key] = residents_per_band(levels[period.key], where.residents, lowest_db=period.bands_from_db)
    return Exposure(levels=levels, bands=bands)
