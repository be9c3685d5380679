"""Values at a point of the heavy-rain maps, for a tap on open ground.

Each drawn map (max depth, flow velocity, hazard rating, change of max depth) writes beside its
paletted PNG the value and the class of every pixel of that PNG — the same warped lon/lat grid, so
a tap reads what the colour under the finger shows — as one small compressed NumPy file
(``<texture stem>_points.npz``): ``value`` (int16, in steps of the manifest's ``step`` of the
``unit``) and ``class`` (uint8; 0 not shown, k the legend's item k). The manifest layer's
``point`` names it; the viewer reads it once per process and looks up a tapped lon/lat
(``viewer.point_values``). A 1024-px map costs about 1–3 MB uncompressed, a few kB compressed
where most of the city is dry.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["INT16_MAX", "point_entry", "points_name", "write_point_values"]

INT16_MAX = np.iinfo("int16").max


def points_name(texture: str) -> str:
    """The point-value file of overlay ``texture`` (``flood_x_velocity.png`` → ``flood_x_velocity_points.npz``)."""
    return texture.removesuffix(".png") + "_points.npz"


def write_point_values(path: Path, values: np.ndarray, classes: np.ndarray, *, step: float) -> None:
    """Save ``values`` (in the unit of the entry, NaN → 0) in steps of ``step`` and ``classes`` (uint8)."""
    steps = np.clip(np.round(np.nan_to_num(values, nan=0.0) / step), -INT16_MAX, INT16_MAX).astype("int16")
    np.savez_compressed(path, value=steps, **{"class": classes.astype("uint8")})


def point_entry(name: str, *, step: float, unit: str, label: dict[str, str]) -> dict:
    """The manifest layer's ``point``: the file, its step and unit, the label of the value."""
    return {"data": name, "step": step, "unit": unit, "label": label}
