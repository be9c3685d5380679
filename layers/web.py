"""Web-ready artifacts: compact JSON records in WGS84 for deck.gl, their gzip twins, and images.

deck.gl fetches each layer's ``data`` URL once; what it needs to draw is kept minimal (id,
geometry with z, height, colour, width). Attributes shown on tap stay on the server
(``*_attributes.json``) and are looked up per click, so the first frame does not wait for them.
Coordinates: longitude/latitude with 6 decimals (≤ 0.11 m), heights with 1 decimal (0.1 m); a
point that coincides with the one before it once rounded is not written (``layers.display_geometry``
simplifies the geometry before).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import shapely
from PIL import Image
from pyproj import Transformer

__all__ = ["to_lonlat", "ring_records", "polygon_records", "line_records", "write_json", "write_png", "write_jpeg"]

LONLAT_DECIMALS = 6
Z_DECIMALS = 1

VertexHeight = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
"""Height (m) of each vertex from its x, y (m, working CRS) and its polygon or line index."""


def to_lonlat(x: np.ndarray, y: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Working-CRS coordinates (m) → longitude, latitude (degrees, rounded to 6 decimals)."""
    transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lon, lat = transformer.transform(x, y)
    return np.round(lon, LONLAT_DECIMALS), np.round(lat, LONLAT_DECIMALS)


def _split(values: np.ndarray, index: np.ndarray, count: int) -> list[np.ndarray]:
    """Split rows of ``values`` by a sorted group ``index`` (as returned by shapely)."""
    bounds = np.searchsorted(index, np.arange(count + 1))
    return [values[bounds[k]:bounds[k + 1]] for k in range(count)]


def _drop_repeats(xyz: np.ndarray, index: np.ndarray, count: int, *, minimum: int) -> tuple[np.ndarray, np.ndarray]:
    """Drop rows equal to the row before them in the same group (points that coincide once rounded).

    A group that would keep fewer than ``minimum`` rows keeps all of its rows.
    """
    repeat = np.zeros(len(xyz), dtype=bool)
    repeat[1:] = (xyz[1:] == xyz[:-1]).all(axis=1) & (index[1:] == index[:-1])
    short = np.bincount(index[~repeat], minlength=count) < minimum
    repeat &= ~short[index]
    return xyz[~repeat], index[~repeat]


def ring_records(polygons: Iterable[shapely.Polygon], z: np.ndarray | VertexHeight, crs: str) -> list[list]:
    """Exterior rings of polygons as [[lon, lat, z], ...] lists, one per polygon.

    At height ``z`` (m) each (an array: a constant per polygon, e.g. the ground under a building), or at
    ``z(x, y, index)`` per vertex (a callable, as in :func:`line_records`).
    """
    polys = np.asarray(list(polygons), dtype=object)
    rings = shapely.get_exterior_ring(polys)
    coords, index = shapely.get_coordinates(rings, return_index=True)
    lon, lat = to_lonlat(coords[:, 0], coords[:, 1], crs)
    heights = z(coords[:, 0], coords[:, 1], index) if callable(z) else np.asarray(z, dtype=float)[index]
    zz = np.round(heights, Z_DECIMALS)
    xyz, index = _drop_repeats(np.column_stack([lon, lat, zz]), index, len(polys), minimum=4)
    return [part.tolist() for part in _split(xyz, index, len(polys))]


def polygon_records(polygons: Iterable[shapely.Polygon], z: np.ndarray, crs: str) -> list[list]:
    """Polygons for deck.gl's PolygonLayer at height ``z`` (m, one per polygon): the exterior ring as
    [[lon, lat, z], ...] when the polygon has no holes, else [exterior, *holes] (courtyards stay
    open; deck.gl tells the two forms apart per polygon).
    """
    polys = np.asarray(list(polygons), dtype=object)
    rings, owner = shapely.get_rings(polys, return_index=True)
    coords, index = shapely.get_coordinates(rings, return_index=True)
    lon, lat = to_lonlat(coords[:, 0], coords[:, 1], crs)
    zz = np.round(np.asarray(z, dtype=float)[owner[index]], Z_DECIMALS)
    xyz, index = _drop_repeats(np.column_stack([lon, lat, zz]), index, len(rings), minimum=4)
    ring_lists = [part.tolist() for part in _split(xyz, index, len(rings))]
    out: list[list] = [[] for _ in range(len(polys))]
    for ring, polygon in zip(ring_lists, owner):
        out[polygon].append(ring)
    return [rings_of[0] if len(rings_of) == 1 else rings_of for rings_of in out]


def line_records(lines: Iterable[shapely.LineString], z_of_xy: VertexHeight, crs: str) -> list[list]:
    """Lines as [[lon, lat, z], ...] lists; ``z_of_xy(x, y, index)`` gives each vertex's height (m)."""
    lines = np.asarray(list(lines), dtype=object)
    coords, index = shapely.get_coordinates(lines, return_index=True)
    z = np.round(z_of_xy(coords[:, 0], coords[:, 1], index), Z_DECIMALS)
    lon, lat = to_lonlat(coords[:, 0], coords[:, 1], crs)
    xyz, index = _drop_repeats(np.column_stack([lon, lat, z]), index, len(lines), minimum=2)
    return [part.tolist() for part in _split(xyz, index, len(lines))]


def write_json(path: Path, payload: object, *, gzip_twin: bool = True) -> int:
    """Write compact JSON (and a deterministic ``.gz`` twin served to browsers that accept gzip).

    Returns the size of the plain file (bytes).
    """
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    path.write_bytes(data)
    if gzip_twin:
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return len(data)


def write_png(path: Path, pixels: np.ndarray) -> int:
    """Write an RGB(A) uint8 image losslessly (elevation encodings must not be lossy)."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", optimize=True)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def write_jpeg(path: Path, pixels: np.ndarray, *, quality: int = 88) -> int:
    """Write an RGB uint8 image as JPEG (textures: smaller than PNG, loss invisible when draped)."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality, optimize=True)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())
