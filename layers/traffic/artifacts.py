"""The files and manifest entries of the traffic runs (names start with ``traffic_``).

``traffic_basis.json``, ``traffic_<variant>.json``
    The load of one run: road paths like ``roads.json`` ({"i": road id, "p": [[lon, lat, z]],
    "c": [r, g, b], "w": width m}), draped with the same helper and lifted :data:`LOAD_LIFT_M`
    above the base roads. Colour = v/c class, width = volume (``layers.style``), never narrower
    than the base road under it (its class width), so it covers it. A two-way road is one path:
    it shows its busier direction (the larger v/c and the larger directional volume).
``traffic_<variant>_diff.json``
    Variant minus today: colour by the change of the road's cross-section volume (both
    directions, veh/h) in a diverging scheme, width by its size; lifted :data:`DIFF_LIFT_M`.
``traffic_basis_attributes.json``, ``traffic_<variant>_attributes.json``
    {"fields": [...], "rows": {road id: [...]}} as ``layers.base_layers`` writes them; a variant's
    load and difference layers share one table (today vs variant): cross-section volume, v/c of
    the busier direction in %, congested speed (km/h) and travel time (s) of that direction,
    posted speed limits and the noise change (dB(A); empty where a volume is 0).
``traffic_<variant>_zones.json``
    Per zone: mean trip time of the trips that start there, today and in the variant (min).

Manifest: the group ``verkehr``; layers of kind ``traffic-links`` (hidden at first;
``viewer.traffic_layers`` draws them), one scenario per run, variants with
``baseline = "verkehr-basis"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.base_layers import draped_road_paths
from layers.scenario_api import BuildContext, Metric, rounded
from layers.style import (
    ROAD_CLASS,
    change_colours,
    change_legend,
    change_width_m,
    label,
    load_width_m,
    vc_colours,
    vc_legend,
)
from layers.traffic.assign import AssignmentResult
from layers.traffic.metrics import VariantFigures
from layers.traffic.options import KEY, TrafficVariant
from layers.traffic.runs import BASELINE, TrafficModel
from layers.web import write_json

__all__ = ["GROUP", "RoadPaths", "baseline_entries", "road_paths", "variant_entries"]

GROUP = {"id": KEY, "label": label("Verkehr", "Traffic")}
BASELINE_ID = f"{KEY}-{BASELINE}"
LOAD_LIFT_M = 0.5  # above the base roads (which float ROAD_LIFT_M above the DEM)
DIFF_LIFT_M = 0.8

BASE_FIELDS = [
    ("name", label("Name", "Name"), ""),
    ("maxspeed", label("Höchstgeschwindigkeit", "Speed limit"), "km/h"),
    ("volume", label("Verkehrsstärke (beide Richtungen)", "Volume (both directions)"), "Kfz/h"),
    ("load", label("Auslastung v/c (stärkere Richtung)", "Load v/c (busier direction)"), "%"),
    ("speed", label("Geschwindigkeit in der Spitzenstunde", "Peak-hour speed"), "km/h"),
    ("time", label("Fahrzeit", "Travel time"), "s"),
]
SCENARIO_FIELDS = [
    ("name", label("Name", "Name"), ""),
    ("maxspeed_base", label("Höchstgeschwindigkeit heute", "Speed limit today"), "km/h"),
    ("maxspeed_scen", label("Höchstgeschwindigkeit Szenario", "Speed limit in scenario"), "km/h"),
    ("volume_base", label("Verkehrsstärke heute (beide Richtungen)", "Volume today (both directions)"), "Kfz/h"),
    ("volume_scen", label("Verkehrsstärke Szenario (beide Richtungen)", "Volume in scenario (both directions)"),
     "Kfz/h"),
    ("volume_change", label("Änderung der Verkehrsstärke", "Change in volume"), "Kfz/h"),
    ("load_base", label("Auslastung v/c heute", "Load v/c today"), "%"),
    ("load_scen", label("Auslastung v/c Szenario", "Load v/c in scenario"), "%"),
    ("speed_base", label("Geschwindigkeit heute (Spitzenstunde)", "Peak-hour speed today"), "km/h"),
    ("speed_scen", label("Geschwindigkeit Szenario (Spitzenstunde)", "Peak-hour speed in scenario"), "km/h"),
    ("time_base", label("Fahrzeit heute", "Travel time today"), "s"),
    ("time_scen", label("Fahrzeit Szenario", "Travel time in scenario"), "s"),
    ("noise_change", label("Lärmänderung (Emission)", "Noise change (emission)"), "dB(A)"),
]
ZONE_FIELDS = ["zone_id", "name", "kind", "trips_vph", "mean_trip_time_base_min", "mean_trip_time_scen_min",
               "mean_trip_time_delta_min"]


@dataclass(frozen=True, eq=False)
class RoadPaths:
    """The draped paths (lon, lat, z) of the modelled roads, in the order of ``parts``."""

    parts: pd.DataFrame
    paths: list[list]

    def records(self, colour: pd.DataFrame, lift_m: float, order: pd.Series) -> list[dict]:
        """Path records of the roads in ``colour`` (columns r, g, b, w; indexed by road id), drawn in
        ascending ``order`` (the most important on top), lifted by ``lift_m`` (m). A line is never
        narrower than the base road under it (``ROAD_CLASS`` width), so no base colour shows beside it.
        """
        parts = self.parts
        keep = [k for k, ident in enumerate(parts["id"]) if ident in colour.index]
        keep.sort(key=lambda k: order[parts["id"].iloc[k]])
        classes = parts["class"].astype(str).to_numpy() if "class" in parts else np.full(len(parts), "other")
        records = []
        for k in keep:
            ident = parts["id"].iloc[k]
            row = colour.loc[ident]
            road_width = ROAD_CLASS.get(classes[k], ROAD_CLASS["other"])[1]
            path = [[x, y, round(z + lift_m, 1)] for x, y, z in self.paths[k]]
            records.append({"i": ident, "p": path, "c": [int(row.r), int(row.g), int(row.b)],
                            "w": round(max(float(row.w), road_width), 1)})
        return records


def road_paths(context: BuildContext, model: TrafficModel, base_roads: pd.DataFrame) -> RoadPaths:
    """The paths of the roads the model kept, draped on the DEM and bridging water like ``roads.json``."""
    frame = model.roads.loc[model.roads["id"].isin(base_roads.index)]
    parts, paths = draped_road_paths(frame, context.dem, context.layers.get("water"), context.config.crs)
    return RoadPaths(parts, paths)


def _styled(rgb: np.ndarray, width: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({"r": rgb[:, 0], "g": rgb[:, 1], "b": rgb[:, 2], "w": width}, index=index)


def _layer(lid: str, scenario_id: str, lab: dict, data: str, attributes: str, fields: list, legend: dict,
           count: int, stats: dict) -> dict:
    return {"id": lid, "kind": "traffic-links", "group": GROUP["id"], "label": lab, "visible": False,
            "data": data, "attributes": attributes,
            "fields": [{"key": k, "label": lab_, "unit": unit} for k, lab_, unit in fields],
            "legend": legend, "scenario": scenario_id, "count": count, "stats": stats}


def _convergence(result: AssignmentResult) -> dict:
    c = result.convergence
    return {"rgap": float(c.rgap), "rgap_target": float(c.rgap_target), "iterations": int(c.iterations),
            "converged": bool(c.converged), "seconds": round(float(c.wall_time_s), 2)}


def _plain_zone(value: object) -> object:
    """A JSON scalar for the per-zone table (numbers rounded to 0.01, NaN → None)."""
    if isinstance(value, (float, np.floating)):
        return None if not np.isfinite(value) else round(float(value), 2)
    if isinstance(value, np.integer):
        return int(value)
    return value if isinstance(value, (int, str)) or value is None else str(value)


def baseline_entries(context: BuildContext, model: TrafficModel, result: AssignmentResult, roads: pd.DataFrame,
                     paths: RoadPaths, metrics: list[Metric]) -> tuple[list[dict], dict]:
    """Write today's load layer and table; its manifest layers and scenario."""
    out = context.out
    rows = {ident: [r["name"] or None, rounded(r.speed_kmh, 0), rounded(r.volume_total, 0), rounded(100 * r.vc, 0),
                    rounded(r.congested_speed_kmh, 1), rounded(r.congested_time_s, 1)]
            for ident, r in roads.iterrows()}
    write_json(out / "traffic_basis_attributes.json", {"fields": [k for k, _, _ in BASE_FIELDS], "rows": rows},
               gzip_twin=False)
    style = _styled(vc_colours(roads["vc"].to_numpy()), load_width_m(roads["volume_max"].to_numpy()), roads.index)
    write_json(out / "traffic_basis.json", paths.records(style, LOAD_LIFT_M, roads["vc"]))
    stats = {"convergence": _convergence(result), "disconnected_road_warnings": model.dropped_warnings,
             "zones": int(len(model.demand.zones))}
    layer = _layer("traffic_basis", BASELINE_ID, label("Verkehr heute: Auslastung", "Traffic today: load"),
                   "traffic_basis.json", "traffic_basis_attributes.json", BASE_FIELDS, vc_legend(), len(roads), stats)
    scenario = {"id": BASELINE_ID, "group": GROUP["id"], "label": label("Verkehr heute", "Traffic today"),
                "layers": ["traffic_basis"], "baseline": None, "metrics": [m.to_manifest() for m in metrics]}
    return [layer], scenario


def variant_entries(context: BuildContext, variant: TrafficVariant, zone_name: str, result: AssignmentResult,
                    base_roads: pd.DataFrame, figures: VariantFigures, paths: RoadPaths,
                    metrics: list[Metric]) -> tuple[list[dict], dict]:
    """Write a variant's load and difference layers, its table and zone table; its manifest entries."""
    out, slug, lab = context.out, variant.slug, variant.label
    roads, change, noise = figures.roads, figures.change_vph, figures.noise_db
    attributes = f"traffic_{slug}_attributes.json"
    rows = {ident: [b["name"] or None, rounded(b.speed_kmh, 0), rounded(s.speed_kmh, 0), rounded(b.volume_total, 0),
                    rounded(s.volume_total, 0), rounded(s.volume_total - b.volume_total, 0), rounded(100 * b.vc, 0),
                    rounded(100 * s.vc, 0), rounded(b.congested_speed_kmh, 1), rounded(s.congested_speed_kmh, 1),
                    rounded(b.congested_time_s, 1), rounded(s.congested_time_s, 1), rounded(noise[ident], 1)]
            for (ident, b), (_, s) in zip(base_roads.iterrows(), roads.iterrows(), strict=True)}
    write_json(out / attributes, {"fields": [k for k, _, _ in SCENARIO_FIELDS], "rows": rows}, gzip_twin=False)

    load_name, diff_name = f"traffic_{slug}.json", f"traffic_{slug}_diff.json"
    style = _styled(vc_colours(roads["vc"].to_numpy()), load_width_m(roads["volume_max"].to_numpy()), roads.index)
    write_json(out / load_name, paths.records(style, LOAD_LIFT_M, roads["vc"]))
    style = _styled(change_colours(change.to_numpy()), change_width_m(change.to_numpy()), change.index)
    write_json(out / diff_name, paths.records(style, DIFF_LIFT_M, change.abs()))

    zones = figures.comparison.zones
    zones_name = f"traffic_{slug}_zones.json"
    write_json(out / zones_name, {
        "fields": ZONE_FIELDS,
        "rows": [[_plain_zone(v) for v in row] for row in zones[ZONE_FIELDS].itertuples(index=False)]},
        gzip_twin=False)

    stats = {"convergence": _convergence(result), "roads_affected": int(figures.affected.sum()),
             "affected_km": round(figures.affected_km, 2),
             "max_increase_vph": rounded(change.max(), 0), "max_decrease_vph": rounded(change.min(), 0)}
    sid, load_id, diff_id = variant.scenario_id, f"traffic_{slug}", f"traffic_{slug}_diff"
    layers = [
        _layer(load_id, sid, {lang: f"{text}: " + ("Auslastung" if lang == "de" else "load") for lang,
                              text in lab.items()},
               load_name, attributes, SCENARIO_FIELDS, vc_legend(), len(roads), stats),
        _layer(diff_id, sid, {lang: f"{text}: " + ("Veränderung" if lang == "de" else "change")
                              for lang, text in lab.items()},
               diff_name, attributes, SCENARIO_FIELDS, change_legend(), len(roads), stats),
    ]
    scenario = {"id": sid, "group": GROUP["id"], "label": lab, "layers": [load_id, diff_id],
                "baseline": BASELINE_ID, "metrics": [m.to_manifest() for m in metrics], "zone": zone_name,
                "zones_table": zones_name,
                "totals": {k: round(float(v), 3) for k, v in figures.comparison.totals["scenario"].items()}}
    return layers, scenario
