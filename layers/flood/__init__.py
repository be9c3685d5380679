"""Heavy-rain ("Starkregen") surface flood model: pure Python + numba, no Dash.

The model (no build concerns: arrays in, arrays out)
----------------------------------------------------
hyetograph
    Design storms (block rain, Euler type II) as intensity series (mm/h).
kernel
    numba local-inertial shallow-water kernel (Bates 2010 / de Almeida 2012).
state
    Array container driving the kernel span by span.
model
    :class:`FloodGrid`, :func:`run_flood`, :class:`FloodResult`, mass budget.
grid
    :func:`grid_from_array` / :func:`grid_from_dem`: DEM + buildings + land cover -> FloodGrid.

The build adapter (``layers.flood.scenario``: city.toml options -> runs -> artifacts)
-------------------------------------------------------------------------------------
options, measures, site, runs, metrics, artifacts, scenario.
"""

from .grid import (
    DEFAULT_DRAINAGE_MM_H,
    DEFAULT_INFILTRATION_MM_H,
    DEFAULT_MANNING,
    grid_from_array,
    grid_from_dem,
)
from .hyetograph import Hyetograph, block_rain, euler_type2
from .model import FloodGrid, FloodResult, MassBudget, boundary_flags, run_flood
from .state import FlowState, SchemeParams

__all__ = [
    "DEFAULT_DRAINAGE_MM_H",
    "DEFAULT_INFILTRATION_MM_H",
    "DEFAULT_MANNING",
    "FloodGrid",
    "FloodResult",
    "FlowState",
    "Hyetograph",
    "MassBudget",
    "SchemeParams",
    "block_rain",
    "boundary_flags",
    "euler_type2",
    "grid_from_array",
    "grid_from_dem",
    "run_flood",
]
