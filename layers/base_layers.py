"""The base layers of every city: terrain, buildings, roads and water.

Each ``*_layer`` function writes its artifacts into the build folder and returns its manifest entry
(a plain dict; see ``layers.manifest`` for the contract). Heights are absolute (m above sea level):
buildings stand on the DEM and roads follow it, so they line up with the terrain mesh.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.display_geometry import simplify_for_display
from layers.errors import InputError
from layers.importers.lod2_surfaces import Lod2Surfaces
from layers.inputs import Dem, VectorLayer
from layers.privacy import PERSONAL_FIELDS
from layers.roofs import has_roofs, surface_records
from layers.style import BUILDING_USE, ROAD_CLASS, WATER_COLOUR, label
from layers.terrain import TERRARIUM_DECODER, encode_terrarium, terrain_texture, warp_to_lonlat
from layers.web import line_records, polygon_records, ring_records, write_jpeg, write_json, write_png

__all__ = ["terrain_layer", "buildings_layer", "roads_layer", "water_layer", "road_ids", "draped_road_paths",
           "BUILDING_SINK_M", "ROAD_LIFT_M"]

# Buildings are sunk this far (m) below the lowest ground under them so that no gap shows where the
# simplified terrain mesh (meshMaxError) rises above the DEM.
BUILDING_SINK_M = 0.5
# Roads and water float this far (m) above the DEM so the terrain mesh does not hide them.
ROAD_LIFT_M = 1.0
WATER_LIFT_M = 0.4
TERRAIN_MESH_MAX_PX = 512
TERRAIN_TEXTURE_MAX_PX = 2048

BUILDING_FIELDS = [
    ("name", label("Name", "Name"), ""),
    ("building_id", label("Teil von Gebäude", "Part of building"), ""),
    ("use", label("Nutzung", "Use"), ""),
    ("function", label("Gebäudefunktion (Schlüssel)", "Function (code)"), ""),
    ("height_m", label("Höhe", "Height"), "m"),
    ("storeys", label("Geschosse", "Storeys"), ""),
    ("residents", label("Einwohner (geschätzt)", "Residents (estimate)"), ""),
    ("jobs", label("Arbeitsplätze (geschätzt)", "Jobs (estimate)"), ""),
    ("ground_m", label("Geländehöhe", "Ground elevation"), "m ü. NHN"),
]
ROAD_FIELDS = [
    ("name", label("Name", "Name"), ""),
    ("class", label("Straßenklasse", "Road class"), ""),
    ("maxspeed", label("Höchstgeschwindigkeit", "Speed limit"), "km/h"),
    ("lanes", label("Fahrstreifen", "Lanes"), ""),
    ("oneway", label("Einbahnstraße", "One-way"), ""),
]


def terrain_layer(dem: Dem, cover_shapes: list[tuple[object, str]], out: Path) -> dict:
    """Write the terrain mesh source (Terrarium PNG) and its texture (JPEG); return the manifest entry."""
    elevation = warp_to_lonlat(dem.z, dem.transform, dem.crs, max_size=TERRAIN_MESH_MAX_PX)
    texture_utm = terrain_texture(dem, cover_shapes)
    # Same bounds as the elevation image: the texture maps onto the mesh by pixel fraction.
    texture = warp_to_lonlat(texture_utm.astype("float32"), dem.transform, dem.crs,
                             max_size=TERRAIN_TEXTURE_MAX_PX, bounds=elevation.bounds)
    write_png(out / "terrain_elevation.png", encode_terrarium(elevation.pixels))
    write_jpeg(out / "terrain_texture.jpg", np.clip(np.round(texture.pixels), 0, 255).astype("uint8"))
    return {
        "id": "terrain",
        "kind": "terrain",
        "group": "basis",
        "label": label("Gelände", "Terrain"),
        "visible": True,
        "data": {"elevation": "terrain_elevation.png", "texture": "terrain_texture.jpg"},
        "bounds": elevation.bounds,
        "decoder": TERRARIUM_DECODER,
        "elevation_range_m": [float(dem.z.min()), float(dem.z.max())],
        "legend": {"type": "categorical", "items": [
            {"label": label("versiegelt", "sealed"), "color": [214, 210, 203]},
            {"label": label("Grünfläche", "green space"), "color": [190, 214, 160]},
            {"label": label("Gewässer", "water"), "color": [150, 190, 222]},
        ]},
    }


def _heights(frame: gpd.GeoDataFrame, path: Path) -> np.ndarray:
    """Building heights (m).

    The importers (layers.importers.heights) have filled every height, with counted fallbacks; this
    only refuses what is still unusable.
    """
    height = (pd.to_numeric(frame["height_m"], errors="coerce") if "height_m" in frame
              else pd.Series(np.nan, frame.index))
    bad = height.isna() | (height <= 0)
    if bad.any():
        first = frame.index[bad][0]
        ident = frame["id"].iloc[first] if "id" in frame else f"row {first}"
        raise InputError(path, f"{int(bad.sum())} building(s) have no usable height (first: {ident}).",
                         "Give every building a positive height_m (m) or storeys.", field="height_m")
    return height.to_numpy(dtype=float)


def buildings_layer(buildings: VectorLayer, dem: Dem, crs: str, out: Path, *, personal: bool = True,
                    surfaces: Lod2Surfaces | None = None) -> dict:
    """Write the buildings standing on the DEM; return the manifest entry.

    Drawn as extruded footprints, or — when any building has a roof (LoD2 ``surfaces`` of a city
    model, or a pitched ``roof_shape``) — all of them as roof and wall faces (``layers.roofs``;
    the entry says ``"geometry": "surfaces"``). ``personal=False`` (``[privacy] residents_jobs =
    false``) leaves residents and jobs out of the building table, so they are neither shown on tap
    nor downloadable.
    """
    frame = buildings.frame.copy()
    if "id" not in frame:
        frame["id"] = [f"B{k:06d}" for k in range(len(frame))]
    frame["id"] = frame["id"].astype(str)
    duplicated = frame["id"].duplicated()
    if duplicated.any():
        raise InputError(buildings.path, f"{int(duplicated.sum())} building id(s) occur twice "
                         f"(first: {frame['id'][duplicated].iloc[0]}).", "Give every building a unique id.", field="id")
    height = _heights(frame, buildings.path)
    source = frame["height_source"] if "height_source" in frame else pd.Series("data", frame.index)
    frame["height_m"] = np.round(height, 1)
    parts = frame.explode(index_parts=False)
    rings = shapely.get_exterior_ring(parts.geometry.values)
    coords, index = shapely.get_coordinates(rings, return_index=True)
    ground = np.full(len(parts), np.inf)
    np.minimum.at(ground, index, dem.sample(coords[:, 0], coords[:, 1]))
    ground_by_id = pd.Series(ground, index=parts["id"].values).groupby(level=0).min()
    frame["ground_m"] = np.round(ground_by_id.reindex(frame["id"]).to_numpy(), 1)
    part_ground = ground_by_id.reindex(parts["id"]).to_numpy()

    uses = frame["use"].astype(str).where(frame["use"].astype(str).isin(BUILDING_USE), "other") if "use" in frame \
        else pd.Series("other", index=frame.index)
    colour_of = {use: list(rgb) for use, (rgb, _) in BUILDING_USE.items()}
    part_use = uses.reindex(parts.index).to_numpy() if "use" in frame else ["other"] * len(parts)
    # The ground comes from the full footprint (above); the map gets it simplified (layers.display_geometry),
    # courtyards (holes) kept.
    display = parts.set_geometry(simplify_for_display(parts.geometry.values, crs))
    roofs = None
    if has_roofs(frame, surfaces):
        records, roofs = surface_records(display, part_ground, [colour_of[use] for use in part_use], surfaces, crs,
                                         sink_m=BUILDING_SINK_M)
    else:
        polygons = polygon_records(display.geometry.values, part_ground - BUILDING_SINK_M, crs)
        records = [{"i": ident, "p": poly, "h": round(float(h) + BUILDING_SINK_M, 1), "c": colour_of[use]}
                   for ident, poly, h, use in zip(parts["id"], polygons, parts["height_m"].astype(float), part_use)]
    write_json(out / "buildings.json", records)

    part_rows = frame["id"] != frame["building_id"] if "building_id" in frame else pd.Series(False, index=frame.index)
    shown = {
        "building_id": bool(part_rows.any()),
        "function": "function" in frame and bool((frame["function"] != "").any()),
        **{key: personal for key in PERSONAL_FIELDS},
    }
    fields = [(key, lab, unit) for key, lab, unit in BUILDING_FIELDS if key in frame and shown.get(key, True)]
    rows = {ident: [_plain(v) for v in values]
            for ident, *values in frame[["id"] + [key for key, _, _ in fields]].itertuples(index=False)}
    write_json(out / "buildings_attributes.json", {"fields": [k for k, _, _ in fields], "rows": rows}, gzip_twin=False)
    used = [u for u in BUILDING_USE if (uses == u).any()]
    stats = {"parts": int(part_rows.sum()), "volumes": int(len(frame)),
             "height_from_storeys": int((source == "storeys").sum()),
             "height_default": int((source == "default").sum()), "repaired_geometries": buildings.repaired,
             "max_height_m": float(height.max())}
    if roofs is not None:
        stats["roofs"] = roofs
    return {
        "id": "buildings",
        "kind": "buildings",
        "group": "basis",
        "label": label("Gebäude", "Buildings"),
        "visible": True,
        "geometry": "surfaces" if roofs is not None else "extruded",
        "data": "buildings.json",
        "attributes": "buildings_attributes.json",
        "fields": [{"key": k, "label": lab, "unit": unit} for k, lab, unit in fields],
        "count": int(frame["building_id"].nunique()) if "building_id" in frame else int(len(frame)),
        "stats": stats,
        "legend": {"type": "categorical", "items": [
            {"label": BUILDING_USE[u][1], "color": list(BUILDING_USE[u][0])} for u in used]},
    }


def _plain(value: object) -> object:
    """A JSON-friendly scalar (numpy → Python, NaN → None)."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if not np.isfinite(value) else round(float(value), 2)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value) if not isinstance(value, (int, str)) else value


def _bridged_heights(dem: Dem, water: shapely.Geometry | None):
    """Road vertex heights (m): the DEM plus a lift; across water, interpolated between the banks
    so that bridges span the river instead of dipping to its bed.
    """
    def z_of_xy(x: np.ndarray, y: np.ndarray, index: np.ndarray) -> np.ndarray:
        z = dem.sample(x, y) + ROAD_LIFT_M
        if water is None:
            return z
        wet = shapely.contains_xy(water, x, y)
        if not wet.any():
            return z
        for line in np.unique(index[wet]):
            sel = np.nonzero(index == line)[0]
            dry = ~wet[sel]
            if dry.sum() >= 1 and (~dry).any():
                step = np.hypot(np.diff(x[sel]), np.diff(y[sel]))
                along = np.concatenate([[0.0], np.cumsum(step)])
                z[sel[~dry]] = np.interp(along[~dry], along[dry], z[sel[dry]])
        return z
    return z_of_xy


def road_ids(frame: gpd.GeoDataFrame) -> pd.Series:
    """The roads' ids as strings (``R000000``, ``R000001``, ... by row if the file has no ``id``);
    the base roads layer and the scenario layers key their records and attributes by them.
    """
    if "id" not in frame:
        return pd.Series([f"R{k:06d}" for k in range(len(frame))], index=frame.index)
    return frame["id"].astype(str)


def draped_road_paths(frame: gpd.GeoDataFrame, dem: Dem, water: VectorLayer | None,
                      crs: str) -> tuple[gpd.GeoDataFrame, list[list]]:
    """Road centre lines draped on the DEM (``ROAD_LIFT_M`` above it) and bridged over water.

    Returns the single-part rows (``frame`` exploded: a multi-part road gives several rows with
    its attributes) and, per row, its path as [[lon, lat, z], ...] (z in m; simplified for the map,
    then densified to at most max(2 DEM cells, 8 m) per segment so the line follows the terrain).
    """
    parts = frame.explode(index_parts=False)
    dense = shapely.segmentize(simplify_for_display(parts.geometry.values, crs),
                               max_segment_length=max(2 * dem.resolution_m, 8.0))
    water_union = shapely.union_all(water.frame.geometry.values) if water is not None else None
    return parts, line_records(dense, _bridged_heights(dem, water_union), crs)


def roads_layer(roads: VectorLayer, dem: Dem, water: VectorLayer | None, crs: str, out: Path) -> dict:
    """Write road centre lines draped on the DEM (bridged over water); return the manifest entry."""
    frame = roads.frame.copy()
    frame["id"] = road_ids(frame)
    classes = frame["class"].astype(str).where(frame["class"].astype(str).isin(ROAD_CLASS), "other") \
        if "class" in frame else pd.Series("other", index=frame.index)
    frame["_class"] = classes
    order = {c: k for k, c in enumerate(ROAD_CLASS)}
    frame = frame.iloc[np.argsort([-order[c] for c in classes], kind="stable")]  # minor first, major on top
    parts, paths = draped_road_paths(frame, dem, water, crs)
    records = [{"i": ident, "p": path, "c": list(ROAD_CLASS[c][0]), "w": ROAD_CLASS[c][1]}
               for ident, path, c in zip(parts["id"], paths, parts["_class"])]
    write_json(out / "roads.json", records)
    fields = [(key, lab, unit) for key, lab, unit in ROAD_FIELDS if key in frame]
    rows = {ident: [_plain(v) for v in values]
            for ident, *values in frame[["id"] + [k for k, _, _ in fields]].itertuples(index=False)}
    write_json(out / "roads_attributes.json", {"fields": [k for k, _, _ in fields], "rows": rows}, gzip_twin=False)
    used = [c for c in ROAD_CLASS if (classes == c).any()]
    return {
        "id": "roads",
        "kind": "roads",
        "group": "basis",
        "label": label("Straßen", "Roads"),
        "visible": True,
        "data": "roads.json",
        "attributes": "roads_attributes.json",
        "fields": [{"key": k, "label": lab, "unit": unit} for k, lab, unit in fields],
        "count": int(len(frame)),
        "length_km": round(float(frame.geometry.length.sum()) / 1000.0, 2),
        "legend": {"type": "categorical", "items": [
            {"label": ROAD_CLASS[c][2], "color": list(ROAD_CLASS[c][0])} for c in used]},
    }


def water_layer(water: VectorLayer, dem: Dem, crs: str, out: Path) -> dict:
    """Write water bodies as flat-lying polygons draped at bank height; return the manifest entry."""
    parts = water.frame.explode(index_parts=False)
    # Simplified for the map, then densified again so that the banks follow the DEM.
    polygons = shapely.segmentize(simplify_for_display(parts.geometry.values, crs),
                                  max_segment_length=max(2 * dem.resolution_m, 8.0))
    rings = ring_records(polygons, lambda x, y, index: dem.sample(x, y) + WATER_LIFT_M, crs)
    write_json(out / "water.json", [{"p": ring} for ring in rings])
    names = [str(n) for n in water.frame.get("name", pd.Series(dtype=str)).dropna().unique() if str(n)]
    return {
        "id": "water",
        "kind": "water",
        "group": "basis",
        "label": label("Gewässer", "Water"),
        "visible": True,
        "data": "water.json",
        "count": int(len(water.frame)),
        "names": names,
        "legend": {"type": "categorical", "items": [{"label": label("Gewässer", "Water"),
                                                     "color": list(WATER_COLOUR)}]},
    }
