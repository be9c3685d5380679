"""DEM inputs: a GeoTIFF in any CRS, a folder of tiles (GeoTIFF or XYZ, mosaicked), an XYZ ASCII
grid (the German DGM1 download: ``x y z`` lines on a regular grid), or — when a city names no
DEM — a flat DEM over its data, announced in the build output.

Tiles and XYZ grids are written to one GeoTIFF in a temporary folder and then read like any
GeoTIFF (``layers.inputs.read_dem``: reprojection to the working CRS, nodata holes refused).

Before anything is read, the DEM's dimensions (from the file headers; for XYZ from the first
lines) are checked against the memory (``layers.importers.limits.check_dem_fits``).
``resolution_m`` in ``[inputs.dem]`` reads the DEM coarser (cells averaged), for large areas.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import rasterio
import rasterio.errors
from rasterio.merge import merge
from rasterio.transform import from_origin

from layers.config import CONFIG_NAME
from layers.errors import InputError
from layers.importers.crs_names import suggest_crs
from layers.importers.limits import check_dem_fits, check_fits
from layers.importers.options import InputOptions
from layers.inputs import Dem, read_dem

__all__ = ["read_xyz", "load_dem_input", "flat_dem", "FLAT_RESOLUTION_M", "FLAT_MARGIN_M"]

FLAT_RESOLUTION_M = 4.0
FLAT_MARGIN_M = 100.0
XYZ_SUFFIXES = (".xyz", ".txt")
TIF_SUFFIXES = (".tif", ".tiff")


def read_xyz(path: Path) -> tuple[np.ndarray, float, float, float]:
    """Parse an XYZ ASCII grid.

    Returns
    -------
    z, west, north, resolution
        Elevations (m, float32, rows from north to south; NaN where the grid has no point), the
        west and north edges of the grid (m) and the cell size (m), inferred from the spacing of
        the x values.
    """
    try:
        table = pd.read_csv(path, sep=r"\s+", header=None, comment="#", dtype=float, usecols=[0, 1, 2])
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(path, f"The XYZ grid cannot be read as 'x y z' lines of numbers ({err}).",
                         "Use the DGM1 XYZ file as downloaded (space-separated x y z in m, one point per line)."
                         ) from None
    xyz = table.to_numpy()
    if len(xyz) < 4:
        raise InputError(path, "The XYZ grid holds fewer than 4 points.", "Use a complete DEM tile.")
    xs, ys = np.unique(xyz[:, 0]), np.unique(xyz[:, 1])
    steps = np.concatenate([np.diff(xs), np.diff(ys)])
    steps = steps[steps > 1e-6]
    if not len(steps):
        raise InputError(path, "The XYZ points do not form a grid (one x or y value only).", "Use a complete DEM tile.")
    res = float(np.round(steps.min(), 6))
    cols_f = (xyz[:, 0] - xs[0]) / res
    rows_f = (ys[-1] - xyz[:, 1]) / res
    if np.abs(cols_f - np.round(cols_f)).max() > 0.01 or np.abs(rows_f - np.round(rows_f)).max() > 0.01:
        raise InputError(path, f"The XYZ points are not on a regular grid of {res:g} m.",
                         "Grid them first (e.g. `gdal_grid`) or use the state's GeoTIFF download instead.")
    cols, rows = np.round(cols_f).astype(int), np.round(rows_f).astype(int)
    z = np.full((rows.max() + 1, cols.max() + 1), np.nan, dtype="float32")
    z[rows, cols] = xyz[:, 2]
    # Points are cell centres (as in DGM1): the grid's edges lie half a cell outside them.
    return z, xs[0] - res / 2, ys[-1] + res / 2, res


def _write_tif(path: Path, z: np.ndarray, west: float, north: float, res: float, crs: str | None) -> None:
    with rasterio.open(path, "w", driver="GTiff", width=z.shape[1], height=z.shape[0], count=1, dtype="float32",
                       crs=crs, transform=from_origin(west, north, res, res), nodata=np.nan) as dst:
        dst.write(z, 1)


def _xyz_to_tif(path: Path, out: Path, crs: str | None) -> Path:
    z, west, north, res = read_xyz(path)
    if crs is None:
        rows, cols = z.shape
        guess = suggest_crs((west, north - rows * res, west + cols * res, north), hints=[path.name, path.parent.name])
        raise InputError(path, "An XYZ grid carries no CRS and the city names none (crs = \"auto\").",
                         guess.as_fix(f"[inputs.dem] in {CONFIG_NAME}"), field="inputs.dem.crs")
    target = out / (path.stem + ".tif")
    _write_tif(target, z, west, north, res, crs)
    return target


def _mosaic(folder: Path, out: Path, crs: str | None) -> tuple[Path, int]:
    tiles = sorted(p for p in folder.iterdir() if p.suffix.lower() in TIF_SUFFIXES + XYZ_SUFFIXES)
    if not tiles:
        raise InputError(folder, "The DEM folder holds no tiles (.tif, .tiff, .xyz, .txt).",
                         "Put the DEM tiles into the folder or name a single DEM file.")
    tifs = [_xyz_to_tif(t, out, crs) if t.suffix.lower() in XYZ_SUFFIXES else t for t in tiles]
    try:
        sources = [rasterio.open(t) for t in tifs]
    except rasterio.errors.RasterioIOError as err:
        raise InputError(folder, f"A DEM tile cannot be read ({err}).", "Download that tile again.") from None
    try:
        crss = {s.crs.to_string() if s.crs else (crs or "none") for s in sources}
        if len(crss) > 1:
            raise InputError(folder, f"The DEM tiles are in different CRSs ({', '.join(sorted(crss))}).",
                             "Reproject them to one CRS first (gdalwarp -t_srs ...), or keep one set of tiles.")
        nodata = sources[0].nodata if sources[0].nodata is not None else np.nan
        z, transform = merge(sources, nodata=nodata, dtype="float32")
        tile_crs = sources[0].crs or crs
    finally:
        for s in sources:
            s.close()
    band = z[0].astype("float32")
    if not np.isnan(nodata):
        band[band == nodata] = np.nan
    target = out / "mosaic.tif"
    with rasterio.open(target, "w", driver="GTiff", width=band.shape[1], height=band.shape[0], count=1,
                       dtype="float32", crs=tile_crs, transform=transform, nodata=np.nan) as dst:
        dst.write(band, 1)
    return target, len(tiles)


def _xyz_size(path: Path) -> tuple[int, float]:
    """(points, spacing in m) of an XYZ grid, estimated from its first lines and its size."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    lines = [line.split() for line in head.splitlines()[:-1] if line.strip() and not line.startswith(b"#")]
    try:
        xs = np.unique([float(line[0]) for line in lines if len(line) >= 3])
    except ValueError:
        return 0, 1.0   # not numbers: read_xyz says so
    steps = np.diff(xs)
    spacing = float(steps[steps > 1e-6].min()) if (steps > 1e-6).any() else 1.0
    points = int(path.stat().st_size / max(len(head.splitlines()[0]) + 1, 1)) if lines else 0
    return points, spacing


def _tif_size(path: Path, crs: str) -> tuple[int, float]:
    """(cells, cell size in m of the working CRS ``crs``) of a raster, from its header."""
    from rasterio.warp import transform_bounds

    try:
        with rasterio.open(path) as src:
            cells, bounds, src_crs, res = src.width * src.height, src.bounds, src.crs, abs(src.transform.a)
    except rasterio.errors.RasterioIOError:
        return 0, 1.0   # read_dem says what is wrong with it
    if src_crs is None or cells == 0:
        return cells, res
    left, bottom, right, top = transform_bounds(src_crs, crs, *bounds)
    return cells, float(np.sqrt(abs((right - left) * (top - bottom)) / cells))


def _dem_size(options: InputOptions, crs: str) -> tuple[int, float]:
    """(cells, cell size in m) of the DEM named in city.toml, before reading it."""
    path = options.path
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in TIF_SUFFIXES + XYZ_SUFFIXES) \
        if path.is_dir() else [path]
    sizes = [_xyz_size(f) if f.suffix.lower() in XYZ_SUFFIXES or options.format == "xyz" else _tif_size(f, crs)
             for f in files]
    cells = sum(count for count, _ in sizes)
    return cells, (sizes[0][1] if sizes else 1.0)


def load_dem_input(options: InputOptions, crs: str) -> tuple[Dem, list[str]]:
    """Read the DEM named in city.toml into the working CRS ``crs`` (``options.resolution_m``: that
    coarse), after checking that it fits into memory.
    """
    path = options.path
    # XYZ text is ~25 bytes per point on disk and is parsed whole, whatever resolution_m says.
    if options.format == "xyz" or path.is_dir():
        check_fits(path, expansion=2.0, what="DEM")
    cells, native_m = _dem_size(options, crs)
    coarser = options.resolution_m is not None and options.resolution_m > native_m
    if coarser:
        cells = int(np.ceil(cells * (native_m / options.resolution_m) ** 2))
    check_dem_fits(path, cells=cells, resolution_m=options.resolution_m if coarser else native_m)
    notes = []
    if options.resolution_m is not None and not coarser:
        notes.append(f"DEM: resolution_m = {options.resolution_m:g} is not coarser than the DEM ({native_m:g} m); "
                     "read at its own resolution")
    if options.format == "geotiff":
        dem = read_dem(path, crs=crs, resolution_m=options.resolution_m if coarser else None)
        return dem, notes + [f"DEM {path.name}: {dem.z.shape[1]} × {dem.z.shape[0]} cells of {dem.resolution_m:g} m"
                             + (" (read coarser: resolution_m)" if coarser else "")]
    with tempfile.TemporaryDirectory(prefix="twin-dem-") as tmp:
        if options.format == "xyz":
            tif, what = _xyz_to_tif(path, Path(tmp), options.crs or options.city_crs), f"XYZ grid {path.name}"
        elif options.format == "tiles":
            tif, count = _mosaic(path, Path(tmp), options.crs or options.city_crs)
            what = f"{count} tiles in {path.name}/ mosaicked"
        else:
            raise InputError(path, f"format = {options.format!r} is not a DEM format.",
                             'Use format = "geotiff", "xyz" or a folder of tiles for [inputs.dem].',
                             field="inputs.dem.format")
        dem = read_dem(tif, crs=crs, resolution_m=options.resolution_m if coarser else None)
    dem.path = path  # messages should name the user's file, not the temporary GeoTIFF
    return dem, notes + [f"DEM from {what}: {dem.z.shape[1]} × {dem.z.shape[0]} cells of {dem.resolution_m:g} m"
                         + (" (read coarser: resolution_m)" if coarser else "")]


def flat_dem(bounds: tuple[float, float, float, float], crs: str, *, elevation_m: float = 0.0,
             resolution_m: float = FLAT_RESOLUTION_M, margin_m: float = FLAT_MARGIN_M, path: Path) -> Dem:
    """A flat DEM at ``elevation_m`` (m) covering ``bounds`` (working CRS, m) plus ``margin_m``."""
    minx, miny, maxx, maxy = bounds
    west = np.floor((minx - margin_m) / resolution_m) * resolution_m
    north = np.ceil((maxy + margin_m) / resolution_m) * resolution_m
    cols = int(np.ceil((maxx + margin_m - west) / resolution_m))
    rows = int(np.ceil((north - (miny - margin_m)) / resolution_m))
    try:
        check_dem_fits(path, cells=rows * cols, resolution_m=resolution_m, field="inputs.dem")
    except InputError as err:
        raise InputError(
            path,
            f"No DEM is named, and a flat one over the data ({(maxx - minx) / 1000:,.1f} × "
            f"{(maxy - miny) / 1000:,.1f} km) would not fit: {err.problem}",
            "Look for features far away from the city (a stray coordinate makes the data this large) "
            'and remove them, or name a DEM (dem = "<file>" under [inputs]).',
            field="inputs.dem",
        ) from None
    z = np.full((rows, cols), float(elevation_m), dtype="float32")
    return Dem(z=z, transform=from_origin(west, north, resolution_m, resolution_m),
               crs=rasterio.crs.CRS.from_user_input(crs), path=path)
