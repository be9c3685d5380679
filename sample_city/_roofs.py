"""Roofs of the synthetic city: a roof shape and a roof height per building, as attributes.

The build makes the roof and wall faces from them (``layers.roofs``), so the sample city ships
two small columns instead of 3D solids. The attributes follow OSM's ``roof:shape`` and
``roof:height``: ``roof_shape`` is ``gabled``, ``hipped`` or ``flat``; ``roof_height_m`` is the
ridge above the eaves (m, 0 for flat roofs), so ``height_m`` stays the ridge above the ground.

Rules (by block type and use, as in a German town):

==========  =========================  ==============  ================
block       flat                       hipped share    pitch
==========  =========================  ==============  ================
old town    —                          5 %             45–55°
inner       commercial > 350 m²        15 %            25–35°
mid         commercial > 350 m²        20 %            30–42°
outer       —                          35 %            35–45°
industrial  all (sheds)                —               —
==========  =========================  ==============  ================

Towers (8+ storeys) and modern public buildings (schools, hospital, station, halls, fire and
police stations) are flat; the Rathaus, the church, the library and the museum stand in the old
town with its steep roofs (the church at 55°). The roof height is half the footprint's depth
(short side of its minimum rotated rectangle) × tan(pitch), at most half the building's height;
below 1 m the roof counts as flat.

Determinism: the draws come from their own generator, seeded from the city's seed, so adding roofs
left every other generated value as it was.
"""

from __future__ import annotations

import numpy as np
import shapely

__all__ = ["assign_roofs"]

FLAT_PUBLIC = ("Hauptbahnhof", "Gymnasium am Ring", "Grundschule Nord", "Grundschule Süd", "Klinikum",
               "Stadthalle", "Feuerwache", "Polizeirevier", "Sporthalle")
HIPPED_SHARE = {"oldtown": 0.05, "inner": 0.15, "mid": 0.20, "outer": 0.35}
PITCH_DEG = {"oldtown": (45.0, 55.0), "inner": (25.0, 35.0), "mid": (30.0, 42.0), "outer": (35.0, 45.0)}
CHURCH_PITCH_DEG = 55.0
BIG_SHOP_M2 = 350.0
TOWER_STOREYS = 8
MIN_ROOF_M = 1.0


def _half_depth(geoms: np.ndarray) -> np.ndarray:
    """Half the short side (m) of each footprint's minimum rotated rectangle."""
    rects = shapely.minimum_rotated_rectangle(geoms)
    corners = shapely.get_coordinates(shapely.get_exterior_ring(rects)).reshape(len(geoms), 5, 2)
    sides = np.hypot(*np.moveaxis(np.diff(corners[:, :3], axis=1), 2, 0))
    return sides.min(axis=1) / 2.0


def assign_roofs(geoms: np.ndarray, *, kind: np.ndarray, use: np.ndarray, height_m: np.ndarray,
                 storeys: np.ndarray, name: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Roof shape and roof height (m) of every building (see the module text).

    Returns
    -------
    roof_shape, roof_height_m
        Arrays in the order of ``geoms``.
    """
    rng = np.random.default_rng([seed, 18])
    n = len(geoms)
    draw_shape, draw_pitch = rng.random(n), rng.random(n)
    area = shapely.area(geoms)
    shape = np.full(n, "gabled", dtype=object)
    pitch = np.zeros(n)
    for block, share in HIPPED_SHARE.items():
        here = kind == block
        shape[here & (draw_shape < share)] = "hipped"
        low, high = PITCH_DEG[block]
        pitch[here] = low + (high - low) * draw_pitch[here]
    flat = (kind == "industrial") | (storeys >= TOWER_STOREYS) | np.isin(name, FLAT_PUBLIC)
    flat |= np.isin(kind, ["inner", "mid"]) & (use == "commercial") & (area > BIG_SHOP_M2)
    pitch[name == "Marienkirche"] = CHURCH_PITCH_DEG
    rise = np.minimum(_half_depth(geoms) * np.tan(np.radians(pitch)), 0.5 * height_m)
    flat |= rise < MIN_ROOF_M
    shape[flat] = "flat"
    return shape.astype(str), np.where(flat, 0.0, np.floor(rise * 10.0 + 1e-9) / 10.0)   # 0.1 m, never above the cap
