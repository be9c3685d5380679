"""The registry of scenario builders and their planners (see ``layers.scenario_api``).

Each entry imports its model lazily, so a city that does not enable a scenario never pays for
importing numba or AequilibraE.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

__all__ = ["SCENARIO_BUILDERS", "SCENARIO_PLANNERS", "SCENARIO_OWNS", "enabled_builders"]


def _lazy(module: str, name: str) -> Callable:
    """``module.name`` as a function that imports its module on its first call."""
    def call(context):  # noqa: ANN001, ANN202 - a BuildContext in, a ScenarioOutput / ScenarioPlan out
        return getattr(importlib.import_module(module), name)(context)
    call.__name__ = call.__qualname__ = name
    return call


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


def enabled_builders(raw_config: dict) -> dict:
    """The builders a city enables (``[scenarios] enabled = [...]``; default: all that exist)."""
    table = raw_config.get("scenarios", {})
    enabled = table.get("enabled", list(SCENARIO_BUILDERS))
    unknown = [key for key in enabled if key not in SCENARIO_BUILDERS]
    if unknown:
        raise ValueError(f"Unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIO_BUILDERS)}.")
    return {key: SCENARIO_BUILDERS[key] for key in enabled}
