"""The files a traffic scenario offers for GIS (``layers.exports``): the modelled roads as features
with volumes, v/c and speeds — today's alone, a variant's beside today's (before/after) — one
GeoPackage per time slice of the day (``layers.traffic.slices``; the slice's average hour).

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
from layers.traffic.slices import TimeSlice

__all__ = ["TRAFFIC_MODEL", "baseline_exports", "variant_exports"]

TRAFFIC_MODEL = {"name": "urban-twin Verkehrsmodell: Zeitscheiben eines Werktags (mittlere Stunde je Scheibe), "
                         "statisches Nutzergleichgewicht (BPR, bi-conjugate Frank-Wolfe, relative Lücke 1e-6)",
                 "reference": "Wardrop 1952; Mitradjieva & Lindberg 2013 (Transp. Sci. 47); UBA 2016 (Tempo 30)"}
FIGURES = {  # column name and unit in the file → (source column, unit shown, German, English)
    ("maxspeed", "kmh"): ("speed_kmh", "km/h", "Zulässige Höchstgeschwindigkeit", "Speed limit"),
    ("volume", "vph"): ("volume_total", "Kfz/h", "Verkehrsstärke (beide Richtungen)", "Volume (both directions)"),
    ("vc", ""): ("vc", "", "Auslastung v/c (stärkere Richtung)", "Load v/c (busier direction)"),
    ("speed", "kmh"): ("congested_speed_kmh", "km/h", "Geschwindigkeit in der Zeitscheibe (stärkere Richtung)",
                       "Speed in the time slice (busier direction)"),
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


def _slice_run(time_slice: TimeSlice) -> dict:
    return {"key": time_slice.key, "label": time_slice.label, "start_h": time_slice.start_h,
            "end_h": time_slice.end_h}


def baseline_exports(scenario_id: str, model_roads: pd.DataFrame,
                     slices: list[tuple[TimeSlice, pd.DataFrame]]) -> ScenarioExports:
    """Today's roads with their load in each time slice (``roads``: ``layers.traffic.metrics.road_summary``)."""
    items = []
    for time_slice, roads in slices:
        frame, fields = _frame(model_roads, {"base": roads})
        items.append(VectorExport(f"links_{time_slice.key}",
                                  label(f"Straßen: Verkehr heute, {time_slice.label['de']}",
                                        f"Roads: traffic today, {time_slice.label['en']}"), frame, fields))
    return ScenarioExports(scenario=scenario_id, model=_model(),
                           run={"variant": None, "time_slices": [_slice_run(s) for s, _ in slices]}, items=items)


def variant_exports(variant: TrafficVariant, zone_name: str, model_roads: pd.DataFrame,
                    slices: list[tuple[TimeSlice, pd.DataFrame, pd.DataFrame, pd.Series]]) -> ScenarioExports:
    """A variant's roads before (``_base``) and after (``_scen``) and the volume change (veh/h), per
    time slice: ``(slice, today's roads, the variant's roads, change)``.
    """
    items = []
    for time_slice, base_roads, roads, change_vph in slices:
        frame, fields = _frame(model_roads, {"base": base_roads, "scen": roads})
        frame["volume_change_vph"] = change_vph.reindex(base_roads.index).to_numpy(dtype=float)
        fields["volume_change_vph"] = {"unit": "Kfz/h", "de": "Änderung der Verkehrsstärke", "en": "Change in volume"}
        title = {lang: (f"Straßen: {text} – vorher/nachher, {time_slice.label[lang]}" if lang == "de"
                        else f"Roads: {text} – before/after, {time_slice.label[lang]}")
                 for lang, text in variant.label.items()}
        items.append(VectorExport(f"links_{time_slice.key}", title, frame, fields))
    return ScenarioExports(scenario=variant.scenario_id, model=_model(),
                           run={"variant": {"key": variant.key, "label": variant.label, "zone": zone_name},
                                "baseline": "today", "time_slices": [_slice_run(s[0]) for s in slices]},
                           items=items)
