"""The Tempo-30 scenarios of a build: options → runs → artifacts and metrics.

``traffic_scenarios(context)`` (registered as ``verkehr`` in ``layers.scenarios``) runs the
traffic model of this package on the city's roads and buildings (peak-hour demand, static user
equilibrium, every run converged to a relative gap of 1e-6): today, "Tempo 30 <zone>" (every
street in or touching the zone at most 30 km/h) and "Tempo 30 in Nebenstraßen" (the same without
trunk/primary/secondary roads; UBA 2016, Wirkungen von Tempo 30 an Hauptverkehrsstraßen).

1. :mod:`~layers.traffic.options` reads ``[scenarios.verkehr]`` (the zone, the variants);
2. :mod:`~layers.traffic.runs` builds network and demand and one picklable task per run, which
   ``layers.executor`` runs;
3. :mod:`~layers.traffic.metrics` summarises each run per road and compares the variants with
   today; :mod:`~layers.traffic.artifacts` writes the road layers, tables and manifest entries.
"""

from __future__ import annotations

import time

from layers.executor import run_tasks
from layers.scenario_api import BuildContext, ScenarioOutput, ScenarioPlan
from layers.traffic.artifacts import BASELINE_ID, GROUP, baseline_entries, road_paths, variant_entries
from layers.traffic.metrics import baseline_metrics, road_summary, variant_figures, variant_metrics
from layers.traffic.options import traffic_options, zone_geometry
from layers.traffic.runs import run_traffic_task, traffic_model, traffic_tasks

__all__ = ["plan_traffic_scenarios", "traffic_scenarios"]


def plan_traffic_scenarios(context: BuildContext) -> ScenarioPlan:
    """Check the options, the zone, the roads' network and the demand (all that can be wrong before
    an assignment runs) and name the layers and scenarios :func:`traffic_scenarios` will write.
    """
    options = traffic_options(context)
    traffic_model(context, options, zone_geometry(context, options.zone_name))  # its inputs, checked
    layers = [{"id": "traffic_basis", "kind": "traffic-links"}]
    for variant in options.variants:
        layers += [{"id": f"traffic_{variant.slug}", "kind": "traffic-links"},
                   {"id": f"traffic_{variant.slug}_diff", "kind": "traffic-links"}]
    return ScenarioPlan(layers=layers, scenarios=[BASELINE_ID] + [variant.scenario_id for variant in options.variants])


def traffic_scenarios(context: BuildContext) -> ScenarioOutput:
    """Run today and the Tempo-30 variants on the city; write their layers (see the module text).

    Raises
    ------
    InputError
        No zones file, an unknown zone name or a zone that touches no road (naming city.toml and
        the field), or roads/buildings the traffic model cannot use (naming that file).
    """
    started = time.perf_counter()
    options = traffic_options(context)
    zone = zone_geometry(context, options.zone_name)
    context.progress("Verkehr: Netz und Nachfrage")
    model = traffic_model(context, options, zone)
    tasks = traffic_tasks(model, options, zone)
    context.progress(f"Verkehr: {len(tasks)} Modellläufe")
    baseline, *variants = (run.result for run in run_tasks(run_traffic_task, tasks, workers=1))

    base_roads = road_summary(baseline.road_links)
    paths = road_paths(context, model, base_roads)
    layers, scenario = baseline_entries(context, model, baseline, base_roads, paths,
                                        baseline_metrics(baseline, base_roads))
    scenarios = [scenario]
    for variant, result in zip(options.variants, variants, strict=True):
        figures = variant_figures(variant.key, baseline, base_roads, result, model.demand)
        metrics = variant_metrics(result, figures, baseline, base_roads)
        added, scenario = variant_entries(context, variant, options.zone_name, result, base_roads, figures, paths,
                                          metrics)
        layers += added
        scenarios.append(scenario)
    scenarios[0]["seconds"] = round(time.perf_counter() - started, 2)
    return ScenarioOutput(groups=[dict(GROUP)], layers=layers, scenarios=scenarios)
