"""The Tempo-30 scenarios in the build: model runs → road-path artifacts, attribute tables, manifest.

``traffic_scenarios(context)`` (registered as ``verkehr`` in ``layers.scenarios``) runs the
traffic model of this package on the city's roads and buildings (peak-hour demand, static user
equilibrium, every run converged to a relative gap of 1e-6): the baseline, "Tempo 30 <zone>"
(every street in or touching the zone at most 30 km/h) and "Tempo 30 in Nebenstraßen"
(the same without trunk/primary/secondary roads). Options in city.toml::

    [scenarios.verkehr]
    zone = "Innenstadt"    # name of a polygon in the zones file (default "Innenstadt")

What it writes (all names start with ``traffic_``):

``traffic_basis.json``, ``traffic_tempo30_<variant>.json``
    The load of one run: road paths like ``roads.json`` ({"i": road id, "p": [[lon, lat, z]],
    "c": [r, g, b], "w": width m}), draped with the same helper and lifted ``LOAD_LIFT_M`` above
    the base roads. Colour = v/c class (:data:`VC_CLASSES`, four steps of Paul Tol's YlOrBr:
    pale = free, dark brown = over capacity); width = ``2 + volume / 150`` m, capped at 20 m, but never
    narrower than the base road under it (its class width), so it covers it. A two-way road
    is one path: it shows its busier direction (the larger v/c and the larger directional volume).
``traffic_tempo30_<variant>_diff.json``
    Scenario minus baseline: colour by the change of the road's cross-section volume (both
    directions, veh/h) in the diverging Paul Tol BuRd scheme (:data:`CHANGE_CLASSES`: fewer =
    blue, more = red, |change| ≤ 10 veh/h neutral grey), width ``2 + |change| / 50`` m, capped at
    20 m and at least the base road's width; lifted ``DIFF_LIFT_M`` above the base roads.
``traffic_basis_attributes.json``, ``traffic_tempo30_<variant>_attributes.json``
    {"fields": [...], "rows": {road id: [...]}} as base_layers writes them; a scenario's load and
    difference layers share one table (baseline vs scenario). Per road: cross-section volume
    (veh/h, both directions), v/c of the busier direction in %, congested speed (km/h) and travel
    time (s) of that direction, posted speed limits and the noise change (dB(A), RLS-19 cars, speed
    and cross-section volume; empty where a volume is 0).

Manifest: the group ``verkehr``; five layers of kind ``traffic-links`` (hidden at first); three
scenarios ``verkehr-basis``, ``verkehr-tempo30-innenstadt`` and ``verkehr-tempo30-nebenstrassen``
(the last two with ``baseline = "verkehr-basis"``) whose metrics are vehicle-hours (and as % of
the baseline), vehicle-km, mean trip time (s), the noise change on the streets that get Tempo 30
(dB(A): change of the cars' total sound power emitted along them, RLS-19, speed and rerouted
volume), the km of those streets and the number of roads over capacity
(v/c > 1 in either direction). Demand is fixed (no mode shift), so the scenarios show rerouting
and lost time, not fewer car trips.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
import shapely

from layers.base_layers import draped_road_paths, road_ids
from layers.config import CONFIG_NAME
from layers.errors import InputError
from layers.scenario_api import BuildContext, ScenarioOutput, ScenarioPlan
from layers.style import ROAD_CLASS, label
from layers.web import write_json

__all__ = ["traffic_scenarios", "plan_traffic_scenarios", "vc_colours", "change_colours", "load_width_m", "change_width_m",
           "VC_CLASSES", "CHANGE_CLASSES", "GROUP", "DEFAULT_ZONE", "RGAP"]

GROUP = {"id": "verkehr", "label": label("Verkehr", "Traffic")}
DEFAULT_ZONE = "Innenstadt"
OPTIONS = ("zone",)
RGAP = 1e-6  # relative gap of every run: looser runs make the difference layer show solver noise
LOAD_LIFT_M = 0.5  # above the base roads (which float ROAD_LIFT_M above the DEM)
DIFF_LIFT_M = 0.8
MAX_WIDTH_M = 20.0
NEUTRAL_CHANGE_VPH = 10.0

# (upper bound of v/c, RGB, label); Paul Tol YlOrBr: most streets carry little traffic and stay pale
# (they look like ordinary roads), loaded ones stand out in orange, overloaded ones in dark brown.
VC_CLASSES: list[tuple[float, tuple[int, int, int], dict[str, str]]] = [
    (0.5, (255, 247, 188), label("bis 50 %", "up to 50 %")),
    (0.8, (254, 196, 79), label("50–80 %", "50–80 %")),
    (1.0, (236, 112, 20), label("80–100 %", "80–100 %")),
    (np.inf, (102, 37, 6), label("über 100 % (überlastet)", "over 100 % (over capacity)")),
]
# (upper bound of |change| in veh/h, colour for fewer, colour for more, labels); Paul Tol BuRd.
CHANGE_CLASSES: list[tuple[float, tuple[int, int, int], tuple[int, int, int], dict, dict]] = [
    (NEUTRAL_CHANGE_VPH, (221, 221, 221), (221, 221, 221),
     label("kaum Änderung (±10 Kfz/h)", "little change (±10 veh/h)"), {}),
    (50.0, (146, 197, 222), (244, 165, 130), label("10–50 Kfz/h weniger", "10–50 veh/h fewer"),
     label("10–50 Kfz/h mehr", "10–50 veh/h more")),
    (200.0, (67, 147, 195), (214, 96, 77), label("50–200 Kfz/h weniger", "50–200 veh/h fewer"),
     label("50–200 Kfz/h mehr", "50–200 veh/h more")),
    (np.inf, (33, 102, 172), (178, 24, 43), label("über 200 Kfz/h weniger", "over 200 veh/h fewer"),
     label("über 200 Kfz/h mehr", "over 200 veh/h more")),
]

VARIANTS = {  # scenario key in layers.traffic.SCENARIOS → (slug, labels given the zone name)
    "Tempo 30 Innenstadt": ("tempo30_innenstadt",
                            lambda zone: label(f"Tempo 30 {zone}", f"Tempo 30 in {zone}")),
    "Tempo 30 in Nebenstraßen": ("tempo30_nebenstrassen",
                                 lambda zone: label(f"Tempo 30 in Nebenstraßen ({zone})",
                                                    f"Tempo 30 on side streets ({zone})")),
}

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


# ---------------------------------------------------------------------------------------- styling

def vc_colours(vc: np.ndarray) -> np.ndarray:
    """RGB (n, 3) of the v/c classes (≤ 0.5, ≤ 0.8, ≤ 1.0, > 1.0)."""
    bounds = [upper for upper, _, _ in VC_CLASSES[:-1]]
    palette = np.array([rgb for _, rgb, _ in VC_CLASSES])
    return palette[np.digitize(np.asarray(vc, float), bounds, right=True)]


def change_colours(change_vph: np.ndarray) -> np.ndarray:
    """RGB (n, 3) of volume changes (veh/h): blue for fewer, red for more, grey for |change| ≤ 10."""
    change = np.asarray(change_vph, float)
    step = np.digitize(np.abs(change), [upper for upper, *_ in CHANGE_CLASSES[:-1]], right=True)
    fewer = np.array([c[1] for c in CHANGE_CLASSES])[step]
    more = np.array([c[2] for c in CHANGE_CLASSES])[step]
    return np.where((change > 0)[:, None], more, fewer)


def load_width_m(volume_vph: np.ndarray) -> np.ndarray:
    """Line width (m) of a load layer: 2 m + 1 m per 150 veh/h, at most 20 m."""
    return np.minimum(2.0 + np.asarray(volume_vph, float) / 150.0, MAX_WIDTH_M)


def change_width_m(change_vph: np.ndarray) -> np.ndarray:
    """Line width (m) of a difference layer: 2 m + 1 m per 50 veh/h of |change|, at most 20 m."""
    return np.minimum(2.0 + np.abs(np.asarray(change_vph, float)) / 50.0, MAX_WIDTH_M)


def _vc_legend() -> dict:
    return {"type": "categorical", "title": label("Auslastung v/c", "Load v/c"),
            "note": label("Linienbreite: Verkehrsstärke", "Line width: volume"),
            "items": [{"label": lab, "color": list(rgb)} for _, rgb, lab in VC_CLASSES]}


def _change_legend() -> dict:
    fewer = [{"label": c[3], "color": list(c[1])} for c in reversed(CHANGE_CLASSES[1:])]
    neutral = [{"label": CHANGE_CLASSES[0][3], "color": list(CHANGE_CLASSES[0][1])}]
    more = [{"label": c[4], "color": list(c[2])} for c in CHANGE_CLASSES[1:]]
    return {"type": "categorical", "title": label("Änderung der Verkehrsstärke", "Change in volume"),
            "note": label("Linienbreite: Betrag der Änderung", "Line width: size of the change"),
            "items": fewer + neutral + more}


# ---------------------------------------------------------------------------------------- inputs

def _plain_zone(value: object) -> object:
    """A JSON scalar for the per-zone table (numbers rounded to 0.01, NaN → None)."""
    if isinstance(value, (float, np.floating)):
        return None if not np.isfinite(value) else round(float(value), 2)
    if isinstance(value, np.integer):
        return int(value)
    return value if isinstance(value, (int, str)) or value is None else str(value)


def _zone_geometry(context: BuildContext, zone_name: str) -> object:
    toml = context.config.folder / CONFIG_NAME
    zones = context.layers.get("zones")
    if zones is None:
        raise InputError(toml, f"The traffic scenarios need the zone '{zone_name}', but no zones file is named.",
                         f'Add zones = "zones.fgb" under [inputs] (polygons with a name field, one named '
                         f'"{zone_name}"), or remove "verkehr" from [scenarios] enabled.', field="inputs.zones")
    if "name" not in zones.frame:
        raise InputError(zones.path, "The zones file has no name field, so the Tempo-30 zone cannot be found.",
                         f'Add a text field "name" and name the Tempo-30 zone "{zone_name}".', field="name")
    names = zones.frame["name"].astype(str)
    chosen = zones.frame.geometry[names == zone_name]
    if chosen.empty:
        known = ", ".join(sorted(set(names))[:12])
        raise InputError(toml, f"The zone '{zone_name}' is not in {zones.path.name} (zones there: {known}).",
                         f'Set zone = "<one of those names>" under [scenarios.verkehr], or add a polygon named '
                         f'"{zone_name}" to {zones.path.name}.', field="scenarios.verkehr.zone")
    return shapely.union_all(chosen.values)


def _options(context: BuildContext) -> str:
    toml = context.config.folder / CONFIG_NAME
    options = context.options("verkehr")
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise InputError(toml, f"[scenarios.verkehr] has the unknown key(s) {', '.join(unknown)}.",
                         f"Use only {', '.join(OPTIONS)} (e.g. zone = \"{DEFAULT_ZONE}\").",
                         field=f"scenarios.verkehr.{unknown[0]}")
    zone = options.get("zone", DEFAULT_ZONE)
    if not isinstance(zone, str) or not zone.strip():
        raise InputError(toml, f"[scenarios.verkehr] zone = {zone!r} is not a zone name.",
                         f'Write the name of a polygon in the zones file, e.g. zone = "{DEFAULT_ZONE}".',
                         field="scenarios.verkehr.zone")
    return zone.strip()


def _model_roads(frame: pd.DataFrame) -> pd.DataFrame:
    """The roads as the network builder wants them: string ids as in roads.json, and the optional
    fields filled (missing maxspeed → class default, missing lanes → 1 per direction, not one-way)."""
    roads = frame.copy()
    roads["id"] = road_ids(frame)
    for column, fill in (("maxspeed", None), ("lanes", None), ("oneway", False)):
        if column not in roads:
            roads[column] = fill
    return roads


# ---------------------------------------------------------------------------------------- results

def _per_road(links: pd.DataFrame) -> pd.DataFrame:
    """One row per road from its directed links: posted speed, cross-section volume (sum), the
    largest directional volume, and v/c, congested speed and time of the busier (larger v/c)
    direction."""
    ordered = links.sort_values(["road_id", "vc", "direction"], ascending=[True, False, False], kind="stable")
    busier = ordered.drop_duplicates("road_id").set_index("road_id")
    grouped = links.groupby("road_id")
    return pd.DataFrame({
        "name": busier["name"], "road_class": busier["road_class"], "length_m": busier["length_m"],
        "speed_kmh": grouped["speed_kmh"].max(), "volume_total": grouped["volume_vph"].sum(),
        "volume_max": grouped["volume_vph"].max(), "vc": busier["vc"],
        "congested_speed_kmh": busier["congested_speed_kmh"], "congested_time_s": busier["congested_time_s"],
    })


def _emission_change_db(base: pd.DataFrame, scen: pd.DataFrame) -> float:
    """Change (dB(A)) of the total sound power that cars emit along a set of roads: RLS-19
    length-related level L'_W per road (cross-section volume, posted speed), summed as energy
    times length. Busy streets dominate, as they do for the people living along them."""
    from layers.traffic.noise import length_sound_power_level

    def energy(roads: pd.DataFrame) -> float:
        volume = roads["volume_total"].to_numpy(float)
        with np.errstate(divide="ignore"):
            level = length_sound_power_level(volume, roads["speed_kmh"].to_numpy(float))
        return float(np.sum(np.where(volume > 0, 10.0 ** (0.1 * level), 0.0) * roads["length_m"].to_numpy(float)))

    before, after = energy(base), energy(scen)
    return 10.0 * np.log10(after / before) if before > 0 and after > 0 else float("nan")


def _num(value: float, decimals: int) -> float | int | None:
    if value is None or not np.isfinite(value):
        return None
    return int(round(float(value))) if decimals == 0 else round(float(value), decimals)


def _metric(key: str, de: str, en: str, value: float, unit: str, *, delta: float | None = None,
            decimals: int = 0) -> dict:
    return {"key": key, "label": label(de, en), "value": _num(value, decimals), "unit": unit,
            "delta": None if delta is None else _num(delta, decimals), "decimals": decimals}


def _run_metrics(totals: dict, roads: pd.DataFrame, base: tuple[dict, pd.DataFrame] | None) -> list[dict]:
    over = int((roads["vc"] > 1.0).sum())
    metrics = []
    if base is None:
        metrics.append(_metric("trips", "Kfz-Fahrten in der Spitzenstunde", "Car trips in the peak hour",
                               totals["trips"], "Kfz/h"))
    b_totals, b_roads = base if base is not None else (None, None)

    def change(key: str, scale: float = 1.0) -> float | None:
        return None if b_totals is None else (totals[key] - b_totals[key]) * scale

    metrics.append(_metric("vehicle_hours", "Fahrzeugstunden", "Vehicle-hours", totals["vehicle_hours"], "h",
                           delta=change("vehicle_hours"), decimals=1))
    if b_totals is not None:
        share = 100.0 * totals["vehicle_hours"] / b_totals["vehicle_hours"]
        metrics.append(_metric("vehicle_hours_pct", "Fahrzeugstunden im Vergleich zu heute",
                               "Vehicle-hours compared with today", share, "%", delta=share - 100.0, decimals=1))
    metrics.append(_metric("vehicle_km", "Fahrzeugkilometer", "Vehicle-km", totals["vehicle_km"], "km",
                           delta=change("vehicle_km")))
    metrics.append(_metric("mean_trip_time_s", "Mittlere Fahrzeit", "Mean trip time",
                           totals["mean_trip_time_min"] * 60.0, "s", delta=change("mean_trip_time_min", 60.0),
                           decimals=1))
    metrics.append(_metric("roads_over_capacity", "Überlastete Straßenabschnitte (v/c > 1)",
                           "Road links over capacity (v/c > 1)", over, "",
                           delta=None if b_roads is None else over - int((b_roads["vc"] > 1.0).sum())))
    return metrics


def _records(parts: pd.DataFrame, paths: list[list], colour: pd.DataFrame, lift_m: float,
             order: pd.Series) -> list[dict]:
    """Path records of the roads in ``colour`` (columns r, g, b, w; indexed by road id), drawn in
    ascending ``order`` (the most important on top), lifted by ``lift_m``. A line is never
    narrower than the base road under it (``ROAD_CLASS`` width), so no base colour shows beside it."""
    keep = [k for k, ident in enumerate(parts["id"]) if ident in colour.index]
    keep.sort(key=lambda k: order[parts["id"].iloc[k]])
    classes = parts["class"].astype(str).to_numpy() if "class" in parts else np.full(len(parts), "other")
    records = []
    for k in keep:
        ident = parts["id"].iloc[k]
        row = colour.loc[ident]
        road_width = ROAD_CLASS.get(classes[k], ROAD_CLASS["other"])[1]
        path = [[x, y, round(z + lift_m, 1)] for x, y, z in paths[k]]
        records.append({"i": ident, "p": path, "c": [int(row.r), int(row.g), int(row.b)],
                        "w": round(max(float(row.w), road_width), 1)})
    return records


def _styled(rgb: np.ndarray, width: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({"r": rgb[:, 0], "g": rgb[:, 1], "b": rgb[:, 2], "w": width}, index=index)


def _layer(lid: str, scenario_id: str, lab: dict, data: str, attributes: str, fields: list, legend: dict,
           count: int, stats: dict) -> dict:
    return {"id": lid, "kind": "traffic-links", "group": GROUP["id"], "label": lab, "visible": False,
            "data": data, "attributes": attributes,
            "fields": [{"key": k, "label": lab_, "unit": unit} for k, lab_, unit in fields],
            "legend": legend, "scenario": scenario_id, "count": count, "stats": stats}


def _convergence(result) -> dict:
    c = result.convergence
    return {"rgap": float(c.rgap), "rgap_target": float(c.rgap_target), "iterations": int(c.iterations),
            "converged": bool(c.converged), "seconds": round(float(c.wall_time_s), 2)}


# ---------------------------------------------------------------------------------------- builder

def _network_and_demand(context: BuildContext, zone_name: str, zone: object) -> tuple:
    """The roads as the model reads them, its network and demand, and how many disconnected roads
    were dropped; ``InputError`` for roads, a zone or buildings the model cannot use."""
    from layers.traffic import build_demand, network_from_roads
    from layers.traffic.demand import DemandError
    from layers.traffic.network import NetworkError
    from layers.traffic.scenarios import links_in_zone
    from layers.traffic.speeds import MaxspeedError

    toml = context.config.folder / CONFIG_NAME
    roads_input, buildings_input = context.layers["roads"], context.layers["buildings"]
    roads = _model_roads(roads_input.frame)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            network = network_from_roads(roads, capacity_per_lane={"motorway": 2000.0},
                                         default_speed_kmh={"motorway": 130.0}, on_disconnected="drop")
        dropped = sum("dropping" in str(w.message) for w in caught)
    except (NetworkError, MaxspeedError) as err:
        raise InputError(roads_input.path, f"The traffic model cannot use these roads: {err}",
                         "Fix the roads as described, or remove \"verkehr\" from [scenarios] enabled in city.toml.",
                         field="roads") from None
    if not links_in_zone(network, zone).any():
        raise InputError(toml, f"The zone '{zone_name}' touches none of the roads of the traffic network, so "
                         "Tempo 30 there would change nothing.",
                         "Choose a zone that covers streets (zone = \"...\" under [scenarios.verkehr]) or fix "
                         "the zone polygon's position/CRS.", field="scenarios.verkehr.zone")
    try:
        demand = build_demand(network, buildings_input.frame)
    except DemandError as err:
        raise InputError(buildings_input.path, f"The traffic model cannot derive car demand from the buildings: {err}",
                         "Give the buildings residents and jobs near the roads, or remove \"verkehr\" from "
                         "[scenarios] enabled in city.toml.", field="residents, jobs") from None
    return roads, network, demand, dropped


def traffic_scenarios(context: BuildContext) -> ScenarioOutput:
    """Run baseline and the Tempo-30 variants on the city; write their layers (see module docstring).

    Raises
    ------
    InputError
        No zones file, an unknown zone name or a zone that touches no road (naming city.toml and
        the field), or roads/buildings the traffic model cannot use (naming that file).
    """
    from layers.traffic import SCENARIOS, compare
    from layers.traffic.assign import assign
    from layers.traffic.noise import noise_change_db

    started = time.perf_counter()
    zone_name = _options(context)
    zone = _zone_geometry(context, zone_name)
    context.progress("Verkehr: Netz und Nachfrage")
    roads, network, demand, dropped = _network_and_demand(context, zone_name, zone)

    context.progress("Verkehr: Basis")
    baseline = assign(network, demand, rgap=RGAP)
    base_roads = _per_road(baseline.road_links)
    base_totals = baseline.totals()

    frame = roads.loc[roads["id"].isin(base_roads.index)]
    parts, paths = draped_road_paths(frame, context.dem, context.layers.get("water"), context.config.crs)

    out = context.out
    layers: list[dict] = []
    scenarios: list[dict] = []
    base_id = "verkehr-basis"
    rows = {ident: [r["name"] or None, _num(r.speed_kmh, 0), _num(r.volume_total, 0), _num(100 * r.vc, 0),
                    _num(r.congested_speed_kmh, 1), _num(r.congested_time_s, 1)]
            for ident, r in base_roads.iterrows()}
    write_json(out / "traffic_basis_attributes.json", {"fields": [k for k, _, _ in BASE_FIELDS], "rows": rows},
               gzip_twin=False)
    style = _styled(vc_colours(base_roads["vc"].to_numpy()), load_width_m(base_roads["volume_max"].to_numpy()),
                    base_roads.index)
    records = _records(parts, paths, style, LOAD_LIFT_M, base_roads["vc"])
    write_json(out / "traffic_basis.json", records)
    layers.append(_layer("traffic_basis", base_id, label("Verkehr heute: Auslastung", "Traffic today: load"),
                         "traffic_basis.json", "traffic_basis_attributes.json", BASE_FIELDS, _vc_legend(),
                         len(base_roads), {"convergence": _convergence(baseline), "disconnected_road_warnings": dropped,
                                           "zones": int(len(demand.zones))}))
    scenarios.append({"id": base_id, "group": GROUP["id"], "label": label("Verkehr heute", "Traffic today"),
                      "layers": ["traffic_basis"], "baseline": None,
                      "metrics": _run_metrics(base_totals, base_roads, None)})

    for key, (slug, make_label) in VARIANTS.items():
        context.progress(f"Verkehr: {key}")
        result = assign(SCENARIOS[key](network, zone), demand, rgap=RGAP)
        comparison = compare(key, baseline, result, demand)  # validates identical links
        scen_roads = _per_road(result.road_links).reindex(base_roads.index)
        change = scen_roads["volume_total"] - base_roads["volume_total"]
        with np.errstate(invalid="ignore", divide="ignore"):
            noise = pd.Series(noise_change_db(base_roads["speed_kmh"], scen_roads["speed_kmh"],
                                              base_roads["volume_total"], scen_roads["volume_total"]),
                              index=base_roads.index)
        affected = scen_roads["speed_kmh"] != base_roads["speed_kmh"]
        lengths = base_roads["length_m"]
        noise_affected = _emission_change_db(base_roads[affected], scen_roads[affected])

        sid, lab = f"verkehr-{slug.replace('_', '-')}", make_label(zone_name)
        attributes = f"traffic_{slug}_attributes.json"
        rows = {ident: [b["name"] or None, _num(b.speed_kmh, 0), _num(s.speed_kmh, 0), _num(b.volume_total, 0),
                        _num(s.volume_total, 0), _num(s.volume_total - b.volume_total, 0), _num(100 * b.vc, 0),
                        _num(100 * s.vc, 0), _num(b.congested_speed_kmh, 1), _num(s.congested_speed_kmh, 1),
                        _num(b.congested_time_s, 1), _num(s.congested_time_s, 1), _num(noise[ident], 1)]
                for (ident, b), (_, s) in zip(base_roads.iterrows(), scen_roads.iterrows())}
        write_json(out / attributes, {"fields": [k for k, _, _ in SCENARIO_FIELDS], "rows": rows}, gzip_twin=False)

        load_name, diff_name = f"traffic_{slug}.json", f"traffic_{slug}_diff.json"
        style = _styled(vc_colours(scen_roads["vc"].to_numpy()), load_width_m(scen_roads["volume_max"].to_numpy()),
                        scen_roads.index)
        write_json(out / load_name, _records(parts, paths, style, LOAD_LIFT_M, scen_roads["vc"]))
        style = _styled(change_colours(change.to_numpy()), change_width_m(change.to_numpy()), change.index)
        write_json(out / diff_name, _records(parts, paths, style, DIFF_LIFT_M, change.abs()))

        stats = {"convergence": _convergence(result), "roads_affected": int(affected.sum()),
                 "affected_km": round(float(lengths[affected].sum()) / 1000.0, 2),
                 "max_increase_vph": _num(change.max(), 0), "max_decrease_vph": _num(change.min(), 0)}
        load_id, diff_id = f"traffic_{slug}", f"traffic_{slug}_diff"
        layers.append(_layer(load_id, sid, {lang: f"{text}: " + ("Auslastung" if lang == "de" else "load")
                                            for lang, text in lab.items()},
                             load_name, attributes, SCENARIO_FIELDS, _vc_legend(), len(scen_roads), stats))
        layers.append(_layer(diff_id, sid, {lang: f"{text}: " + ("Veränderung" if lang == "de" else "change")
                                            for lang, text in lab.items()},
                             diff_name, attributes, SCENARIO_FIELDS, _change_legend(), len(scen_roads), stats))
        # Per zone: mean trip time of the trips that start there (its residents' and visitors'), min.
        zones = comparison.zones
        zones_name = f"traffic_{slug}_zones.json"
        write_json(out / zones_name, {
            "fields": ["zone_id", "name", "kind", "trips_vph", "mean_trip_time_base_min",
                       "mean_trip_time_scen_min", "mean_trip_time_delta_min"],
            "rows": [[_plain_zone(v) for v in row] for row in zones[[
                "zone_id", "name", "kind", "trips_vph", "mean_trip_time_base_min", "mean_trip_time_scen_min",
                "mean_trip_time_delta_min"]].itertuples(index=False)]}, gzip_twin=False)
        worst_zone_s = float(np.nanmax(zones["mean_trip_time_delta_min"].to_numpy())) * 60.0
        metrics = _run_metrics(result.totals(), scen_roads, (base_totals, base_roads))
        metrics.insert(-1, _metric("worst_zone_trip_s", "Größter Zuwachs der mittleren Fahrzeit einer Zone",
                                   "Largest rise of a zone's mean trip time", worst_zone_s, "s", decimals=0))
        metrics.insert(-1, _metric("noise_affected_db", "Lärmänderung an den Tempo-30-Straßen",
                                   "Noise change on the Tempo 30 streets", noise_affected, "dB(A)", decimals=1))
        metrics.insert(-1, _metric("affected_km", "Straßen mit neuem Tempo 30", "Streets newly at 30 km/h",
                                   float(lengths[affected].sum()) / 1000.0, "km", decimals=1))
        scenarios.append({"id": sid, "group": GROUP["id"], "label": lab, "layers": [load_id, diff_id],
                          "baseline": base_id, "metrics": metrics, "zone": zone_name, "zones_table": zones_name,
                          "totals": {k: round(float(v), 3) for k, v in comparison.totals["scenario"].items()}})

    scenarios[0]["seconds"] = round(time.perf_counter() - started, 2)
    return ScenarioOutput(groups=[dict(GROUP)], layers=layers, scenarios=scenarios)


def plan_traffic_scenarios(context: BuildContext) -> ScenarioPlan:
    """Check the options, the zone, the roads' network and the demand (all that can be wrong before
    an assignment runs) and name the layers and scenarios :func:`traffic_scenarios` will write."""
    zone_name = _options(context)
    _network_and_demand(context, zone_name, _zone_geometry(context, zone_name))   # its inputs, checked
    slugs = [slug for slug, _ in VARIANTS.values()]
    layers = [{"id": "traffic_basis", "kind": "traffic-links"}]
    for slug in slugs:
        layers += [{"id": f"traffic_{slug}", "kind": "traffic-links"}, {"id": f"traffic_{slug}_diff", "kind": "traffic-links"}]
    return ScenarioPlan(layers=layers, scenarios=["verkehr-basis"] + [f"verkehr-{slug.replace('_', '-')}" for slug in slugs])
