"""Where a measure acts: its area of effect, from the flow directions of the model grid's terrain.

The local effect of a measure is diluted in city-wide totals: a retention area changes nothing for
the thousands of buildings whose water never reaches it. Its *area of effect* is

* the cells that drain into or through its footprint (its catchment), and
* the cells its water flows on to — the path downstream of the footprint and, where that path ends
  in a hollow (the sunken square below a retention area), that hollow's whole catchment —

up to the river, a pond or the edge of the grid, on the terrain *without* the measure (where the
water went before). Flow directions are D8 (each cell drains to its steepest lower neighbour) by
pyflwdir (Eilander et al. 2021, Deltares), whose depression handling (Wang & Liu 2006) fills
hollows shallower than ``pit_depth_m`` (noise of the DEM) and keeps deeper ones as sinks where
water ponds. Buildings are raised by :data:`BUILDING_RAISE_M`, so flow passes round them as in the
flow model. D8 is a static, steepest-descent picture: water that spills over a hollow's rim or
spreads across a flat street in the flow model can reach cells outside the area (said in the
README's limits).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyflwdir

from layers.flood.model import FloodGrid

__all__ = ["BUILDING_RAISE_M", "DEFAULT_PIT_DEPTH_M", "FlowNetwork", "area_of_effect", "flow_network"]

BUILDING_RAISE_M = 20.0
DEFAULT_PIT_DEPTH_M = 0.3


@dataclass(frozen=True, eq=False)
class FlowNetwork:
    """D8 flow directions of a model grid.

    Attributes
    ----------
    flw
        The pyflwdir flow-direction raster.
    downstream
        Flat index of each cell's downstream cell (its own index at sinks and outlets).
    stop
        Cells where a downstream path ends: permanent water (river, ponds) and the grid's edge.
    """

    flw: pyflwdir.FlwdirRaster
    downstream: np.ndarray
    stop: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        """Grid shape (rows, cols)."""
        return self.stop.shape


def flow_network(grid: FloodGrid, permanent_water: np.ndarray, *,
                 pit_depth_m: float = DEFAULT_PIT_DEPTH_M) -> FlowNetwork:
    """The D8 flow directions of ``grid`` (buildings raised; hollows deeper than ``pit_depth_m`` kept)."""
    z = np.where(grid.blocked, np.asarray(grid.z, float) + BUILDING_RAISE_M, grid.z).astype("float32")
    flw = pyflwdir.from_dem(z, nodata=-9999.0, max_depth=float(pit_depth_m), transform=grid.transform,
                            outlets="edge")
    stop = np.array(permanent_water, bool)
    stop[0, :] = stop[-1, :] = stop[:, 0] = stop[:, -1] = True
    return FlowNetwork(flw, np.asarray(flw.idxs_ds, np.int64), stop)


def area_of_effect(network: FlowNetwork, footprint: np.ndarray) -> np.ndarray:
    """The cells (bool) that drain into or through ``footprint`` or receive its water (module text).

    The footprint itself is part of the area. Empty footprint → empty area.
    """
    footprint = np.asarray(footprint, bool)
    area = np.zeros(network.shape, bool)
    idxs = np.flatnonzero(footprint)
    if idxs.size == 0:
        return area
    flat = area.reshape(-1)
    flat[network.flw.basins(idxs=idxs).reshape(-1) > 0] = True  # upstream of (and including) the footprint
    flat[idxs] = True
    stop = network.stop.reshape(-1)
    down = network.downstream
    current = idxs[~stop[idxs]]
    sinks = []
    while current.size:
        nxt = down[current]
        ended = nxt == current
        sinks.append(current[ended])
        nxt = nxt[~ended]
        nxt = nxt[~flat[nxt]]  # new cells only: paths merge, and the footprint's own cells start paths
        flat[nxt] = True
        current = np.unique(nxt[~stop[nxt]])
    sinks = np.unique(np.concatenate(sinks)) if sinks else np.zeros(0, np.int64)
    sinks = sinks[~stop[sinks]]
    if sinks.size:
        flat[network.flw.basins(idxs=sinks).reshape(-1) > 0] = True
    return area
