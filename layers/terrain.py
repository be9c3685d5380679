"""Terrain artifacts: a Terrarium-encoded elevation image for deck.gl's TerrainLayer and a shaded,
land-cover-tinted texture draped on it.

deck.gl's TerrainLayer (single-image mode) spreads the image linearly between its ``bounds`` in
longitude/latitude, so both images are warped (``rasterio.warp``) from the metric working CRS to a
regular EPSG:4326 grid; that removes the UTM grid convergence (~0.8° at 10° E) that would otherwise
put buildings tens of metres off their terrain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from affine import Affine
from rasterio.crs import CRS
from rasterio.features import rasterize
from rasterio.warp import Resampling, calculate_default_transform, reproject
from scipy.ndimage import distance_transform_edt

from layers.inputs import Dem
from layers.rasters import inner_window

__all__ = ["LANDCOVER_COLOURS", "TERRARIUM_DECODER", "LonLatImage", "encode_terrarium", "hillshade", "terrain_texture",
           "warp_to_lonlat"]

WGS84 = CRS.from_epsg(4326)

# deck.gl elevationDecoder for Terrarium RGB: height (m) = R*256 + G + B/256 - 32768.
TERRARIUM_DECODER = {"rScaler": 256.0, "gScaler": 1.0, "bScaler": 1.0 / 256.0, "offset": -32768.0}

# Texture colours (sRGB) per land cover class, before shading.
LANDCOVER_COLOURS = {
    "sealed": (214, 210, 203),
    "green": (190, 214, 160),
    "water": (150, 190, 222),
}
DEFAULT_COLOUR = (222, 218, 205)


@dataclass
class LonLatImage:
    """An image on a regular WGS84 grid; ``bounds`` = [west, south, east, north] (degrees)."""

    pixels: np.ndarray
    bounds: list[float]


def hillshade(z: np.ndarray, *, resolution_m: float, azimuth_deg: float = 315.0, altitude_deg: float = 45.0,
              exaggeration: float = 2.0) -> np.ndarray:
    """Lambertian hillshade in [0, 1] of an elevation grid (m) with square pixels of ``resolution_m`` (m).

    Rows run north → south (a north-up raster). ``exaggeration`` scales slopes so the gentle relief
    of a town (1–3 %) still reads.
    """
    dz_dy, dz_dx = np.gradient(z.astype("float64") * exaggeration, resolution_m)
    dz_dy = -dz_dy  # row index grows southwards
    az, alt = np.radians(azimuth_deg), np.radians(altitude_deg)
    # Surface normal (-dz/dx, -dz/dy, 1), light from azimuth (clockwise from north) and altitude.
    light = np.array([np.sin(az) * np.cos(alt), np.cos(az) * np.cos(alt), np.sin(alt)])
    norm = np.sqrt(dz_dx**2 + dz_dy**2 + 1.0)
    shade = (-dz_dx * light[0] - dz_dy * light[1] + light[2]) / norm
    return np.clip(shade, 0.0, 1.0)


def terrain_texture(dem: Dem, cover_shapes: list[tuple[object, str]]) -> np.ndarray:
    """RGB texture (uint8, rows × cols × 3) on the DEM grid: land-cover colour × hillshade.

    Parameters
    ----------
    dem
        The DEM in the working CRS.
    cover_shapes
        (geometry, class) pairs in the working CRS; later pairs paint over earlier ones.
    """
    classes = list(LANDCOVER_COLOURS)
    codes = np.zeros(dem.z.shape, dtype="uint8")
    shapes = [(geom, classes.index(cls) + 1) for geom, cls in cover_shapes if cls in LANDCOVER_COLOURS]
    if shapes:
        codes = rasterize(shapes, out_shape=dem.z.shape, transform=dem.transform, fill=0, dtype="uint8")
    palette = np.array([DEFAULT_COLOUR] + [LANDCOVER_COLOURS[c] for c in classes], dtype="float32")
    shade = hillshade(dem.z, resolution_m=dem.resolution_m)
    # Keep flat ground bright (shade of a flat cell is sin(45°) ≈ 0.71): scale so flat → 1.
    factor = np.clip(0.35 + 0.65 * shade / np.sin(np.radians(45.0)), 0.0, 1.15)
    rgb = palette[codes] * factor[..., None]
    return np.clip(rgb, 0, 255).astype("uint8")


def warp_to_lonlat(bands: np.ndarray, transform: Affine, crs: CRS, *, max_size: int,
                   resampling: Resampling = Resampling.bilinear, bounds: list[float] | None = None) -> LonLatImage:
    """Warp a (rows, cols) or (rows, cols, bands) grid to a regular WGS84 grid of at most
    ``max_size`` pixels on its longer side, cropped to cells that are fully covered.

    With ``bounds`` ([west, south, east, north], degrees, inside the data) the output covers
    exactly those bounds, so several images (elevation, texture, scenario overlays) can share one
    terrain mesh and its texture coordinates.
    """
    data = bands if bands.ndim == 3 else bands[..., None]
    rows, cols, nb = data.shape
    left, top = transform @ (0, 0)
    right, bottom = transform @ (cols, rows)
    dst_transform, width, height = calculate_default_transform(crs, WGS84, cols, rows, left=left, bottom=bottom,
                                                               right=right, top=top)
    if bounds is not None:
        west, south, east, north = bounds
        pixel = abs(dst_transform.a)
        width, height = round((east - west) / pixel), round((north - south) / pixel)
        dst_transform = Affine((east - west) / width, 0, west, 0, -(north - south) / height, north)
    scale = max(width, height) / max_size
    if scale > 1:
        width, height = int(np.ceil(width / scale)), int(np.ceil(height / scale))
        if bounds is not None:
            dst_transform = Affine((east - west) / width, 0, west, 0, -(north - south) / height, north)
        else:
            dst_transform = dst_transform @ Affine.scale(scale)
    out = np.full((nb, height, width), np.nan, dtype="float32")
    for b in range(nb):
        reproject(data[..., b].astype("float32"), out[b], src_transform=transform, src_crs=crs,
                  dst_transform=dst_transform, dst_crs=WGS84, resampling=resampling,
                  src_nodata=np.nan, dst_nodata=np.nan)
    if bounds is not None:
        missing = ~np.isfinite(out).all(axis=0)
        if missing.mean() > 0.01:
            raise ValueError("The requested bounds reach outside the raster.")
        if missing.any():  # a sliver at the edge: copy the nearest valid pixel
            nearest = distance_transform_edt(missing, return_distances=False, return_indices=True)
            out = out[:, nearest[0], nearest[1]]
        return LonLatImage(pixels=np.moveaxis(out, 0, -1) if bands.ndim == 3 else out[0], bounds=list(bounds))
    r0, r1, c0, c1 = inner_window(np.isfinite(out).all(axis=0))
    out = out[:, r0:r1, c0:c1]
    crop = dst_transform @ Affine.translation(c0, r0)
    west, north = crop @ (0, 0)
    east, south = crop @ (out.shape[2], out.shape[1])
    pixels = np.moveaxis(out, 0, -1)
    return LonLatImage(pixels=pixels if bands.ndim == 3 else pixels[..., 0],
                       bounds=[float(west), float(south), float(east), float(north)])


def encode_terrarium(z: np.ndarray) -> np.ndarray:
    """Encode elevations (m) as Terrarium RGB (uint8): R*256 + G + B/256 - 32768, 1/256 m steps."""
    v = np.clip(z.astype("float64") + 32768.0, 0, 65535.996)
    r = np.floor(v / 256.0)
    g = np.floor(v - r * 256.0)
    b = np.floor((v - r * 256.0 - g) * 256.0)
    return np.stack([r, g, b], axis=-1).astype("uint8")
