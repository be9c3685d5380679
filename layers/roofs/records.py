"""Buildings as roof and wall faces for the map: one record per building part.

Every part becomes faces in 3D (m → longitude, latitude, z): a city model's own LoD2 roof and
wall surfaces (``layers.importers.lod2_surfaces``; both needed), else the pitched roof its ``roof_shape`` and
``roof_height_m`` describe (``layers.roofs.shapes``), else a flat-roofed box
(``layers.roofs.boxes``). A record is ``{"i": part id, "c": [r, g, b] (its use colour),
"f": [face, ...], "s": [shade, ...]}`` — a face is a ring [[lon, lat, z], ...] (not closed) or a
list of rings (holes after the first), a shade the face's brightness in the sun
(``layers.roofs.shade``). The viewer draws each face as a 3D polygon and colours it by its part
(use, or water depth at its walls) times the face's shade; all faces of a part are picked and
highlighted together, as one building part.

The feet of the walls go ``sink_m`` below the lowest DEM height under the part (as the extruded
boxes do), so no gap shows where the terrain mesh rises above the DEM.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import shapely

from layers.importers.lod2_surfaces import Lod2Surfaces
from layers.roofs.boxes import box_surfaces
from layers.roofs.shade import face_shades
from layers.roofs.shapes import PITCHED_SHAPES, pitched_surfaces
from layers.web import Z_DECIMALS, to_lonlat

__all__ = ["DRAWN_KINDS", "extruded_records", "has_roofs", "surface_records"]

DRAWN_KINDS = ("roof", "wall", "other")   # ground and closure surfaces are never seen
_GROUND_BAND_M = 0.05   # vertices this close to a part's lowest one are its wall feet


def _lod2_faces(surfaces: Lod2Surfaces) -> dict[str, list[tuple[str, list[np.ndarray]]]]:
    """Drawn faces of each part that has roof and wall surfaces (part id → [(kind, rings)]); a part
    with a roof but no walls (some models give only ground and roof) would float: it is drawn as a box.
    """
    kinds = surfaces.table["surface"].astype(str).to_numpy()
    parts = surfaces.table["part_id"].astype(str).to_numpy()
    roofed = set(parts[kinds == "roof"]) & set(parts[kinds == "wall"])
    faces: dict[str, list[tuple[str, list[np.ndarray]]]] = defaultdict(list)
    for k in np.flatnonzero(np.isin(kinds, DRAWN_KINDS) & np.isin(parts, list(roofed))):
        rings = []
        for r in range(surfaces.polygon_offsets[k], surfaces.polygon_offsets[k + 1]):
            ring = surfaces.coords[surfaces.ring_offsets[r]:surfaces.ring_offsets[r + 1]]
            if len(ring) > 1 and np.array_equal(ring[0], ring[-1]):
                ring = ring[:-1]
            rings.append(ring)
        faces[parts[k]].append((kinds[k], rings))
    return faces


def _sunk(faces: list[tuple[str, list[np.ndarray]]], sink_m: float) -> list[tuple[str, list[np.ndarray]]]:
    """The faces with the vertices at the part's foot moved ``sink_m`` down."""
    lowest = min(float(ring[:, 2].min()) for _, rings in faces for ring in rings)
    out = []
    for kind, rings in faces:
        moved = []
        for ring in rings:
            ring = ring.copy()
            ring[ring[:, 2] < lowest + _GROUND_BAND_M, 2] -= sink_m
            moved.append(ring)
        out.append((kind, moved))
    return out


def has_roofs(frame: pd.DataFrame, surfaces: Lod2Surfaces | None) -> bool:
    """Whether any building has LoD2 roof surfaces or a pitched ``roof_shape``."""
    if surfaces is not None and (surfaces.table["surface"].astype(str) == "roof").any():
        return True
    return "roof_shape" in frame and bool(frame["roof_shape"].astype(str).isin(PITCHED_SHAPES).any())


def _roof_height(parts: pd.DataFrame) -> np.ndarray:
    """Roof height above the eaves (m) per part: ``roof_height_m``, at most the part's height; 0 if
    unknown (a flat box).
    """
    if "roof_height_m" not in parts:
        return np.zeros(len(parts))
    rise = pd.to_numeric(parts["roof_height_m"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    return np.clip(rise, 0.0, parts["height_m"].to_numpy(dtype=float))


def surface_records(parts: pd.DataFrame, ground_m: np.ndarray, colours: list, surfaces: Lod2Surfaces | None,
                    crs: str, *, sink_m: float) -> tuple[list[dict], dict]:
    """One record per building part (see the module text).

    Parameters
    ----------
    parts
        Single-part footprints (working CRS ``crs``, m) with ``id``, ``height_m`` and optionally
        ``roof_shape`` and ``roof_height_m``; a multi-polygon building comes as several rows with
        its id (their faces go into one record).
    ground_m
        The lowest DEM height (m) under each row's part.
    colours
        The use colour of each row.
    surfaces
        A city model's surfaces in ``crs``, on the DEM (or None).

    Returns
    -------
    records, counts
        ``counts``: parts drawn from ``lod2`` surfaces, ``pitched`` roofs made from attributes, ``boxes``.
    """
    lod2 = _lod2_faces(surfaces) if surfaces is not None else {}
    shapes = parts["roof_shape"].astype(str).to_numpy() if "roof_shape" in parts else np.full(len(parts), "")
    rise = _roof_height(parts)
    heights = parts["height_m"].to_numpy(dtype=float)
    by_id: dict[str, dict] = {}
    faces_of: dict[str, list[tuple[str, list[np.ndarray]]]] = {}
    counts = {"lod2": 0, "pitched": 0, "boxes": 0}
    for k, (ident, footprint) in enumerate(zip(parts["id"].astype(str), parts.geometry.values)):
        if ident in by_id and ident in lod2:
            continue   # a city model's part: all its surfaces came with its first row
        if ident not in by_id:
            by_id[ident] = {"i": ident, "c": list(colours[k])}
            faces_of[ident] = []
        base, top = float(ground_m[k]), float(ground_m[k] + heights[k])
        if ident in lod2:
            faces_of[ident] += _sunk(lod2[ident], sink_m)
            counts["lod2"] += 1
        elif shapes[k] in PITCHED_SHAPES and rise[k] > 0:
            faces_of[ident] += pitched_surfaces(footprint, shapes[k], base_m=base - sink_m,
                                                eave_m=top - rise[k], ridge_m=top)
            counts["pitched"] += 1
        else:
            faces_of[ident] += box_surfaces(footprint, base_m=base - sink_m, top_m=top)
            counts["boxes"] += 1
    return _to_records(by_id, faces_of, crs), counts


def _to_records(by_id: dict[str, dict], faces_of: dict[str, list], crs: str) -> list[dict]:
    """Shade every face, reproject all vertices at once (to 6 decimals) and nest them as records."""
    rings = [ring for faces in faces_of.values() for _, face in faces for ring in face]
    if not rings:
        return []
    coords = np.concatenate(rings)
    outer = [face[0] for faces in faces_of.values() for _, face in faces]
    roof = np.array([kind == "roof" for faces in faces_of.values() for kind, _ in faces])
    shades = iter(face_shades(outer, roof).tolist())
    lon, lat = to_lonlat(coords[:, 0], coords[:, 1], crs)
    flat = np.column_stack([lon, lat, np.round(coords[:, 2], Z_DECIMALS)]).tolist()
    start = 0
    records = []
    for ident, record in by_id.items():
        faces, shade = [], []
        for _, face in faces_of[ident]:
            nested = []
            for ring in face:
                nested.append(flat[start:start + len(ring)])
                start += len(ring)
            faces.append(nested[0] if len(nested) == 1 else nested)
            shade.append(next(shades))
        records.append({**record, "f": faces, "s": shade})
    return records


def extruded_records(records: list[dict]) -> list[dict]:
    """Records of roof and wall faces as extruded footprints (``{"i", "p", "h", "c"}``, as the map's
    buildings are without roofs), for layers drawn over the buildings as boxes (noise at home): the
    outline is the union of the faces' plan (the roof covers the footprint), at the lowest z; the
    height is the z span. Records that are already footprints pass unchanged.
    """
    out = []
    for record in records:
        if "f" not in record:
            out.append(record)
            continue
        rings = [face if isinstance(face[0][0], float) else face[0] for face in record["f"]]
        z = [p[2] for ring in rings for p in ring]
        plans = [shapely.Polygon([p[:2] for p in ring]) for ring in rings if len(ring) >= 3]
        plan = shapely.union_all([p.buffer(0) for p in plans if p.area > 0])
        parts = sorted(shapely.get_parts(plan), key=lambda p: -p.area)
        if not parts:
            continue
        base = min(z)
        outline = [[round(x, 6), round(y, 6), base] for x, y in parts[0].exterior.coords]
        out.append({"i": record["i"], "p": outline, "h": round(max(z) - base, 1), "c": record["c"]})
    return out
