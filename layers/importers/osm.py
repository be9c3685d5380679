"""OpenStreetMap extracts (``.osm.pbf``) via pyrosm: buildings, roads, water and land cover.

Returns frames in WGS84 (EPSG:4326) with our field names; heights stay NaN where the tags give
none (``layers.importers.heights`` fills them and counts the fallbacks). Roads are the drivable
network split at intersections (pyrosm ``nodes=True``).
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.errors import InputError
from layers.importers import osm_tags

if TYPE_CHECKING:
    import pyrosm

__all__ = ["read_osm"]

WGS84 = "EPSG:4326"


@lru_cache(maxsize=2)
def _osm(path: str, stamp: tuple[int, int]) -> pyrosm.OSM:
    import pyrosm

    return pyrosm.OSM(path)


def _call(path: Path, what: str, method: str, **kwargs: object) -> object:
    try:
        osm = _osm(str(path), (path.stat().st_mtime_ns, path.stat().st_size))
        with warnings.catch_warnings():
            # pyrosm 0.25 triggers pandas/shapely deprecation warnings inside its own code.
            warnings.simplefilter("ignore", (FutureWarning, DeprecationWarning, RuntimeWarning, UserWarning))
            return getattr(osm, method)(**kwargs)
    except Exception as err:  # noqa: BLE001 - pyrosm/protobuf raise many types (DecodeError, ...) for bad files
        raise InputError(path, f"The OpenStreetMap extract cannot be read for {what} ({type(err).__name__}: {err}).",
                         "Download the .osm.pbf again (it may be truncated) or cut a new extract with osmium."
                         ) from None


def _ids(frame: pd.DataFrame) -> pd.Series:
    kind = frame["osm_type"].astype(str).str[0] if "osm_type" in frame else pd.Series("w", index=frame.index)
    return kind + frame["id"].astype("int64").astype(str)


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)


def read_osm(path: Path, kind: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Read input ``kind`` from an OpenStreetMap extract.

    Returns
    -------
    frame
        In EPSG:4326 with our fields (buildings: id, height_m (NaN if untagged), storeys, use, name;
        roads: id, class, maxspeed (km/h), lanes, oneway, name; water: kind, name; landcover: cover).
    notes
        What the import did, for the build output (counts of defaults and dropped features).
    """
    reader = {"buildings": _buildings, "roads": _roads, "water": _water, "landcover": _landcover}.get(kind)
    if reader is None:
        raise InputError(path, f"An OpenStreetMap extract cannot provide the {kind} input.",
                         f"Name a separate {kind} file in city.toml.", field=f"inputs.{kind}")
    frame, notes = reader(path)
    return frame, [f"{kind} from OpenStreetMap ({path.name}): {note}" for note in notes]


def _empty(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=WGS84)


def _buildings(path: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    raw = _call(path, "buildings", "get_buildings")
    if raw is None or len(raw) == 0:
        return _empty(["id", "height_m", "storeys", "use", "name"]), ["no buildings in the extract"]
    raw = raw.loc[raw.geom_type.isin(["Polygon", "MultiPolygon"])]
    height = _col(raw, "height").map(osm_tags.parse_height_m)
    levels = _col(raw, "building:levels").map(osm_tags.parse_levels)
    use = [osm_tags.building_use(b, amenity=a, shop=s, office=o) for b, a, s, o in
           zip(_col(raw, "building"), _col(raw, "amenity"), _col(raw, "shop"), _col(raw, "office"))]
    frame = gpd.GeoDataFrame({
        "id": _ids(raw).to_numpy(),
        "height_m": pd.to_numeric(height, errors="coerce").to_numpy(dtype=float),
        "storeys": pd.to_numeric(levels, errors="coerce").to_numpy(dtype=float),
        "use": use,
        "name": _col(raw, "name").fillna("").astype(str).to_numpy(),
    }, geometry=raw.geometry.to_numpy(), crs=raw.crs or WGS84)
    tagged = int(np.isfinite(frame["height_m"]).sum())
    return frame, [f"{len(frame)} buildings, {tagged} with a height tag"]


def _roads(path: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    result = _call(path, "roads", "get_network", network_type="driving", nodes=True)
    edges = result[1] if isinstance(result, tuple) else result
    if edges is None or len(edges) == 0:
        return _empty(["id", "class", "maxspeed", "lanes", "oneway", "name"]), ["no drivable roads in the extract"]
    edges = edges.loc[edges.geom_type.isin(["LineString", "MultiLineString"])].reset_index(drop=True)
    classes = _col(edges, "highway").map(osm_tags.road_class)
    speed = _col(edges, "maxspeed").map(osm_tags.parse_maxspeed_kmh).astype(float)
    lanes = _col(edges, "lanes").map(osm_tags.parse_lanes).astype(float)
    oneway_rev = [osm_tags.parse_oneway(v) for v in _col(edges, "oneway")]
    oneway = np.array([o for o, _ in oneway_rev]) | (classes == "motorway").to_numpy()
    reverse = np.array([r for _, r in oneway_rev])
    geoms = edges.geometry.to_numpy().copy()
    if reverse.any():
        geoms[reverse] = shapely.reverse(geoms[reverse])
    # One id per split edge: way id + its running number along the way.
    ident = "w" + edges["id"].astype("int64").astype(str) + "-" + edges.groupby("id").cumcount().astype(str)
    untagged_speed = int(speed.isna().sum())
    unknown = int((_col(edges, "maxspeed").notna() & speed.isna()).sum())
    frame = gpd.GeoDataFrame({
        "id": ident.to_numpy(), "class": classes.to_numpy(), "maxspeed": speed.to_numpy(),
        "lanes": lanes.to_numpy(), "oneway": oneway, "name": _col(edges, "name").fillna("").astype(str).to_numpy(),
    }, geometry=geoms, crs=edges.crs or WGS84)
    notes = [f"{len(frame)} road links (split at junctions), {len(frame) - untagged_speed} with a speed limit, "
             f"{untagged_speed} without (the traffic model uses its default by class)"
             + (f", {unknown} with a maxspeed value not understood" if unknown else ""),
             f"{int(reverse.sum())} one-way links drawn against traffic (oneway=-1) reversed"]
    return frame, notes


def _polygons(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.loc[frame.geom_type.isin(["Polygon", "MultiPolygon"])] if frame is not None else None


def _water(path: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    raw = _call(path, "water", "get_data_by_custom_criteria",
                custom_filter={"natural": ["water"], "waterway": ["riverbank"], "landuse": ["reservoir", "basin"]},
                filter_type="keep", keep_nodes=False, keep_ways=True, keep_relations=True)
    raw = _polygons(raw)
    if raw is None or len(raw) == 0:
        return _empty(["kind", "name"]), ["no water areas (sea along a coastline is not built from coastline ways)"]
    kind = _col(raw, "water").fillna(_col(raw, "natural")).fillna(_col(raw, "landuse")).fillna("water").astype(str)
    frame = gpd.GeoDataFrame({"kind": kind.to_numpy(), "name": _col(raw, "name").fillna("").astype(str).to_numpy()},
                             geometry=raw.geometry.to_numpy(), crs=raw.crs or WGS84)
    return frame, [f"{len(frame)} water areas (the sea is not built from coastline ways)"]


def _landcover(path: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    parts = []
    for method, column, kwargs in (("get_landuse", "landuse", {}), ("get_natural", "natural", {}),
                                   ("get_data_by_custom_criteria", "leisure",
                                    {"custom_filter": {"leisure": ["park", "garden", "pitch", "playground"]},
                                     "filter_type": "keep", "keep_nodes": False})):
        raw = _polygons(_call(path, "land cover", method, **kwargs))
        if raw is None or len(raw) == 0 or column not in raw:
            continue
        cover = raw[column].map(osm_tags.land_cover)
        if column == "leisure":
            cover = cover.fillna("green")
        keep = cover.notna()
        parts.append(gpd.GeoDataFrame({"cover": cover[keep].to_numpy(), "source": f"{column}"},
                                      geometry=raw.geometry[keep].to_numpy(), crs=raw.crs or WGS84))
    if not parts:
        return _empty(["cover"]), ["no land use or natural areas"]
    frame = pd.concat(parts, ignore_index=True)
    counts = frame["cover"].value_counts().to_dict()
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84), [
        "land cover " + ", ".join(f"{v} {k}" for k, v in counts.items()) + " (elsewhere the default ground colour)"]
