"""The shade of a building face in sunlight, baked into the web artifact.

The map draws roof and wall faces unlit (deck.gl's SolidPolygonLayer lights only extruded
polygons, and lights their tops as if flat), so each face carries a brightness factor: Lambert's
cosine law for a sun at ``SUN_AZIMUTH_DEG`` / ``SUN_ELEVATION_DEG`` plus an ambient share,
``AMBIENT + (1 − AMBIENT) · max(0, n · s)`` with the face's outward unit normal *n* (Newell's
method, so any planar ring works) and the unit vector *s* towards the sun. The two faces of a
gabled roof thus differ, walls facing away from the sun are darkest, and any colour the viewer
gives a building (its use, the water depth at its walls) is multiplied by the same factors.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["AMBIENT", "SUN_AZIMUTH_DEG", "SUN_ELEVATION_DEG", "face_normal", "face_shade", "face_shades"]

SUN_AZIMUTH_DEG = 200.0    # clockwise from north: south-south-west, the afternoon sun
SUN_ELEVATION_DEG = 50.0   # above the horizon
AMBIENT = 0.55             # brightness of a face the sun does not reach (share of its colour)

_SUN = np.array([math.sin(math.radians(SUN_AZIMUTH_DEG)) * math.cos(math.radians(SUN_ELEVATION_DEG)),
                 math.cos(math.radians(SUN_AZIMUTH_DEG)) * math.cos(math.radians(SUN_ELEVATION_DEG)),
                 math.sin(math.radians(SUN_ELEVATION_DEG))])


def face_normal(ring: np.ndarray) -> np.ndarray:
    """Unit normal of a planar ring ((n, 3), m; counter-clockwise seen from the side it faces),
    by Newell's method; zeros for a degenerate ring.
    """
    p = np.asarray(ring, dtype=float)
    p = p - p.mean(axis=0)   # better conditioned for large UTM coordinates
    q = np.roll(p, -1, axis=0)
    normal = np.array([np.sum((p[:, 1] - q[:, 1]) * (p[:, 2] + q[:, 2])),
                       np.sum((p[:, 2] - q[:, 2]) * (p[:, 0] + q[:, 0])),
                       np.sum((p[:, 0] - q[:, 0]) * (p[:, 1] + q[:, 1]))])
    length = float(np.linalg.norm(normal))
    return normal / length if length > 0 else normal


def face_shade(ring: np.ndarray, *, kind: str = "wall") -> float:
    """Brightness factor (``AMBIENT``–1) of a face; a roof whose ring faces down (wound the
    other way round) is turned up first.
    """
    normal = face_normal(ring)
    if kind == "roof" and normal[2] < 0:
        normal = -normal
    return round(AMBIENT + (1.0 - AMBIENT) * max(0.0, float(normal @ _SUN)), 3)


def face_shades(rings: list[np.ndarray], roof: np.ndarray) -> np.ndarray:
    """:func:`face_shade` of many rings at once (``roof``: which of them are roofs)."""
    sizes = np.array([len(r) for r in rings])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    p = np.concatenate(rings).astype(float)
    p -= np.repeat(np.add.reduceat(p, starts) / sizes[:, None], sizes, axis=0)
    following = np.arange(len(p)) + 1
    following[starts + sizes - 1] = starts   # each ring's last vertex pairs with its first
    q = p[following]
    terms = np.column_stack([(p[:, 1] - q[:, 1]) * (p[:, 2] + q[:, 2]), (p[:, 2] - q[:, 2]) * (p[:, 0] + q[:, 0]),
                             (p[:, 0] - q[:, 0]) * (p[:, 1] + q[:, 1])])
    normal = np.add.reduceat(terms, starts)
    length = np.linalg.norm(normal, axis=1)
    normal = np.divide(normal, length[:, None], out=np.zeros_like(normal), where=length[:, None] > 0)
    normal[np.asarray(roof) & (normal[:, 2] < 0)] *= -1
    return np.round(AMBIENT + (1.0 - AMBIENT) * np.maximum(0.0, normal @ _SUN), 3)
