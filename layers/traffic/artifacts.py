"""The files and manifest entries of the traffic runs (names start with ``traffic_``).

Every layer exists once per time slice of the day (``layers.traffic.slices``; ``<t>`` is the
slice's key: morgen, tag, nachmittag, abend, nacht):

``traffic_basis_<t>.json``, ``traffic_<variant>_<t>.json``
    The load of one run: road paths like ``roads.json`` ({"i": road id, "p": [[lon, lat, z]],
    "c": [r, g, b], "w": width m}), draped with the same helper and lifted :data:`LOAD_LIFT_M`
    above the base roads. Colour = v/c class, width = volume (``layers.style``), never narrower
    than the base road under it (its class width), so it covers it. A two-way road is one path:
    it shows its busier direction (the larger v/c and the larger directional volume). Where a
    variant's limit does not hold (Tempo 30 at night, by day) its load layer names today's file.
``traffic_<variant>_<t>_diff.json``
    Variant minus today: colour by the change of the road's cross-section volume (both
    directions, veh/h) in a diverging scheme, width by its size; lifted :data:`DIFF_LIFT_M`.
``traffic_basis_<t>_attributes.json``, ``traffic_<variant>_<t>_attributes.json``
    {"fields": [...], "rows": {road id: [...]}} as ``layers.base_layers`` writes them; a variant's
    load and difference layers share one table (today vs variant): cross-section volume, v/c of
    the busier direction in %, congested speed (km/h) and travel time (s) of that direction,
    posted speed limits and the noise change (dB(A); empty where a volume is 0).
``traffic_<variant>_zones.json``
    Per zone and slice: mean trip time of the trips that start there, today and in the variant
    (min), and its change in s; per zone over the day: its trips and their extra seconds.
``traffic_links.json``
    Per directed link and run (slice × network): volume (veh/h), posted and congested speed
    (km/h) — what later models (noise per building, moving vehicles) read.

Manifest: the group ``verkehr``; layers of kind ``traffic-links`` (hidden at first;
``viewer.traffic_layers`` draws them) whose ``data``/``attributes`` are those of
:data:`DEFAULT_SLICE` and whose ``slices`` list every slice's (``key``, ``start``, ``end``,
``data``, ``attributes``); one scenario per run — its ``metrics`` are the day's figures, its
``slices`` each slice's — variants with ``baseline = "verkehr-basis"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
from layers.traffic.metrics import DayFigures, VariantFigures, worst_zones
from layers.traffic.options import KEY, TrafficVariant
from layers.traffic.runs import BASELINE, TrafficModel
from layers.traffic.slices import TimeSlice
from layers.web import to_lonlat, write_json

__all__ = ["DEFAULT_SLICE", "GROUP", "BaselineSlice", "RoadPaths", "VariantSlice", "baseline_entries",
           "links_table", "road_paths", "variant_entries"]

GROUP = {"id": KEY, "label": label("Verkehr", "Traffic")}
BASELINE_ID = f"{KEY}-{BASELINE}"
LOAD_LIFT_M = 0.5  # above the base roads (which float ROAD_LIFT_M above the DEM)
DIFF_LIFT_M = 0.8
DEFAULT_SLICE = "morgen"  # the layers' data before the viewer's clock picks a slice
WORST_ZONES = 3

BASE_FIELDS = [
    ("name", label("Name", "Name"), ""),
    ("maxspeed", label("Höchstgeschwindigkeit", "Speed limit"), "km/h"),
    ("volume", label("Verkehrsstärke (beide Richtungen)", "Volume (both directions)"), "Kfz/h"),
    ("load", label("Auslastung v/c (stärkere Richtung)", "Load v/c (busier direction)"), "%"),
    ("speed", label("Geschwindigkeit (stärkere Richtung)", "Speed (busier direction)"), "km/h"),
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
    ("speed_base", label("Geschwindigkeit heute", "Speed today"), "km/h"),
    ("speed_scen", label("Geschwindigkeit Szenario", "Speed in scenario"), "km/h"),
    ("time_base", label("Fahrzeit heute", "Travel time today"), "s"),
    ("time_scen", label("Fahrzeit Szenario", "Travel time in scenario"), "s"),
    ("noise_change", label("Lärmänderung (Emission)", "Noise change (emission)"), "dB(A)"),
]
ZONE_FIELDS = ["zone_id", "name", "kind", "trips_vph", "mean_trip_time_base_min", "mean_trip_time_scen_min",
               "mean_trip_time_delta_min", "delay_s"]
DAY_ZONE_FIELDS = ["zone_id", "name", "kind", "lon", "lat", "trips_day", "delay_s"]


@dataclass(frozen=True, eq=False)
class BaselineSlice:
    """Today's run in one time slice: the assignment, its per-road table and its metrics card."""

    time_slice: TimeSlice
    result: AssignmentResult
    roads: pd.DataFrame
    metrics: list[Metric]


@dataclass(frozen=True, eq=False)
class VariantSlice:
    """A variant in one time slice: its assignment (today's where its limit does not hold), its figures
    against today's run of the slice (``base_roads``) and its metrics card.
    """

    time_slice: TimeSlice
    result: AssignmentResult
    base_roads: pd.DataFrame
    figures: VariantFigures
    metrics: list[Metric]
    applies: bool


@dataclass(frozen=True, eq=False)
class RoadPaths:
    """The draped paths (lon, lat, z) of the modelled roads, in the order of ``parts``."""

    parts: pd.DataFrame
    paths: list[list]
    _lifted: dict[float, list[list]] = field(default_factory=dict, repr=False)

    def lifted(self, lift_m: float) -> list[list]:
        """Every path with its heights raised by ``lift_m`` (m, rounded to 0.1 m); computed once per lift."""
        if lift_m not in self._lifted:
            self._lifted[lift_m] = [[[x, y, round(z + lift_m, 1)] for x, y, z in path] for path in self.paths]
        return self._lifted[lift_m]

    def records(self, colour: pd.DataFrame, lift_m: float, order: pd.Series) -> list[dict]:
        """Path records of the roads in ``colour`` (columns r, g, b, w; indexed by road id), drawn in
        ascending ``order`` (the most important on top), lifted by ``lift_m`` (m). A line is never
        narrower than the base road under it (``ROAD_CLASS`` width), so no base colour shows beside it.
        """
        parts = self.parts
        ids = parts["id"].to_numpy()
        row_of = colour.index.get_indexer(ids)
        keep = np.flatnonzero(row_of >= 0)
        keep = keep[np.argsort(order.reindex(ids[keep]).to_numpy(float), kind="stable")]
        classes = parts["class"].astype(str).to_numpy() if "class" in parts else np.full(len(parts), "other")
        rgb = colour[["r", "g", "b"]].to_numpy().astype(int)
        width = colour["w"].to_numpy(float)
        paths = self.lifted(lift_m)
        records = []
        for k in keep:
            row = row_of[k]
            road_width = ROAD_CLASS.get(classes[k], ROAD_CLASS["other"])[1]
            records.append({"i": ids[k], "p": paths[k], "c": [int(v) for v in rgb[row]],
                            "w": round(max(float(width[row]), road_width), 1)})
        return records


def road_paths(context: BuildContext, model: TrafficModel, base_roads: pd.DataFrame) -> RoadPaths:
    """The paths of the roads the model kept, draped on the DEM and bridging water like ``roads.json``."""
    frame = model.roads.loc[model.roads["id"].isin(base_roads.index)]
    parts, paths = draped_road_paths(frame, context.dem, context.layers.get("water"), context.config.crs)
    return RoadPaths(parts, paths)


def _styled(rgb: np.ndarray, width: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({"r": rgb[:, 0], "g": rgb[:, 1], "b": rgb[:, 2], "w": width}, index=index)


def _layer(lid: str, scenario_id: str, lab: dict, slices: list[dict], fields: list, legend: dict, count: int,
           stats: dict) -> dict:
    """A layer entry; ``slices``: per time slice {"key", "start", "end", "data", "attributes", "stats"}."""
    default = next((s for s in slices if s["key"] == DEFAULT_SLICE), slices[0])
    return {"id": lid, "kind": "traffic-links", "group": GROUP["id"], "label": lab, "visible": False,
            "data": default["data"], "attributes": default["attributes"], "slices": slices,
            "fields": [{"key": k, "label": lab_, "unit": unit} for k, lab_, unit in fields],
            "legend": legend, "scenario": scenario_id, "count": count, "stats": stats}


def _slice_file(time_slice: TimeSlice, data: str, attributes: str, stats: dict) -> dict:
    return {"key": time_slice.key, "label": time_slice.label, "start": time_slice.start_h, "end": time_slice.end_h,
            "data": data, "attributes": attributes, "stats": stats}


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


def _load_style(roads: pd.DataFrame) -> pd.DataFrame:
    return _styled(vc_colours(roads["vc"].to_numpy()), load_width_m(roads["volume_max"].to_numpy()), roads.index)


def _zone_records(zones: pd.DataFrame, lonlat: pd.DataFrame, value: str, trips: str) -> list[dict]:
    """The most affected zones ({"name", "lon", "lat", value, trips}), largest ``value`` first."""
    worst = worst_zones(zones, value, count=WORST_ZONES, trips=trips)
    return [{"name": str(row["name"]), "lon": float(lonlat.at[row["zone_id"], "lon"]),
             "lat": float(lonlat.at[row["zone_id"], "lat"]), value: rounded(row[value], 1),
             trips: rounded(row[trips], 0)} for _, row in worst.iterrows()]


def baseline_entries(context: BuildContext, model: TrafficModel, slices: list[BaselineSlice], paths: RoadPaths,
                     day_metrics: list[Metric]) -> tuple[list[dict], dict]:
    """Write today's load layer and table of every time slice; its manifest layer and scenario."""
    out = context.out
    files = []
    for item in slices:
        key, roads = item.time_slice.key, item.roads
        data, attributes = f"traffic_basis_{key}.json", f"traffic_basis_{key}_attributes.json"
        rows = dict(zip(roads.index, _table_rows(
            (roads["name"], None), (roads["speed_kmh"], 0), (roads["volume_total"], 0), (100 * roads["vc"], 0),
            (roads["congested_speed_kmh"], 1), (roads["congested_time_s"], 1))))
        write_json(out / attributes, {"fields": [k for k, _, _ in BASE_FIELDS], "rows": rows}, gzip_twin=False)
        write_json(out / data, paths.records(_load_style(roads), LOAD_LIFT_M, roads["vc"]))
        files.append(_slice_file(item.time_slice, data, attributes, {"convergence": _convergence(item.result)}))
    stats = {"disconnected_road_warnings": model.dropped_warnings, "zones": int(len(model.demand.zones))}
    layer = _layer("traffic_basis", BASELINE_ID, label("Verkehr heute: Auslastung", "Traffic today: load"), files,
                   BASE_FIELDS, vc_legend(), len(slices[0].roads), stats)
    scenario = {"id": BASELINE_ID, "group": GROUP["id"], "label": label("Verkehr heute", "Traffic today"),
                "layers": ["traffic_basis"], "baseline": None, "metrics": [m.to_manifest() for m in day_metrics],
                "slices": [{**item.time_slice.to_manifest(), "metrics": [m.to_manifest() for m in item.metrics]}
                           for item in slices]}
    return [layer], scenario


def _table_rows(*columns: tuple[pd.Series, int | None]) -> list[list]:
    """Rows of a table from (column, decimals) pairs: numbers ``rounded``, a text column (decimals None) as
    text or None when empty.
    """
    values = []
    for column, decimals in columns:
        if decimals is None:
            values.append([v or None for v in column.tolist()])
        else:
            values.append([rounded(v, decimals) for v in column.to_numpy(float)])
    return [list(row) for row in zip(*values, strict=True)]


def _scenario_rows(base_roads: pd.DataFrame, roads: pd.DataFrame, noise: pd.Series) -> dict:
    if not base_roads.index.equals(roads.index):
        raise ValueError("today's and the variant's road tables must list the same roads in the same order")
    b, s = base_roads, roads
    return dict(zip(b.index, _table_rows(
        (b["name"], None), (b["speed_kmh"], 0), (s["speed_kmh"], 0), (b["volume_total"], 0), (s["volume_total"], 0),
        (s["volume_total"] - b["volume_total"], 0), (100 * b["vc"], 0), (100 * s["vc"], 0),
        (b["congested_speed_kmh"], 1), (s["congested_speed_kmh"], 1), (b["congested_time_s"], 1),
        (s["congested_time_s"], 1), (noise.reindex(b.index), 1))))


def _zone_lonlat(context: BuildContext, model: TrafficModel) -> pd.DataFrame:
    zones = model.demand.zones
    lon, lat = to_lonlat(zones["x"].to_numpy(float), zones["y"].to_numpy(float), context.config.crs)
    return pd.DataFrame({"lon": lon, "lat": lat}, index=zones["zone_id"].to_numpy())


def variant_entries(context: BuildContext, model: TrafficModel, variant: TrafficVariant, zone_name: str,
                    slices: list[VariantSlice], day: DayFigures, paths: RoadPaths,
                    day_metrics: list[Metric]) -> tuple[list[dict], dict]:
    """Write a variant's load and difference layers, tables and zone table of every time slice; its manifest
    entries.
    """
    out, slug, lab = context.out, variant.slug, variant.label
    loads, diffs, slice_entries, zone_slices = [], [], [], {}
    lonlat = _zone_lonlat(context, model)
    for item in slices:
        key, roads, figures = item.time_slice.key, item.figures.roads, item.figures
        change = figures.change_vph
        attributes = f"traffic_{slug}_{key}_attributes.json"
        write_json(out / attributes, {"fields": [k for k, _, _ in SCENARIO_FIELDS],
                                      "rows": _scenario_rows(item.base_roads, roads, figures.noise_db)},
                   gzip_twin=False)
        load_name = f"traffic_{slug}_{key}.json" if item.applies else f"traffic_basis_{key}.json"
        if item.applies:
            write_json(out / load_name, paths.records(_load_style(roads), LOAD_LIFT_M, roads["vc"]))
        diff_name = f"traffic_{slug}_{key}_diff.json"
        style = _styled(change_colours(change.to_numpy()), change_width_m(change.to_numpy()), change.index)
        write_json(out / diff_name, paths.records(style, DIFF_LIFT_M, change.abs()))
        stats = {"convergence": _convergence(item.result), "applies": item.applies,
                 "roads_affected": int(figures.affected.sum()), "max_increase_vph": rounded(change.max(), 0),
                 "max_decrease_vph": rounded(change.min(), 0)}
        loads.append(_slice_file(item.time_slice, load_name, attributes, stats))
        diffs.append(_slice_file(item.time_slice, diff_name, attributes, stats))
        zones = figures.comparison.zones.assign(delay_s=lambda z: 60 * z["mean_trip_time_delta_min"])
        zone_slices[key] = [[_plain_zone(v) for v in row] for row in zones[ZONE_FIELDS].itertuples(index=False)]
        slice_entries.append({**item.time_slice.to_manifest(), "applies": item.applies,
                              "metrics": [m.to_manifest() for m in item.metrics],
                              "worst_zones": _zone_records(zones, lonlat, "delay_s", "trips_vph")})

    day_zones = day.zones.merge(model.demand.zones[["zone_id", "kind"]], on="zone_id")
    day_zones = day_zones.assign(lon=lonlat["lon"].reindex(day_zones["zone_id"]).to_numpy(),
                                 lat=lonlat["lat"].reindex(day_zones["zone_id"]).to_numpy())
    zones_name = f"traffic_{slug}_zones.json"
    write_json(out / zones_name, {
        "fields": ZONE_FIELDS, "slices": zone_slices, "day_fields": DAY_ZONE_FIELDS,
        "day": [[_plain_zone(v) for v in row] for row in day_zones[DAY_ZONE_FIELDS].itertuples(index=False)]},
        gzip_twin=False)

    sid, load_id, diff_id = variant.scenario_id, f"traffic_{slug}", f"traffic_{slug}_diff"
    stats = {"roads_affected": int(max(item.figures.affected.sum() for item in slices)),
             "affected_km": round(day.affected_km, 2),
             "slices_applied": [item.time_slice.key for item in slices if item.applies]}
    count = len(slices[0].base_roads)
    layers = [
        _layer(load_id, sid, {lang: f"{text}: " + ("Auslastung" if lang == "de" else "load") for lang,
                              text in lab.items()}, loads, SCENARIO_FIELDS, vc_legend(), count, stats),
        _layer(diff_id, sid, {lang: f"{text}: " + ("Veränderung" if lang == "de" else "change")
                              for lang, text in lab.items()}, diffs, SCENARIO_FIELDS, change_legend(), count, stats),
    ]
    scenario = {"id": sid, "group": GROUP["id"], "label": lab, "layers": [load_id, diff_id],
                "baseline": BASELINE_ID, "metrics": [m.to_manifest() for m in day_metrics], "zone": zone_name,
                "applies_in": list(variant.slices) if variant.slices is not None else None,
                "zones_table": zones_name, "slices": slice_entries,
                "worst_zones": _zone_records(day_zones, lonlat, "delay_s", "trips_day"),
                "totals": {"trips_day": round(day.day.trips, 1), "vehicle_hours_day": round(day.day.vehicle_hours, 3),
                           "vehicle_km_day": round(day.day.vehicle_km, 3),
                           "mean_trip_time_s": round(day.day.mean_trip_time_s, 3),
                           "trip_delay_s": round(day.delay_s, 3)}}
    return layers, scenario


def links_table(context: BuildContext, runs: dict[str, tuple[TimeSlice, AssignmentResult]],
                scenarios: dict[str, dict[str, str]]) -> str:
    """Write ``traffic_links.json``: per directed road link and run, volume and speeds; the file name.

    Parameters
    ----------
    runs
        Run id → (its time slice, its assignment).
    scenarios
        Scenario id → {slice key: run id} (which run stands for it in each slice).
    """
    first = next(iter(runs.values()))[1].road_links
    links = {"link_id": first["link_id"].astype(int).tolist(), "road_id": first["road_id"].astype(str).tolist(),
             "direction": first["direction"].astype(int).tolist(),
             "length_m": [round(float(v), 1) for v in first["length_m"]]}

    def column(values: pd.Series, decimals: int) -> list:
        return [rounded(v, decimals) for v in values]

    slices = {time_slice.key: time_slice for time_slice, _ in runs.values()}
    table = {"slices": [time_slice.to_manifest() for time_slice in slices.values()],
             "links": links, "scenarios": scenarios,
             "runs": {rid: {"slice": time_slice.key,
                            "speed_limit_kmh": column(result.road_links["speed_kmh"], 0),
                            "volume_vph": column(result.road_links["volume_vph"], 1),
                            "congested_speed_kmh": column(result.road_links["congested_speed_kmh"], 1)}
                      for rid, (time_slice, result) in runs.items()}}
    name = "traffic_links.json"
    write_json(context.out / name, table)
    return name
