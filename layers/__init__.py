"""Pure-Python precompute for urban-twin: import and validate a city's inputs, run the scenario
models, and write web-ready artifacts plus a manifest. Never imports Dash."""

from layers.build import BuildResult, build_city, current_build
from layers.config import CityConfig, load_config
from layers.errors import InputError
from layers.manifest import read_manifest

__all__ = ["BuildResult", "CityConfig", "InputError", "build_city", "current_build", "load_config", "read_manifest"]
