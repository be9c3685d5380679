"""The registry of scenario builders and their planners (see ``layers.scenario_api``).

Each entry imports its model lazily, so a city that does not enable a scenario never pays for
importing numba or AequilibraE. ``SCENARIO_NEEDS`` lists the inputs a builder cannot run without:
when a city lacks one, a builder enabled by default is skipped with a note in the build output
(a city of LoD2 buildings only still builds); one the city enables by name stops the build with
a message that names the missing input.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

__all__ = ["SCENARIO_BUILDERS", "SCENARIO_PLANNERS", "SCENARIO_OWNS", "SCENARIO_NEEDS", "SCENARIO_RUNS",
           "MissingInputs", "enabled_builders", "run_modules", "runnable_builders"]


def _lazy(module: str, name: str) -> Callable:
    """``module.name`` as a function that imports its module on its first call."""
    def call(context):
        return getattr(importlib.import_module(module), name)(context)
    call.__name__ = call.__qualname__ = name
    return call


class MissingInputs(ValueError):
    """A scenario enabled by name needs inputs (``kinds``) the city does not name."""

    def __init__(self, scenario: str, kinds: list[str]) -> None:
        super().__init__(f"The scenario {scenario!r} needs {' and '.join(kinds)}, which the city does not name.")
        self.scenario, self.kinds = scenario, kinds

    @property
    def fix(self) -> str:
        """The sentence that says how to give the scenario its inputs."""
        add = " and ".join(f'{kind} = "<file>"' for kind in self.kinds)
        return f"Add {add} under [inputs], or remove {self.scenario!r} from [scenarios] enabled."


SCENARIO_BUILDERS = {"starkregen": _lazy("layers.flood.scenario", "flood_scenarios"),
                     "verkehr": _lazy("layers.traffic.scenario", "traffic_scenarios"),
                     "external": _lazy("layers.importers.external", "external_scenarios")}
# What each builder will write, known before its model runs (layers.scenario_api).
SCENARIO_PLANNERS = {"starkregen": _lazy("layers.flood.scenario", "plan_flood_scenarios"),
                     "verkehr": _lazy("layers.traffic.scenario", "plan_traffic_scenarios"),
                     "external": _lazy("layers.importers.external", "plan_external_scenarios")}
# Prefixes of the layer and scenario ids each builder writes: a story slide naming such an id
# belongs to that builder (layers.story).
SCENARIO_OWNS = {"starkregen": ("flood-", "starkregen-"), "verkehr": ("traffic_", "verkehr-"),
                 "external": ("external-",)}
# Inputs (kinds under [inputs]) without which a builder cannot run.
SCENARIO_NEEDS = {"verkehr": ("roads", "zones")}
# The module of each builder's model-run function: the local workers' fork server imports it while
# the build still reads its inputs (layers.cluster).
SCENARIO_RUNS = {"starkregen": "layers.flood.runs", "verkehr": "layers.traffic.runs"}


def run_modules(raw_config: dict) -> list[str]:
    """The modules of the run functions of the builders a city enables (empty: the build runs no model).

    A hint for starting the local workers' fork server early (``layers.cluster.forkserver``); an
    unknown scenario gives none here (the build reports it).
    """
    try:
        builders = enabled_builders(raw_config)
    except ValueError:
        return []
    return [SCENARIO_RUNS[key] for key in builders if key in SCENARIO_RUNS]


def enabled_builders(raw_config: dict) -> dict:
    """The builders a city enables (``[scenarios] enabled = [...]``; default: all that exist)."""
    table = raw_config.get("scenarios", {})
    enabled = table.get("enabled", list(SCENARIO_BUILDERS))
    unknown = [key for key in enabled if key not in SCENARIO_BUILDERS]
    if unknown:
        raise ValueError(f"Unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIO_BUILDERS)}.")
    return {key: SCENARIO_BUILDERS[key] for key in enabled}


def runnable_builders(raw_config: dict, inputs: set[str]) -> tuple[dict, list[str]]:
    """The enabled builders whose inputs the city has, and a note for each default one skipped.

    Raises
    ------
    ValueError
        For an unknown scenario.
    MissingInputs
        For one enabled by name in ``[scenarios] enabled`` whose inputs are missing (the message
        names them).
    """
    builders = enabled_builders(raw_config)
    explicit = "enabled" in raw_config.get("scenarios", {})
    runnable, notes = {}, []
    for key, builder in builders.items():
        missing = [kind for kind in SCENARIO_NEEDS.get(key, ()) if kind not in inputs]
        if not missing:
            runnable[key] = builder
        elif explicit:
            raise MissingInputs(key, missing)
        else:
            notes.append(f"scenario {key!r} skipped: it needs {' and '.join(missing)} (not named under [inputs])")
    return runnable, notes
