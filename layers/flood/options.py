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
``affected_depth_m`` [0.10]
    Depth at a building's walls (m) from which it counts as affected (:mod:`layers.flood.affected`).
``roof_water_drained`` [every event]
    Events that also run with the roof water drained by the sewer instead of spilling at the walls,
    so that the key figures show roof water's share of the buildings affected.
``[[scenarios.starkregen.measures]]`` [:data:`DEFAULT_MEASURES`, each if the city has its zone]
    ``id``, ``type`` (a key of :data:`layers.flood.measures.MEASURE_TYPES`, default ``"unseal"``),
    where it acts — ``zone`` (a ``name`` in the zones layer) or ``site`` (a ``name`` in the measures
    layer, ``[inputs] measures``) — and the options of its type. A measure written in city.toml must
    name an existing zone or site.
``[scenarios.starkregen.runs]`` [:data:`DEFAULT_RUNS`; with your own measures: each on every event]
    Which measures run on which event: ``<event id> = ["<measure id>", ...]``. Each pair is one
    model run (``<event>-<measure>``) compared with its event; object protection moves no water and
    is read off the event's own run.

The cell size trades detail for run time: the explicit scheme's cost grows with dx⁻³, and 8 m keeps
the sample city's five runs within a few minutes on two cores (measurements in bench/README.md).
8 m cells still put one to two cells across the 12–20 m between building rows (buildings block the
cells whose centres they cover); a city that can afford the run time sets ``resolution_m = 4``
(≈ 8× the 8 m cost).
"""

from __future__ import annotations

from dataclasses import dataclass

from layers.flood.affected import DEFAULT_AFFECTED_DEPTH_M
from layers.flood.hyetograph import Hyetograph, block_rain, euler_type2
from layers.flood.measures import MEASURE_TYPES, PLACE_LAYERS, FloodMeasure
from layers.scenario_api import BuildContext
from layers.scenario_options import SCENARIO_ID, OptionReader, table_label
from layers.style import FLOOD_DEPTH_CLASSES_M

__all__ = ["DEFAULT_EVENTS", "DEFAULT_MEASURES", "DEFAULT_RUNS", "KEY", "FloodEvent", "FloodOptions", "RunSpec",
           "flood_options"]

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
    {"id": "entsiegelung", "zone": "Altstadt", "unseal_share": 0.5, "infiltration_mm_h": 40.0,
     "label_de": "Entsiegelung Altstadt", "label_en": "Unsealing Altstadt"},
    {"id": "gruendach", "type": "green_roofs", "zone": "Innenstadt",
     "retention_mm": 20.0, "uses": ["commercial", "industrial", "public"],
     "label_de": "Gründächer Innenstadt (Gewerbe, 20 mm)",
     "label_en": "Green roofs Innenstadt (commercial, 20 mm)"},
)
DEFAULT_RUNS = {"extrem": ["entsiegelung", "gruendach"]}
ROOF_DRAINED_SUFFIX = "dachwasser-abgeleitet"


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
class RunSpec:
    """One model run: an event, optionally with a measure or with the roof water drained.

    Attributes
    ----------
    id
        ``<event>``, ``<event>-<measure>`` or ``<event>-dachwasser-abgeleitet`` (file names, layer ids).
    event
        The event's id.
    measure
        The measure's id, if any.
    roofs_drained
        Roof water drained by the sewer (``roof_runoff="sewer"``) instead of spilling at the walls.
    """

    id: str
    event: str
    measure: str | None = None
    roofs_drained: bool = False


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
    runs: tuple[RunSpec, ...] = ()
    affected_depth_m: float = DEFAULT_AFFECTED_DEPTH_M

    def event(self, event_id: str) -> FloodEvent:
        """The event of an id."""
        return next(e for e in self.events if e.id == event_id)

    def measure(self, measure_id: str) -> FloodMeasure:
        """The measure of an id."""
        return next(m for m in self.measures if m.id == measure_id)

    @property
    def shown_runs(self) -> tuple[RunSpec, ...]:
        """The runs with a layer and a scenario: every event, then every event–measure pair."""
        return tuple(run for run in self.runs if not run.roofs_drained)


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
    affected = reader.number(raw, "affected_depth_m", DEFAULT_AFFECTED_DEPTH_M, "affected_depth_m")
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
    measures = []
    for k, table in enumerate(raw.get("measures", DEFAULT_MEASURES)):
        measure = _measure(reader, k, table, ids, [m.id for m in measures], context, explicit=explicit)
        if measure is not None:
            measures.append(measure)
    runs = _runs(reader, raw, events, measures, explicit=explicit)
    drained = raw.get("roof_water_drained", ids)
    if not isinstance(drained, list) or not all(isinstance(e, str) and e in ids for e in drained):
        raise reader.error("roof_water_drained", f"roof_water_drained = {drained!r} is not a list of event ids "
                           f"{ids}.", f"Write e.g. roof_water_drained = {ids[:1]!r}, or [] for none.")
    runs += tuple(RunSpec(f"{e}-{ROOF_DRAINED_SUFFIX}", e, roofs_drained=True) for e in ids if e in drained)
    return FloodOptions(res, after, interval, tuple(float(c) for c in classes), workers, events, tuple(measures),
                        runs, affected)


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


def _measure(reader: OptionReader, k: int, table: dict, event_ids: list[str], earlier: list[str],
             context: BuildContext, *, explicit: bool) -> FloodMeasure | None:
    """A measure, or None for a default measure whose zone the city does not have."""
    where = f"measures[{k}]"
    mid = str(table.get("id", ""))
    if not SCENARIO_ID.match(mid) or mid in event_ids or mid in earlier or mid.endswith(ROOF_DRAINED_SUFFIX):
        raise reader.error(where + ".id", f"The measure id {mid!r} is not a new short lower-case name.",
                           'Use letters a–z, digits and "-", different from the event ids and the other measures, '
                           'e.g. id = "entsiegelung".')
    if "event" in table:
        raise reader.error(where + ".event", "A measure no longer names its event.",
                           f'List it under [scenarios.starkregen.runs] instead, e.g. {table["event"]} = ["{mid}"].')
    keys = [key for key in PLACE_LAYERS if key in table]
    if len(keys) != 1:
        raise reader.error(where + ".site", f"The measure {mid!r} names {' and '.join(keys) or 'no place'}.",
                           'Give exactly one of zone = "<zone name>" (zones layer) or site = "<name>" '
                           "(measures layer, [inputs] measures).")
    key = keys[0]
    layer = context.layers.get(PLACE_LAYERS[key])
    names = [] if layer is None or "name" not in layer.frame else [str(n) for n in layer.frame["name"]]
    place = str(table[key])
    if place not in names:
        if not explicit:
            return None  # the default measures need the zones "Altstadt" and "Innenstadt"
        fix = (f"Use one of the names {names}." if names
               else f'Add a {PLACE_LAYERS[key]} layer with a "name" field under [inputs] '
                    f'({PLACE_LAYERS[key]} = "{PLACE_LAYERS[key]}.fgb").')
        raise reader.error(f"{where}.{key}", f"The {key} {place!r} is not in the {PLACE_LAYERS[key]} layer.", fix)
    kind = str(table.get("type", next(iter(MEASURE_TYPES))))
    if kind not in MEASURE_TYPES:
        known = ", ".join(f'"{name}"' for name in MEASURE_TYPES)
        raise reader.error(where + ".type", f"type = {kind!r} is unknown.", f"Use type = one of {known}.")
    name = table_label(table, f"Maßnahme {mid}", f"Measure {mid}")
    return MEASURE_TYPES[kind].from_table(reader, table, where, id=mid, label=name, key=key, place=place)


def _runs(reader: OptionReader, raw: dict, events: tuple[FloodEvent, ...], measures: list[FloodMeasure], *,
          explicit: bool) -> tuple[RunSpec, ...]:
    """Every event, then the event–measure pairs of ``[scenarios.starkregen.runs]``."""
    event_ids = [e.id for e in events]
    measure_ids = [m.id for m in measures]
    if "runs" in raw:
        table = raw["runs"]
    elif explicit:
        table = {e: measure_ids for e in event_ids}
    else:  # the default measures on the default event, where the city has them
        table = {e: [m for m in names if m in measure_ids] for e, names in DEFAULT_RUNS.items() if e in event_ids}
    if not isinstance(table, dict):
        raise reader.error("runs", "runs is not a table.",
                           'Write [scenarios.starkregen.runs] with lines like extrem = ["entsiegelung"].')
    pairs = []
    for event, names in table.items():
        if event not in event_ids:
            raise reader.error(f"runs.{event}", f"{event!r} is not one of the events {event_ids}.",
                               "Name an event id on the left of each line of [scenarios.starkregen.runs].")
        if not isinstance(names, list) or not all(isinstance(n, str) and n in measure_ids for n in names):
            raise reader.error(f"runs.{event}", f"{event} = {names!r} is not a list of measure ids {measure_ids}.",
                               f'Write e.g. {event} = ["{measure_ids[0] if measure_ids else "entsiegelung"}"].')
        pairs += [RunSpec(f"{event}-{name}", event, name) for name in dict.fromkeys(names)]
    runs = tuple(RunSpec(e, e) for e in event_ids) + tuple(pairs)
    ids = [run.id for run in runs]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise reader.error("runs", f"The run ids {twice} (event-measure) repeat.",
                           "Rename a measure so that no event id plus measure id gives the same name.")
    return runs
