"""Footprint, height and ground of a 3D building (or building part) from its surfaces; shared by
the CityGML and CityJSON readers.

Footprint: the union of its ground surfaces projected to 2D (holes — courtyards — kept); without
ground surfaces, the union of its roof surfaces; without those, of all its non-vertical surfaces.
Height (m): ``measuredHeight`` when given, else the span of the geometry's z (max z − min z).
Ground (m): the lowest z of its ground surfaces, else of all its surfaces — the building's own
idea of the terrain, compared with the DEM later (``layers.importers.lod2_ground``).
"""

from __future__ import annotations

import numpy as np
import shapely

__all__ = ["footprint", "span_height_m", "ground_height_m", "MIN_AREA_M2"]

MIN_AREA_M2 = 0.01  # slivers below this are dropped from footprints (m²)


def _shoelace(ring: np.ndarray) -> float:
    """|Area| of a ring's 2D projection (units²); ~0 for a vertical wall."""
    x, y = ring[:, 0] - ring[0, 0], ring[:, 1] - ring[0, 1]  # relative to a vertex: no cancellation
    return abs(float(x[:-1] @ y[1:] - y[:-1] @ x[1:] + x[-1] * y[0] - y[-1] * x[0])) / 2


def _polygon(rings: list[np.ndarray], min_area: float) -> shapely.Geometry | None:
    if not rings or len(rings[0]) < 3 or _shoelace(rings[0]) <= min_area * 1e-4:
        return None  # walls project to lines: skip them before building (and repairing) a polygon
    polygon = shapely.Polygon(rings[0][:, :2], [r[:, :2] for r in rings[1:] if len(r) >= 3])
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    return polygon if polygon.area > min_area * 1e-4 else None


def footprint(candidates: list[list[list[np.ndarray]]], *, min_area: float = MIN_AREA_M2) -> shapely.Geometry | None:
    """The 2D footprint from the first non-empty list of surfaces in ``candidates``.

    Parameters
    ----------
    candidates
        Surface lists in order of preference (e.g. ground, roof, all); each surface is a list of
        rings [exterior, *holes], each an array (n, 2 or 3) in the file's CRS.
    min_area
        Smallest polygon kept (in the CRS's units squared; 0.01 m² for metric CRSs).

    Returns
    -------
    A Polygon or MultiPolygon (holes kept), or None if nothing has an area.
    """
    for surfaces in candidates:
        polygons = [p for p in (_polygon(rings, min_area) for rings in surfaces) if p is not None]
        if not polygons:
            continue
        merged = shapely.union_all(polygons)
        parts = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "Polygon" and g.area > min_area]
        if parts:
            return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return None


def _z_values(surfaces: list[list[np.ndarray]]) -> np.ndarray | None:
    zs = [ring[:, 2] for rings in surfaces for ring in rings if ring.ndim == 2 and ring.shape[1] >= 3 and len(ring)]
    return np.concatenate(zs) if zs else None


def span_height_m(surfaces: list[list[np.ndarray]]) -> float | None:
    """Max z − min z over all ring vertices (m); None without 3D coordinates or without a span."""
    z = _z_values(surfaces)
    if z is None:
        return None
    span = float(z.max() - z.min())
    return span if span > 0 else None


def ground_height_m(ground: list[list[np.ndarray]], surfaces: list[list[np.ndarray]]) -> float | None:
    """The lowest z (m) of the ground surfaces, else of all surfaces; None without 3D coordinates."""
    for candidates in (ground, surfaces):
        z = _z_values(candidates)
        if z is not None:
            return float(z.min())
    return None
