"""Geometry for the map: simplified at build time to what a pixel can show; the models keep it whole.

The viewer's map zooms in at most to zoom 20 (``layers.camera.CAMERA_RANGES``, the same the viewer
passes to deck.gl). deck.gl's Web-Mercator world is 512 px wide at zoom 0, so one pixel at zoom
*z* spans 2πR·cos φ / (512 · 2^z) on the ground: 7.5 cm at the equator, 4.7 cm at 51° N at zoom 20.
Vertices that lie closer than :data:`DISPLAY_TOLERANCE_PX` of that pixel to the simplified outline
are dropped (Douglas–Peucker, ``shapely.simplify``; where that leaves a ring invalid or empty, the
topology-preserving variant, which never collapses one), and with them repeated points. A footprint
digitised with a million vertices ships as the handful the eye can see; an ordinary one loses only
points on straight edges.

Only the web artifacts (``layers.base_layers``, the traffic layers' paths) use this; the models get
the inputs as read. ``layers.web`` also drops points that coincide once rounded to the artifacts'
6 decimals.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from layers.web import to_lonlat

__all__ = ["DISPLAY_TOLERANCE_PX", "pixel_size_m", "display_tolerance_m", "simplify_for_display"]

DISPLAY_TOLERANCE_PX = 0.25       # of a pixel at the map's closest zoom: well below what can be seen
EARTH_RADIUS_M = 6_378_137.0      # WGS84 semi-major axis (Web Mercator's sphere)
WORLD_PX_AT_ZOOM_0 = 512.0        # deck.gl's tile size convention


def pixel_size_m(latitude_deg: float, zoom: float) -> float:
    """Ground size (m) of one map pixel at ``latitude_deg`` (degrees) and deck.gl ``zoom``."""
    return 2 * math.pi * EARTH_RADIUS_M * math.cos(math.radians(latitude_deg)) / (WORLD_PX_AT_ZOOM_0 * 2**zoom)


def display_tolerance_m(latitude_deg: float) -> float:
    """The simplification tolerance (m): :data:`DISPLAY_TOLERANCE_PX` of a pixel at the map's
    closest zoom, at the city's latitude (degrees).
    """
    from layers.camera import CAMERA_RANGES  # the zoom range the viewer's map allows

    return DISPLAY_TOLERANCE_PX * pixel_size_m(latitude_deg, CAMERA_RANGES["zoom"][1])


def simplify_for_display(geometries: np.ndarray, crs: str) -> np.ndarray:
    """Polygons or lines (working CRS ``crs``, m) with repeated points removed and simplified to
    :func:`display_tolerance_m` at their latitude; the same number of geometries, in order.
    """
    geometries = np.asarray(geometries, dtype=object)
    if not len(geometries):
        return geometries
    minx, miny, maxx, maxy = shapely.total_bounds(geometries)
    _, latitude = to_lonlat(np.array([(minx + maxx) / 2]), np.array([(miny + maxy) / 2]), crs)
    tolerance = display_tolerance_m(float(latitude[0]))
    simple = shapely.simplify(geometries, tolerance)   # Douglas–Peucker: fast, but may collapse a tiny ring
    broken = (shapely.is_empty(simple) & ~shapely.is_empty(geometries)) | ~shapely.is_valid(simple)
    if broken.any():   # those few: the topology-preserving simplifier (slower; never collapses a ring)
        simple[broken] = shapely.simplify(geometries[broken], tolerance, preserve_topology=True)
    return simple
