"""Road-traffic noise change from speed and volume, after RLS-19 (cars only).

This implements the RLS-19 (Richtlinien für den Lärmschutz an Straßen, 2019)
basic emission of a passenger car (Fahrzeuggruppe Pkw), eq. 6 with table 4::

    L_W0,Pkw(v) = A + 10 lg(1 + (v / B) ** C)      A = 88.0 dB, B = 20 km/h, C = 3.06

and the length-related sound power level of a car-only stream (eq. 5)::

    L'_W = 10 lg(M) + 10 lg(100 / v * 10 ** (0.1 * L_W0,Pkw(v))) - 30   [dB(A)]

with M in veh/h and v the *posted* speed in km/h (RLS-19 uses the permitted speed,
valid for cars between 30 and 130 km/h; values are clipped to that range).
Road-surface (D_SD), gradient and junction corrections and heavy vehicles are
not modelled; for a change at a fixed surface they cancel.
Check: 50 -> 30 km/h at constant volume gives -3.72 dB(A) (published range -2 to -4).

Constants are from memory of the RLS-19 table for Pkw, verified by reproducing the
commonly quoted -3.7 dB(A) for 50 -> 30 km/h; treat absolute levels as indicative.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RLS19_PKW", "car_emission_level", "length_sound_power_level", "noise_change_db"]

#: RLS-19 Pkw parameters: A (dB), B (km/h), C (-).
RLS19_PKW: dict[str, float] = {"A": 88.0, "B": 20.0, "C": 3.06}
_V_MIN, _V_MAX = 30.0, 130.0


def car_emission_level(speed_kmh: np.ndarray | float) -> np.ndarray:
    """RLS-19 basic sound power level of one car, L_W0,Pkw in dB(A), speed in km/h."""
    v = np.clip(np.asarray(speed_kmh, float), _V_MIN, _V_MAX)
    p = RLS19_PKW
    return p["A"] + 10.0 * np.log10(1.0 + (v / p["B"]) ** p["C"])


def length_sound_power_level(volume_vph: np.ndarray | float, speed_kmh: np.ndarray | float) -> np.ndarray:
    """RLS-19 length-related sound power level L'_W in dB(A) for cars only.

    Parameters
    ----------
    volume_vph : array-like
        Hourly volume M, veh/h (0 gives -inf).
    speed_kmh : array-like
        Posted speed, km/h (clipped to 30..130).
    """
    m = np.asarray(volume_vph, float)
    v = np.clip(np.asarray(speed_kmh, float), _V_MIN, _V_MAX)
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(m) + car_emission_level(v) + 10.0 * np.log10(100.0 / v) - 30.0


def noise_change_db(
    speed_before_kmh, speed_after_kmh, volume_before_vph=None, volume_after_vph=None
) -> np.ndarray:
    """Change of L'_W in dB(A).

    Without volumes only the speed effect is returned.  With volumes the volume
    term ``10 lg(M_after / M_before)`` is included; links with zero volume before
    or after give NaN (no meaningful level difference).
    """
    def speed_term(v):
        v = np.clip(np.asarray(v, float), _V_MIN, _V_MAX)
        return car_emission_level(v) - 10.0 * np.log10(v)

    d = speed_term(speed_after_kmh) - speed_term(speed_before_kmh)
    if volume_before_vph is None or volume_after_vph is None:
        return d
    mb = np.asarray(volume_before_vph, float)
    ma = np.asarray(volume_after_vph, float)
    ok = (mb > 0) & (ma > 0)
    out = np.full(np.broadcast(d, mb, ma).shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        val = d + 10.0 * np.log10(ma / mb)
    out[ok] = np.broadcast_to(val, out.shape)[ok]
    return out
