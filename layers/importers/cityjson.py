"""CityJSON (1.0 – 2.0) buildings, LoD1 / LoD2: footprint, measured height, storeys, function.

The whole file is read into memory (CityJSON is one JSON document); ``layers.importers.limits``
refuses files that would not fit.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np

from layers.errors import InputError
from layers.importers.footprints import alkis_use, buildings_frame, footprint, span_height_m

__all__ = ["read_cityjson"]


def _surfaces(geometry: dict) -> list[tuple[list[list[int]], str | None]]:
    """(rings as vertex indices, semantic type) of every surface of a CityJSON geometry."""
    kind, boundaries = geometry.get("type"), geometry.get("boundaries", [])
    semantics = geometry.get("semantics") or {}
    types = [s.get("type") for s in semantics.get("surfaces", [])]
    values = semantics.get("values")

    def sem(index: object) -> str | None:
        return types[index] if isinstance(index, int) and 0 <= index < len(types) else None

    out = []
    if kind in ("MultiSurface", "CompositeSurface"):
        for k, surface in enumerate(boundaries):
            out.append((surface, sem(values[k] if values else None)))
    elif kind == "Solid":
        for s, shell in enumerate(boundaries):
            for k, surface in enumerate(shell):
                out.append((surface, sem(values[s][k] if values else None)))
    elif kind in ("MultiSolid", "CompositeSolid"):
        for d, solid in enumerate(boundaries):
            for s, shell in enumerate(solid):
                for k, surface in enumerate(shell):
                    out.append((surface, sem(values[d][s][k] if values else None)))
    return out


def read_cityjson(path: Path, *, crs: str | None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Read the buildings of a CityJSON file (see ``read_citygml`` for the fields and notes)."""
    try:
        model = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(path, f"The CityJSON file is not valid JSON ({err}).",
                         "Download or export it again; check it with `cjio FILE validate`.") from None
    if model.get("type") != "CityJSON" or "CityObjects" not in model or "vertices" not in model:
        raise InputError(path, "This JSON file is not CityJSON (no type \"CityJSON\", CityObjects and vertices).",
                         'Export the buildings as CityJSON, or use format = "vector" for GeoJSON.')
    vertices = np.asarray(model["vertices"], dtype=float).reshape(-1, 3)
    transform = model.get("transform")
    if transform:
        vertices = vertices * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
    objects = model["CityObjects"]
    rows, from_measured, from_geometry, no_footprint = [], 0, 0, 0
    for ident, obj in objects.items():
        if obj.get("type") != "Building":
            continue
        members = [obj] + [objects[c] for c in obj.get("children", []) if c in objects]
        surfaces, ground = [], []
        for member in members:
            geometries = member.get("geometry", [])
            if not geometries:
                continue
            best = max(geometries, key=lambda g: float(g.get("lod", 0)))
            for rings, semantic in _surfaces(best):
                coords = [vertices[np.asarray(ring, dtype=int)] for ring in rings if ring]
                surfaces.append(coords)
                if semantic == "GroundSurface":
                    ground.append(coords)
        attributes = obj.get("attributes", {})
        height = attributes.get("measuredHeight")
        if isinstance(height, (int, float)) and height > 0:
            from_measured += 1
        else:
            height = span_height_m(surfaces)
            from_geometry += height is not None
        geom = footprint(ground, surfaces)
        if geom is None:
            no_footprint += 1
            continue
        storeys = attributes.get("storeysAboveGround")
        rows.append({"id": str(ident), "height_m": float(height) if height else math.nan,
                     "storeys": float(storeys) if isinstance(storeys, (int, float)) else math.nan,
                     "use": alkis_use(attributes.get("function")), "name": str(attributes.get("name", "")),
                     "geometry": geom})
    reference = (model.get("metadata") or {}).get("referenceSystem")
    return buildings_frame(path, rows, fmt="CityJSON", crs_name=reference, crs=crs,
                           crs_field="metadata.referenceSystem", from_measured=from_measured,
                           from_geometry=from_geometry, no_footprint=no_footprint)
