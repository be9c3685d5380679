"""The Tempo-30 scenarios of a build: options → runs per time slice → artifacts and metrics.

``traffic_scenarios(context)`` (registered as ``verkehr`` in ``layers.scenarios``) runs the
traffic model of this package on the city's roads and buildings through a whole weekday: the
design-hour demand spread over five time slices by a measured hourly profile
(``layers.traffic.slices``), each slice assigned on its own (static user equilibrium, converged to
a relative gap of 1e-6): today, "Tempo 30 <zone>" (every street in or touching the zone at most
30 km/h), "Tempo 30 in Nebenstraßen" (the same without trunk/primary/secondary roads; UBA 2016,
Wirkungen von Tempo 30 an Hauptverkehrsstraßen) and "Tempo 30 nachts (22–6 Uhr)" (the zone-wide
limit in the night slice only, where it reuses that variant's night run).

1. :mod:`~layers.traffic.options` reads ``[scenarios.verkehr]`` (the zone, the variants);
2. :mod:`~layers.traffic.runs` builds network and demand and one picklable task per slice and
   network, which the build's task runner runs (``context.run_tasks``: Dask or a process pool);
3. :mod:`~layers.traffic.metrics` and :mod:`~layers.traffic.daily` summarise each run per road,
   per slice and over the day and compare the variants with today;
   :mod:`~layers.traffic.artifacts` writes the road layers, tables and manifest entries,
   :mod:`~layers.traffic.exports` declares the roads before/after of each slice as files for GIS users;
4. :mod:`layers.noise` turns each run's day into road noise at the loudest façade of every
   residential building (RLS-19-based, indicative) and residents per 5 dB band, day and night:
   one building layer per variant (:mod:`layers.noise.artifacts`), its bands and key figures.
"""

from __future__ import annotations

import time

import numpy as np

from layers.noise.artifacts import KIND as NOISE_KIND
from layers.noise.artifacts import noise_layer, noise_metrics, noise_summary
from layers.noise.exports import noise_export
from layers.noise.exposure import exposure
from layers.scenario_api import BuildContext, ScenarioOutput, ScenarioPlan
from layers.traffic.artifacts import (
    BASELINE_ID,
    GROUP,
    BaselineSlice,
    VariantSlice,
    baseline_entries,
    links_table,
    road_paths,
    variant_entries,
)
from layers.traffic.daily import DAY_HOURS, NIGHT_HOURS, day_totals, period_change_db, zone_day_delay_s
from layers.traffic.exports import baseline_exports, variant_exports
from layers.traffic.homes_noise import city_homes, day_traffic
from layers.traffic.metrics import (
    DayFigures,
    baseline_day_metrics,
    baseline_metrics,
    road_energy,
    road_summary,
    variant_day_metrics,
    variant_figures,
    variant_metrics,
)
from layers.traffic.options import TrafficVariant, traffic_options, zone_geometry
from layers.traffic.runs import (
    BASELINE,
    run_id,
    run_traffic_tasks,
    traffic_model,
    traffic_tasks,
    variant_run_id,
)
from layers.traffic.trip_artifacts import KIND as TRIPS_KIND
from layers.traffic.trip_artifacts import trip_layers

__all__ = ["plan_traffic_scenarios", "traffic_scenarios"]


def plan_traffic_scenarios(context: BuildContext) -> ScenarioPlan:
    """Check the options, the zone, the roads' network and the demand (all that can be wrong before
    an assignment runs) and name the layers and scenarios :func:`traffic_scenarios` will write, each
    layer with its time slices (a story slide's ``hour`` needs them).
    """
    options = traffic_options(context)
    traffic_model(context, options, zone_geometry(context, options.zone_name))  # its inputs, checked
    slices = [{"key": s.key, "start": s.start_h, "end": s.end_h} for s in options.slices]  # every layer has them
    layers = [{"id": "traffic_basis", "kind": "traffic-links", "slices": slices}]
    for v in options.variants:
        layers += [{"id": f"traffic_{v.slug}", "kind": "traffic-links", "slices": slices},
                   {"id": f"traffic_{v.slug}_diff", "kind": "traffic-links", "slices": slices}]
    layers += [{"id": f"noise_{v.slug}", "kind": NOISE_KIND, "slices": slices} for v in options.variants]
    layers += [{"id": f"traffic_{slug}_trips", "kind": TRIPS_KIND, "slices": slices}
               for slug in [BASELINE] + [v.slug for v in options.variants]]
    return ScenarioPlan(layers=layers, scenarios=[BASELINE_ID] + [variant.scenario_id for variant in options.variants])


def _variant_day(variant: TrafficVariant, items: list[VariantSlice], baseline: list[BaselineSlice]) -> DayFigures:
    """A variant's day figures from its slices (noise on the roads it gives Tempo 30 at any time)."""
    affected = np.logical_or.reduce([item.figures.affected.to_numpy() for item in items])
    energies = []
    for item in items:
        base_roads, roads = item.base_roads[affected], item.figures.roads[affected]
        energies.append((item.time_slice, road_energy(base_roads), road_energy(roads)))
    return DayFigures(day=day_totals([(i.time_slice, i.result) for i in items]),
                      base_day=day_totals([(b.time_slice, b.result) for b in baseline]),
                      zones=zone_day_delay_s([(i.time_slice, i.figures.comparison.zones) for i in items]),
                      noise_day_db=period_change_db(energies, DAY_HOURS),
                      noise_night_db=period_change_db(energies, NIGHT_HOURS),
                      affected_km=float(items[0].base_roads["length_m"][affected].sum()) / 1000.0)


def _variant_slices(variant: TrafficVariant, runs: dict, demands: dict,
                    baseline: list[BaselineSlice]) -> list[VariantSlice]:
    items = []
    for base in baseline:
        key = base.time_slice.key
        result = runs[variant_run_id(variant, key)].result
        figures = variant_figures(variant.key, base.result, base.roads, result, demands[key])
        items.append(VariantSlice(base.time_slice, result, base.roads, figures,
                                  variant_metrics(result, figures, base.result, base.roads), variant.applies_in(key)))
    return items


def traffic_scenarios(context: BuildContext) -> ScenarioOutput:
    """Run today and the Tempo-30 variants through the day on the city; write their layers (see the module text).

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
    context.progress(f"Verkehr: {len(tasks)} Modellläufe in {len(options.slices)} Zeitscheiben")
    runs = {run.id: run for run in run_traffic_tasks(context.run_tasks, tasks, workers=options.workers,
                                                     start_method="spawn")}
    demands = {task.slice: task.demand for task in tasks}

    baseline = []
    for time_slice in options.slices:
        result = runs[run_id(time_slice.key, None)].result
        roads = road_summary(result.road_links)
        baseline.append(BaselineSlice(time_slice, result, roads, baseline_metrics(result, roads)))
    paths = road_paths(context, model, baseline[0].roads)
    layers, scenario = baseline_entries(context, model, baseline, paths,
                                        baseline_day_metrics(day_totals([(b.time_slice, b.result) for b in baseline])))
    scenarios = [scenario]
    exports = [baseline_exports(BASELINE_ID, model.roads, [(b.time_slice, b.roads) for b in baseline])]
    context.progress("Verkehr: Lärm an den Wohngebäuden")
    road_index = baseline[0].roads.index
    homes = city_homes(context, model, road_index)
    today = exposure(homes, day_traffic([(b.time_slice, b.roads) for b in baseline], road_index))
    noise_layers = []
    for variant in options.variants:
        items = _variant_slices(variant, runs, demands, baseline)
        day = _variant_day(variant, items, baseline)
        after = exposure(homes, day_traffic([(i.time_slice, i.figures.roads) for i in items], road_index))
        added, scenario = variant_entries(context, model, variant, options.zone_name, items, day, paths,
                                          variant_day_metrics(day) + noise_metrics(homes, today, after))
        scenario["noise"] = noise_summary(homes, today, after)
        layers += added
        noise_layers.append(noise_layer(context.out, variant.slug, variant.label, variant.scenario_id, GROUP["id"],
                                        homes, today, after, options.slices))
        scenario["layers"].append(noise_layers[-1]["id"])
        scenarios.append(scenario)
        exports.append(variant_exports(variant, options.zone_name, model.roads,
                                       [(i.time_slice, i.base_roads, i.figures.roads, i.figures.change_vph)
                                        for i in items]))
        exports[-1].items.append(noise_export(homes, today, after, context.layers["buildings"].frame.crs,
                                              variant.label))
    layers += noise_layers
    by_slice = {s.key: s for s in options.slices}
    slice_runs = {task.id: (by_slice[task.slice], runs[task.id].result) for task in tasks}
    networks = {BASELINE: {s.key: run_id(s.key, None) for s in options.slices},
                **{v.slug: {s.key: variant_run_id(v, s.key) for s in options.slices} for v in options.variants}}
    links = links_table(context, slice_runs, networks)
    context.progress("Verkehr: Fahrzeuge in Bewegung")
    trips = trip_layers(context, paths, slice_runs, networks,
                        {BASELINE: scenarios[0]["label"], **{v.slug: v.label for v in options.variants}},
                        {BASELINE: BASELINE_ID, **{v.slug: v.scenario_id for v in options.variants}})
    layers += trips
    for scenario, layer in zip(scenarios, trips):
        scenario["layers"].append(layer["id"])
    scenarios[0]["links_table"] = links
    scenarios[0]["assignments"] = len(tasks)
    scenarios[0]["seconds"] = round(time.perf_counter() - started, 2)
    return ScenarioOutput(groups=[dict(GROUP)], layers=layers, scenarios=scenarios, exports=exports)
