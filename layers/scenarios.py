"""The registry of scenario builders (see ``layers.scenario_api``).

Each entry imports its model lazily, so a city that does not enable a scenario never pays for
importing numba or AequilibraE.
"""

from __future__ import annotations

from layers.scenario_api import BuildContext, ScenarioOutput

__all__ = ["SCENARIO_BUILDERS", "enabled_builders"]


def _starkregen(context: BuildContext) -> ScenarioOutput:
    from layers.flood.scenario import flood_scenarios

    return flood_scenarios(context)


def _verkehr(context: BuildContext) -> ScenarioOutput:
    from layers.traffic.scenario import traffic_scenarios

    return traffic_scenarios(context)


def _external(context: BuildContext) -> ScenarioOutput:
    from layers.importers.external import external_scenarios

    return external_scenarios(context)


SCENARIO_BUILDERS = {"starkregen": _starkregen, "verkehr": _verkehr, "external": _external}


def enabled_builders(raw_config: dict) -> dict:
    """The builders a city enables (``[scenarios] enabled = [...]``; default: all that exist)."""
    table = raw_config.get("scenarios", {})
    enabled = table.get("enabled", list(SCENARIO_BUILDERS))
    unknown = [key for key in enabled if key not in SCENARIO_BUILDERS]
    if unknown:
        raise ValueError(f"Unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIO_BUILDERS)}.")
    return {key: SCENARIO_BUILDERS[key] for key in enabled}
