"""The files a heavy-rain run offers for GIS (``layers.exports``): maximum depth, maximum velocity
and flow direction as rasters on the model grid, and the affected buildings as features.

Depth is kept on open cells (0 on buildings), velocity and direction only where the maximum depth
exceeds :data:`~layers.flood.runs.VELOCITY_MIN_DEPTH_M` (NaN elsewhere: a speed of a film of
water means nothing). A building is affected as on the metrics card (``layers.flood.affected``:
the water at its walls reaches ``affected_depth_m`` and any object protection's height);
residents per building are estimates and left out when the city switches them off
(``layers.privacy``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from layers.exports import RasterExport, ScenarioExports, VectorExport, export_name
from layers.flood.measures import FloodMeasure
from layers.flood.options import KEY, FloodEvent, FloodOptions
from layers.flood.runs import VELOCITY_MIN_DEPTH_M, FloodRun
from layers.flood.site import FloodSite
from layers.style import decimal_text, label

__all__ = ["FLOOD_MODEL", "RASTER_KEYS", "flood_exports", "raster_names"]

FLOOD_MODEL = {"name": "urban-twin Starkregenmodell: 2D lokal-inertiale Flachwassergleichungen auf dem DGM-Raster",
               "reference": "Bates, Horritt & Fewtrell 2010 (J. Hydrol. 387); de Almeida et al. 2012 (WRR 48)"}
RASTER_KEYS = ("max_depth", "max_velocity", "flow_direction")


def raster_names(run_id: str) -> dict[str, str]:
    """The GeoTIFF file names of a run's rasters, by key."""
    return {key: export_name(f"{KEY}-{run_id}", key, "tif") for key in RASTER_KEYS}


def flood_exports(site: FloodSite, scenario_id: str, run: FloodRun, depth: np.ndarray, at_building: np.ndarray,
                  affected: np.ndarray, options: FloodOptions, event: FloodEvent, *,
                  measure: FloodMeasure | None, personal: bool) -> ScenarioExports:
    """The exports of scenario ``scenario_id``: ``run``'s max depth on open cells ``depth`` (m) and at
    the buildings ``at_building`` (m), the ``affected`` buildings (bool, read as the metrics card
    reads them, object protection included); ``personal``: residents per building may be listed.

    A measure that moves no water (object protection) offers no rasters: they are its event's.
    """
    grid = site.grid
    crs = str(grid.crs)
    flowing = depth > VELOCITY_MIN_DEPTH_M
    threshold = options.affected_depth_m
    limit = label(f" (nur wo > {decimal_text(VELOCITY_MIN_DEPTH_M, 'de')} m tief)",
                  f" (only where > {decimal_text(VELOCITY_MIN_DEPTH_M, 'en')} m deep)")
    rasters = [] if measure is not None and not measure.moves_water else [
        RasterExport("max_depth", label("Maximale Wassertiefe", "Maximum water depth"), depth, grid.transform, crs,
                     "m"),
        RasterExport("max_velocity", {lang: text + limit[lang] for lang, text in
                                      label("Maximale Fließgeschwindigkeit", "Maximum flow velocity").items()},
                     np.where(flowing, run.max_velocity_m_s, np.nan), grid.transform, crs, "m/s"),
        RasterExport("flow_direction", {lang: text + limit[lang] for lang, text in
                                        label("Fließrichtung (0° = Nord, im Uhrzeigersinn)",
                                              "Flow direction (0° = north, clockwise)").items()},
                     np.where(flowing, run.flow_direction_deg, np.nan), grid.transform, crs, "°"),
    ]
    buildings = site.buildings
    columns = {"building_id": buildings["id"].astype(str).to_numpy()[affected],
               "depth_at_walls_m": at_building[affected]}
    fields = {"building_id": {"unit": "", "de": "Gebäude-ID", "en": "Building id"},
              "depth_at_walls_m": {"unit": "m", "de": "Maximale Wassertiefe an den Außenwänden",
                                   "en": "Maximum water depth at the walls"}}
    for key, de, en in (("name", "Name", "Name"), ("use", "Nutzung", "Use")):
        if key in buildings:
            columns[key] = buildings[key].astype(str).to_numpy()[affected]
            fields[key] = {"unit": "", "de": de, "en": en}
    if personal:
        columns["residents_estimate"] = site.residents[affected]
        fields["residents_estimate"] = {"unit": "", "de": "Einwohner (Schätzung aus der Geschossfläche)",
                                        "en": "Residents (estimate from floor area)"}
    frame = gpd.GeoDataFrame(columns, geometry=buildings.geometry.values[affected], crs=buildings.crs)
    title = label(f"Betroffene Gebäude (≥ {decimal_text(threshold, 'de')} m Wasser an der Wand)",
                  f"Affected buildings (≥ {decimal_text(threshold, 'en')} m of water at the walls)")
    run_info = {"event": {"id": event.id, "label": event.label, "depth_mm": event.depth_mm,
                          "duration_min": event.duration_min, "type": event.type},
                "measure": {"label": measure.label, **measure.options()} if measure else None,
                "depth_classes_m": list(options.classes), "affected_depth_m": threshold}
    return ScenarioExports(scenario=f"{KEY}-{scenario_id}", model=dict(FLOOD_MODEL), run=run_info,
                           items=[*rasters, VectorExport("affected_buildings", title, frame, fields)])
