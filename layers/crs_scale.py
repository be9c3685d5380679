"""Is the working CRS true to scale over the city? Refuse one that stretches lengths by > 0.5 %.

``layers.config`` only knows that a CRS is projected; a projected CRS may still distort: Web
Mercator (EPSG:3857) stretches lengths by 1/cos(latitude), 1.56× at 50° N, so flood cells,
road lengths and floor areas would all be wrong. Once the buildings are read (and with them where
the city is), :func:`check_scale` asks PROJ for the scale factors of the working CRS
(``pyproj.Proj.get_factors``: meridional and parallel scale, Snyder 1987, *Map Projections — A
Working Manual*) on a grid of points over the data and refuses the CRS if any differs from 1 by
more than :data:`MAX_SCALE_ERROR`. UTM keeps within 0.04 % of 1 at its central meridian and about
0.1 % at a zone's edge in Germany, so any UTM or Gauss–Krüger zone that fits the city passes.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
from pyproj import CRS, Proj, Transformer

from layers.errors import InputError

__all__ = ["MAX_SCALE_ERROR", "scale_error", "check_scale", "working_crs"]

MAX_SCALE_ERROR = 0.005   # 0.5 % of every length; areas twice that
GRID_POINTS = 5           # per side of the sampled grid over the data's bounds
STRAY_KM = 100.0          # data wider than this: the message asks about stray features


def scale_error(crs: str, bounds: tuple[float, float, float, float]) -> tuple[float, float, float]:
    """The largest scale error of ``crs`` over ``bounds`` (minx, miny, maxx, maxy in ``crs``, m).

    Returns
    -------
    error, longitude, latitude
        max |scale − 1| over a grid of points (meridional and parallel scale), and where it occurs
        (WGS84 degrees).
    """
    minx, miny, maxx, maxy = bounds
    x, y = np.meshgrid(np.linspace(minx, maxx, GRID_POINTS), np.linspace(miny, maxy, GRID_POINTS))
    lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(x.ravel(), y.ravel())
    factors = Proj(CRS.from_user_input(crs)).get_factors(lon, lat)
    error = np.maximum(np.abs(np.asarray(factors.meridional_scale) - 1.0),
                       np.abs(np.asarray(factors.parallel_scale) - 1.0))
    worst = int(np.nanargmax(error))
    return float(error[worst]), float(lon[worst]), float(lat[worst])


def working_crs(frame: gpd.GeoDataFrame) -> str:
    """``EPSG:<code>`` of the WGS84 / UTM zone of the data's centroid (m): what ``crs = "auto"`` chooses."""
    utm = frame.estimate_utm_crs()
    return f"EPSG:{utm.to_epsg()}"


def check_scale(crs: str, frame: gpd.GeoDataFrame, *, path: Path, auto: bool) -> None:
    """Refuse the working CRS ``crs`` if it distorts lengths over ``frame`` (in ``crs``) by more than
    :data:`MAX_SCALE_ERROR`.

    Parameters
    ----------
    frame
        The buildings, in the working CRS: where the city is.
    path
        city.toml (named in the message, field ``city.crs``).
    auto
        ``crs = "auto"`` chose ``crs``: then the data span too much for any one zone.

    Raises
    ------
    InputError
        With the error (%), where it occurs, and ``crs = "auto"`` / the data's UTM zone as the fix.
    """
    minx, miny, maxx, maxy = frame.total_bounds
    error, lon, lat = scale_error(crs, (minx, miny, maxx, maxy))
    if not error > MAX_SCALE_ERROR:
        return
    problem = (
        f"The working CRS {crs} distorts lengths over this city (the buildings span {(maxx - minx) / 1000:,.1f} × "
        f"{(maxy - miny) / 1000:,.1f} km) by up to {error:.1%} (scale {1 + error:.3f} near {lon:.2f}° E, "
        f"{lat:.2f}° N); flood cells, road lengths and floor areas would be off by as much. At most "
        f"{MAX_SCALE_ERROR:.1%} is accepted."
    )
    if max(maxx - minx, maxy - miny) > STRAY_KM * 1000:
        problem += " If the city is smaller than that, look for buildings far away from it (a stray coordinate)."
    if auto:
        raise InputError(path, problem, "The data span more than one UTM zone can hold true to scale: build the area "
                         "as several cities, or name a CRS made for it under [city] crs.", field="city.crs")
    raise InputError(path, problem, f'Use crs = "auto" (here {working_crs(frame)}, the UTM zone of the data), or the '
                     "UTM zone of your data (e.g. EPSG:25832 for ETRS89 / UTM 32N, west Germany; EPSG:25833 east).",
                     field="city.crs")
