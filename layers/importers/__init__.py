"""Importers: bring a city's own data into the build ("bring your own city").

One module per format — ``osm`` (OpenStreetMap PBF via pyrosm), ``vector`` (GeoPackage, GeoJSON,
Shapefile, FlatGeobuf, ... via pyogrio, with field mapping), ``citygml`` and ``cityjson`` (LoD1 /
LoD2 buildings), ``dem`` (GeoTIFF in any CRS, folders of tiles, XYZ ASCII grids, or a flat DEM)
— and ``external`` (a city's own precomputed scenario results). ``import_inputs`` reads and
validates everything a build needs and says what it did (``ImportedCity.notes``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from layers.config import AUTO_CRS, CONFIG_NAME, CityConfig
from layers.errors import InputError
from layers.importers.dem import flat_dem, load_dem_input
from layers.importers.heights import estimate_residents_jobs, fill_heights
from layers.importers.limits import check_fits
from layers.importers.options import InputOptions, input_options
from layers.importers.vector import apply_field_mapping, read_ogr
from layers.inputs import Dem, VectorLayer, check_overlap, prepare_frame

__all__ = ["ImportedCity", "import_inputs", "load_vector", "working_crs"]

VECTOR_KINDS = ("buildings", "roads", "water", "landcover", "zones", "railways", "measures")
# Bytes in memory per byte on disk, by format (rough upper bounds measured on sample files).
EXPANSION = {"osm": 40.0, "cityjson": 15.0, "citygml": 1.0, "vector": 6.0}


@dataclass
class ImportedCity:
    """Everything the build reads, in the working CRS.

    Attributes
    ----------
    config
        The configuration with ``crs`` resolved (``auto`` → an EPSG code).
    dem
        The DEM (a flat one if the city names none).
    layers
        Vector inputs by kind.
    notes
        What the import did (fallbacks counted, repairs, reprojections), one line each.
    stats
        Counts for the manifest (``heights``: where building heights came from, ...).
    """

    config: CityConfig
    dem: Dem
    layers: dict[str, VectorLayer]
    notes: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def crs(self) -> str:
        """The working CRS (as in the city config)."""
        return self.config.crs


def working_crs(frame: gpd.GeoDataFrame) -> str:
    """``EPSG:<code>`` of the WGS84 / UTM zone of the data's centroid (m)."""
    utm = frame.estimate_utm_crs()
    return f"EPSG:{utm.to_epsg()}"


def _raw_frame(options: InputOptions) -> tuple[gpd.GeoDataFrame, list[str]]:
    check_fits(options.path, expansion=EXPANSION.get(options.format, 6.0), what=options.kind)
    if options.format == "osm":
        from layers.importers.osm import read_osm

        return read_osm(options.path, options.kind)
    if options.format in ("citygml", "cityjson"):
        if options.kind != "buildings":
            raise InputError(options.path, f"{options.format} provides buildings, not {options.kind}.",
                             f"Name a vector file for {options.kind} in {CONFIG_NAME}.", field=f"inputs.{options.kind}")
        if options.path.is_dir():
            return _city_model_tiles(options)
        from layers.importers.citygml import read_citygml
        from layers.importers.cityjson import read_cityjson

        reader = read_citygml if options.format == "citygml" else read_cityjson
        return reader(options.path, crs=options.crs or options.city_crs)
    if options.format in ("vector", "tiles"):
        return read_ogr(options)
    raise InputError(options.path, f"format = {options.format!r} cannot provide {options.kind}.",
                     "Use osm, vector, citygml or cityjson for vector inputs.", field=f"inputs.{options.kind}.format")


def _city_model_tiles(options: InputOptions) -> tuple[gpd.GeoDataFrame, list[str]]:
    """A folder of CityGML / CityJSON tiles (as the states publish LoD2: one file per km²)."""
    import pandas as pd

    from layers.importers.citygml import read_citygml
    from layers.importers.cityjson import read_cityjson

    suffixes = (".gml", ".xml") if options.format == "citygml" else (".json",)
    files = sorted(p for p in options.path.iterdir() if p.suffix.lower() in suffixes)
    if not files:
        raise InputError(options.path, f"The folder holds no {options.format} tiles ({', '.join(suffixes)}).",
                         "Put the tiles into the folder or name one file.")
    frames, notes = [], []
    for file in files:
        reader = read_citygml if options.format == "citygml" else read_cityjson
        frame, file_notes = reader(file, crs=options.crs or options.city_crs)
        if frames and frame.crs != frames[0].crs:
            notes.append(f"{file.name} is in {frame.crs}, reprojected to {frames[0].crs}")
            frame = frame.to_crs(frames[0].crs)
        frames.append(frame)
        notes += file_notes
    merged = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=frames[0].crs)
    # A building cut by a tile edge appears in both tiles with one id: keep the first.
    dup = merged["id"].duplicated()
    if dup.any():
        notes.append(f"{int(dup.sum())} building(s) present in two tiles kept once")
        merged = merged.loc[~dup]
    return merged, notes


def _check_unique_ids(layer: VectorLayer, kind: str) -> None:
    if "id" not in layer.frame:
        return
    ids = layer.frame["id"].astype(str)
    dup = ids.duplicated(keep=False)
    if dup.any():
        first = ids[dup].iloc[0]
        raise InputError(layer.path,
                         f"{int(ids.duplicated().sum())} {kind.removesuffix('s')} id(s) occur more than once "
                         f"(first: {first!r}, {int((ids == first).sum())} times).",
                         f"Give every {kind} feature a unique id, or map another unique field to id "
                         f'(fields = {{id = "<field>"}} in [inputs.{kind}]).', field="id")


def load_vector(config: CityConfig, kind: str, crs: str | None) -> tuple[VectorLayer, list[str], dict]:
    """Read, map and validate one vector input.

    Parameters
    ----------
    crs
        The working CRS, or None to choose the UTM zone of this layer's centroid.

    Returns
    -------
    layer, notes, stats
    """
    options = input_options(config, kind)
    frame, notes = _raw_frame(options)
    frame = apply_field_mapping(frame, options, options.path)
    if frame.crs is None and options.crs:
        frame = frame.set_crs(options.crs)
    if crs is None:
        if frame.crs is None or len(frame) == 0:
            crs = "EPSG:32632"  # prepare_frame raises the clearer message (no CRS / empty) below
        else:
            crs = working_crs(frame)
            notes.append(f'working CRS: {crs} (UTM zone of the {kind}; crs = "auto")')
    elif options.format != "osm" and frame.crs is not None and frame.crs != gpd.GeoSeries(crs=crs).crs:
        notes.append(f"{kind}: reprojected from {frame.crs.to_string()} to {crs}")
    required = ("cover",) if kind == "landcover" else ()
    layer = prepare_frame(frame, options.path, kind=kind, crs=crs, required_fields=required)
    stats: dict = {}
    if layer.repaired:
        notes.append(f"{kind}: {layer.repaired} invalid geometries repaired (make_valid)")
    if layer.dropped_empty:
        notes.append(f"{kind}: {layer.dropped_empty} features with empty geometry dropped")
    if kind == "buildings":
        layer.frame, counts = fill_heights(layer.frame, storey_height_m=options.storey_height_m,
                                           default_height_m=options.default_height_m)
        stats["heights"] = counts
        notes.append(f"building heights: {counts['data']} from the data, {counts['storeys']} from storeys × "
                     f"{options.storey_height_m:g} m, {counts['default']} default {options.default_height_m:g} m")
        if "residents" not in layer.frame and "jobs" not in layer.frame:
            layer.frame = estimate_residents_jobs(layer.frame)
            residents, jobs = int(layer.frame["residents"].sum()), int(layer.frame["jobs"].sum())
            notes.append(f"residents ({residents}) and jobs ({jobs}) estimated from floor area (the input has neither)")
            stats["residents_estimated"] = True
    if kind == "roads":  # buildings: checked (with the same kind of message) by base_layers.buildings_layer
        _check_unique_ids(layer, kind)
    return layer, notes, stats


def _check_same_area(layer: VectorLayer, dem: Dem, kind: str) -> None:
    """An optional layer must at least touch the DEM (else it is in another place or CRS)."""
    minx, miny, maxx, maxy = dem.bounds
    if not layer.frame.intersects(shapely.box(minx, miny, maxx, maxy)).any():
        bx = layer.frame.total_bounds
        raise InputError(layer.path, f"The {kind} lie entirely outside the city's DEM (DEM x {minx:.0f}–{maxx:.0f}, "
                         f"y {miny:.0f}–{maxy:.0f}; {kind} x {bx[0]:.0f}–{bx[2]:.0f}, y {bx[1]:.0f}–{bx[3]:.0f}).",
                         "Check that the file states the right CRS and shows the same place, "
                         "or remove it from city.toml.")


def import_inputs(config: CityConfig) -> ImportedCity:
    """Read and validate all inputs of ``config`` into the working CRS (resolving ``crs = "auto"``)."""
    auto = config.crs.lower() == AUTO_CRS
    buildings, notes, stats = load_vector(config, "buildings", None if auto else config.crs)
    crs = buildings.frame.crs.to_string() if auto else config.crs
    config = dataclasses.replace(config, crs=crs)
    layers = {"buildings": buildings}
    for kind in VECTOR_KINDS[1:]:
        if kind not in config.inputs:
            continue
        options = input_options(config, kind)
        try:
            layers[kind], more, _ = load_vector(config, kind, crs)
        except InputError as err:
            # An OSM extract without water or land use is normal: drop the optional layer, say so.
            if options.format == "osm" and kind not in ("buildings", "roads") and "no features" in err.problem:
                notes.append(f"{kind}: none in {options.path.name}, layer left out")
                continue
            raise
        notes += more
    if "dem" in config.inputs:
        dem, more = load_dem_input(input_options(config, "dem"), crs)
        notes += more
    else:
        bounds = np.array([layers[k].frame.total_bounds for k in ("buildings", "roads")])
        extent = (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())
        elevation = float(config.raw.get("city", {}).get("ground_m", 0.0))
        dem = flat_dem(extent, crs, elevation_m=elevation, path=config.folder / CONFIG_NAME)
        notes.append(f"no DEM named: flat terrain at {elevation:g} m over the data "
                     f"({dem.z.shape[1]} × {dem.z.shape[0]} cells of {dem.resolution_m:g} m). "
                     "Add dem = \"<file>\" under [inputs] for real terrain.")
        stats["flat_dem"] = True
    for kind in ("buildings", "roads"):
        check_overlap(dem, layers[kind], kind=kind)
    for kind in ("water", "landcover", "railways"):  # zones, measures: the scenario models check them by name
        if kind in layers:
            _check_same_area(layers[kind], dem, kind)
    return ImportedCity(config=config, dem=dem, layers=layers, notes=notes, stats=stats)
