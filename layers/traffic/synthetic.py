"""Small synthetic grid cities for tests and benchmarks (EPSG:25832 coordinates).

Grid of ``nx`` x ``ny`` intersections with ``spacing_m`` spacing; every
``main_every``-th row and column is a two-lane two-way ``secondary`` road at
50 km/h, the middle row is ``primary`` and continues one block beyond the grid on both
sides (dead ends on the boundary, so both become external gates), other streets are two-way ``residential``
at 50 km/h with 1 lane total.  One building per block with residents and jobs.
"""

from __future__ import annotations

import numpy as np

__all__ = ["grid_roads", "grid_buildings"]

_X0, _Y0 = 500_000.0, 5_700_000.0
CRS = "EPSG:25832"


def grid_roads(nx: int = 6, ny: int = 6, spacing_m: float = 100.0, main_every: int = 3):
    """Return a GeoDataFrame of grid roads following the roads.fgb contract."""
    import geopandas as gpd
    from shapely.geometry import LineString

    rows = []
    mid = ny // 2

    def cls(k: int, is_mid: bool) -> str:
        if is_mid:
            return "primary"
        return "secondary" if k % main_every == 0 else "residential"

    for j in range(ny):
        for i in range(nx - 1):
            c = cls(j, j == mid)
            rows.append((f"h_{i}_{j}", c, (i, j), (i + 1, j)))
    for i in range(nx):
        for j in range(ny - 1):
            c = cls(i, False)
            rows.append((f"v_{i}_{j}", c, (i, j), (i, j + 1)))
    # primary stubs leaving the district on both sides (external gates)
    rows.append(("h_west_stub", "primary", (-1, mid), (0, mid)))
    rows.append(("h_east_stub", "primary", (nx - 1, mid), (nx, mid)))
    ids, classes, geoms, lanes = [], [], [], []
    for rid, c, p, q in rows:
        ids.append(rid)
        classes.append(c)
        geoms.append(LineString([(_X0 + p[0] * spacing_m, _Y0 + p[1] * spacing_m),
                                 (_X0 + q[0] * spacing_m, _Y0 + q[1] * spacing_m)]))
        lanes.append(2 if c in ("primary", "secondary") else 1)
    n = len(ids)
    return gpd.GeoDataFrame(
        {"id": ids, "class": classes, "maxspeed": [50] * n, "lanes": lanes, "oneway": [False] * n,
         "name": [f"Straße {r}" for r in ids]},
        geometry=geoms, crs=CRS,
    )


def grid_buildings(nx: int = 6, ny: int = 6, spacing_m: float = 100.0, seed: int = 1,
                   residents: int = 120, jobs: int = 80):
    """One 20 m square building per block with random residents and jobs."""
    import geopandas as gpd
    from shapely.geometry import box

    rng = np.random.default_rng(seed)
    geoms, res, job = [], [], []
    for i in range(nx - 1):
        for j in range(ny - 1):
            cx = _X0 + (i + 0.5) * spacing_m
            cy = _Y0 + (j + 0.5) * spacing_m
            geoms.append(box(cx - 10, cy - 10, cx + 10, cy + 10))
            res.append(int(rng.integers(0, 2 * residents)))
            job.append(int(rng.integers(0, 2 * jobs)))
    return gpd.GeoDataFrame({"residents": res, "jobs": job}, geometry=geoms, crs=CRS)
