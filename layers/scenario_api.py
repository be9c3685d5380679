"""How scenario models plug into the build.

A scenario builder is a function ``builder(context: BuildContext) -> ScenarioOutput``. It runs its
model on the city's inputs (already read and validated in ``context``), writes its artifacts into
``context.out`` and returns manifest entries: panel groups, layers and scenarios (see
``layers.manifest``). Builders are listed in ``layers.scenarios.SCENARIO_BUILDERS`` under a key;
a city chooses which run with ``[scenarios] enabled = [...]`` in city.toml (default: all), and
may pass options in ``[scenarios.<key>]`` (``context.options(key)``).

Each builder also has a planner, ``planner(context) -> ScenarioPlan``: it checks the builder's
options and inputs and names the layers and scenarios the builder will write, without running a
model. The build plans every enabled builder before the first model runs, so a wrong option or a
story slide naming a layer the city will not have stops (or is dropped) within seconds, and it
checks afterwards that each builder wrote what it planned (:func:`check_plan`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from layers.config import CityConfig
from layers.executor import TaskRunner, run_tasks
from layers.inputs import Dem, VectorLayer

__all__ = [
    "BuildContext",
    "Metric",
    "ScenarioBuilder",
    "ScenarioOutput",
    "ScenarioPlan",
    "ScenarioPlanner",
    "check_plan",
    "rounded",
]


@dataclass
class BuildContext:
    """Everything a scenario builder may use; read-only by convention.

    Attributes
    ----------
    config
        The city configuration.
    dem
        The DEM in the working CRS.
    layers
        Validated vector inputs by kind (``buildings``, ``roads``, ``water``, ``landcover``,
        ``zones``, ...), in the working CRS.
    out
        The (temporary) build folder to write artifacts into; names must be unique.
    terrain_bounds
        [west, south, east, north] (degrees) of the terrain images: a raster warped to exactly
        these bounds drapes onto the terrain mesh (``layers.terrain.warp_to_lonlat(bounds=...)``).
    terrain_elevation
        File name of the Terrarium elevation image in ``out`` (reuse it to drape overlays).
    progress
        ``progress(text)`` reports what is running (shown on the build's progress bar).
    run_tasks
        Runs a builder's model runs (``layers.executor.TaskRunner``): the build's Dask cluster or
        process pool, counting finished runs on the progress bar.
    """

    config: CityConfig
    dem: Dem
    layers: dict[str, VectorLayer]
    out: Path
    terrain_bounds: list[float]
    terrain_elevation: str
    progress: Callable[[str], None] = lambda text: None
    run_tasks: TaskRunner = run_tasks

    def options(self, key: str) -> dict:
        """The ``[scenarios.<key>]`` table of city.toml (empty if absent)."""
        return dict(self.config.raw.get("scenarios", {}).get(key, {}))


def rounded(value: float | None, decimals: int) -> float | int | None:
    """``value`` rounded for the manifest: an int when ``decimals`` is 0, None when not finite."""
    if value is None or not math.isfinite(float(value)):
        return None
    return int(round(float(value))) if decimals == 0 else round(float(value), decimals)


@dataclass(frozen=True)
class Metric:
    """One figure on a scenario's metrics card.

    Attributes
    ----------
    key
        Stable name (``buildings_affected``); the viewer and stories refer to it.
    label
        German and English text.
    value
        The figure in ``unit``, unrounded (None: not defined for this run).
    unit
        Unit as shown ("m²", "km/h", "" for counts).
    decimals
        Decimals shown and kept in the manifest.
    delta
        Change against the scenario's baseline in ``unit`` (None: no baseline).
    """

    key: str
    label: dict[str, str]
    value: float | None
    unit: str
    decimals: int = 0
    delta: float | None = None

    def to_manifest(self) -> dict:
        """The manifest entry, rounded to ``decimals``."""
        return {"key": self.key, "label": self.label, "value": rounded(self.value, self.decimals),
                "unit": self.unit, "decimals": self.decimals, "delta": rounded(self.delta, self.decimals)}


@dataclass
class ScenarioOutput:
    """What a builder adds to the manifest, and the results it offers as files (``layers.exports``:
    a list of ``ScenarioExports``, written by the build with their sidecars).
    """

    groups: list[dict] = field(default_factory=list)
    layers: list[dict] = field(default_factory=list)
    scenarios: list[dict] = field(default_factory=list)
    exports: list = field(default_factory=list)


ScenarioBuilder = Callable[[BuildContext], ScenarioOutput]


@dataclass
class ScenarioPlan:
    """What a builder will add to the manifest, known before its model runs.

    Attributes
    ----------
    layers
        ``{"id", "kind"}`` of each layer it will write.
    scenarios
        The ids of its scenarios.
    left_out
        Layer and scenario ids it writes with its default settings but not with this city's (a
        default heavy-rain event the city does not list): a story slide naming one is dropped.
    """

    layers: list[dict] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


ScenarioPlanner = Callable[[BuildContext], ScenarioPlan]


def check_plan(name: str, plan: ScenarioPlan, output: ScenarioOutput) -> None:
    """Raise ``RuntimeError`` if builder ``name`` wrote other layers or scenarios than it planned
    (a programming error: the story was resolved against the plan).
    """
    planned = ([(layer["id"], layer["kind"]) for layer in plan.layers], list(plan.scenarios))
    written = ([(layer["id"], layer["kind"]) for layer in output.layers], [s["id"] for s in output.scenarios])
    if planned != written:
        raise RuntimeError(f"The scenario builder {name!r} planned layers and scenarios {planned} but wrote {written}; "
                           "its planner and its builder must name the same ones.")
