"""Raster helpers shared by the inputs, the terrain and the scenario artifacts.

``inner_window`` peels a reprojected raster down to an axis-aligned window of valid cells (a
warped, slightly rotated rectangle loses thin triangles at its corners); ``write_geotiff`` writes
a float grid as a compressed, georeferenced GeoTIFF — the form in which results are kept for
download and for GIS users.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["inner_window", "write_geotiff"]


def inner_window(valid: np.ndarray) -> tuple[int, int, int, int]:
    """An axis-aligned window (row0, row1, col0, col1) holding only valid cells.

    Peels off the edge row or column with the most invalid cells until none is left.

    Raises
    ------
    ValueError
        If no window of at least 2 × 2 cells is fully valid.
    """
    r0, r1, c0, c1 = 0, valid.shape[0], 0, valid.shape[1]
    while r1 - r0 > 1 and c1 - c0 > 1:
        window = valid[r0:r1, c0:c1]
        bad = [(~window[0]).sum(), (~window[-1]).sum(), (~window[:, 0]).sum(), (~window[:, -1]).sum()]
        worst = int(np.argmax(bad))
        if bad[worst] == 0:
            return r0, r1, c0, c1
        if worst == 0:
            r0 += 1
        elif worst == 1:
            r1 -= 1
        elif worst == 2:
            c0 += 1
        else:
            c1 -= 1
    raise ValueError("The warped raster has no fully valid window.")


def write_geotiff(path: Path, array: np.ndarray, transform: object, crs: object) -> None:
    """Write a 2D grid as a float32 GeoTIFF (NaN = nodata, deflate with the floating-point
    predictor, tiled when at least 256 × 256 cells).
    """
    import rasterio

    rows, cols = array.shape
    with rasterio.open(path, "w", driver="GTiff", width=cols, height=rows, count=1, dtype="float32", crs=crs,
                       transform=transform, nodata=np.nan, compress="deflate", predictor=3,
                       tiled=rows >= 256 and cols >= 256) as dst:
        dst.write(array.astype("float32"), 1)
