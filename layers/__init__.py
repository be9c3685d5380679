"""Pure-Python precompute for urban-twin: import and validate a city's inputs, run the scenario
models, and write web-ready artifacts plus a manifest. Never imports Dash.

Importing the package imports nothing heavy: a web worker that only reads a manifest
(``layers.manifest``, ``layers.build_folders``) must not load geopandas, rasterio or numba. The
names below are imported from their modules on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layers.build import BuildResult, build_city
    from layers.build_folders import current_build
    from layers.config import CityConfig, load_config
    from layers.errors import InputError
    from layers.manifest import read_manifest

__all__ = ["BuildResult", "CityConfig", "InputError", "build_city", "current_build", "load_config", "read_manifest"]

_HOMES = {
    "BuildResult": "layers.build",
    "build_city": "layers.build",
    "current_build": "layers.build_folders",
    "CityConfig": "layers.config",
    "load_config": "layers.config",
    "InputError": "layers.errors",
    "read_manifest": "layers.manifest",
}


def __getattr__(name: str) -> object:
    """Import a public name from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module 'layers' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
