"""Build a :class:`~layers.flood.model.FloodGrid` from a DEM and vector layers.

The DEM — an elevation array with its transform (:func:`grid_from_array`) or
a raster file such as a DGM1 GeoTIFF (:func:`grid_from_dem`) — is optionally
aggregated to a coarser ``resolution_m`` with
:data:`rasterio.enums.Resampling.average`. Buildings are burnt in as blocked
cells and land-cover polygons as classes with
:func:`rasterio.features.rasterize` (cell-centre rule, ``all_touched=False``).

Land-cover classes and defaults
-------------------------------
============  ===========  ================  ===============
class         Manning n    infiltration      sewer drainage
============  ===========  ================  ===============
``sealed``    0.015        0 mm/h            15 mm/h
``green``     0.05         10 mm/h           0 mm/h
``water``     0.03         0 mm/h            0 mm/h
============  ===========  ================  ===============

Cells not covered by any land-cover polygon get ``default_class``
(``"sealed"``: the conservative choice in a city). The 15 mm/h drainage is a
typical capacity of German street inlets/sewers designed for a 2-5 year
rain spread over the connected area; 10 mm/h is a moderate infiltration
rate for urban lawns (sandy loam, partially compacted). All values are
keyword parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy import ndimage

from .model import FloodGrid

__all__ = [
    "DEFAULT_DRAINAGE_MM_H",
    "DEFAULT_INFILTRATION_MM_H",
    "DEFAULT_MANNING",
    "FEET_UNITS",
    "declared_vertical_unit",
    "grid_from_array",
    "grid_from_dem",
]

#: Manning's n per land-cover class (s/m^(1/3)).
DEFAULT_MANNING: Mapping[str, float] = MappingProxyType({"sealed": 0.015, "green": 0.05, "water": 0.03})
#: Infiltration capacity per class (mm/h).
DEFAULT_INFILTRATION_MM_H: Mapping[str, float] = MappingProxyType(
    {"sealed": 0.0, "green": 10.0, "water": 0.0}
)
#: Sewer drainage capacity per class (mm/h).
DEFAULT_DRAINAGE_MM_H: Mapping[str, float] = MappingProxyType(
    {"sealed": 15.0, "green": 0.0, "water": 0.0}
)

_FEET_TO_M = {"ft": 0.3048, "us-ft": 1200.0 / 3937.0}
#: Names of feet a DEM may declare as its vertical unit (lower case).
FEET_UNITS = frozenset({"ft", "feet", "foot", "us survey foot", "us_survey_foot", "ftus", "us-ft",
                        "international foot"})


def declared_vertical_unit(src: Any) -> str | None:
    """The vertical unit an open rasterio dataset declares (band unit or a ``units`` tag), lower case."""
    unit = None
    try:
        units = src.units
        if units and units[0]:
            unit = units[0]
    except Exception:  # noqa: BLE001 - driver specific: some GDAL drivers fail on units  # pragma: no cover
        unit = None
    if not unit:
        tags = {k.lower(): v for k, v in src.tags().items()}
        tags.update({k.lower(): v for k, v in src.tags(1).items()})
        unit = tags.get("units") or tags.get("unit") or tags.get("vertical_unit")
    return unit.strip().lower() if unit else None


def _validate_table(name: str, table: Mapping[str, float], classes: list[str], positive: bool) -> None:
    missing = [c for c in classes if c not in table]
    if missing:
        raise ValueError(f"{name} has no value for land-cover class(es) {missing}; add them.")
    for c in classes:
        v = float(table[c])
        if not np.isfinite(v) or v < 0 or (positive and v == 0):
            need = "> 0" if positive else ">= 0"
            raise ValueError(f"{name}[{c!r}] = {table[c]!r} is invalid; it must be finite and {need}.")


def _vertical_unit(vertical_unit: str) -> str:
    vu = vertical_unit.strip().lower()
    if vu not in ("m", "ft", "us-ft"):
        raise ValueError(f"vertical_unit must be 'm', 'ft' or 'us-ft', got {vertical_unit!r}.")
    return vu


def grid_from_dem(
    dem_path: str | PathLike[str],
    buildings_gdf: Any = None,
    landcover_gdf: Any = None,
    *,
    vertical_unit: str = "m",
    **options: Any,
) -> FloodGrid:
    """Read a DEM file and rasterise buildings and land cover into a FloodGrid.

    Parameters
    ----------
    dem_path : path
        Single-band DEM raster in a projected, metric CRS (e.g. EPSG:25832).
    buildings_gdf, landcover_gdf : geopandas.GeoDataFrame, optional
        As in :func:`grid_from_array`.
    vertical_unit : {"m", "ft", "us-ft"}, default "m"
        Unit of the DEM heights; feet are converted to metres. If the DEM
        declares feet (band unit or ``units`` tag) but ``"m"`` is passed, a
        ``ValueError`` is raised rather than silently mixing units.
    **options
        The keyword options of :func:`grid_from_array` (``resolution_m``,
        ``landcover_column``, ``default_class``, ``manning``, ...).

    Returns
    -------
    FloodGrid

    Raises
    ------
    ValueError
        Missing CRS, feet heights without ``vertical_unit``, and everything
        :func:`grid_from_array` refuses.
    """
    import rasterio

    vu = _vertical_unit(vertical_unit)
    with rasterio.open(dem_path) as src:
        if src.crs is None:
            raise ValueError(
                f"the DEM {dem_path} has no CRS; assign it first, e.g. "
                "`gdal_edit.py -a_srs EPSG:25832 dem.tif` (ETRS89 / UTM 32N)."
            )
        declared = declared_vertical_unit(src)
        if declared in FEET_UNITS and vu == "m":
            raise ValueError(
                f"the DEM declares its heights in {declared!r} but vertical_unit='m'; pass "
                "vertical_unit='ft' (or 'us-ft') to convert to metres."
            )
        z = src.read(1)
        transform, crs, nodata = src.transform, src.crs, src.nodata
    return grid_from_array(z, transform, crs, buildings_gdf, landcover_gdf, nodata=nodata, vertical_unit=vu,
                           **options)


def grid_from_array(
    z: np.ndarray,
    transform: Any,
    crs: Any,
    buildings_gdf: Any = None,
    landcover_gdf: Any = None,
    *,
    resolution_m: float | None = None,
    nodata: float | None = None,
    vertical_unit: str = "m",
    landcover_column: str = "class",
    default_class: str = "sealed",
    manning: Mapping[str, float] = DEFAULT_MANNING,
    infiltration_mm_h: Mapping[str, float] = DEFAULT_INFILTRATION_MM_H,
    drainage_mm_h: Mapping[str, float] = DEFAULT_DRAINAGE_MM_H,
) -> FloodGrid:
    """Rasterise buildings and land cover onto a DEM grid (optionally coarsened) as a FloodGrid.

    Parameters
    ----------
    z : ndarray (rows, cols)
        Elevations (m, or ``vertical_unit``); NaN or ``nodata`` marks holes.
    transform : affine.Affine
        North-up pixel → CRS transform of ``z``.
    crs : rasterio.crs.CRS
        A projected, metric CRS (e.g. EPSG:25832).
    buildings_gdf : geopandas.GeoDataFrame, optional
        Building footprints; their cells become blocked.
    landcover_gdf : geopandas.GeoDataFrame, optional
        Polygons with a ``landcover_column`` whose values are class names
        (keys of ``manning``); later rows overwrite earlier ones.
    resolution_m : float, optional
        Target cell size (m). ``None`` keeps the DEM's; a coarser value
        aggregates with ``Resampling.average``; finer is refused.
    nodata : float, optional
        Value of ``z`` that marks holes (besides NaN).
    vertical_unit : {"m", "ft", "us-ft"}, default "m"
        Unit of ``z``; feet are converted to metres.
    landcover_column : str, default "class"
        Column of ``landcover_gdf`` holding the class names.
    default_class : str, default "sealed"
        Class of cells not covered by any land-cover polygon.
    manning : mapping, default ``DEFAULT_MANNING``
        Manning's n per class (s/m^(1/3)).
    infiltration_mm_h : mapping, default ``DEFAULT_INFILTRATION_MM_H``
        Infiltration capacity per class (mm/h).
    drainage_mm_h : mapping, default ``DEFAULT_DRAINAGE_MM_H``
        Sewer drainage capacity per class (mm/h).

    Returns
    -------
    FloodGrid

    Raises
    ------
    ValueError
        Missing or geographic CRS, non-square pixels, nodata holes outside
        buildings (count and location given), unknown land-cover classes,
        bad parameters.
    """
    from rasterio import Affine
    from rasterio.enums import Resampling
    from rasterio.features import rasterize
    from rasterio.warp import reproject

    vu = _vertical_unit(vertical_unit)
    if crs is None:
        raise ValueError("the DEM has no CRS; give the grid's CRS (e.g. EPSG:25832, ETRS89 / UTM 32N).")
    if crs.is_geographic:
        raise ValueError(
            f"the DEM CRS {crs.to_string()} is geographic (degrees); reproject it to a "
            "metric CRS such as EPSG:25832 (`gdalwarp -t_srs EPSG:25832 in.tif out.tif`)."
        )
    xres, yres = abs(transform.a), abs(transform.e)
    if transform.b != 0 or transform.d != 0:
        raise ValueError("the DEM is rotated; warp it to a north-up grid first.")
    if abs(xres - yres) > 1e-6 * max(xres, yres) and resolution_m is None:
        raise ValueError(
            f"the DEM pixels are not square ({xres:g} x {yres:g} m); pass resolution_m "
            "to resample to square cells."
        )
    source = np.asarray(z)
    if resolution_m is None or np.isclose(resolution_m, xres) and np.isclose(resolution_m, yres):
        z = source.astype(np.float64)
        dx = xres
    else:
        if not np.isfinite(resolution_m) or resolution_m <= 0:
            raise ValueError(f"resolution_m must be > 0 m, got {resolution_m!r}.")
        if resolution_m < max(xres, yres) * (1 - 1e-9):
            raise ValueError(
                f"resolution_m={resolution_m:g} m is finer than the DEM ({xres:g} m); "
                "refining would invent detail. Use resolution_m=None or a coarser value."
            )
        rows, cols = source.shape
        left, top = transform.c, transform.f
        right, bottom = transform.c + transform.a * cols, transform.f + transform.e * rows
        nx = max(1, int(np.floor((right - left) / resolution_m)))
        ny = max(1, int(np.floor((top - bottom) / resolution_m)))
        coarse = Affine(resolution_m, 0.0, left, 0.0, -resolution_m, top)
        z = np.full((ny, nx), np.nan)
        reproject(
            source=source,
            destination=z,
            src_transform=transform,
            src_crs=crs,
            src_nodata=np.nan if nodata is None else nodata,
            dst_transform=coarse,
            dst_crs=crs,
            dst_nodata=np.nan,
            resampling=Resampling.average,
        )
        transform = coarse
        dx = float(resolution_m)
    if nodata is not None and not np.isnan(nodata):
        z[z == nodata] = np.nan
    if vu != "m":
        z = z * _FEET_TO_M[vu]
    shape = z.shape

    # buildings -> blocked
    blocked = np.zeros(shape, dtype=bool)
    if buildings_gdf is not None and len(buildings_gdf) > 0:
        b = _to_crs(buildings_gdf, crs, "buildings_gdf")
        geoms = [g for g in b.geometry if g is not None and not g.is_empty]
        if geoms:
            blocked = rasterize(
                [(g, 1) for g in geoms], out_shape=shape, transform=transform, fill=0, dtype="uint8"
            ).astype(bool)

    # nodata holes: allowed under buildings (filled from nearest), else an error
    holes = ~np.isfinite(z)
    bad = holes & ~blocked
    if bad.any():
        rows, cols = np.nonzero(bad)
        x0, y0 = transform * (cols.min(), rows.min())
        x1, y1 = transform * (cols.max() + 1, rows.max() + 1)
        raise ValueError(
            f"the DEM has {int(bad.sum())} nodata cell(s) outside buildings in rows "
            f"{rows.min()}-{rows.max()}, cols {cols.min()}-{cols.max()} (map x {min(x0, x1):.1f}-"
            f"{max(x0, x1):.1f}, y {min(y0, y1):.1f}-{max(y0, y1):.1f}); fill them, e.g. with "
            "rasterio.fill.fillnodata or `gdal_fillnodata.py`, or clip the DEM to its valid area."
        )
    if holes.all():
        raise ValueError("the DEM has no valid cell at all.")
    if holes.any():
        _, (ri, ci) = ndimage.distance_transform_edt(holes, return_indices=True)
        z = z[ri, ci]

    # land cover -> class index
    classes = list(dict.fromkeys([default_class, *manning.keys()]))
    if default_class not in manning:
        raise ValueError(
            f"default_class {default_class!r} is not a key of manning {sorted(manning)}."
        )
    _validate_table("manning", manning, classes, True)
    _validate_table("infiltration_mm_h", infiltration_mm_h, classes, False)
    _validate_table("drainage_mm_h", drainage_mm_h, classes, False)
    code = np.zeros(shape, dtype=np.int32)  # index into classes; 0 = default_class
    if landcover_gdf is not None and len(landcover_gdf) > 0:
        if landcover_column not in landcover_gdf.columns:
            raise ValueError(
                f"landcover_gdf has no column {landcover_column!r}; its columns are "
                f"{list(landcover_gdf.columns)}. Pass landcover_column=..."
            )
        lc = _to_crs(landcover_gdf, crs, "landcover_gdf")
        values = [str(v) for v in lc[landcover_column]]
        unknown = sorted(set(values) - set(classes))
        if unknown:
            raise ValueError(
                f"landcover_gdf has unknown class(es) {unknown}; known classes are {classes}. "
                "Map them to these names or extend manning/infiltration_mm_h/drainage_mm_h."
            )
        shapes = [
            (g, classes.index(v)) for g, v in zip(lc.geometry, values) if g is not None and not g.is_empty
        ]
        if shapes:
            code = rasterize(shapes, out_shape=shape, transform=transform, fill=0, dtype="int32")
    lut_n = np.array([float(manning[c]) for c in classes])
    lut_i = np.array([float(infiltration_mm_h[c]) for c in classes])
    lut_d = np.array([float(drainage_mm_h[c]) for c in classes])
    grid = FloodGrid(
        z=z,
        blocked=blocked,
        manning_n=lut_n[code],
        infiltration_mm_h=lut_i[code],
        drainage_mm_h=lut_d[code],
        dx=float(dx),
        transform=transform,
        crs=crs,
    )
    grid.validate()
    return grid


def _to_crs(gdf: Any, crs: Any, name: str) -> Any:
    """Reproject ``gdf`` to the DEM CRS; refuse layers without a CRS."""
    if gdf.crs is None:
        raise ValueError(
            f"{name} has no CRS; set it (gdf.set_crs('EPSG:25832')) so it can be matched to the DEM."
        )
    return gdf if gdf.crs == crs else gdf.to_crs(crs)
