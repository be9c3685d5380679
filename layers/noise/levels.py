"""Levels per RLS-19 period at the loudest façade of each building, and residents per 5 dB band.

A period's level is the energy average of its hours (RLS-19 day 6–22 h, night 22–6 h; :data:`PERIODS`):
the traffic of a time slice of ``n`` hours (one average hour) counts ``n`` times, so per road

    E_period = Σ_s |hours_s ∩ period| × 10^(L'_W,s / 10) / |period|,     L_period = 10 lg(C · E_period)

with ``C`` the receivers × roads coupling of :mod:`layers.noise.propagation` and L'_W after
:mod:`layers.noise.emission`. A building's level is that of its loudest façade receiver (each
state on its own: the loudest façade may move); its residents all count in that level's band —
the approach of a façade map's maximum, which counts more people as exposed than VBEB's share
of residents per façade would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse

from layers.noise.emission import length_sound_power_level
from layers.style import label

__all__ = ["BAND_WIDTH_DB", "PERIODS", "Period", "SliceTraffic", "band_labels", "building_levels",
           "period_energy", "receiver_levels", "residents_per_band"]

BAND_WIDTH_DB = 5.0
BANDS = 5  # 5 dB bands from the period's lowest, the last one open


@dataclass(frozen=True)
class Period:
    """An RLS-19 assessment period: key, label, its hours (0…23) and the lower end of its first band (dB(A))."""

    key: str
    label: dict[str, str]
    hours: frozenset[int]
    bands_from_db: float


PERIODS: tuple[Period, ...] = (
    Period("tag", label("Tag (6–22 Uhr)", "Day (6 am–10 pm)"), frozenset(range(6, 22)), 55.0),
    Period("nacht", label("Nacht (22–6 Uhr)", "Night (10 pm–6 am)"), frozenset((22, 23, 0, 1, 2, 3, 4, 5)), 50.0),
)


@dataclass(frozen=True)
class SliceTraffic:
    """One time slice's traffic per road: its hours, cross-section volume (veh/h) and permitted speed (km/h)."""

    hours: tuple[int, ...]
    volume_vph: np.ndarray
    speed_kmh: np.ndarray


def period_energy(slices: Sequence[SliceTraffic], hours: frozenset[int]) -> np.ndarray:
    """Per road the mean of 10^(L'_W / 10) over the ``hours`` of a period (see the module text)."""
    total = np.zeros(len(slices[0].volume_vph))
    for traffic in slices:
        weight = len(hours.intersection(traffic.hours))
        if weight:
            level = length_sound_power_level(traffic.volume_vph, traffic.speed_kmh)
            total += weight * np.where(np.asarray(traffic.volume_vph, float) > 0, 10.0 ** (0.1 * level), 0.0)
    return total / len(hours)


def receiver_levels(coupling: scipy.sparse.spmatrix, energy: np.ndarray) -> np.ndarray:
    """Level (dB(A)) at each receiver from the roads' mean energies; -inf where no road is heard."""
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(coupling @ energy)


def building_levels(levels: np.ndarray, owner: np.ndarray, n_buildings: int) -> np.ndarray:
    """The loudest receiver's level (dB(A)) per building (``owner``: building row of each receiver); -inf for none."""
    out = np.full(n_buildings, -np.inf)
    np.maximum.at(out, owner, levels)
    return out


def residents_per_band(levels: np.ndarray, residents: np.ndarray, *, lowest_db: float,
                       width_db: float = BAND_WIDTH_DB, bands: int = BANDS) -> np.ndarray:
    """Residents per band: ``[below lowest, lowest…+width, …, ≥ lowest+(bands−1)·width]`` (``bands`` + 1 numbers)."""
    edges = lowest_db + width_db * np.arange(bands)
    index = np.digitize(np.asarray(levels, float), edges)  # 0: below; -inf → 0
    return np.bincount(index, weights=np.asarray(residents, float), minlength=bands + 1)


def band_labels(lowest_db: float, *, width_db: float = BAND_WIDTH_DB, bands: int = BANDS) -> list[dict[str, str]]:
    """German/English names of the bands of :func:`residents_per_band`."""
    edges = [lowest_db + width_db * k for k in range(bands)]
    names = [label(f"unter {edges[0]:.0f}", f"below {edges[0]:.0f}")]
    names += [label(f"{lo:.0f}–{hi:.0f}", f"{lo:.0f}–{hi:.0f}") for lo, hi in zip(edges[:-1], edges[1:])]
    names.append(label(f"ab {edges[-1]:.0f}", f"{edges[-1]:.0f} and above"))
    return names
