"""Design-storm hyetographs: rain intensity over time.

Two model rains are provided, both built from a total depth (mm) and a
duration (min) and returned as a piecewise-constant intensity series
(mm/h per step):

* :func:`block_rain` - constant intensity ("Blockregen").
* :func:`euler_type2` - Euler type II (DWA-A 531 / DWA-A 118 usage): the
  depth increments of a depth-duration curve are sorted in decreasing order;
  the largest is placed in the interval that ends at 1/3 of the duration,
  the intervals before it get the next largest increments in ascending
  order, the intervals after it the remaining ones in descending order
  (the arrangement of the widely used ``idf-analysis`` package). For every
  duration ``d <= D`` some window of length ``d`` then holds exactly the
  design depth ``P(d)`` (the defining property of Euler rains).

Without a station's KOSTRA-DWD table the depth-duration curve is the power
law ``P(d) = P_total * (d / D)**idf_exponent``; the default exponent 0.4
approximates KOSTRA-DWD-2020 curves for 5 min - 2 h in German cities
(e.g. ~17 mm in 5 min and ~45 mm in 60 min give an exponent of ~0.39).
Pass ``depth_duration_mm`` to use real KOSTRA values instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Hyetograph", "block_rain", "euler_type2"]


@dataclass(frozen=True)
class Hyetograph:
    """Piecewise-constant rain intensity.

    Attributes
    ----------
    intensity_mm_h : ndarray (n,)
        Rain intensity of each step (mm/h), >= 0.
    step_s : float
        Length of each step (s), > 0.
    """

    intensity_mm_h: np.ndarray
    step_s: float

    def __post_init__(self) -> None:
        """Store the intensities as a flat float64 array and check them."""
        arr = np.asarray(self.intensity_mm_h, dtype=np.float64).ravel()
        object.__setattr__(self, "intensity_mm_h", arr)
        if not np.isfinite(self.step_s) or self.step_s <= 0:
            raise ValueError(
                f"step_s must be a positive number of seconds, got {self.step_s!r}; "
                "use e.g. 300 for 5-minute steps."
            )
        if arr.size == 0:
            raise ValueError("intensity_mm_h is empty; give at least one rain step (mm/h).")
        if not np.all(np.isfinite(arr)):
            raise ValueError("intensity_mm_h contains NaN or inf; give finite intensities in mm/h.")
        if np.any(arr < 0):
            raise ValueError(
                f"intensity_mm_h has {int((arr < 0).sum())} negative value(s) "
                f"(min {arr.min():g} mm/h); rain intensities must be >= 0 mm/h."
            )

    @classmethod
    def constant(cls, intensity_mm_h: float, duration_s: float) -> Hyetograph:
        """Constant intensity for ``duration_s`` seconds.

        Parameters
        ----------
        intensity_mm_h : float
            Rain intensity (mm/h), > 0.
        duration_s : float
            Rain duration (s), > 0.
        """
        if not np.isfinite(intensity_mm_h) or intensity_mm_h <= 0:
            raise ValueError(
                f"intensity_mm_h must be > 0 mm/h, got {intensity_mm_h!r}; "
                "e.g. 50 for a heavy-rain scenario."
            )
        if not np.isfinite(duration_s) or duration_s <= 0:
            raise ValueError(
                f"duration_s must be > 0 s, got {duration_s!r}; e.g. 3600 for one hour."
            )
        return cls(np.array([float(intensity_mm_h)]), float(duration_s))

    @property
    def duration_s(self) -> float:
        """Total rain duration (s)."""
        return float(self.intensity_mm_h.size * self.step_s)

    @property
    def total_depth_mm(self) -> float:
        """Total rain depth (mm)."""
        return float(self.intensity_mm_h.sum() * self.step_s / 3600.0)

    @property
    def peak_mm_h(self) -> float:
        """Largest intensity (mm/h)."""
        return float(self.intensity_mm_h.max())

    def intensity_at(self, t_s: float) -> float:
        """Intensity at time ``t_s`` (mm/h); 0 after the end of the rain.

        The step ``k`` covers ``[k*step_s, (k+1)*step_s)``.
        """
        if t_s < 0:
            return 0.0
        k = int(np.floor(t_s / self.step_s + 1e-9))
        if k >= self.intensity_mm_h.size:
            return 0.0
        return float(self.intensity_mm_h[k])

    def step_edges_s(self) -> np.ndarray:
        """Times at which the intensity may change (s), including 0 and the end."""
        return np.arange(self.intensity_mm_h.size + 1, dtype=np.float64) * self.step_s


def _check_depth_duration(depth_mm: float, duration_min: float, step_min: float) -> int:
    if not np.isfinite(depth_mm) or depth_mm <= 0:
        raise ValueError(
            f"depth_mm must be > 0 mm, got {depth_mm!r}; give the storm's total rain depth, "
            "e.g. 40 (mm) for a 100-year 1-hour storm in many German cities."
        )
    if not np.isfinite(duration_min) or duration_min <= 0:
        raise ValueError(
            f"duration_min must be > 0 min, got {duration_min!r}; give the storm length, "
            "e.g. 60 (min)."
        )
    if not np.isfinite(step_min) or step_min <= 0:
        raise ValueError(f"step_min must be > 0 min, got {step_min!r}; 5 min is the DWA default.")
    n = duration_min / step_min
    n_int = int(round(n))
    if n_int < 1 or abs(n - n_int) > 1e-9 * max(1.0, n):
        raise ValueError(
            f"duration_min={duration_min:g} is not a whole multiple of step_min={step_min:g}; "
            "choose e.g. duration_min=60 with step_min=5."
        )
    return n_int


def block_rain(depth_mm: float, duration_min: float, step_min: float = 5.0) -> Hyetograph:
    """Block rain: constant intensity delivering ``depth_mm`` in ``duration_min``.

    Parameters
    ----------
    depth_mm : float
        Total rain depth (mm), > 0.
    duration_min : float
        Rain duration (min), > 0, a whole multiple of ``step_min``.
    step_min : float, default 5
        Step length (min).

    Returns
    -------
    Hyetograph
        Intensity ``depth_mm / duration_min * 60`` (mm/h) in every step.

    Raises
    ------
    ValueError
        If ``depth_mm <= 0``, ``duration_min <= 0`` or the step does not fit.
    """
    n = _check_depth_duration(depth_mm, duration_min, step_min)
    intensity = depth_mm / (duration_min / 60.0)
    return Hyetograph(np.full(n, intensity), step_min * 60.0)


def euler_type2(
    depth_mm: float,
    duration_min: float,
    step_min: float = 5.0,
    *,
    idf_exponent: float = 0.4,
    depth_duration_mm: Callable[[np.ndarray], np.ndarray] | None = None,
) -> Hyetograph:
    """Euler type II model rain (peak in the interval ending at D/3).

    Parameters
    ----------
    depth_mm : float
        Total rain depth (mm), > 0.
    duration_min : float
        Rain duration D (min), > 0, a whole multiple of ``step_min``.
    step_min : float, default 5
        Step length (min).
    idf_exponent : float, default 0.4
        Exponent ``b`` of the power-law depth-duration curve
        ``P(d) = depth_mm*(d/D)**b`` (0 < b < 1), used when
        ``depth_duration_mm`` is not given.
    depth_duration_mm : callable, optional
        ``f(d_min) -> depth_mm`` for an array of durations (min), e.g. an
        interpolation of a KOSTRA-DWD table; it is rescaled so that
        ``f(D) == depth_mm``. Must be increasing.

    Returns
    -------
    Hyetograph
        Intensities (mm/h) per step; their total depth equals ``depth_mm``.

    Raises
    ------
    ValueError
        For non-positive depth or duration, a bad exponent or a
        non-increasing depth-duration curve.
    """
    n = _check_depth_duration(depth_mm, duration_min, step_min)
    d = np.arange(1, n + 1, dtype=np.float64) * step_min
    if depth_duration_mm is None:
        if not 0.0 < idf_exponent < 1.0:
            raise ValueError(
                f"idf_exponent must be in (0, 1), got {idf_exponent!r}; 0.4 fits KOSTRA-DWD "
                "curves for 5 min - 2 h."
            )
        cum = depth_mm * (d / duration_min) ** idf_exponent
    else:
        cum = np.asarray(depth_duration_mm(d), dtype=np.float64)
        if cum.shape != d.shape or not np.all(np.isfinite(cum)) or cum[-1] <= 0:
            raise ValueError(
                "depth_duration_mm must return one finite positive depth (mm) per duration."
            )
        cum = cum * (depth_mm / cum[-1])
    inc = np.diff(np.concatenate([[0.0], cum]))
    if np.any(inc < -1e-12):
        raise ValueError(
            "the depth-duration curve decreases somewhere; depths must grow with duration."
        )
    inc = np.sort(np.clip(inc, 0.0, None))[::-1]
    k = int(np.floor(round(n / 3.0, 6)))  # number of intervals up to and incl. the peak
    out = inc.copy()
    if k >= 1:
        out[:k] = inc[:k][::-1]  # ascending towards the peak at index k-1
    intensity = out / (step_min / 60.0)
    return Hyetograph(intensity, step_min * 60.0)
