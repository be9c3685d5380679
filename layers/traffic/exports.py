"""The files a traffic run offers for GIS (``layers.exports``): the modelled roads as features with
volumes, v/c and speeds — today's alone, a variant's beside today's (before/after).

One feature per road (both directions): the cross-section volume (veh/h, both directions), the
v/c, congested speed (km/h) and travel time (s) of its busier direction, and the posted limit —
the same figures as the tap table (``layers.traffic.artifacts``), unrounded.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import geopandas as gpd
import pandas as pd

from layers.exports import ScenarioExports, VectorExport
from layers.style import label
from layers.traffic.options import TrafficVariant

__all__ = ["TRAFFIC_MODEL", "baseline_exports", "variant_exports"]

TRAFFIC_MODEL = {"name": "urban-twin Verkehrsmodell: Spitzenstunde, statisches Nutzergleichgewicht (BPR, "
                         "bi-conjugate Frank-Wolfe, relative Lücke 1e-6)",
                 "reference": "Wardrop 1952; Mitradjieva & Lindberg 2013 (Transp. Sci. 47); UBA 2016 (Tempo 30)"}
FIGURES = {  # column name and unit in the file → (source column, unit shown, German, English)
    ("maxspeed", "kmh"): ("speed_kmh", "km/h", "Zulässige Höchstgeschwindigkeit", "Speed limit"),
    ("volume", "vph"): ("volume_total", "Kfz/h", "Verkehrsstärke (beide Richtungen)", "Volume (both directions)"),
    ("vc", ""): ("vc", "", "Auslastung v/c (stärkere Richtung)", "Load v/c (busier direction)"),
    ("speed", "kmh"): ("congested_speed_kmh", "km/h", "Geschwindigkeit in der Spitzenstunde (stärkere Richtung)",
                       "Peak-hour speed (busier direction)"),
    ("time", "s"): ("congested_time_s", "s", "Fahrzeit (stärkere Richtung)", "Travel time (busier direction)"),
}


def _model() -> dict:
    try:
        engine = f"AequilibraE {version('aequilibrae')}"
    except PackageNotFoundError:
        engine = "AequilibraE"
    return {**TRAFFIC_MODEL, "engine": engine}


def _geometry(model_roads: pd.DataFrame, ids: pd.Index) -> gpd.GeoSeries:
    first = model_roads.drop_duplicates("id")
    geometry = gpd.GeoSeries(first.geometry.values, index=first["id"].to_numpy(), crs=model_roads.crs)
    return geometry.reindex(ids)


def _frame(model_roads: pd.DataFrame, runs: dict[str, pd.DataFrame]) -> tuple[gpd.GeoDataFrame, dict]:
    """Columns ``<figure>[_<run>]_<unit>`` of each run (``volume_base_vph``; the run only when there are two)."""
    ids = next(iter(runs.values())).index
    columns: dict[str, object] = {"road_id": ids.to_numpy(), "name": runs[next(iter(runs))]["name"].to_numpy()}
    fields = {"road_id": {"unit": "", "de": "Straßen-ID", "en": "Road id"},
              "name": {"unit": "", "de": "Name", "en": "Name"}}
    when = {"base": label(" heute", " today"), "scen": label(" im Szenario", " in the scenario")}
    for (name, unit_tag), (source, unit, de, en) in FIGURES.items():
        for run, roads in runs.items():
            key = "_".join(part for part in (name, run if len(runs) > 1 else "", unit_tag) if part)
            columns[key] = roads[source].reindex(ids).to_numpy(dtype=float)
            tail = when[run] if len(runs) > 1 else label("", "")
            fields[key] = {"unit": unit, "de": de + tail["de"], "en": en + tail["en"]}
    return gpd.GeoDataFrame(columns, geometry=_geometry(model_roads, ids).values, crs=model_roads.crs), fields


def baseline_exports(scenario_id: str, model_roads: pd.DataFrame, roads: pd.DataFrame) -> ScenarioExports:
    """Today's roads with their load (``roads``: ``layers.traffic.metrics.road_summary``)."""
    frame, fields = _frame(model_roads, {"base": roads})
    return ScenarioExports(scenario=scenario_id, model=_model(), run={"variant": None},
                           items=[VectorExport("links", label("Straßen: Verkehr heute", "Roads: traffic today"),
                                               frame, fields)])


def variant_exports(variant: TrafficVariant, zone_name: str, model_roads: pd.DataFrame, base_roads: pd.DataFrame,
                    roads: pd.DataFrame, change_vph: pd.Series) -> ScenarioExports:
    """A variant's roads before (``_base``) and after (``_scen``), and the volume change (veh/h)."""
    frame, fields = _frame(model_roads, {"base": base_roads, "scen": roads})
    frame["volume_change_vph"] = change_vph.reindex(base_roads.index).to_numpy(dtype=float)
    fields["volume_change_vph"] = {"unit": "Kfz/h", "de": "Änderung der Verkehrsstärke", "en": "Change in volume"}
    title = {lang: f"Straßen: {text} – vorher/nachher" if lang == "de" else f"Roads: {text} – before/after"
             for lang, text in variant.label.items()}
    return ScenarioExports(scenario=variant.scenario_id, model=_model(),
                           run={"variant": {"key": variant.key, "label": variant.label, "zone": zone_name},
                                "baseline": "today"},
                           items=[VectorExport("links", title, frame, fields)])
