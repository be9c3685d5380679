"""GeoPackage / GeoJSON / Shapefile / FlatGeobuf (anything GDAL reads) via pyogrio, and the field
mapping applied to every vector input (``fields = {our = "yours"}`` in ``[inputs.<kind>]``).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from layers.config import CONFIG_NAME
from layers.errors import InputError
from layers.importers.options import InputOptions

__all__ = ["read_ogr", "apply_field_mapping"]

VECTOR_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".fgb", ".gml", ".kml", ".sqlite")


def _read_one(path: Path, options: InputOptions) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            # GDAL reports harmless field-type coercions as RuntimeWarnings.
            warnings.simplefilter("ignore", RuntimeWarning)
            layers = pyogrio.list_layers(path)
            if options.layer is None and len(layers) > 1:
                names = ", ".join(str(name) for name, _ in layers[:10])
                raise InputError(path, f"The {options.kind} file holds {len(layers)} layers ({names}).",
                                 f'Say which one: layer = "<name>" in [inputs.{options.kind}] of {CONFIG_NAME}.',
                                 field=f"inputs.{options.kind}.layer")
            return gpd.read_file(path, engine="pyogrio", layer=options.layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as err:
        raise InputError(path, f"The {options.kind} file cannot be read as a vector data set ({err}).",
                         "Check that the file is complete (all parts of a Shapefile: .shp, .shx, .dbf, .prj) "
                         "and re-export it as GeoPackage or FlatGeobuf.") from None


def read_ogr(options: InputOptions) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Read a vector file, or every vector file in a folder of tiles (they must share one CRS or
    are reprojected to the first one's). Files without a CRS get ``options.crs``.
    """
    path = options.path
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in VECTOR_SUFFIXES) if path.is_dir() else [path]
    if not files:
        raise InputError(path, f"The {options.kind} folder holds no vector files ({', '.join(VECTOR_SUFFIXES)}).",
                         "Put the tiles into the folder or name a file instead.")
    frames, notes = [], []
    for file in files:
        frame = _read_one(file, options)
        if frame.crs is None and options.crs:
            frame = frame.set_crs(options.crs)
            notes.append(f"{file.name} carries no CRS: assumed {options.crs} (from city.toml)")
        if frames and frame.crs is not None and frames[0].crs is not None and frame.crs != frames[0].crs:
            notes.append(f"{file.name} is in {frame.crs.to_string()}, reprojected to {frames[0].crs.to_string()}")
            frame = frame.to_crs(frames[0].crs)
        frames.append(frame)
    merged = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(pd.concat(frames, ignore_index=True),
                                                                  geometry="geometry", crs=frames[0].crs)
    if len(files) > 1:
        notes.append(f"{options.kind}: {len(files)} files merged")
    return merged, notes


def apply_field_mapping(frame: gpd.GeoDataFrame, options: InputOptions, path: Path) -> gpd.GeoDataFrame:
    """Rename the file's fields to ours (``fields = {height_m = "hoehe"}``); a mapped field that is
    not in the file is an error naming the fields that are.
    """
    if not options.fields:
        return frame
    missing = [theirs for theirs in options.fields.values() if theirs not in frame.columns]
    if missing:
        found = ", ".join(str(c) for c in frame.columns if c != "geometry")
        raise InputError(path, f"The field(s) {', '.join(missing)} named in [inputs.{options.kind}] fields are not "
                         f"in the file (it has: {found}).",
                         f"Correct fields in [inputs.{options.kind}] of {CONFIG_NAME}.",
                         field=", ".join(missing))
    ours = set(options.fields)
    clashing = [c for c in frame.columns if c in ours and options.fields[c] != c]
    frame = frame.drop(columns=clashing)  # our name is taken by another field of the file: the mapping wins
    return frame.rename(columns={theirs: our for our, theirs in options.fields.items()})
