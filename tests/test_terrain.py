"""Terrain encoding, shading and the warp to a lon/lat grid (alignment with vector data)."""

from __future__ import annotations

import numpy as np
from affine import Affine
from pyproj import Transformer
from rasterio.crs import CRS

from layers.rasters import inner_window
from layers.terrain import TERRARIUM_DECODER, encode_terrarium, hillshade, warp_to_lonlat


def _decode(rgb: np.ndarray) -> np.ndarray:
    d = TERRARIUM_DECODER
    rgb = rgb.astype(float)
    return rgb[..., 0] * d["rScaler"] + rgb[..., 1] * d["gScaler"] + rgb[..., 2] * d["bScaler"] + d["offset"]


def test_terrarium_round_trip_within_one_256th_metre() -> None:
    z = np.array([[-12.3, 0.0, 151.777], [2962.0, 88.001, 0.004]])
    assert np.abs(_decode(encode_terrarium(z)) - z).max() < 1 / 256


def test_hillshade_flat_and_slopes() -> None:
    flat = hillshade(np.zeros((5, 5)), resolution_m=2.0, exaggeration=1.0)
    assert np.allclose(flat, np.sin(np.radians(45)))
    # A slope facing the light (rising to the south-east, so the face looks north-west) is brighter.
    rows, cols = np.mgrid[0:20, 0:20]
    facing = hillshade((rows + cols) * 1.0, resolution_m=2.0, exaggeration=1.0)
    away = hillshade(-(rows + cols) * 1.0, resolution_m=2.0, exaggeration=1.0)
    assert facing[10, 10] > flat[0, 0] > away[10, 10]


def test_inner_window_peels_corners() -> None:
    valid = np.ones((10, 10), bool)
    valid[0, :3] = False
    valid[9, 8:] = False
    r0, r1, c0, c1 = inner_window(valid)
    assert valid[r0:r1, c0:c1].all()
    assert (r1 - r0) * (c1 - c0) >= 80


def test_warp_puts_a_utm_feature_at_its_lonlat() -> None:
    """A single high cell in a UTM grid must land where pyproj puts its centre (within a pixel):
    the grid convergence (~0.8° here) would move it tens of metres if the image were not warped.
    """
    res, n = 2.0, 400
    x0, y0 = 568000.0, 5656000.0
    z = np.zeros((n, n), "float32")
    z[300:304, 60:64] = 100.0  # a 8 m block near the lower-left (rotation matters most far from centre)
    transform = Affine(res, 0, x0, 0, -res, y0)
    image = warp_to_lonlat(z, transform, CRS.from_epsg(25832), max_size=1000)
    west, south, east, north = image.bounds
    rows, cols = image.pixels.shape
    peak = np.unravel_index(np.argmax(image.pixels), image.pixels.shape)
    lon = west + (peak[1] + 0.5) / cols * (east - west)
    lat = north - (peak[0] + 0.5) / rows * (north - south)
    cx, cy = x0 + 62 * res, y0 - 302 * res
    expect_lon, expect_lat = Transformer.from_crs(25832, 4326, always_xy=True).transform(cx, cy)
    metres_lon = (lon - expect_lon) * 111320 * np.cos(np.radians(lat))
    metres_lat = (lat - expect_lat) * 110574
    assert abs(metres_lon) < 3.0 and abs(metres_lat) < 3.0, (metres_lon, metres_lat)


def test_warp_with_shared_bounds_keeps_bounds() -> None:
    z = np.arange(100 * 100, dtype="float32").reshape(100, 100)
    transform = Affine(2.0, 0, 568000.0, 0, -2.0, 5656000.0)
    first = warp_to_lonlat(z, transform, CRS.from_epsg(25832), max_size=50)
    second = warp_to_lonlat(z, transform, CRS.from_epsg(25832), max_size=80, bounds=first.bounds)
    assert second.bounds == first.bounds
    assert max(second.pixels.shape) == 80 and np.isfinite(second.pixels).all()
