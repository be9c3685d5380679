"""A tiny hand-made city (400 m × 400 m) for fast unit and bad-input tests.

Small and fully under the tests' control: a sloping DEM with one sunken square, a 3 × 3 street
grid, 16 buildings (one named with HTML, to test escaping), a canal and land cover.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import LineString, box

X0, Y0, SIZE, RES = 568000.0, 5655000.0, 400.0, 2.0
CRS = "EPSG:25832"
XSS_NAME = "<img src=x onerror=alert(1)>"

CITY_TOML = """\
[city]
name = "Tiny Town"
synthetic = true
crs = "EPSG:25832"
description = "Test fixture"

[inputs]
dem = "dem.tif"
buildings = "buildings.fgb"
roads = "roads.fgb"
water = "water.fgb"
landcover = "landcover.fgb"

[scenarios]
enabled = []   # the unit tests build this city often; scenario tests enable what they need

[view]
longitude = 9.97287
latitude = 51.04428
zoom = 16.5
pitch = 45.0
bearing = 0.0
"""


def dem_array() -> np.ndarray:
    """Elevation (m): 150 m rising 2 % to the north, a 2 m deep square in the middle."""
    n = int(SIZE / RES)
    rows, cols = np.mgrid[0:n, 0:n]
    y = SIZE - (rows + 0.5) * RES
    x = (cols + 0.5) * RES
    z = 150.0 + 0.02 * y
    z -= 2.0 * ((np.abs(x - 200) < 20) & (np.abs(y - 200) < 20))
    return z.astype("float32")


def write_dem(path: Path, z: np.ndarray | None = None, *, crs: str | None = CRS) -> None:
    """Write the DEM (or ``z``) as a GeoTIFF, optionally without CRS."""
    z = dem_array() if z is None else z
    with rasterio.open(path, "w", driver="GTiff", width=z.shape[1], height=z.shape[0], count=1, dtype="float32",
                       crs=crs, transform=from_origin(X0, Y0 + SIZE, RES, RES), nodata=-9999.0) as dst:
        dst.write(z, 1)


def buildings_frame() -> gpd.GeoDataFrame:
    """16 buildings in the four blocks of the street grid."""
    rows = []
    k = 0
    for bx in (40, 240):
        for by in (40, 240):
            for dx in (0, 60):
                for dy in (0, 60):
                    k += 1
                    geom = box(X0 + bx + dx + 20, Y0 + by + dy + 20, X0 + bx + dx + 60, Y0 + by + dy + 55)
                    rows.append({"id": f"B{k:03d}", "height_m": 6.0 + 3 * (k % 5), "storeys": 2 + k % 5,
                                 "use": ["residential", "commercial", "public", "industrial"][k % 4],
                                 "residents": 10 * k, "jobs": 3 * k, "name": XSS_NAME if k == 1 else "",
                                 "geometry": geom})
    return gpd.GeoDataFrame(rows, crs=CRS)


def roads_frame() -> gpd.GeoDataFrame:
    """A 3 × 3 grid of streets split at intersections."""
    rows = []
    k = 0
    lines = (20, 200, 380)
    for i, a in enumerate(lines):
        for b0, b1 in zip(lines[:-1], lines[1:]):
            for geom in (LineString([(X0 + a, Y0 + b0), (X0 + a, Y0 + b1)]),
                         LineString([(X0 + b0, Y0 + a), (X0 + b1, Y0 + a)])):
                k += 1
                rows.append({"id": f"R{k:03d}", "class": "primary" if i == 1 else "residential",
                             "maxspeed": 50, "lanes": 2, "oneway": False, "name": f"Straße {k}", "geometry": geom})
    return gpd.GeoDataFrame(rows, crs=CRS)


def write_tiny_city(folder: Path) -> Path:
    """Write the tiny city into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "city.toml").write_text(CITY_TOML, encoding="utf-8")
    write_dem(folder / "dem.tif")
    buildings_frame().to_file(folder / "buildings.fgb", driver="FlatGeobuf")
    roads_frame().to_file(folder / "roads.fgb", driver="FlatGeobuf")
    gpd.GeoDataFrame({"name": ["Kanal"], "kind": ["river"]}, geometry=[box(X0 + 300, Y0, X0 + 312, Y0 + SIZE)],
                     crs=CRS).to_file(folder / "water.fgb", driver="FlatGeobuf")
    gpd.GeoDataFrame({"cover": ["green", "sealed"]},
                     geometry=[box(X0, Y0, X0 + SIZE, Y0 + SIZE), box(X0 + 180, Y0 + 180, X0 + 220, Y0 + 220)],
                     crs=CRS).to_file(folder / "landcover.fgb", driver="FlatGeobuf")
    return folder
