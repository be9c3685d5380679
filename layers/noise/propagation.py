"""Sound from the roads to the façades of buildings: free-field divergence and air absorption.

Each road is a line source at :data:`SOURCE_HEIGHT_M` above the ground (RLS-19, 3.3: 0.5 m);
each façade of a building (an edge of its footprint at least :data:`MIN_FACADE_M` long) gets one
receiver at its middle, :data:`FACADE_OFFSET_M` in front of it and :data:`RECEIVER_HEIGHT_M`
above the ground (the 4 m of strategic noise maps, 34. BImSchV / VBUS). A road piece of length
l at distance s attenuates after RLS-19, 3.5 (point source, eqs. 11–13)::

    L = L'_W + 10 lg(l) − D_div − D_atm,   D_div = 20 lg(s) + 11 = 10 lg(4π s²),   D_atm = s / 200   [dB]

Here the divergence is integrated exactly along each straight piece instead of lumping it into
one point (so no rule for the pieces' length is needed): a piece at perpendicular 3D distance d
from the receiver, seen between the angles atan(t1/d) and atan(t2/d), couples

    c = (atan(t2 / d) − atan(t1 / d)) / (4π d)     [1/m],     L = L'_W + 10 lg(c) − D_atm(s_mid)

which is l / (4π s²) for a short piece and 1 / (4 d) for an infinite line (L = L'_W − 10 lg(4 d)).
D_atm is taken at the distance of the piece's middle (pieces at most :data:`PIECE_M` long).

Road–façade geometry: a façade hears only the part of a road in front of it (each piece is
clipped to the half-plane the façade faces; its own building screens the rest). Left out, and
each would lower or raise levels: screening by other buildings and walls, reflections (the
façade's own +3 dB is excluded by definition; canyon reflections are not added), ground
attenuation D_gr (sources and receivers treated as over hard ground), terrain, and roads farther
than :data:`SEARCH_RADIUS_M`. The coupling is a sparse matrix receivers × roads: levels of any
traffic state are one matrix–vector product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
import scipy.sparse
import shapely
from scipy.spatial import cKDTree

__all__ = ["AIR_ABSORPTION_DB_PER_M", "FACADE_OFFSET_M", "MIN_FACADE_M", "PIECE_M", "RECEIVER_HEIGHT_M",
           "SEARCH_RADIUS_M", "SOURCE_HEIGHT_M", "Pieces", "Receivers", "coupling_matrix", "facade_receivers",
           "piece_coupling", "road_pieces"]

SOURCE_HEIGHT_M = 0.5
RECEIVER_HEIGHT_M = 4.0
FACADE_OFFSET_M = 0.1
MIN_FACADE_M = 2.0
PIECE_M = 25.0
SEARCH_RADIUS_M = 400.0
AIR_ABSORPTION_DB_PER_M = 1.0 / 200.0  # RLS-19 eq. 13: D_atm = s / 200
_CHUNK = 4000  # receivers per batch of the neighbour search (bounds memory)


@dataclass(frozen=True)
class Receivers:
    """Façade receivers: position (m), outward unit normal of their façade, and the row of the building."""

    x: np.ndarray
    y: np.ndarray
    nx: np.ndarray
    ny: np.ndarray
    owner: np.ndarray

    def __len__(self) -> int:
        """The number of receivers."""
        return len(self.x)


@dataclass(frozen=True)
class Pieces:
    """Straight road pieces (m) and the row of the road each belongs to."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    road: np.ndarray

    def __len__(self) -> int:
        """The number of pieces."""
        return len(self.x0)


def facade_receivers(footprints: np.ndarray, *, min_facade_m: float = MIN_FACADE_M,
                     offset_m: float = FACADE_OFFSET_M) -> Receivers:
    """One receiver per façade (footprint edge ≥ ``min_facade_m``, m) of every footprint, ``offset_m`` (m)
    in front of its middle; a footprint with no such edge gets one on its longest edge.

    Parameters
    ----------
    footprints
        Shapely (multi)polygons in a metric CRS; ``owner`` is the index into this array.
    """
    parts, owner = shapely.get_parts(np.asarray(footprints, dtype=object), return_index=True)
    rings = shapely.get_exterior_ring(shapely.orient_polygons(parts))  # exterior counter-clockwise
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    start = np.flatnonzero(same)
    x0, y0 = coords[start, 0], coords[start, 1]
    dx, dy = coords[start + 1, 0] - x0, coords[start + 1, 1] - y0
    length = np.hypot(dx, dy)
    edge_ring = ring[start]
    keep = length >= min_facade_m
    has = np.zeros(len(parts), dtype=bool)
    has[edge_ring[keep]] = True
    order = np.lexsort((-length, edge_ring))  # per ring, longest edge first
    first = order[np.r_[True, edge_ring[order][1:] != edge_ring[order][:-1]][:len(order)]]
    keep[first[~has[edge_ring[first]] & (length[first] > 0)]] = True
    nx, ny = dy[keep] / length[keep], -dx[keep] / length[keep]  # right of a CCW edge = outside
    return Receivers(x=x0[keep] + 0.5 * dx[keep] + offset_m * nx, y=y0[keep] + 0.5 * dy[keep] + offset_m * ny,
                     nx=nx, ny=ny, owner=owner[edge_ring[keep]])


def road_pieces(lines: np.ndarray, *, piece_m: float = PIECE_M) -> Pieces:
    """The roads (shapely lines in a metric CRS) cut into straight pieces at most ``piece_m`` (m) long."""
    parts, road = shapely.get_parts(np.asarray(lines, dtype=object), return_index=True)
    coords, part = shapely.get_coordinates(shapely.segmentize(parts, piece_m), return_index=True)
    start = np.flatnonzero(part[1:] == part[:-1])
    x0, y0, x1, y1 = coords[start, 0], coords[start, 1], coords[start + 1, 0], coords[start + 1, 1]
    real = np.hypot(x1 - x0, y1 - y0) > 0
    return Pieces(x0[real], y0[real], x1[real], y1[real], road[part[start]][real])


@numba.vectorize(["float64(float64, float64, float64, float64, float64, float64, float64, float64, float64, "
                  "boolean)"], cache=True)
def _coupling(rx, ry, nx, ny, x0, y0, x1, y1, height_m, air_absorption):  # pragma: no cover - compiled
    ax, ay, bx, by = x0 - rx, y0 - ry, x1 - rx, y1 - ry
    a, b = ax * nx + ay * ny, bx * nx + by * ny
    if (nx != 0.0 or ny != 0.0) and a <= 0.0 and b <= 0.0:
        return 0.0  # behind the façade
    if a * b < 0.0:  # crosses the façade's plane: keep the part in front
        f = a / (a - b)
        cx, cy = ax + f * (bx - ax), ay + f * (by - ay)
        if a < 0.0:
            ax, ay = cx, cy
        else:
            bx, by = cx, cy
    length = math.hypot(bx - ax, by - ay)
    if length <= 0.0:
        return 0.0
    ux, uy = (bx - ax) / length, (by - ay) / length
    t1, t2 = ax * ux + ay * uy, bx * ux + by * uy
    across = ax * uy - ay * ux
    d = math.sqrt(across * across + height_m * height_m)
    c = (math.atan2(t2, d) - math.atan2(t1, d)) / (4.0 * math.pi * d)
    if air_absorption:
        s_mid = math.sqrt(d * d + 0.25 * (t1 + t2) * (t1 + t2))
        c *= 10.0 ** (-0.1 * AIR_ABSORPTION_DB_PER_M * s_mid)
    return c


def piece_coupling(rx, ry, nx, ny, x0, y0, x1, y1, *, height_m: float = RECEIVER_HEIGHT_M - SOURCE_HEIGHT_M,
                   air_absorption: bool = True) -> np.ndarray:
    """Energy coupling c (1/m) of straight road pieces to façade receivers (elementwise, broadcast; see the
    module text).

    ``L = L'_W + 10 lg(c)`` is the level (dB(A)) a piece with length-related sound power level L'_W
    (dB(A) per m) gives at the receiver (m, in a metric CRS). Pieces behind the façade (``nx, ny``: its
    outward unit normal; both 0: no façade) give 0; a piece crossing the façade's plane counts with its
    front part. ``height_m``: receiver height above the source (m).
    """
    args = [np.asarray(v, float) for v in (rx, ry, nx, ny, x0, y0, x1, y1)]
    return _coupling(*args, float(height_m), bool(air_absorption))


def coupling_matrix(receivers: Receivers, pieces: Pieces, n_roads: int, *, radius_m: float = SEARCH_RADIUS_M,
                    height_m: float = RECEIVER_HEIGHT_M - SOURCE_HEIGHT_M) -> scipy.sparse.csr_matrix:
    """Receivers × roads coupling (1/m): Σ :func:`piece_coupling` over each road's pieces whose middle lies
    within ``radius_m`` (m, horizontal) plus half the longest piece of the receiver. Levels:
    ``10 lg(C @ 10^(L'_W / 10))``.
    """
    middle = np.c_[0.5 * (pieces.x0 + pieces.x1), 0.5 * (pieces.y0 + pieces.y1)]
    reach = radius_m + 0.5 * float(np.max(np.hypot(pieces.x1 - pieces.x0, pieces.y1 - pieces.y0), initial=0.0))
    tree = cKDTree(middle)
    rows, cols, values = [], [], []
    for first in range(0, len(receivers), _CHUNK):
        chunk = slice(first, first + _CHUNK)
        near = cKDTree(np.c_[receivers.x[chunk], receivers.y[chunk]]).sparse_distance_matrix(
            tree, reach, output_type="coo_matrix")  # piece middles within the radius plus half a piece
        r, p = near.row + first, near.col
        c = piece_coupling(receivers.x[r], receivers.y[r], receivers.nx[r], receivers.ny[r], pieces.x0[p],
                           pieces.y0[p], pieces.x1[p], pieces.y1[p], height_m=height_m)
        hit = c > 0
        rows.append(r[hit])
        cols.append(pieces.road[p][hit])
        values.append(c[hit])
    matrix = scipy.sparse.coo_matrix(
        (np.concatenate(values) if values else np.zeros(0),
         (np.concatenate(rows) if rows else np.zeros(0, int), np.concatenate(cols) if cols else np.zeros(0, int))),
        shape=(len(receivers), n_roads))
    return matrix.tocsr()  # sums the pieces of one road
