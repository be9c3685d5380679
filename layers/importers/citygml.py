"""CityGML 1.0 / 2.0 buildings (LoD1, LoD2): footprint, measured height, storeys and function.

Streams the file (``xml.etree.ElementTree.iterparse``; each building is freed after reading), so
files larger than memory are fine. Namespaces are matched by local name, so CityGML 1.0 and 2.0
both work. Building parts count as their building.
"""

from __future__ import annotations

import math
from pathlib import Path
from xml.etree import ElementTree

import geopandas as gpd
import numpy as np

from layers.errors import InputError
from layers.importers.footprints import alkis_use, buildings_frame, footprint, span_height_m

__all__ = ["read_citygml"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ring(element: ElementTree.Element, dim: int) -> np.ndarray:
    """Coordinates (n, dim) of a gml:LinearRing (posList, or a sequence of pos)."""
    values: list[float] = []
    for child in element.iter():
        name = _local(child.tag)
        if name in ("posList", "pos", "coordinates") and child.text:
            text = child.text.replace(",", " ") if name == "coordinates" else child.text
            values.extend(float(v) for v in text.split())
            d = child.get("srsDimension")
            dim = int(d) if d else dim
    return np.asarray(values, dtype=float).reshape(-1, dim) if values else np.empty((0, dim))


def _polygons(element: ElementTree.Element, dim: int) -> list[list[np.ndarray]]:
    """Every gml:Polygon under ``element`` as [exterior, *interiors] rings."""
    out = []
    for polygon in element.iter():
        if _local(polygon.tag) != "Polygon":
            continue
        rings = []
        for part in polygon:
            if _local(part.tag) in ("exterior", "interior", "outerBoundaryIs", "innerBoundaryIs"):
                rings.append(_ring(part, dim))
        if rings and len(rings[0]):
            out.append(rings)
    return out


def _text(element: ElementTree.Element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def read_citygml(path: Path, *, crs: str | None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Read the buildings of a CityGML file.

    Parameters
    ----------
    path
        A ``.gml`` / ``.xml`` file.
    crs
        CRS to assume when the file names none (or an unrecognised one).

    Returns
    -------
    frame
        id, height_m (m; measuredHeight, else the geometry's z span, else NaN), storeys, use
        (from the ALKIS function code), name, geometry (footprint) in the file's CRS.
    notes
        Counts for the build output.
    """
    rows = []
    srs_name = None
    from_measured = from_geometry = no_footprint = 0
    try:
        for event, element in ElementTree.iterparse(path, events=("start", "end")):
            if event == "start":
                if srs_name is None and element.get("srsName"):
                    srs_name = element.get("srsName")
                continue
            if _local(element.tag) != "Building":
                continue
            dim = 3
            surfaces = _polygons(element, dim)
            ground = [rings for node in element.iter() if _local(node.tag) == "GroundSurface"
                      for rings in _polygons(node, dim)]
            geom = footprint(ground, surfaces)
            measured = _text(element, "measuredHeight")
            height = float(measured) if measured else None
            if height is not None and height > 0:
                from_measured += 1
            else:
                height = span_height_m(surfaces)
                from_geometry += height is not None
            storeys = _text(element, "storeysAboveGround")
            ident = next((v for k, v in element.attrib.items() if _local(k) == "id"),
                         None) or f"B{len(rows) + no_footprint:06d}"
            if geom is None:
                no_footprint += 1
            else:
                rows.append({"id": ident, "height_m": height if height is not None else math.nan,
                             "storeys": float(storeys) if storeys else math.nan,
                             "use": alkis_use(_text(element, "function")), "name": _text(element, "name") or "",
                             "geometry": geom})
            element.clear()
    except ElementTree.ParseError as err:
        raise InputError(path, f"The CityGML file is not well-formed XML ({err}).",
                         "Download the tile again (it may be truncated) or validate it with an XML tool.") from None
    return buildings_frame(path, rows, fmt="CityGML", crs_name=srs_name, crs=crs, crs_field="srsName",
                           from_measured=from_measured, from_geometry=from_geometry, no_footprint=no_footprint)
