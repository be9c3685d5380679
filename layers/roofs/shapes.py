"""Roof and wall surfaces made from a footprint, a roof shape and heights (no city model needed).

A building without LoD2 surfaces but with a ``roof_shape`` (``gabled`` or ``hipped``, as OSM's
``roof:shape``) and a ``roof_height_m`` (ridge above the eaves, as OSM's ``roof:height``; its
``height_m`` is the ridge above the ground) gets the surfaces a LoD2 model would give it. The roof
is laid on the footprint's minimum rotated rectangle (long side = ridge direction, half length
*a*, half width *b*): its height above the eaves is the smallest of the linear "roof planes"

* gabled: rise × (b − |v|) / b                       (two planes, ridge along the long axis)
* hipped: rise × min((b − |v|) / b, (a − |u|) / b)   (four planes of equal slope, ridge a − b long)

in the rectangle's axes (u along, v across). The footprint is cut into the zones where each plane
is the lowest (for a rectangle: the straight skeleton — two halves, or two trapezoids and two
triangles), every piece a planar roof face; each footprint edge, split where it crosses a zone
border, becomes a vertical wall from ``base_m`` up to the roof (gable ends get their point). Any
polygon works (an L-shaped house gets the roof of its rectangle, cut to its outline); flat roofs
are left to the box walls of ``layers.roofs.boxes``.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

__all__ = ["PITCHED_SHAPES", "pitched_surfaces"]

PITCHED_SHAPES = ("gabled", "hipped")
_EXTEND_M = 1.0   # zones reach this far beyond the rectangle, so that they cover the footprint
# A four-cornered footprint within this share of its rectangle's area is drawn as that rectangle
# (corners rounded to 1 cm leave such slivers; they move a wall by a few cm at most).
RECTANGLE_TOLERANCE = 0.005


def _frame(footprint: Polygon) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Centre (m), unit vector along the long side, half length a and half width b (m) of the
    footprint's minimum rotated rectangle.
    """
    corners = shapely.get_coordinates(shapely.minimum_rotated_rectangle(footprint))[:4]
    e1, e2 = corners[1] - corners[0], corners[2] - corners[1]
    along, across = (e1, e2) if np.hypot(*e1) >= np.hypot(*e2) else (e2, e1)
    centre = corners.mean(axis=0)
    return centre, along / np.hypot(*along), np.hypot(*along) / 2.0, np.hypot(*across) / 2.0


def _zones(shape: str, a: float, b: float) -> list[Polygon]:
    """The zones (local u, v; m) in which one roof plane is the lowest."""
    big_a, big_b = a + _EXTEND_M, b + _EXTEND_M
    if shape == "gabled":
        return [shapely.box(-big_a, 0.0, big_a, big_b), shapely.box(-big_a, -big_b, big_a, 0.0)]
    r = max(a - b, 0.0)   # half the ridge; the hips run at 45° in plan (equal slopes)
    reach = r + big_b     # where the extended hips meet the extended rectangle's long sides
    return [Polygon([(-reach, big_b), (reach, big_b), (r, 0), (-r, 0)]),
            Polygon([(-reach, -big_b), (-r, 0), (r, 0), (reach, -big_b)]),
            Polygon([(reach, big_b), (big_a + big_b, 0), (reach, -big_b), (r, 0)]),
            Polygon([(-reach, big_b), (-r, 0), (-reach, -big_b), (-big_a - big_b, 0)])]


def _rise_fraction(shape: str, u: np.ndarray, v: np.ndarray, a: float, b: float) -> np.ndarray:
    """Height above the eaves as a fraction of the rise (0 at the eaves, 1 on the ridge)."""
    across = (b - np.abs(v)) / b
    if shape == "hipped":
        across = np.minimum(across, (a - np.abs(u)) / b)
    return np.clip(across, 0.0, 1.0)


def _node(ring: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The ring (closed, (n, 2)) with every point of ``points`` that lies on one of its edges
    inserted in order along that edge.
    """
    out = []
    for p, q in zip(ring[:-1], ring[1:]):
        out.append(p)
        d = q - p
        length2 = float(d @ d)
        if length2 == 0.0:
            continue
        t = ((points - p) @ d) / length2
        off = np.abs((points[:, 0] - p[0]) * d[1] - (points[:, 1] - p[1]) * d[0]) / np.sqrt(length2)
        on = (t > 1e-6) & (t < 1 - 1e-6) & (off < 1e-6)
        for k in np.argsort(t[on]):
            out.append(points[on][k])
    out.append(ring[-1])
    return np.array(out)


def _rectangle(shape: str, centre: np.ndarray, along: np.ndarray, across: np.ndarray, a: float, b: float, *,
               base_m: float, eave_m: float, ridge_m: float) -> list[tuple[str, list[np.ndarray]]]:
    """The faces of a rectangular footprint, written down directly (the common case, ~50× faster
    than cutting zones).
    """
    r = max(a - b, 0.0) if shape == "hipped" else a

    def at(u: float, v: float, z: float) -> list[float]:
        x, y = centre + u * along + v * across
        return [x, y, z]

    corners = [(-a, -b), (a, -b), (a, b), (-a, b)]   # counter-clockwise
    roofs = [[at(-a, -b, eave_m), at(a, -b, eave_m), at(r, 0, ridge_m), at(-r, 0, ridge_m)],
             [at(a, b, eave_m), at(-a, b, eave_m), at(-r, 0, ridge_m), at(r, 0, ridge_m)]]
    if shape == "hipped":
        roofs += [[at(a, -b, eave_m), at(a, b, eave_m), at(r, 0, ridge_m)],
                  [at(-a, b, eave_m), at(-a, -b, eave_m), at(-r, 0, ridge_m)]]
    out: list[tuple[str, list[np.ndarray]]] = [("roof", [np.array(ring)]) for ring in roofs]
    for k, (p, q) in enumerate(zip(corners, corners[1:] + corners[:1])):
        wall = [at(*p, base_m), at(*q, base_m), at(*q, eave_m)]
        if shape == "gabled" and k % 2 == 1:   # the short sides: gable ends up to the ridge
            wall.append(at(q[0], 0.0, ridge_m))
        wall.append(at(*p, eave_m))
        out.append(("wall", [np.array(wall)]))
    return out


def pitched_surfaces(footprint: Polygon, shape: str, *, base_m: float, eave_m: float,
                     ridge_m: float) -> list[tuple[str, list[np.ndarray]]]:
    """Roof faces and walls of one building part.

    Parameters
    ----------
    footprint
        The part's footprint (metric CRS, m).
    shape
        ``gabled`` or ``hipped``.
    base_m, eave_m, ridge_m
        Absolute heights (m) of the walls' foot, the eaves and the ridge.

    Returns
    -------
    list of (kind, rings)
        ``kind`` is ``roof`` or ``wall``; rings are (n, 3) arrays in m (x, y, z), not closed,
        roofs facing up, walls facing out.
    """
    if shape not in PITCHED_SHAPES:
        raise ValueError(f"Unknown roof shape {shape!r}: use one of {', '.join(PITCHED_SHAPES)}.")
    footprint = orient(footprint, 1.0)
    centre, along, a, b = _frame(footprint)
    across = np.array([-along[1], along[0]])
    rise = ridge_m - eave_m
    if (len(footprint.interiors) == 0 and len(footprint.exterior.coords) == 5
            and abs(footprint.area - 4 * a * b) <= RECTANGLE_TOLERANCE * footprint.area):
        return _rectangle(shape, centre, along, across, a, b, base_m=base_m, eave_m=eave_m, ridge_m=ridge_m)

    def local(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rel = xy - centre
        return rel @ along, rel @ across

    def roof_z(xy: np.ndarray) -> np.ndarray:
        u, v = local(xy)
        return eave_m + rise * _rise_fraction(shape, u, v, a, b)

    to_world = np.array([along, across])   # local (u, v) @ to_world + centre = world
    out: list[tuple[str, list[np.ndarray]]] = []
    corners: list[np.ndarray] = []
    local_footprint = shapely.affinity.affine_transform(
        footprint, [along[0], along[1], across[0], across[1], -centre @ along, -centre @ across])
    for zone in _zones(shape, a, b):
        piece = shapely.intersection(local_footprint, zone, grid_size=None)
        for face in shapely.get_parts(piece):
            if not isinstance(face, Polygon) or face.area < 0.01:
                continue
            face = orient(face, 1.0)
            rings = []
            for ring in [face.exterior, *face.interiors]:
                uv = shapely.get_coordinates(ring)[:-1]
                xy = uv @ to_world + centre
                corners.append(xy)
                rings.append(np.column_stack([xy, roof_z(xy)]))
            out.append(("roof", rings))
    cut_points = np.concatenate(corners) if corners else np.empty((0, 2))
    for ring in [footprint.exterior, *footprint.interiors]:
        xy = _node(shapely.get_coordinates(ring), cut_points)
        top = roof_z(xy)
        for k in range(len(xy) - 1):
            p, q = xy[k], xy[k + 1]
            if p[0] == q[0] and p[1] == q[1]:
                continue
            out.append(("wall", [np.array([[*p, base_m], [*q, base_m], [*q, top[k + 1]], [*p, top[k]]])]))
    return out
