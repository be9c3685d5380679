"""The heavy-rain ("Starkregen") scenarios of a build: options → runs → artifacts and metrics.

``flood_scenarios(context)`` (registered as ``starkregen`` in ``layers.scenarios``) runs the
local-inertial model of this package (Bates et al. 2010, de Almeida et al. 2012) on the city's
DEM, buildings and land cover for a set of design storms and mitigation measures:

1. :mod:`~layers.flood.options` reads ``[scenarios.starkregen]`` (events, measures, which measure
   runs on which event, grid size);
2. :mod:`~layers.flood.site` puts the city on the model grid;
3. :mod:`~layers.flood.measures` changes the grid for each measure, :mod:`~layers.flood.catchment`
   finds where it acts;
4. :mod:`~layers.flood.runs` makes one picklable task per run, and ``context.run_tasks`` runs them
   (Dask distributed or a process pool, ``layers.cluster``);
5. :mod:`~layers.flood.artifacts` writes overlays, building tables, measure outlines and the
   manifest entries, :mod:`~layers.flood.metrics` the figures of each run,
   :mod:`~layers.flood.exports` declares the files for GIS users (rasters, affected buildings).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from layers.flood.affected import buildings_affected
from layers.flood.artifacts import (
    GROUP,
    FloodFiles,
    flood_layer,
    flood_scenario,
    measure_layer,
    write_building_tables,
    write_run_files,
)
from layers.flood.catchment import area_of_effect, flow_network
from layers.flood.class_maps import change_layer, class_layer_ids, class_rasters, event_class_layers
from layers.flood.exports import flood_exports
from layers.flood.measures import GridChange
from layers.flood.metrics import flood_figures, flood_metrics, local_figures, measure_metrics
from layers.flood.options import DEFAULT_EVENTS, DEFAULT_RUNS, KEY, FloodOptions, RunSpec, flood_options
from layers.flood.runs import FloodRun, flood_tasks, rain_depth_mm, run_flood_task
from layers.flood.site import FloodSite, check_dem_in_metres, flood_site
from layers.privacy import personal_fields_shown
from layers.scenario_api import BuildContext, ScenarioOutput, ScenarioPlan
from layers.scenario_options import OptionReader

__all__ = ["MIN_GRID_CELLS", "flood_scenarios", "plan_flood_scenarios"]

MIN_GRID_CELLS = 10
"""A flood grid needs at least this many cells each way to show anything."""


def plan_flood_scenarios(context: BuildContext) -> ScenarioPlan:
    """Check the options and name the layers and scenarios :func:`flood_scenarios` will write.

    Raises
    ------
    InputError
        Bad options (naming city.toml and the field), a DEM in feet, a grid of fewer than
        :data:`MIN_GRID_CELLS` cells each way.
    """
    options = flood_options(context)
    check_dem_in_metres(context.dem.path)
    height_m, width_m = (n * context.dem.resolution_m for n in context.dem.z.shape)
    res = options.resolution_m
    if min(height_m, width_m) / res < MIN_GRID_CELLS:
        raise OptionReader.of(context, KEY).error(
            "resolution_m",
            f"resolution_m = {res:g} m leaves a flood grid of {width_m / res:.0f} × "
            f"{height_m / res:.0f} cells over the DEM ({width_m:.0f} × {height_m:.0f} m).",
            f"Use resolution_m ≤ {min(height_m, width_m) / MIN_GRID_CELLS:g} "
            f"(at least {MIN_GRID_CELLS} cells each way).",
        )
    shown = [run.id for run in options.shown_runs]
    measures = [measure.id for measure in options.measures if measure.id in _used_measures(options)]
    class_maps = [{"id": lid, "kind": "flood-class"} for run in options.shown_runs
                  if run.measure is None or options.measure(run.measure).moves_water
                  for lid in class_layer_ids(run.id, measure=run.measure is not None)]
    layers = ([{"id": f"flood-measure-{mid}", "kind": "flood-measure"} for mid in measures]
              + [{"id": f"flood-{rid}", "kind": "flood-depth"} for rid in shown] + class_maps)
    default_runs = [table["id"] for table in DEFAULT_EVENTS] + [f"{event}-{name}" for event, names in
                                                               DEFAULT_RUNS.items() for name in names]
    default_events = {table["id"] for table in DEFAULT_EVENTS}
    default_measures = dict.fromkeys(name for names in DEFAULT_RUNS.values() for name in names)
    left_out = ([f"{prefix}{rid}" for rid in default_runs if rid not in shown for prefix in ("flood-", f"{KEY}-")]
                + [lid for rid in default_runs if rid not in shown
                   for lid in class_layer_ids(rid, measure=rid not in default_events)]
                + [f"flood-measure-{mid}" for mid in default_measures if mid not in measures])
    return ScenarioPlan(layers=layers, scenarios=[f"{KEY}-{rid}" for rid in shown], left_out=left_out)


def _used_measures(options: FloodOptions) -> set[str]:
    """The ids of the measures that run on some event (the others are read but not built)."""
    return {run.measure for run in options.runs if run.measure}


def flood_scenarios(context: BuildContext) -> ScenarioOutput:
    """Run the heavy-rain events and measures of a city; write their artifacts and manifest entries.

    Raises
    ------
    InputError
        Bad options (naming city.toml and the field), a DEM in feet, land cover the model cannot
        use, a measure's place outside the DEM or without what the measure needs.
    """
    options = flood_options(context)
    context.progress("Starkregen: Modellgitter")
    site = flood_site(context, resolution_m=options.resolution_m)
    used = _used_measures(options)
    places, changes = {}, {}
    for measure in options.measures:
        places[measure.id] = site.place(measure.key, measure.place, measure.id)
        changes[measure.id] = measure.apply(site, places[measure.id])
    tasks = flood_tasks(options, site.grid, changes)

    context.progress(f"Starkregen: {len(tasks)} Modellläufe")
    started = time.perf_counter()
    runs = {run.id: run
            for run in context.run_tasks(run_flood_task, tasks, workers=options.workers, cost=rain_depth_mm)}
    model_seconds = time.perf_counter() - started

    context.progress("Starkregen: Karten")
    output = ScenarioOutput(groups=[GROUP])
    areas = _areas_of_effect(site, options, changes, used)
    for measure in options.measures:
        if measure.id in used:
            output.layers.append(measure_layer(context, site, measure, changes[measure.id], areas[measure.id],
                                               places[measure.id]))
    events = {}
    for spec in options.runs:
        if spec.roofs_drained:
            continue  # only its event's figures use it (roof water's share)
        if spec.measure is None:
            events[spec.id] = _event_outputs(context, site, options, spec, runs, output)
        else:
            _measure_outputs(context, site, options, spec, runs, events[spec.event], changes[spec.measure],
                             areas[spec.measure], output)
    # The class maps (velocity, hazard, change) follow the depth layers in the layer panel.
    output.layers.sort(key=lambda entry: entry["kind"] == "flood-class")
    for entry in output.layers:
        if entry["kind"] == "flood-depth":
            entry["stats"]["all_runs_seconds"] = round(model_seconds, 1)
    return output


def _areas_of_effect(site: FloodSite, options: FloodOptions, changes: dict[str, GridChange],
                     used: set[str]) -> dict[str, np.ndarray]:
    """Each used measure's area of effect (bool cells; object protection: its buildings' walls)."""
    network = None
    areas = {}
    for measure in options.measures:
        if measure.id not in used:
            continue
        change = changes[measure.id]
        if change.barrier_m is not None:
            walls = np.zeros(site.grid.shape[0] * site.grid.shape[1], bool)
            walls[site.wall_cell[change.barrier_m[site.wall_building] > 0]] = True
            areas[measure.id] = walls.reshape(site.grid.shape) | change.footprint
            continue
        if network is None:
            network = flow_network(site.grid, site.permanent_water)
        areas[measure.id] = area_of_effect(network, change.footprint)
    return areas


@dataclasses.dataclass(frozen=True)
class _EventResult:
    """What a measure's outputs reuse from its event: the run, its max depths (m) and its files."""

    run: FloodRun
    depth: np.ndarray
    at_building: np.ndarray
    files: FloodFiles


def _event_outputs(context: BuildContext, site: FloodSite, options: FloodOptions, spec: RunSpec,
                   runs: dict[str, FloodRun], output: ScenarioOutput) -> _EventResult:
    """The files, layer and scenario of an event; what its measures reuse."""
    event, run = options.event(spec.event), runs[spec.id]
    depth = site.open_only(run.max_depth_m)
    at_building = site.depth_at_buildings(depth)
    affected = buildings_affected(at_building, threshold_m=options.affected_depth_m)
    files = write_run_files(context, site, run, depth, at_building, affected, options.classes)
    figures = flood_figures(site, depth, at_building, run.depth_frames_m, classes=options.classes,
                            rain_mm=event.depth_mm, mass_error=run.mass_error, threshold_m=options.affected_depth_m)
    drained = next((r for r in options.runs if r.roofs_drained and r.event == spec.event), None)
    if drained is not None:
        dry_roofs = site.depth_at_buildings(site.open_only(runs[drained.id].max_depth_m))
        hit = buildings_affected(dry_roofs, threshold_m=options.affected_depth_m)
        figures = dataclasses.replace(figures, roofs_drained=(int(hit.sum()), int(round(site.residents[hit].sum()))))
    output.layers.append(flood_layer(context, site, spec.id, run, files, event, event.label, options.classes,
                                     options.affected_depth_m))
    output.scenarios.append(flood_scenario(spec.id, event.label, flood_metrics(figures, options.classes)))
    output.layers.extend(event_class_layers(context, site, spec.id, run, depth, event.label, options.classes[0]))
    exports = flood_exports(site, spec.id, run, depth, at_building, affected, options, event,
                            measure=None, personal=personal_fields_shown(context.config))
    exports.items.extend(class_rasters(site, run, depth, before=None, wet_m=options.classes[0]))
    output.exports.append(exports)
    return _EventResult(run, depth, at_building, files)


def _measure_outputs(context: BuildContext, site: FloodSite, options: FloodOptions, spec: RunSpec,
                     runs: dict[str, FloodRun], base: _EventResult, change: GridChange, area: np.ndarray,
                     output: ScenarioOutput) -> None:
    """The files, layer and scenario of an event with a measure, compared with the event."""
    event, measure = options.event(spec.event), options.measure(spec.measure)
    threshold = options.affected_depth_m
    if measure.moves_water:
        run = runs[spec.id]
        depth = site.open_only(run.max_depth_m)
        at_building = site.depth_at_buildings(depth)
    else:
        run, depth, at_building = base.run, base.depth, base.at_building
    affected = buildings_affected(at_building, threshold_m=threshold, barrier_m=change.barrier_m)
    if measure.moves_water:
        files = write_run_files(context, site, run, depth, at_building, affected, options.classes)
    else:
        tables = write_building_tables(context, site, spec.id, at_building, affected)
        files = FloodFiles(base.files.texture, base.files.frames, *tables, base.files.rasters, base.files.points)
    common = {"classes": options.classes, "rain_mm": event.depth_mm, "threshold_m": threshold,
              "exclude": change.footprint}
    after = flood_figures(site, depth, at_building, run.depth_frames_m, mass_error=run.mass_error,
                          barrier_m=change.barrier_m, **common)
    before = flood_figures(site, base.depth, base.at_building, base.run.depth_frames_m,
                           mass_error=base.run.mass_error, **common)
    local = local_figures(site, area, change.footprint, (base.depth, depth), (base.at_building, at_building),
                          threshold_m=threshold, barrier_m=change.barrier_m)
    scenario_label = {lang: f"{event.label[lang]} + {measure.label[lang]}" for lang in ("de", "en")}
    entry = {**measure.options(), "id": measure.id, "layer": f"flood-measure-{measure.id}",
             "cells_changed": change.cells_changed, "size": [m.to_manifest() for m in change.size],
             **change.details, "local": local.to_manifest()}
    output.layers.append(flood_layer(context, site, spec.id, run, files, event, scenario_label, options.classes,
                                     threshold, entry))
    if measure.moves_water:
        output.layers.append(change_layer(context, site, spec.id, base.depth, depth, base.at_building, at_building,
                                          scenario_label, options.classes[0]))
    metrics = measure_metrics(change.size, local, threshold) + flood_metrics(after, options.classes, before)
    output.scenarios.append(flood_scenario(spec.id, scenario_label, metrics, spec.event))
    exports = flood_exports(site, spec.id, run, depth, at_building, affected, options, event,
                            measure=measure, personal=personal_fields_shown(context.config))
    if measure.moves_water:
        exports.items.extend(class_rasters(site, run, depth, before=base.depth, wet_m=options.classes[0]))
    output.exports.append(exports)
