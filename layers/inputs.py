"""Read and validate a city's input files (vector layers and the DEM).

Each reader returns data in the city's metric working CRS and raises ``InputError`` naming the
file, the feature or field, and the fix. Invalid geometries are repaired with ``make_valid`` and
counted, not silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
import rasterio.errors
import shapely
from affine import Affine
from rasterio.warp import Resampling, calculate_default_transform, reproject

from layers.errors import InputError
from layers.rasters import inner_window

__all__ = ["Dem", "VectorLayer", "read_dem", "prepare_frame", "check_overlap"]

MIN_DEM_CELLS = 4   # a DEM needs at least this many cells each way to be warped and meshed
# Geometry families each input kind must hold.
GEOMETRY_FAMILIES = {
    "buildings": ("Polygon", "MultiPolygon"),
    "roads": ("LineString", "MultiLineString"),
    "water": ("Polygon", "MultiPolygon"),
    "landcover": ("Polygon", "MultiPolygon"),
    "zones": ("Polygon", "MultiPolygon"),
    "railways": ("LineString", "MultiLineString"),
    # heavy-rain measure sites: areas (retention, swales) and lines (emergency flow paths)
    "measures": ("Polygon", "MultiPolygon", "LineString", "MultiLineString"),
}


@dataclass
class VectorLayer:
    """A vector input in the working CRS, with what validation did to it."""

    frame: gpd.GeoDataFrame
    path: Path
    repaired: int = 0
    dropped_empty: int = 0
    collapsed: int = 0


@dataclass
class Dem:
    """A digital elevation model in the working CRS.

    Attributes
    ----------
    z
        Elevations (m), float32, shape (rows, cols); no nodata holes.
    transform
        Affine pixel → working-CRS transform.
    crs
        The working CRS.
    path
        The file it came from.
    """

    z: np.ndarray
    transform: Affine
    crs: rasterio.crs.CRS
    path: Path

    @property
    def resolution_m(self) -> float:
        """Pixel size (m)."""
        return float(abs(self.transform.a))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) in the working CRS (m)."""
        rows, cols = self.z.shape
        x0, y0 = self.transform @ (0, 0)
        x1, y1 = self.transform @ (cols, rows)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    def sample(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Bilinear elevation (m) at working-CRS points; points outside are clamped to the edge."""
        inv = ~self.transform
        col, row = inv @ (np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        col = np.clip(col - 0.5, 0, self.z.shape[1] - 1.000001)
        row = np.clip(row - 0.5, 0, self.z.shape[0] - 1.000001)
        c0, r0 = np.floor(col).astype(int), np.floor(row).astype(int)
        fc, fr = col - c0, row - r0
        z = self.z
        top = z[r0, c0] * (1 - fc) + z[r0, c0 + 1] * fc
        bottom = z[r0 + 1, c0] * (1 - fc) + z[r0 + 1, c0 + 1] * fc
        return top * (1 - fr) + bottom * fr


def prepare_frame(frame: gpd.GeoDataFrame, path: Path, *, kind: str, crs: str,
                  required_fields: tuple[str, ...] = ()) -> VectorLayer:
    """Validate a vector input read by any importer and bring it to the working CRS (m): CRS set,
    not empty, required fields present, geometry family right, invalid geometries repaired and
    counted (``make_valid``), empty geometries dropped and counted.
    """
    if frame.crs is None:
        raise InputError(path, f"The {kind} file has no coordinate reference system.",
                         f"Assign the CRS the coordinates are in, e.g. `ogr2ogr -a_srs {crs} out.fgb {path.name}`.")
    if len(frame) == 0:
        raise InputError(path, f"The {kind} file holds no features.",
                         f"Export the {kind} layer again with its features, or remove it from city.toml.")
    missing = [name for name in required_fields if name not in frame.columns]
    if missing:
        raise InputError(path, f"The {kind} file lacks the field(s) {', '.join(missing)}.",
                         "Add the field(s) or map your own field names to them "
                         f"(found: {', '.join(map(str, frame.columns[:12]))}).",
                         field=", ".join(missing))

    empty = frame.geometry.isna() | frame.geometry.is_empty
    frame = frame.loc[~empty].copy()
    if len(frame) == 0:
        raise InputError(path, f"Every feature in the {kind} file has an empty geometry.",
                         "Export the layer again with its geometries.")
    families = GEOMETRY_FAMILIES.get(kind)
    if families:
        wrong = ~frame.geom_type.isin(families)
        if wrong.any():
            first = frame.index[wrong][0]
            raise InputError(path, f"{int(wrong.sum())} {kind} feature(s) are not {' or '.join(families)} "
                             f"(first: row {first}, a {frame.geom_type[first]}).",
                             f"Keep only {' / '.join(families)} geometries in the {kind} layer.", field="geometry")
    invalid = ~frame.geometry.is_valid
    repaired = int(invalid.sum())
    collapsed = 0
    if repaired:
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
        if families:
            before = len(frame)
            frame = _keep_family(frame, families)
            collapsed = before - len(frame)
            if not len(frame):
                raise InputError(path, f"Every {kind} geometry is degenerate (no area or length left once repaired).",
                                 "Export the layer again with its geometries.")
    frame = frame.to_crs(crs)
    return VectorLayer(frame=frame.reset_index(drop=True), path=path, repaired=repaired, dropped_empty=int(empty.sum()),
                       collapsed=collapsed)


def _keep_family(frame: gpd.GeoDataFrame, families: tuple[str, ...]) -> gpd.GeoDataFrame:
    """After make_valid, keep only the parts of the wanted family (a repaired polygon may become a
    collection of a polygon and a stray line) and drop features with none (a polygon without area
    becomes a line or a point).
    """
    geoms = []
    for geom in frame.geometry.values:
        if geom.geom_type == "GeometryCollection":
            parts = [g for g in geom.geoms if g.geom_type in families]
            geom = shapely.union_all(parts) if parts else shapely.Polygon()
        elif geom.geom_type not in families:
            geom = shapely.Polygon()
        geoms.append(geom)
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    return frame.loc[~frame.geometry.is_empty]


def read_dem(path: Path, *, crs: str, resolution_m: float | None = None) -> Dem:
    """Read the DEM and bring it to the working CRS (m).

    Nodata holes are an error (they would become cliffs in the terrain and sinks in a flood model).

    Parameters
    ----------
    resolution_m
        Read the DEM this coarse (m, in the working CRS; cells averaged by GDAL on reading), or at
        its own resolution (None).
    """
    try:
        with rasterio.open(path) as src:
            if src.crs is None:
                raise InputError(path, "The DEM has no coordinate reference system.",
                                 f"Assign it, e.g. `gdal_edit.py -a_srs {crs} {path.name}`.")
            transform, src_crs = src.transform, src.crs
            if resolution_m is None:
                z = src.read(1, masked=True).astype("float32")
            else:  # GDAL averages the cells on reading (overviews if the file has them)
                shape = _coarser_shape(src, crs, resolution_m)
                z = src.read(1, masked=True, out_shape=shape, resampling=Resampling.average).astype("float32")
                transform = transform * Affine.scale(src.width / shape[1], src.height / shape[0])
    except rasterio.errors.RasterioIOError as err:
        raise InputError(path, f"The DEM cannot be read as a raster ({err}).",
                         "Check that the file is a complete GeoTIFF (download it again or re-export it).") from None
    if z.size == 0:
        raise InputError(path, "The DEM has no cells.", "Export the DEM again.")
    if transform.b or transform.d:
        raise InputError(path, "The DEM's grid is rotated against its CRS's axes.",
                         f"Warp it north-up first (`gdalwarp -t_srs {crs} {path.name} dem_north_up.tif`).")
    if min(z.shape) < MIN_DEM_CELLS:
        raise InputError(path, f"The DEM has only {z.shape[1]} × {z.shape[0]} cells of {abs(transform.a):g} "
                         "(CRS units): too few to shape any terrain.",
                         f"Use a DEM with at least {MIN_DEM_CELLS} cells each way (or a smaller resolution_m in "
                         "[inputs.dem]), or name none for flat ground.")
    holes = np.ma.getmaskarray(z) | ~np.isfinite(z.filled(np.nan))
    if holes.any():
        rows, cols = np.nonzero(holes)
        x, y = transform @ (int(cols[0]) + 0.5, int(rows[0]) + 0.5)
        raise InputError(path, f"The DEM has {int(holes.sum())} nodata/NaN cell(s) (first near x={x:.1f}, y={y:.1f}).",
                         "Fill the holes (e.g. `gdal_fillnodata.py`) or use a complete DEM tile.")
    z = z.filled(np.nan)
    _check_elevations(z, transform, path)
    target = rasterio.crs.CRS.from_user_input(crs)
    if src_crs != target:
        rows, cols = z.shape
        left, top = transform @ (0, 0)
        right, bottom = transform @ (cols, rows)
        dst_transform, width, height = calculate_default_transform(src_crs, target, cols, rows,
                                                                   left=left, bottom=bottom, right=right, top=top)
        out = np.full((height, width), np.nan, dtype="float32")
        reproject(z, out, src_transform=transform, src_crs=src_crs, dst_transform=dst_transform,
                  dst_crs=target, resampling=Resampling.bilinear, src_nodata=np.nan, dst_nodata=np.nan)
        try:
            r0, r1, c0, c1 = inner_window(np.isfinite(out))
        except ValueError:
            raise InputError(path, "The DEM could not be reprojected to the working CRS.",
                             f"Reproject it to {crs} yourself (gdalwarp -t_srs {crs}).") from None
        z = out[r0:r1, c0:c1]
        transform = dst_transform @ Affine.translation(c0, r0)
    return Dem(z=z, transform=transform, crs=target, path=path)


def _coarser_shape(src: rasterio.io.DatasetReader, crs: str, resolution_m: float) -> tuple[int, int]:
    """(rows, cols) that read ``src`` with cells of about ``resolution_m`` (m in the working CRS ``crs``)."""
    from rasterio.warp import transform_bounds

    left, bottom, right, top = transform_bounds(src.crs, crs, *src.bounds)
    rows = max(1, int(round(abs(top - bottom) / resolution_m)))
    cols = max(1, int(round(abs(right - left) / resolution_m)))
    return min(rows, src.height), min(cols, src.width)


def _check_elevations(z: np.ndarray, transform: Affine, path: Path) -> None:
    """Refuse elevations no terrain on Earth has (m): mostly nodata cells the file does not declare
    (e.g. -3.4e38, the lowest float32, or -9999 without a nodata tag).
    """
    from layers.config_values import NUMBER_RANGES

    low, high = NUMBER_RANGES["city.ground_m"][:2]
    wrong = (z < low) | (z > high)
    if wrong.any():
        rows, cols = np.nonzero(wrong)
        value = float(z[rows[0], cols[0]])
        x, y = transform @ (int(cols[0]) + 0.5, int(rows[0]) + 0.5)
        raise InputError(
            path,
            f"The DEM has {int(wrong.sum())} cell(s) outside {low:g} … {high:g} m, heights no terrain "
            f"on Earth has (first {value:g} m near x={x:.1f}, y={y:.1f}): most likely nodata cells whose "
            "value the file does not declare.",
            f"Declare the nodata value (`gdal_edit.py -a_nodata {value!r} {path.name}`) and fill the holes "
            "(`gdal_fillnodata.py`), or check that the heights are in metres.",
            field="elevation",
        )


def check_overlap(dem: Dem, layer: VectorLayer, *, kind: str, min_share: float = 0.95) -> None:
    """Require that most of a vector layer lies on the DEM.

    Raises
    ------
    InputError
        If less than ``min_share`` of the features' representative points fall inside the DEM.
    """
    minx, miny, maxx, maxy = dem.bounds
    pts = layer.frame.geometry.representative_point()
    inside = (pts.x >= minx) & (pts.x <= maxx) & (pts.y >= miny) & (pts.y <= maxy)
    share = float(inside.mean())
    if share < min_share:
        bx = layer.frame.total_bounds
        raise InputError(dem.path, f"The DEM covers only {share:.0%} of the {kind} in {layer.path.name} "
                         f"(DEM x {minx:.0f}–{maxx:.0f}, y {miny:.0f}–{maxy:.0f}; {kind} x {bx[0]:.0f}–{bx[2]:.0f}, "
                         f"y {bx[1]:.0f}–{bx[3]:.0f} in {dem.crs.to_string()}).",
                         f"Use a DEM that covers the {kind} (mosaic more tiles), "
                         "or check that both files state the right CRS.")
