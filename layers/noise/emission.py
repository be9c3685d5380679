"""Road-traffic noise emission per road after RLS-19 (cars only), in dB(A).

RLS-19 (Richtlinien für den Lärmschutz an Straßen, FGSV 2019), section 3.3. The basic sound
power level of one passenger car (Fahrzeuggruppe Pkw), eq. 6 with table 4::

    L_W0,Pkw(v) = A + 10 lg(1 + (v / B) ** C)      A = 88.0 dB, B = 20 km/h, C = 3.06

and the length-related sound power level of the stream (eq. 5, heavy-vehicle shares p1 = p2 = 0)::

    L'_W = 10 lg(M) + 10 lg(10 ** (0.1 L_W0,Pkw(v)) / v) - 30          [dB(A) per m]

with M the hourly volume (veh/h) and v the *permitted* speed (km/h; RLS-19 takes the posted
limit, for cars 30…130 km/h; values are clipped to that range). The −30 turns veh/h and km/h
into vehicles per metre (M / (1000 v)). Heavy vehicles, road surface (D_SD), gradient (D_LN)
and junction (D_K) corrections are not modelled: the traffic model knows only cars; for a change
at a fixed surface the corrections cancel, but absolute levels are low where lorries run.
Check: 50 → 30 km/h at constant volume gives −3.72 dB(A) (UBA 2016: −2 to −4 dB(A)); 1000
cars/h at 50 km/h give L'_W = 83.4 dB(A).
"""

from __future__ import annotations

import numpy as np

__all__ = ["RLS19_PKW", "car_emission_level", "length_sound_power_level", "noise_change_db"]

#: RLS-19 table 4, Pkw: A (dB), B (km/h), C (-).
RLS19_PKW: dict[str, float] = {"A": 88.0, "B": 20.0, "C": 3.06}
_V_MIN, _V_MAX = 30.0, 130.0


def car_emission_level(speed_kmh: np.ndarray | float) -> np.ndarray:
    """RLS-19 basic sound power level of one car, L_W0,Pkw in dB(A), speed in km/h (eq. 6)."""
    v = np.clip(np.asarray(speed_kmh, float), _V_MIN, _V_MAX)
    p = RLS19_PKW
    return p["A"] + 10.0 * np.log10(1.0 + (v / p["B"]) ** p["C"])


def length_sound_power_level(volume_vph: np.ndarray | float, speed_kmh: np.ndarray | float) -> np.ndarray:
    """RLS-19 length-related sound power level L'_W in dB(A) per m for cars only (eq. 5).

    Parameters
    ----------
    volume_vph : array-like
        Hourly volume M, veh/h (0 gives -inf).
    speed_kmh : array-like
        Permitted speed, km/h (clipped to 30..130).
    """
    m = np.asarray(volume_vph, float)
    v = np.clip(np.asarray(speed_kmh, float), _V_MIN, _V_MAX)
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(m) + car_emission_level(v) - 10.0 * np.log10(v) - 30.0


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
