"""The options of the heavy-rain scenarios (``[scenarios.starkregen]`` in city.toml), typed.

Defaults in brackets:

``resolution_m`` [8.0]
    Model cell size (m); must not be finer than the DEM.
``rain_after_min`` [60]
    Simulated time after the rain ends (drainage), min. The rain itself lasts ``duration_min``.
``output_interval_min`` [5]
    Spacing of the animation frames (min).
``depth_classes_m`` [[0.1, 0.3, 0.5, 1.0]]
    Lower bounds of the depth classes (m), increasing; the first is the "wet"/"affected" threshold.
``workers`` [2]
    Parallel model runs (processes; numba runs single-threaded in each).
``[[scenarios.starkregen.events]]`` [the three of :data:`DEFAULT_EVENTS`]
    ``id`` (letters, digits, ``-``), ``depth_mm`` (> 0), ``duration_min`` [60], ``type`` =
    ``"block"`` or ``"euler2"`` [block], optional ``label_de`` / ``label_en``.
    Defaults: ``selten`` 29 mm in 1 h block rain (about T = 30 a in Hamburg, KOSTRA-DWD-2020),
    ``aussergewoehnlich`` 36 mm in 1 h Euler type II (about T = 100 a), ``extrem`` 100 mm in 1 h
    block rain (the "extreme" scenario of German hazard maps).
``[[scenarios.starkregen.measures]]`` [:data:`DEFAULT_MEASURES`, each if the city has its zone]
    ``id``, ``event`` (an event id: the baseline), ``zone`` (a ``name`` in the zones layer),
    ``type`` (a key of :data:`layers.flood.measures.MEASURE_TYPES`, default ``"unseal"``) and the
    options of that type. A measure written in city.toml must name an existing zone.

The cell size trades detail for run time: the explicit scheme's cost grows with dx⁻³, and 8 m keeps
the sample city's five runs within a few minutes on two cores (measurements in bench/README.md).
8 m cells still put one to two cells across the 12–20 m between building rows (buildings block the
cells whose centres they cover); a city that can afford the run time sets ``resolution_m = 4``
(≈ 8× the 8 m cost).
"""

from __future__ import annotations

from dataclasses import dataclass

from layers.flood.hyetograph import Hyetograph, block_rain, euler_type2
from layers.flood.measures import MEASURE_TYPES, FloodMeasure
from layers.scenario_api import BuildContext
from layers.scenario_options import SCENARIO_ID, OptionReader, table_label
from layers.style import FLOOD_DEPTH_CLASSES_M

__all__ = ["DEFAULT_EVENTS", "DEFAULT_MEASURES", "KEY", "FloodEvent", "FloodOptions", "flood_options"]

KEY = "starkregen"
DEFAULT_RESOLUTION_M = 8.0
DEFAULT_AFTER_MIN = 60.0
DEFAULT_INTERVAL_MIN = 5.0
DEFAULT_WORKERS = 2
RAIN_STEP_MIN = 5.0
RAIN_TYPES = ("block", "euler2")

DEFAULT_EVENTS = (
    {"id": "selten", "depth_mm": 29.0, "duration_min": 60.0, "type": "block",
     "label_de": "Seltener Starkregen (29 mm/1 h, T = 30 a)", "label_en": "Rare heavy rain (29 mm/1 h, T = 30 y)"},
    {"id": "aussergewoehnlich", "depth_mm": 36.0, "duration_min": 60.0, "type": "euler2",
     "label_de": "Außergewöhnlicher Starkregen (36 mm/1 h, Euler II, T = 100 a)",
     "label_en": "Exceptional heavy rain (36 mm/1 h, Euler II, T = 100 y)"},
    {"id": "extrem", "depth_mm": 100.0, "duration_min": 60.0, "type": "block",
     "label_de": "Extremer Starkregen (100 mm/1 h)", "label_en": "Extreme heavy rain (100 mm/1 h)"},
)
DEFAULT_MEASURES = (
    {"id": "extrem-entsiegelung", "event": "extrem", "zone": "Altstadt", "unseal_share": 0.5,
     "infiltration_mm_h": 40.0,
     "label_de": "Extrem + Entsiegelung Altstadt", "label_en": "Extreme + unsealing Altstadt"},
    {"id": "extrem-gruendach", "type": "green_roofs", "event": "extrem", "zone": "Innenstadt",
     "retention_mm": 20.0, "uses": ["commercial", "industrial", "public"],
     "label_de": "Extrem + Gründächer Innenstadt (Gewerbe, 20 mm)",
     "label_en": "Extreme + green roofs Innenstadt (commercial, 20 mm)"},
)


@dataclass(frozen=True)
class FloodEvent:
    """A design storm: ``depth_mm`` (mm) in ``duration_min`` (min), block or Euler type II rain."""

    id: str
    label: dict[str, str]
    depth_mm: float
    duration_min: float
    type: str

    def hyetograph(self) -> Hyetograph:
        """The rain as intensities (mm/h) in 5-minute steps."""
        make = euler_type2 if self.type == "euler2" else block_rain
        return make(depth_mm=self.depth_mm, duration_min=self.duration_min, step_min=RAIN_STEP_MIN)


@dataclass(frozen=True)
class FloodOptions:
    """The heavy-rain options of a city (see the module text for units and defaults)."""

    resolution_m: float
    after_min: float
    interval_min: float
    classes: tuple[float, ...]
    workers: int
    events: tuple[FloodEvent, ...]
    measures: tuple[FloodMeasure, ...] = ()

    def event(self, event_id: str) -> FloodEvent:
        """The event of an id."""
        return next(e for e in self.events if e.id == event_id)


def flood_options(context: BuildContext) -> FloodOptions:
    """Read and check ``[scenarios.starkregen]`` of the city being built.

    Raises
    ------
    InputError
        Naming city.toml, the field and the fix.
    """
    reader = OptionReader.of(context, KEY)
    raw = context.options(KEY)
    res = reader.number(raw, "resolution_m", DEFAULT_RESOLUTION_M, "resolution_m")
    dem_m = context.dem.resolution_m
    if res < dem_m * (1 - 1e-9):
        raise reader.error("resolution_m", f"resolution_m = {res} m is finer than the DEM ({dem_m:g} m).",
                           f"Use resolution_m ≥ {dem_m:g}.")
    after = reader.number(raw, "rain_after_min", DEFAULT_AFTER_MIN, "rain_after_min", positive=False, minimum=0.0)
    interval = reader.number(raw, "output_interval_min", DEFAULT_INTERVAL_MIN, "output_interval_min")
    workers = int(reader.number(raw, "workers", DEFAULT_WORKERS, "workers", minimum=1))
    classes = raw.get("depth_classes_m", list(FLOOD_DEPTH_CLASSES_M))
    if (not isinstance(classes, list) or not classes or not all(isinstance(c, (int, float)) and c > 0 for c in classes)
            or any(b <= a for a, b in zip(classes, classes[1:], strict=False))):
        raise reader.error("depth_classes_m",
                           f"depth_classes_m = {classes!r} is not an increasing list of depths > 0 m.",
                           "Write e.g. depth_classes_m = [0.1, 0.3, 0.5, 1.0].")
    events = tuple(_event(reader, k, table) for k, table in enumerate(raw.get("events", DEFAULT_EVENTS)))
    if not events:
        raise reader.error("events", "No heavy-rain event is listed.",
                           "List at least one [[scenarios.starkregen.events]].")
    ids = [e.id for e in events]
    if len(set(ids)) != len(ids):
        raise reader.error("events", f"Event ids repeat: {ids}.", "Give every event its own id.")
    explicit = "measures" in raw  # the default measures are skipped when the city lacks their zone
    zones = context.layers.get("zones")
    zone_names = [] if zones is None or "name" not in zones.frame else [str(n) for n in zones.frame["name"]]
    measures = []
    for k, table in enumerate(raw.get("measures", DEFAULT_MEASURES)):
        measure = _measure(reader, k, table, ids, zone_names, explicit=explicit)
        if measure is not None:
            measures.append(measure)
    return FloodOptions(res, after, interval, tuple(float(c) for c in classes), workers, events, tuple(measures))


def _event(reader: OptionReader, k: int, table: dict) -> FloodEvent:
    where = f"events[{k}]"
    eid = str(table.get("id", ""))
    if not SCENARIO_ID.match(eid):
        raise reader.error(where + ".id", f"The event id {eid!r} is not a short lower-case name.",
                           'Use letters a–z, digits and "-", e.g. id = "extrem".')
    depth = reader.number(table, "depth_mm", None, where + ".depth_mm")
    duration = reader.number(table, "duration_min", 60.0, where + ".duration_min")
    if abs(duration / RAIN_STEP_MIN - round(duration / RAIN_STEP_MIN)) > 1e-9:
        raise reader.error(where + ".duration_min", f"duration_min = {duration} is not a multiple of 5 min.",
                           "Give the rain duration in whole 5-minute steps, e.g. 60.")
    kind = str(table.get("type", "block"))
    if kind not in RAIN_TYPES:
        raise reader.error(where + ".type", f"type = {kind!r} is unknown.", 'Use type = "block" or "euler2".')
    name = table_label(table, f"Starkregen {eid} ({depth:g} mm)", f"Heavy rain {eid} ({depth:g} mm)")
    return FloodEvent(eid, name, depth, duration, kind)


def _measure(reader: OptionReader, k: int, table: dict, event_ids: list[str], zone_names: list[str], *,
             explicit: bool) -> FloodMeasure | None:
    """A measure, or None for a default measure whose event or zone the city does not have."""
    where = f"measures[{k}]"
    mid = str(table.get("id", ""))
    if not SCENARIO_ID.match(mid) or mid in event_ids:
        raise reader.error(where + ".id", f"The measure id {mid!r} is not a new short lower-case name.",
                           'Use letters a–z, digits and "-", different from the event ids, '
                           'e.g. id = "extrem-entsiegelung".')
    event = str(table.get("event", ""))
    if event not in event_ids:
        if not explicit:
            return None
        raise reader.error(where + ".event", f"The measure's event {event!r} is not one of the events {event_ids}.",
                           "Set event to the id of the event the measure is applied to.")
    zone = str(table.get("zone", ""))
    if zone not in zone_names:
        if not explicit:
            return None  # the default measures need the zones "Altstadt" and "Innenstadt"
        fix = (f"Use one of the zone names {zone_names}." if zone_names
               else 'Add a zones layer with a "name" field under [inputs] (zones = "zones.fgb").')
        raise reader.error(where + ".zone", f"The zone {zone!r} is not in the zones layer.", fix)
    kind = str(table.get("type", next(iter(MEASURE_TYPES))))
    if kind not in MEASURE_TYPES:
        known = " or ".join(f'"{name}"' for name in MEASURE_TYPES)
        raise reader.error(where + ".type", f"type = {kind!r} is unknown.", f"Use type = {known}.")
    name = table_label(table, f"Maßnahme {mid}", f"Measure {mid}")
    return MEASURE_TYPES[kind].from_table(reader, table, where, id=mid, label=name, event=event, zone=zone)
