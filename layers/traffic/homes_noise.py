"""The traffic model's day as the noise model (``layers.noise``) reads it: roads as line sources, each
time slice's cross-section volume (veh/h, both directions) and permitted speed (km/h) per road.

The residential buildings and their coupling to the roads are computed once per build
(:func:`city_homes`); every run of the day (today, each variant) is then a :func:`day_traffic`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely

from layers.noise.exposure import Homes, homes
from layers.noise.levels import SliceTraffic
from layers.scenario_api import BuildContext
from layers.traffic.runs import TrafficModel
from layers.traffic.slices import TimeSlice

__all__ = ["building_ids", "city_homes", "day_traffic"]


def building_ids(frame: pd.DataFrame) -> list[str]:
    """The buildings' ids as ``buildings.json`` names them (``id``, else ``B`` and the row number)."""
    if "id" in frame:
        return frame["id"].astype(str).tolist()
    return [f"B{k:06d}" for k in range(len(frame))]


def city_homes(context: BuildContext, model: TrafficModel, roads: pd.Index) -> Homes:
    """The city's residential buildings coupled to the model's roads ``roads`` (road ids, in this order)."""
    frame = model.roads.loc[model.roads["id"].isin(roads), ["id", "geometry"]]
    lines = frame.groupby("id")["geometry"].agg(lambda parts: shapely.multilinestrings(
        shapely.get_parts(np.asarray(parts.values, dtype=object)))).reindex(roads)
    buildings = context.layers["buildings"].frame
    return homes(buildings, building_ids(buildings), lines.to_numpy(dtype=object))


def day_traffic(slices: Sequence[tuple[TimeSlice, pd.DataFrame]], roads: pd.Index) -> list[SliceTraffic]:
    """Per time slice (slice, per-road table of ``layers.traffic.metrics.road_summary``) the roads' volume
    and permitted speed, in the order ``roads``.
    """
    return [SliceTraffic(time_slice.hours, table["volume_total"].reindex(roads).fillna(0.0).to_numpy(float),
                         table["speed_kmh"].reindex(roads).to_numpy(float)) for time_slice, table in slices]
