"""Importers: bring a city's own data into the build ("bring your own city").

One module per format — ``osm`` (OpenStreetMap PBF via pyrosm), ``vector`` (GeoPackage, GeoJSON,
Shapefile, FlatGeobuf, ... via pyogrio, with field mapping), ``citygml`` and ``cityjson`` (LoD1 /
LoD2 buildings with their parts and surfaces, ``city_model``), ``dem`` (GeoTIFF in any CRS, folders
of tiles, XYZ ASCII grids, or a flat DEM) — and ``external`` (a city's own precomputed scenario
results). ``import_inputs`` reads and validates everything a build needs and says what it did
(``ImportedCity.notes``). A folder of city-model tiles is read one tile at a time; only the
compact results of each stay in memory.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from layers.config import AUTO_CRS, CONFIG_NAME, CityConfig
from layers.crs_scale import check_scale, working_crs
from layers.errors import InputError
from layers.importers.city_model import CityModel
from layers.importers.crs_names import suggest_crs
from layers.importers.dem import flat_dem, load_dem_input
from layers.importers.heights import estimate_residents_jobs, fill_heights
from layers.importers.limits import check_fits
from layers.importers.lod2_ground import ground_offsets
from layers.importers.lod2_surfaces import Lod2Surfaces
from layers.importers.options import InputOptions, input_options
from layers.importers.plausible import check_values
from layers.importers.vector import apply_field_mapping, read_ogr
from layers.inputs import Dem, VectorLayer, check_overlap, prepare_frame

__all__ = ["ImportedCity", "import_inputs", "load_vector", "working_crs"]

VECTOR_KINDS = ("buildings", "roads", "water", "landcover", "zones", "railways", "measures")
# Bytes in memory per byte on disk, by format (rough upper bounds measured on sample files).
EXPANSION = {"osm": 40.0, "cityjson": 15.0, "citygml": 1.0, "vector": 6.0}
CITYGML_SUFFIXES = (".gml", ".xml", ".citygml")
CITYJSON_SUFFIXES = (".json", ".jsonl", ".cityjson")


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
        Counts for the manifest (``heights``: where building heights came from, ``ground_offsets``:
        LoD2 ground vs DEM, ...).
    surfaces
        The 3D roof / wall / ground polygons of city-model buildings (CityGML / CityJSON) in the
        working CRS, keyed by the buildings frame's ``building_id`` and ``id`` and moved onto the
        DEM like their buildings; None for buildings from other formats.
    """

    config: CityConfig
    dem: Dem
    layers: dict[str, VectorLayer]
    notes: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    surfaces: Lod2Surfaces | None = None

    @property
    def crs(self) -> str:
        """The working CRS (as in the city config)."""
        return self.config.crs


def _raw_frame(options: InputOptions) -> tuple[gpd.GeoDataFrame, list[str], Lod2Surfaces | None]:
    """The input as read (file CRS), the import notes and, for city models, their surfaces."""
    if options.format in ("citygml", "cityjson"):
        if options.kind != "buildings":
            raise InputError(options.path, f"{options.format} provides buildings, not {options.kind}.",
                             f"Name a vector file for {options.kind} in {CONFIG_NAME}.", field=f"inputs.{options.kind}")
        model = _city_model_tiles(options) if options.path.is_dir() else _read_city_model(options.path, options)
        return model.frame, model.notes, model.surfaces
    check_fits(options.path, expansion=EXPANSION.get(options.format, 6.0), what=options.kind)
    if options.format == "osm":
        from layers.importers.osm import read_osm

        return (*read_osm(options.path, options.kind), None)
    if options.format in ("vector", "tiles"):
        return (*read_ogr(options), None)
    raise InputError(options.path, f"format = {options.format!r} cannot provide {options.kind}.",
                     "Use osm, vector, citygml or cityjson for vector inputs.", field=f"inputs.{options.kind}.format")


def _read_city_model(path: Path, options: InputOptions, fmt: str | None = None) -> CityModel:
    """One CityGML / CityJSON file (refused first if it would not fit into memory)."""
    from layers.importers.citygml import read_citygml
    from layers.importers.cityjson import read_cityjson

    fmt = fmt or options.format
    check_fits(path, expansion=EXPANSION[fmt], what=options.kind)
    reader = read_citygml if fmt == "citygml" else read_cityjson
    return reader(path, crs=options.crs or options.city_crs)


def _city_model_tiles(options: InputOptions) -> CityModel:
    """A folder of CityGML / CityJSON tiles (as the states publish LoD2: one file per km²), read
    one at a time, so the folder need not fit into memory — only the buildings found.
    """
    import pandas as pd

    suffixes = CITYGML_SUFFIXES if options.format == "citygml" else CITYJSON_SUFFIXES
    files = sorted(p for p in options.path.iterdir() if p.name.lower().endswith(suffixes))
    if not files:
        raise InputError(options.path, f"The folder holds no {options.format} tiles ({', '.join(suffixes)}).",
                         "Put the tiles into the folder or name one file.")
    frames, surfaces, notes = [], [], []
    seen: set[str] = set()
    twice = 0
    for file in files:
        model = _read_city_model(file, options)
        frame, tile_surfaces = model.frame, model.surfaces
        if frames and frame.crs != frames[0].crs:
            notes.append(f"{file.name} is in {frame.crs}, reprojected to {frames[0].crs}")
            frame = frame.to_crs(frames[0].crs)
        # A building cut by a tile edge appears in both tiles with one id: keep the first.
        again = frame["id"].isin(seen).to_numpy()
        if again.any():
            twice += int(frame.loc[again, "building_id"].nunique())
            frame = frame.loc[~again]
            tile_surfaces = tile_surfaces.select(frame["id"])
        seen.update(frame["id"])
        frames.append(frame)
        surfaces.append(tile_surfaces)
        notes += model.notes
    crs = frames[0].crs
    merged = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=crs)
    if twice:
        notes.append(f"{twice} building(s) present in two tiles kept once")
    notes.insert(0, f"{len(files)} {options.format} tiles in {options.path.name}/: {merged['building_id'].nunique()} "
                 f"buildings, {len(merged)} volumes")
    return CityModel(
        frame=merged, surfaces=Lod2Surfaces.concat(surfaces, crs.to_string() if crs else None), notes=notes
    )


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


def load_vector(config: CityConfig, kind: str,
                crs: str | None) -> tuple[VectorLayer, list[str], dict, Lod2Surfaces | None]:
    """Read, map and validate one vector input.

    Parameters
    ----------
    crs
        The working CRS, or None to choose the UTM zone of this layer's centroid.

    Returns
    -------
    layer, notes, stats, surfaces
        ``surfaces``: a city model's 3D surfaces in the working CRS (only the kept rows), else None.
    """
    options = input_options(config, kind)
    auto = crs is None
    frame, notes, surfaces = _raw_frame(options)
    frame = apply_field_mapping(frame, options, options.path)
    if frame.crs is None and options.crs:
        frame = frame.set_crs(options.crs)
    if frame.crs is None and len(frame):
        bounds = tuple(frame.total_bounds) if frame.geometry.notna().any() else None
        guess = suggest_crs(bounds, hints=[options.path.name, *frame.get("id", [])[:3], crs or ""])
        raise InputError(options.path, f"The {kind} file has no coordinate reference system.",
                         f'Assign the CRS the coordinates are in, e.g. `ogr2ogr -a_srs {guess.crs} out.gpkg '
                         f'{options.path.name}`, or add crs = "{guess.crs}" to [inputs.{kind}] in {CONFIG_NAME} '
                         f"({guess.why}).")
    if crs is None:
        if frame.crs is None or len(frame) == 0:
            crs = "EPSG:32632"  # prepare_frame raises the clearer message (empty) below
        else:
            crs = working_crs(frame)
            notes.append(f'working CRS: {crs} (UTM zone of the {kind}; crs = "auto")')
    elif options.format != "osm" and frame.crs is not None and frame.crs != gpd.GeoSeries(crs=crs).crs:
        notes.append(f"{kind}: reprojected from {frame.crs.to_string()} to {crs}")
    required = ("cover",) if kind == "landcover" else ()
    layer = prepare_frame(frame, options.path, kind=kind, crs=crs, required_fields=required)
    if kind == "buildings":  # where the city is: is the working CRS true to scale there?
        check_scale(crs, layer.frame, path=config.folder / CONFIG_NAME, auto=auto)
    stats: dict = {}
    if layer.repaired:
        notes.append(f"{kind}: {layer.repaired} invalid geometries repaired (make_valid)")
    if layer.dropped_empty:
        notes.append(f"{kind}: {layer.dropped_empty} features with empty geometry dropped")
    if layer.collapsed:
        notes.append(f"{kind}: {layer.collapsed} features without area or length once repaired dropped")
    layer.frame, more, dropped = check_values(layer.frame, options.path, kind=kind, strict=options.strict)
    notes += more
    if kind == "landcover":
        notes += _unknown_cover(layer.frame)
    if dropped:
        stats["dropped"] = dropped
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
    if surfaces is not None:
        surfaces = surfaces.select(layer.frame["id"].astype(str)).to_crs(crs)
    return layer, notes, stats, surfaces


def _unknown_cover(frame: gpd.GeoDataFrame) -> list[str]:
    """A note on land cover classes the build does not know (drawn as plain ground; the heavy-rain
    model refuses them).
    """
    from layers.terrain import LANDCOVER_COLOURS

    cover = frame["cover"].astype(str)
    unknown = ~cover.isin(list(LANDCOVER_COLOURS))
    if not unknown.any():
        return []
    return [
        f"landcover: {int(unknown.sum())} with a cover the build does not know "
        f"({', '.join(sorted(set(cover[unknown]))[:5])}; "
        f"known: {', '.join(LANDCOVER_COLOURS)}), drawn as plain ground; the heavy-rain model refuses them"
    ]


def _check_same_area(layer: VectorLayer, dem: Dem, kind: str) -> None:
    """An optional layer must at least touch the DEM (else it is in another place or CRS)."""
    minx, miny, maxx, maxy = dem.bounds
    if not layer.frame.intersects(shapely.box(minx, miny, maxx, maxy)).any():
        bx = layer.frame.total_bounds
        raise InputError(layer.path, f"The {kind} lie entirely outside the city's DEM (DEM x {minx:.0f}–{maxx:.0f}, "
                         f"y {miny:.0f}–{maxy:.0f}; {kind} x {bx[0]:.0f}–{bx[2]:.0f}, y {bx[1]:.0f}–{bx[3]:.0f}).",
                         "Check that the file states the right CRS and shows the same place, "
                         "or remove it from city.toml.")


def _flat_dem(config: CityConfig, layers: dict[str, VectorLayer], crs: str, notes: list[str]) -> Dem:
    """A flat DEM over the data: at [city] ground_m, else at the median own ground of LoD2
    buildings, else at 0 m.
    """
    bounds = np.array([layer.frame.total_bounds for layer in layers.values() if len(layer.frame)])
    extent = (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())
    configured = config.raw.get("city", {}).get("ground_m")
    own = layers["buildings"].frame.get("model_ground_m")
    own = own[np.isfinite(own)] if own is not None else []
    if configured is None and len(own):
        elevation, source = float(np.round(np.median(own), 1)), "the median ground height of the buildings"
    else:
        elevation, source = float(configured or 0.0), "[city] ground_m" if configured is not None else "0 m"
    dem = flat_dem(extent, crs, elevation_m=elevation, path=config.folder / CONFIG_NAME)
    notes.append(
        f"no DEM named: flat terrain at {elevation:g} m ({source}) over the data ({dem.z.shape[1]} × "
        f'{dem.z.shape[0]} cells of {dem.resolution_m:g} m). Add dem = "<file>" under [inputs] for real terrain.'
    )
    return dem


def import_inputs(config: CityConfig) -> ImportedCity:
    """Read and validate all inputs of ``config`` into the working CRS (resolving ``crs = "auto"``).

    Buildings from a city model are stood on the DEM; where their own ground differs from it, the
    offsets are reported (``layers.importers.lod2_ground``) and their surfaces moved with them.
    """
    auto = config.crs.lower() == AUTO_CRS
    buildings, notes, stats, surfaces = load_vector(config, "buildings", None if auto else config.crs)
    dropped = {"buildings": stats.pop("dropped")} if "dropped" in stats else {}
    crs = buildings.frame.crs.to_string() if auto else config.crs
    config = dataclasses.replace(config, crs=crs)
    layers = {"buildings": buildings}
    for kind in VECTOR_KINDS[1:]:
        if kind not in config.inputs:
            continue
        options = input_options(config, kind)
        try:
            layers[kind], more, more_stats, _ = load_vector(config, kind, crs)
        except InputError as err:
            # An OSM extract without water or land use is normal: drop the optional layer, say so.
            if options.format == "osm" and kind not in ("buildings", "roads") and "no features" in err.problem:
                notes.append(f"{kind}: none in {options.path.name}, layer left out")
                continue
            raise
        notes += more
        if "dropped" in more_stats:
            dropped[kind] = more_stats["dropped"]
    if dropped:
        stats["dropped"] = dropped
    if "dem" in config.inputs:
        dem, more = load_dem_input(input_options(config, "dem"), crs)
        notes += more
    else:
        dem = _flat_dem(config, {k: layers[k] for k in ("buildings", "roads") if k in layers}, crs, notes)
        stats["flat_dem"] = True
    for kind in ("buildings", "roads"):
        if kind in layers:
            check_overlap(dem, layers[kind], kind=kind)
    for kind in ("water", "landcover", "railways"):  # zones, measures: the scenario models check them
        if kind in layers:
            _check_same_area(layers[kind], dem, kind)
    if "model_ground_m" in buildings.frame:
        offsets, more, stats["ground_offsets"] = ground_offsets(buildings.frame, dem, flat=bool(stats.get("flat_dem")))
        notes += more
        if surfaces is not None:
            surfaces = surfaces.shift_z(offsets)
    return ImportedCity(config=config, dem=dem, layers=layers, notes=notes, stats=stats, surfaces=surfaces)
