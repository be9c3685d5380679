"""Footprint and height of a 3D building from its surfaces (shared by CityGML and CityJSON).

Footprint: the union of its ground surfaces (projected to 2D); without ground surfaces, the union
of the 2D projections of all its non-vertical surfaces. Height (m): ``measuredHeight`` when given,
else the span of the geometry's z (max z − min z).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from layers.errors import InputError
from layers.importers.crs_names import horizontal_crs

__all__ = ["footprint", "span_height_m", "alkis_use", "buildings_frame", "COLUMNS"]

COLUMNS = ["id", "height_m", "storeys", "use", "name", "geometry"]


def _polygon(rings: list[np.ndarray]) -> shapely.Polygon | None:
    if not rings or len(rings[0]) < 3:
        return None
    polygon = shapely.Polygon(rings[0][:, :2], [r[:, :2] for r in rings[1:] if len(r) >= 3])
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    return polygon if polygon.area > 1e-6 else None


def footprint(ground: list[list[np.ndarray]], surfaces: list[list[np.ndarray]]) -> shapely.Geometry | None:
    """The 2D footprint from ground surfaces (each a list of rings, arrays (n, 3) in m), falling back
    to all ``surfaces``. Returns a Polygon / MultiPolygon or None if nothing has an area.
    """
    for candidates in (ground, surfaces):
        polygons = [p for p in (_polygon(rings) for rings in candidates) if p is not None]
        if polygons:
            merged = shapely.union_all(polygons)
            parts = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "Polygon" and g.area > 0.01]
            if parts:
                return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return None


def span_height_m(surfaces: list[list[np.ndarray]]) -> float | None:
    """Max z − min z over all ring vertices (m); None without 3D coordinates."""
    zs = [ring[:, 2] for rings in surfaces for ring in rings if ring.shape[1] >= 3 and len(ring)]
    if not zs:
        return None
    z = np.concatenate(zs)
    span = float(z.max() - z.min())
    return span if span > 0 else None


def alkis_use(function: str | None) -> str:
    """ALKIS building function code (``31001_1000``, ``1000``, ...) → our use class: 1xxx homes,
    21xx–22xx industry, other 2xxx commerce, 3xxx public, else ``other``.
    """
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


def buildings_frame(path: Path, rows: list[dict], *, fmt: str, crs_name: str | None, crs: str | None,
                    crs_field: str, from_measured: int, from_geometry: int,
                    no_footprint: int) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The buildings of a CityGML / CityJSON file as a frame in the file's CRS (``crs_name``, else
    the configured ``crs``), with the import notes (counts of each height source).
    """
    file_crs = horizontal_crs(crs_name)
    if file_crs is None and crs is None:
        raise InputError(path, f"The {fmt} file's CRS {crs_name!r} is not recognised and none is configured.",
                         'Add crs = "EPSG:25832" (the CRS of the coordinates) to [inputs.buildings] in city.toml.',
                         field=crs_field)
    frame = gpd.GeoDataFrame(rows, columns=COLUMNS, geometry="geometry", crs=file_crs or crs)
    notes = [f"{len(frame)} buildings from {fmt} {path.name} ({from_measured} with measuredHeight, "
             f"{from_geometry} with the height of their geometry)"]
    if no_footprint:
        notes.append(f"{no_footprint} {fmt} building(s) without any surface skipped")
    return frame, notes
