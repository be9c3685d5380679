"""Building heights with counted fallbacks, and residents / jobs estimated from floor area.

Height (m): ``height_m`` if positive, else ``storeys × storey_height_m``, else ``default_height_m``.
Residents and jobs (only when the input has neither field): floor area = footprint × storeys
(storeys = height / storey height when unknown), then one resident per ``M2_PER_RESIDENT`` of
residential floor area and one job per ``M2_PER_JOB`` of commercial / public (``M2_PER_JOB_INDUSTRY``
industrial) floor area; mixed-use buildings (homes with shops or offices) and buildings of unknown
use (``other``, e.g. OSM ``building=yes``) count half as homes and half as workplaces; ancillary
buildings (garages, carports, roofs, sheds, garden and weekend houses:
``layers.importers.adv_functions``) hold neither. Rough on purpose: enough to drive the traffic
model's demand.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

__all__ = ["fill_heights", "estimate_residents_jobs", "M2_PER_RESIDENT", "M2_PER_JOB"]

M2_PER_RESIDENT = 45.0  # living space per resident (Germany ≈ 47 m², Destatis 2022)
M2_PER_JOB = 30.0  # office / retail / public floor area per job
M2_PER_JOB_INDUSTRY = 100.0
SHEDS_BELOW_M2 = 30.0  # footprints smaller than this hold nobody (garages, kiosks)


def fill_heights(frame: gpd.GeoDataFrame, *, storey_height_m: float,
                 default_height_m: float) -> tuple[gpd.GeoDataFrame, dict]:
    """Give every building a positive ``height_m`` (m) and ``storeys``; count where each came from.

    Returns
    -------
    frame
        A copy with ``height_m`` filled (rounded to 0.1 m), ``storeys`` filled where missing, and
        ``height_source`` (``data``, ``storeys`` or ``default``).
    counts
        ``{"data": n, "storeys": n, "default": n}``.
    """
    frame = frame.copy()
    height = (pd.to_numeric(frame["height_m"], errors="coerce") if "height_m" in frame
              else pd.Series(np.nan, index=frame.index))
    storeys = (pd.to_numeric(frame["storeys"], errors="coerce") if "storeys" in frame
               else pd.Series(np.nan, index=frame.index))
    has_height = height.notna() & (height > 0)
    has_storeys = storeys.notna() & (storeys > 0)
    source = np.where(has_height, "data", np.where(has_storeys, "storeys", "default"))
    height = height.where(has_height, storeys * storey_height_m).where(has_height | has_storeys, default_height_m)
    storeys = storeys.where(has_storeys, np.maximum(1.0, np.round(height / storey_height_m)))
    frame["height_m"] = np.round(height.to_numpy(dtype=float), 1)
    frame["storeys"] = storeys.to_numpy(dtype=float)
    frame["height_source"] = source
    counts = {key: int((source == key).sum()) for key in ("data", "storeys", "default")}
    return frame, counts


def estimate_residents_jobs(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add ``residents`` and ``jobs`` from floor area (see the module text); ``frame`` must be in a
    metric CRS and have ``height_m`` and ``storeys``.
    """
    frame = frame.copy()
    footprint = frame.geometry.area.to_numpy()
    floor_area = footprint * frame["storeys"].to_numpy(dtype=float)
    floor_area[footprint < SHEDS_BELOW_M2] = 0.0
    use = frame["use"].astype(str).to_numpy() if "use" in frame else np.full(len(frame), "other")
    half = np.isin(use, ["mixed", "other"])
    home_share = np.select([use == "residential", half], [1.0, 0.5], 0.0)
    per_job = np.where(use == "industrial", M2_PER_JOB_INDUSTRY, M2_PER_JOB)
    job_share = np.select([np.isin(use, ["commercial", "public", "industrial"]), half], [1.0, 0.5], 0.0)
    frame["residents"] = np.round(floor_area * home_share / M2_PER_RESIDENT).astype(int)
    frame["jobs"] = np.round(floor_area * job_share / per_job).astype(int)
    return frame
