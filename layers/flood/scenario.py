"""The heavy-rain ("Starkregen") scenarios of a build: options → runs → artifacts and metrics.

``flood_scenarios(context)`` (registered as ``starkregen`` in ``layers.scenarios``) runs the
local-inertial model of this package (Bates et al. 2010, de Almeida et al. 2012) on the city's
DEM, buildings and land cover for a set of design storms and mitigation measures:

1. :mod:`~layers.flood.options` reads ``[scenarios.starkregen]`` (events, measures, grid size);
2. :mod:`~layers.flood.site` puts the city on the model grid;
3. :mod:`~layers.flood.measures` changes the grid for each measure;
4. :mod:`~layers.flood.runs` makes one picklable task per event and measure, and
   ``context.run_tasks`` runs them (Dask distributed or a process pool, ``layers.cluster``);
5. :mod:`~layers.flood.artifacts` writes overlays, building tables and the manifest entries,
   :mod:`~layers.flood.metrics` the figures of each run, :mod:`~layers.flood.exports` declares
   the files for GIS users (rasters, affected buildings).
"""

from __future__ import annotations

import time

from layers.flood.artifacts import GROUP, flood_layer, flood_scenario, write_run_files
from layers.flood.exports import flood_exports
from layers.flood.metrics import FloodFigures, flood_figures, flood_metrics
from layers.flood.options import DEFAULT_EVENTS, DEFAULT_MEASURES, KEY, flood_options
from layers.flood.runs import flood_tasks, rain_depth_mm, run_flood_task
from layers.flood.site import check_dem_in_metres, flood_site
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
    ids = [event.id for event in options.events] + [measure.id for measure in options.measures]
    defaults = [table["id"] for table in (*DEFAULT_EVENTS, *DEFAULT_MEASURES)]
    return ScenarioPlan(layers=[{"id": f"flood-{sid}", "kind": "flood-depth"} for sid in ids],
                        scenarios=[f"{KEY}-{sid}" for sid in ids],
                        left_out=[f"{prefix}{sid}" for sid in defaults if sid not in ids
                                  for prefix in ("flood-", f"{KEY}-")])


def flood_scenarios(context: BuildContext) -> ScenarioOutput:
    """Run the heavy-rain events and measures of a city; write their artifacts and manifest entries.

    Raises
    ------
    InputError
        Bad options (naming city.toml and the field), a DEM in feet, land cover the model cannot
        use, a measure's zone outside the DEM or without the buildings it needs.
    """
    options = flood_options(context)
    context.progress("Starkregen: Modellgitter")
    site = flood_site(context, resolution_m=options.resolution_m)
    changes = {}
    for measure in options.measures:
        zone, polygons = site.zone_cells(measure.zone, measure.id)
        changes[measure.id] = measure.apply(site, zone, polygons)
    tasks = flood_tasks(options, site.grid, changes)

    context.progress(f"Starkregen: {len(tasks)} Modellläufe")
    started = time.perf_counter()
    runs = context.run_tasks(run_flood_task, tasks, workers=options.workers, cost=rain_depth_mm)
    model_seconds = time.perf_counter() - started

    context.progress("Starkregen: Karten")
    classes = options.classes
    personal = personal_fields_shown(context.config)
    measures = {m.id: m for m in options.measures}
    figures: dict[str, FloodFigures] = {}
    output = ScenarioOutput(groups=[GROUP])
    for run in runs:
        measure = measures.get(run.id)
        event = options.event(measure.event if measure else run.id)
        depth = site.open_only(run.max_depth_m)
        at_building = site.depth_at_buildings(depth)
        files = write_run_files(context, site, run, depth, at_building, classes)
        figures[run.id] = flood_figures(site, run, depth, at_building, classes, event.depth_mm)
        scenario_label = measure.label if measure else event.label
        output.layers.append(flood_layer(context, site, run, files, event, scenario_label, classes, measure,
                                         changes.get(run.id)))
        baseline = measure.event if measure else None
        metrics = flood_metrics(figures[run.id], classes, figures[baseline] if baseline else None)
        output.scenarios.append(flood_scenario(run.id, scenario_label, metrics, baseline))
        output.exports.append(flood_exports(site, run, depth, at_building, classes, event, measure=measure,
                                            personal=personal))
    for entry in output.layers:
        entry["stats"]["all_runs_seconds"] = round(model_seconds, 1)
    return output
