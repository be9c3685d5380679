"""Footprint and height of a 3D building from its surfaces (shared by CityGML and CityJSON).

Footprint: the union of its ground surfaces (projected to 2D); without ground surfaces, the union
of the 2D projections of all its non-vertical surfaces. Height (m): ``measuredHeight`` when given,
else the span of the geometry's z (max z − min z).
"""

from __future__ import annotations

import numpy as np
import shapely

__all__ = ["footprint", "span_height_m", "alkis_use"]


def _polygon(rings: list[np.ndarray]) -> shapely.Polygon | None:
    if not rings or len(rings[0]) < 3:
        return None
    polygon = shapely.Polygon(rings[0][:, :2], [r[:, :2] for r in rings[1:] if len(r) >= 3])
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    return polygon if polygon.area > 1e-6 else None


def footprint(ground: list[list[np.ndarray]], surfaces: list[list[np.ndarray]]) -> shapely.Geometry | None:
    """The 2D footprint from ground surfaces (each a list of rings, arrays (n, 3) in m), falling back
    to all ``surfaces``. Returns a Polygon / MultiPolygon or None if nothing has an area."""
    for candidates in (ground, surfaces):
        polygons = [p for p in (_polygon(rings) for rings in candidates) if p is not None]
        if polygons:
            merged = shapely.union_all(polygons)
            parts = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "Polygon" and g.area > 0.01]
            if parts:
                return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return None


def span_height_m(surfaces: list[list[np.ndarray]]) -> float | None:
    """max z − min z over all ring vertices (m); None without 3D coordinates."""
    zs = [ring[:, 2] for rings in surfaces for ring in rings if ring.shape[1] >= 3 and len(ring)]
    if not zs:
        return None
    z = np.concatenate(zs)
    span = float(z.max() - z.min())
    return span if span > 0 else None


def alkis_use(function: str | None) -> str:
    """ALKIS building function code (``31001_1000``, ``1000``, ...) → our use class: 1xxx homes,
    21xx–22xx industry, other 2xxx commerce, 3xxx public, else ``other``."""
    if not function:
        return "other"
    code = str(function).rsplit("_", 1)[-1]
    if not code[:4].isdigit():
        return "other"
    number = int(code[:4])
    if 1000 <= number < 2000:
        return "residential"
    if 2100 <= number < 2300:
        return "industrial"
    if 2000 <= number < 3000:
        return "commercial"
    if 3000 <= number < 4000:
        return "public"
    return "other"
