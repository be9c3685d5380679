"""Raster helpers shared by the inputs and the terrain.

``inner_window`` peels a reprojected raster down to an axis-aligned window of valid cells (a
warped, slightly rotated rectangle loses thin triangles at its corners). Results for GIS users are
written by ``layers.exports`` (cloud-optimised GeoTIFF).
"""

from __future__ import annotations

import numpy as np

__all__ = ["inner_window"]


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
