"""The heavy-rain ("Starkregen") scenarios of a city: model runs → artifacts → manifest entries.

``flood_scenarios(context)`` runs the local-inertial model (:mod:`layers.flood`) on the city's DEM,
buildings and land cover for a set of design storms and for mitigation measures, and writes per
scenario (names prefixed ``flood_<id>_``):

* ``flood_<id>_max_depth.tif``, ``..._max_velocity.tif`` (m/s, only where the max depth > 5 cm,
  else NaN) and ``..._flow_direction.tif`` (degrees the water flows towards, 0 = north, NaN where
  still) — GeoTIFFs on the model grid in the working CRS;
* ``flood_<id>_max_depth.png`` — the max depth as an RGBA overlay (transparent below the first
  depth class and on permanent water), classed like German heavy-rain hazard maps (0.1 / 0.3 / 0.5
  / 1.0 m) in sequential, colour-blind-safe blues, warped to exactly ``context.terrain_bounds`` so
  it drapes onto the terrain mesh with the terrain's texture coordinates;
* ``flood_<id>_tNNNNNNs.png`` — the depth every ``output_interval_min`` on the same bounds (animation);
* ``flood_<id>_buildings.json`` — ``{building id: depth (m)}`` for buildings with water at them: the
  max depth over the open cells whose centres lie within one cell of the footprint (the water
  standing against its walls); ``flood_<id>_attributes.json`` the same (in cm) as a tap table;
* one manifest layer (kind ``flood-depth``, hidden by default) and one scenario entry with metrics:
  flooded area per depth class (m², permanent water excluded), buildings and residents affected
  (water ≥ the first class at the building), peak water volume on the surface (m³) and the
  model's relative mass-balance error. A measure's metrics carry their change against the event
  it modifies (``baseline``).

Options (``[scenarios.starkregen]`` in city.toml; defaults in brackets)
--------------------------------------------------------------------
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
``[[scenarios.starkregen.events]]`` [the three below]
    ``id`` (letters, digits, ``-``), ``depth_mm`` (> 0), ``duration_min`` [60], ``type`` =
    ``"block"`` or ``"euler2"`` [block], optional ``label_de`` / ``label_en``.
    Defaults: ``selten`` 29 mm in 1 h block rain (about T = 30 a in Hamburg, KOSTRA-DWD-2020),
    ``aussergewoehnlich`` 36 mm in 1 h Euler type II (about T = 100 a), ``extrem`` 100 mm in 1 h
    block rain (the "extreme" scenario of German hazard maps).
``[[scenarios.starkregen.measures]]`` [two, for the extreme event: Entsiegelung Altstadt and
Gründächer Innenstadt, each if the city has that zone]
    ``id``, ``event`` (an event id: the baseline), ``zone`` (a ``name`` in the zones layer) and
    ``type`` = ``"unseal"`` [default] or ``"green_roofs"``.
    ``unseal``: ``unseal_share`` [0.5] (share of the sealed open ground in the zone made
    permeable) and ``infiltration_mm_h`` [40] (infiltration of the unsealed surfaces, permeable
    paving / swales): sealed open cells in the zone get ``unseal_share × infiltration_mm_h`` of
    infiltration on top of their sewer inlets.
    ``green_roofs``: ``retention_mm`` [20] (rain an extensive green roof holds per event, typically
    15–30 mm; see :mod:`layers.flood.model`) on the roofs of the buildings whose ``use`` is in
    ``uses`` [["commercial", "industrial", "public"]: the large, usually flat roofs] and whose
    footprint's representative point lies in the zone.
    The default measures are skipped silently when the city has no such zone; a measure written
    in city.toml must name an existing zone.

Roof water and "affected" buildings
    Roof rain stays on the surface (the sewer is taken as full, DWA-M 119) and is spread over the
    open cells around each building (``roof_runoff="perimeter"``, see :mod:`layers.flood.model`)
    instead of the single nearest cell. A building is affected when the max depth within one cell
    of its footprint reaches the first class (0.1 m), the hazard-map meaning of "water reaches the
    building". Review for issue 3 (sample city, 8 m): about half of the buildings are affected at
    100 mm/1 h, and that is not a downpipe artefact — nearest vs perimeter routing changed the
    count by < 2 % (extreme 4,587 → 4,589, rare 2,477 → 2,440 of 9,218) and a narrower ring (cells
    touching the footprint + 1 m, or the building's own cells) gave 4,683. Roof water itself is a
    real share: with roofs drained to the sewer the rare event has 1,625 instead of 2,440.

Resolution and run time (Musterstadt, 2.5 × 2.5 km, DEM 2 m, measured on the 2 shared cores)
-------------------------------------------------------------------------------------------
The explicit scheme's time step is set by the deepest water anywhere (dt ≈ 0.57·dx/√(g·h_max)):
the 4.5 m deep railway underpass fills to ~5 m, so dt ≈ 0.5 s at 6 m cells, and the cost grows
with dx⁻³. Serial numba ran at 7–15 million cell updates/s (other jobs shared the cores).
Measured, 1 h rain + 1 h drainage, four runs (three events + the measure) on two processes:

* 5 m: 40 simulated minutes of the extreme event alone took 55 s (≈ 4 min for 2 h) — too slow.
* 6 m (416 × 416 cells): 11,765 steps for the extreme event; all four runs 418 s wall
  (extreme 292 s, measure 278 s, 134 s, 107 s) while a browser test ran beside it.
* **8 m (312 × 312 cells, the default)**: all four runs 175 s wall (extreme 115 s / 8,854 steps,
  measure 114 s, exceptional 56 s, rare 50 s; two worker processes, load ≈ 4 from other jobs);
  the whole sample-city build 182 s (185 s on a repeat; 295 s while two browser tests ran beside
  it). Mass-balance error of every run < 2e-15.

* After the kernel speed-up (issue 3, ~1.8× per step) and with the green-roof measure as a fifth
  run: all five runs 341 s wall, the whole build 409 s wall but only 181 s CPU (the two cores were
  shared with load ≈ 8–10 from other jobs: each run got about half a core). A 5 m grid would cost
  (8/5)³ ≈ 4× the 8 m runs, a 6 m grid ≈ 2.4×: both beyond the 5-minute budget, so 8 m stays.

8 m cells still put one to two cells across the 12–20 m between building rows, and buildings
are blocked where they cover a cell centre; a finer grid (``resolution_m = 4``) is one option
away for a city that can afford the run time (cost ∝ dx⁻³: 4 m costs ≈ 8× the 8 m runs).
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import numpy as np
import pandas as pd
import rasterio
import shapely
from rasterio.features import rasterize
from affine import Affine
from rasterio.warp import Resampling
from scipy.ndimage import zoom

from layers.config import CONFIG_NAME
from layers.errors import InputError
from layers.scenario_api import BuildContext, ScenarioOutput, ScenarioPlan
from layers.style import label
from layers.terrain import TERRARIUM_DECODER, warp_to_lonlat
from layers.web import write_json

__all__ = ["flood_scenarios", "plan_flood_scenarios", "DEFAULT_EVENTS", "DEFAULT_MEASURE", "DEPTH_CLASSES_M", "CLASS_COLOURS",
           "BUILDING_CLASS_COLOURS", "FloodEvent", "FloodMeasure"]

KEY = "starkregen"
GROUP = {"id": "starkregen", "label": label("Starkregen", "Heavy rain")}
DEFAULT_RESOLUTION_M = 8.0
DEFAULT_AFTER_MIN = 60.0
DEFAULT_INTERVAL_MIN = 5.0
DEFAULT_WORKERS = 2
DEPTH_CLASSES_M = (0.1, 0.3, 0.5, 1.0)
# Sequential blues (ColorBrewer "Blues", colour-blind safe), light = shallow, dark = deep.
CLASS_COLOURS = ((158, 202, 225), (66, 146, 198), (33, 113, 181), (8, 48, 107))
CLASS_ALPHA = 215
# Buildings with water at their walls: sequential yellow → red (ColorBrewer "YlOrRd").
BUILDING_CLASS_COLOURS = ((254, 217, 118), (253, 141, 60), (227, 26, 28), (128, 0, 38))
VELOCITY_MIN_DEPTH_M = 0.05
OVERLAY_MAX_PX = 1024
MIN_GRID_CELLS = 10  # a flood grid needs at least this many cells each way to show anything

DEFAULT_EVENTS = (
    {"id": "selten", "depth_mm": 29.0, "duration_min": 60.0, "type": "block",
     "label_de": "Seltener Starkregen (29 mm/1 h, T = 30 a)", "label_en": "Rare heavy rain (29 mm/1 h, T = 30 y)"},
    {"id": "aussergewoehnlich", "depth_mm": 36.0, "duration_min": 60.0, "type": "euler2",
     "label_de": "Außergewöhnlicher Starkregen (36 mm/1 h, Euler II, T = 100 a)",
     "label_en": "Exceptional heavy rain (36 mm/1 h, Euler II, T = 100 y)"},
    {"id": "extrem", "depth_mm": 100.0, "duration_min": 60.0, "type": "block",
     "label_de": "Extremer Starkregen (100 mm/1 h)", "label_en": "Extreme heavy rain (100 mm/1 h)"},
)
DEFAULT_MEASURE = {"id": "extrem-entsiegelung", "event": "extrem", "zone": "Altstadt", "unseal_share": 0.5,
                   "infiltration_mm_h": 40.0,
                   "label_de": "Extrem + Entsiegelung Altstadt", "label_en": "Extreme + unsealing Altstadt"}
GREEN_ROOF_USES = ("commercial", "industrial", "public")
DEFAULT_GREEN_ROOFS = {"id": "extrem-gruendach", "type": "green_roofs", "event": "extrem", "zone": "Innenstadt",
                       "retention_mm": 20.0, "uses": list(GREEN_ROOF_USES),
                       "label_de": "Extrem + Gründächer Innenstadt (Gewerbe, 20 mm)",
                       "label_en": "Extreme + green roofs Innenstadt (commercial, 20 mm)"}
MEASURE_TYPES = ("unseal", "green_roofs")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class FloodEvent:
    """A design storm: ``depth_mm`` (mm) in ``duration_min`` (min), block or Euler type II rain."""

    id: str
    label: dict
    depth_mm: float
    duration_min: float
    type: str


@dataclass(frozen=True)
class FloodMeasure:
    """A mitigation measure in a zone, for one event: unsealing (more infiltration on the sealed open
    ground, mm/h) or green roofs (``retention_mm`` of rain held on the roofs of buildings of ``uses``)."""

    id: str
    label: dict
    event: str
    zone: str
    unseal_share: float = 0.0
    infiltration_mm_h: float = 0.0
    type: str = "unseal"
    retention_mm: float = 0.0
    uses: tuple[str, ...] = ()


@dataclass
class _Options:
    resolution_m: float
    after_min: float
    interval_min: float
    classes: tuple[float, ...]
    workers: int
    events: list[FloodEvent]
    measures: list[FloodMeasure] = field(default_factory=list)


# --------------------------------------------------------------------------- options
def _bad(context: BuildContext, where: str, problem: str, fix: str) -> InputError:
    return InputError(context.config.folder / CONFIG_NAME, problem, fix, field=f"scenarios.{KEY}.{where}")


def _number(context: BuildContext, table: dict, key: str, default: float | None, where: str, *,
            positive: bool = True, minimum: float | None = None) -> float:
    value = table.get(key, default)
    if value is None:
        raise _bad(context, where, f"{key} is missing.", f"Add {key} = <number> to {where}.")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _bad(context, where, f"{key} = {value!r} is not a number.", f"Write {key} as a number, e.g. {default or 1}.")
    if positive and value <= 0:
        raise _bad(context, where, f"{key} = {value} must be > 0.", f"Give {key} a positive value, e.g. {default or 1}.")
    if minimum is not None and value < minimum:
        raise _bad(context, where, f"{key} = {value} is below {minimum}.", f"Give {key} ≥ {minimum}.")
    return float(value)


def _label(table: dict, de: str, en: str) -> dict:
    return label(str(table.get("label_de", de)), str(table.get("label_en", table.get("label_de", en))))


def _options(context: BuildContext) -> _Options:
    raw = context.options(KEY)
    res = _number(context, raw, "resolution_m", DEFAULT_RESOLUTION_M, "resolution_m")
    if res < context.dem.resolution_m * (1 - 1e-9):
        raise _bad(context, "resolution_m", f"resolution_m = {res} m is finer than the DEM ({context.dem.resolution_m:g} m).",
                   f"Use resolution_m ≥ {context.dem.resolution_m:g}.")
    after = _number(context, raw, "rain_after_min", DEFAULT_AFTER_MIN, "rain_after_min", positive=False, minimum=0.0)
    interval = _number(context, raw, "output_interval_min", DEFAULT_INTERVAL_MIN, "output_interval_min")
    workers = int(_number(context, raw, "workers", DEFAULT_WORKERS, "workers", minimum=1))
    classes = raw.get("depth_classes_m", list(DEPTH_CLASSES_M))
    if (not isinstance(classes, list) or not classes or not all(isinstance(c, (int, float)) and c > 0 for c in classes)
            or any(b <= a for a, b in zip(classes, classes[1:]))):
        raise _bad(context, "depth_classes_m", f"depth_classes_m = {classes!r} is not an increasing list of depths > 0 m.",
                   "Write e.g. depth_classes_m = [0.1, 0.3, 0.5, 1.0].")

    events = []
    for k, table in enumerate(raw.get("events", DEFAULT_EVENTS)):
        where = f"events[{k}]"
        eid = str(table.get("id", ""))
        if not _ID.match(eid):
            raise _bad(context, where + ".id", f"The event id {eid!r} is not a short lower-case name.",
                       'Use letters a–z, digits and "-", e.g. id = "extrem".')
        depth = _number(context, table, "depth_mm", None, where + ".depth_mm")
        duration = _number(context, table, "duration_min", 60.0, where + ".duration_min")
        if abs(duration / 5.0 - round(duration / 5.0)) > 1e-9:
            raise _bad(context, where + ".duration_min", f"duration_min = {duration} is not a multiple of 5 min.",
                       "Give the rain duration in whole 5-minute steps, e.g. 60.")
        kind = str(table.get("type", "block"))
        if kind not in ("block", "euler2"):
            raise _bad(context, where + ".type", f"type = {kind!r} is unknown.", 'Use type = "block" or "euler2".')
        events.append(FloodEvent(eid, _label(table, f"Starkregen {eid} ({depth:g} mm)", f"Heavy rain {eid} ({depth:g} mm)"),
                                 depth, duration, kind))
    if not events:
        raise _bad(context, "events", "No heavy-rain event is listed.", "List at least one [[scenarios.starkregen.events]].")
    ids = [e.id for e in events]
    if len(set(ids)) != len(ids):
        raise _bad(context, "events", f"Event ids repeat: {ids}.", "Give every event its own id.")

    explicit = "measures" in raw
    measures = []
    for k, table in enumerate(raw.get("measures", [DEFAULT_MEASURE, DEFAULT_GREEN_ROOFS])):
        where = f"measures[{k}]"
        mid = str(table.get("id", ""))
        if not _ID.match(mid) or mid in ids:
            raise _bad(context, where + ".id", f"The measure id {mid!r} is not a new short lower-case name.",
                       'Use letters a–z, digits and "-", different from the event ids, e.g. id = "extrem-entsiegelung".')
        event = str(table.get("event", ""))
        if event not in ids:
            if not explicit:
                continue
            raise _bad(context, where + ".event", f"The measure's event {event!r} is not one of the events {ids}.",
                       "Set event to the id of the event the measure is applied to.")
        zone = str(table.get("zone", ""))
        zones = context.layers.get("zones")
        names = [] if zones is None or "name" not in zones.frame else [str(n) for n in zones.frame["name"]]
        if zone not in names:
            if not explicit:
                continue  # the default measure needs the zone "Altstadt"
            fix = (f"Use one of the zone names {names}." if names
                   else 'Add a zones layer with a "name" field under [inputs] (zones = "zones.fgb").')
            raise _bad(context, where + ".zone", f"The zone {zone!r} is not in the zones layer.", fix)
        kind = str(table.get("type", "unseal"))
        if kind not in MEASURE_TYPES:
            raise _bad(context, where + ".type", f"type = {kind!r} is unknown.", 'Use type = "unseal" or "green_roofs".')
        name = _label(table, f"Maßnahme {mid}", f"Measure {mid}")
        if kind == "green_roofs":
            retention = _number(context, table, "retention_mm", 20.0, where + ".retention_mm")
            uses = table.get("uses", list(GREEN_ROOF_USES))
            if not isinstance(uses, list) or not uses or not all(isinstance(u, str) for u in uses):
                raise _bad(context, where + ".uses", f"uses = {uses!r} is not a list of building uses.",
                           'Write e.g. uses = ["commercial", "industrial"] (values of the buildings\' "use" field).')
            measures.append(FloodMeasure(mid, name, event, zone, type=kind, retention_mm=retention, uses=tuple(uses)))
            continue
        share = _number(context, table, "unseal_share", 0.5, where + ".unseal_share")
        if share > 1:
            raise _bad(context, where + ".unseal_share", f"unseal_share = {share} is above 1.", "Give a share between 0 and 1, e.g. 0.5.")
        infiltration = _number(context, table, "infiltration_mm_h", 40.0, where + ".infiltration_mm_h")
        measures.append(FloodMeasure(mid, name, event, zone, share, infiltration))
    return _Options(res, after, interval, tuple(float(c) for c in classes), workers, events, measures)


# --------------------------------------------------------------------------- model runs (worker side)
def _init_worker() -> None:
    os.environ["NUMBA_NUM_THREADS"] = "1"
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def _run(task: dict) -> dict:
    """One model run (in a worker process): the arrays the artifacts are made of."""
    from layers.flood import FloodGrid, block_rain, euler_type2, run_flood

    grid = FloodGrid(**task["grid"])
    make = euler_type2 if task["type"] == "euler2" else block_rain
    rain = make(depth_mm=task["depth_mm"], duration_min=task["duration_min"], step_min=5.0)
    started = time.perf_counter()
    cpu_started = time.process_time()
    result = run_flood(grid, rain, duration_s=task["duration_s"], output_interval_s=task["interval_s"],
                       v_min_depth=VELOCITY_MIN_DEPTH_M, threads=1, roof_runoff="perimeter",
                       roof_storage_mm=task.get("roof_storage_mm", 0.0))
    budget = result.budget
    return {
        "id": task["id"],
        "max_depth": result.max_depth_m.astype("float32"),
        "max_velocity": result.max_velocity_m_s.astype("float32"),
        "flow_dir": result.flow_dir_deg.astype("float32"),
        "frames": result.depth_frames_m.astype("float32"),
        "frame_times_s": result.frame_times_s.tolist(),
        "mass_error": float(budget.relative_error),
        "budget": {k: float(getattr(budget, k)) for k in ("rain_m3", "stored_m3", "outflow_m3", "infiltration_m3",
                                                          "drainage_m3", "clip_m3", "retained_m3")},
        "steps": int(result.steps),
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
    }


# --------------------------------------------------------------------------- artifacts
def _palette(n: int, colours: tuple) -> np.ndarray:
    """``n`` colours spread over a sequential palette (its own colours when ``n`` matches)."""
    base = np.asarray(colours, dtype=float)
    if n == len(base):
        return base.astype("uint8")
    pos = np.linspace(0, len(base) - 1, n)
    return np.stack([np.interp(pos, np.arange(len(base)), base[:, c]) for c in range(3)], axis=1).round().astype("uint8")


def _fmt(value: float, lang: str) -> str:
    decimals = max(1, len(f"{value:g}".split(".")[1]) if "." in f"{value:g}" else 1)
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "de" else text


def _class_labels(classes: tuple[float, ...]) -> list[dict]:
    labels = []
    for k, low in enumerate(classes):
        if k + 1 < len(classes):
            labels.append(label(f"{_fmt(low, 'de')}–{_fmt(classes[k + 1], 'de')} m",
                                f"{_fmt(low, 'en')}–{_fmt(classes[k + 1], 'en')} m"))
        else:
            labels.append(label(f"≥ {_fmt(low, 'de')} m", f"≥ {_fmt(low, 'en')} m"))
    return labels


def _write_overlay(path: Path, depth: np.ndarray, transform, crs, bounds: list[float], classes: tuple[float, ...],
                   palette: np.ndarray, max_px: int) -> None:
    """Depth (m) → a paletted PNG warped onto the terrain bounds: index 0 transparent (dry)."""
    from PIL import Image

    # Twice the model resolution (bilinear depths): class edges follow the terrain more smoothly than
    # whole model cells would, and the GPU's texture filtering blurs less of them.
    fine = zoom(depth.astype("float32"), 2, order=1, mode="nearest", grid_mode=True)
    image = warp_to_lonlat(fine, transform * Affine.scale(0.5), crs, max_size=max_px, bounds=bounds,
                           resampling=Resampling.bilinear).pixels
    index = np.digitize(np.nan_to_num(image, nan=0.0), classes).astype("uint8")  # 0 below the first class
    picture = Image.fromarray(index, mode="P")
    # The transparent (dry) entry carries the first class's colour: the GPU's bilinear filtering
    # then fades only the alpha at the water's edge instead of blending in a dark fringe.
    flat = [int(v) for v in palette[0]] + [int(v) for rgb in palette for v in rgb]
    picture.putpalette(flat + [0] * (768 - len(flat)))
    alpha = bytes([0] + [CLASS_ALPHA] * len(palette))
    picture.save(path, format="PNG", optimize=True, transparency=alpha)


def _write_tif(path: Path, array: np.ndarray, transform, crs) -> None:
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
                       dtype="float32", crs=crs, transform=transform, nodata=np.nan, compress="deflate",
                       predictor=3, tiled=array.shape[0] >= 256 and array.shape[1] >= 256) as dst:
        dst.write(array.astype("float32"), 1)


def _pad(array: np.ndarray) -> np.ndarray:
    """One extra edge row and column: the model grid (whole cells) may stop short of the DEM's edge."""
    pad = [(0, 0)] * (array.ndim - 2) + [(0, 1), (0, 1)]
    return np.pad(array, pad, mode="edge")


def _check_dem_in_metres(context: BuildContext) -> None:
    """Refuse a DEM that declares its heights in feet: depths and slopes would be 3.3× off."""
    from layers.flood.grid import _FEET_NAMES, _dem_unit_tag

    path = getattr(context.dem, "path", None)
    if path is None or not Path(path).is_file():
        return
    try:
        with rasterio.open(path) as src:
            unit = _dem_unit_tag(src)
    except rasterio.errors.RasterioIOError:
        return  # not a raster (an XYZ grid, tiles, or city.toml for a flat DEM): no unit tag to check
    if unit in _FEET_NAMES:
        raise InputError(path, f"The DEM declares its heights in feet ({unit!r}); the flood model needs metres.",
                         "Convert the heights to metres (international foot × 0.3048, US survey foot × 0.3048006, "
                         "e.g. `gdal_calc.py -A dem.tif --calc=A*0.3048 --outfile dem_m.tif`) and set the band unit "
                         "to metres.", field="units")


def _green_roof_cells(context: BuildContext, buildings, polygons, measure: FloodMeasure, shape, transform,
                      blocked: np.ndarray) -> tuple[np.ndarray, dict]:
    """Model cells (building cells) of the green roofs of a measure, and what they cover."""
    toml = context.config.folder / CONFIG_NAME
    layer = context.layers["buildings"]
    if "use" not in buildings:
        raise InputError(layer.path, f'The buildings have no "use" field, needed by the green-roof measure {measure.id!r}.',
                         'Add a "use" field (e.g. residential, commercial, industrial) or remove the measure.', field="use")
    inside = shapely.intersects(shapely.union_all(polygons), buildings.geometry.representative_point().values)
    chosen = buildings[inside & buildings["use"].astype(str).isin(measure.uses).to_numpy()]
    if chosen.empty:
        raise InputError(toml, f"The green-roof measure {measure.id!r} finds no building with use in {list(measure.uses)} "
                         f"in the zone {measure.zone!r}.", "Name a zone with such buildings or change uses.",
                         field=f"scenarios.{KEY}.measures.uses")
    roofs = rasterize([(g, 1) for g in chosen.geometry.values], out_shape=shape, transform=transform, fill=0,
                      dtype="uint8").astype(bool) & blocked
    if not roofs.any():
        raise InputError(toml, f"The {len(chosen)} buildings of the green-roof measure {measure.id!r} cover no building "
                         "cell of the flood grid (too small for resolution_m).", "Use a finer resolution_m.",
                         field=f"scenarios.{KEY}.resolution_m")
    return roofs, {"buildings_changed": int(len(chosen)),
                   "footprint_area_m2": round(float(chosen.geometry.area.sum()))}


# --------------------------------------------------------------------------- main entry
def plan_flood_scenarios(context: BuildContext) -> ScenarioPlan:
    """Check the options and name the layers and scenarios :func:`flood_scenarios` will write."""
    opts = _options(context)
    _check_dem_in_metres(context)
    height_m, width_m = (n * context.dem.resolution_m for n in context.dem.z.shape)
    if min(height_m, width_m) / opts.resolution_m < MIN_GRID_CELLS:
        raise _bad(context, "resolution_m", f"resolution_m = {opts.resolution_m:g} m leaves a flood grid of "
                   f"{width_m / opts.resolution_m:.0f} × {height_m / opts.resolution_m:.0f} cells over the DEM "
                   f"({width_m:.0f} × {height_m:.0f} m).",
                   f"Use resolution_m ≤ {min(height_m, width_m) / MIN_GRID_CELLS:g} (at least {MIN_GRID_CELLS} cells each way).")
    ids = [event.id for event in opts.events] + [measure.id for measure in opts.measures]
    defaults = [table["id"] for table in (*DEFAULT_EVENTS, DEFAULT_MEASURE, DEFAULT_GREEN_ROOFS)]
    return ScenarioPlan(layers=[{"id": f"flood-{sid}", "kind": "flood-depth"} for sid in ids],
                        scenarios=[f"{KEY}-{sid}" for sid in ids],
                        left_out=[f"{prefix}{sid}" for sid in defaults if sid not in ids for prefix in ("flood-", f"{KEY}-")])


def flood_scenarios(context: BuildContext) -> ScenarioOutput:
    """Run the heavy-rain events and measures of a city and return their manifest entries."""
    from layers.flood import grid_from_dem

    opts = _options(context)
    toml = context.config.folder / CONFIG_NAME
    _check_dem_in_metres(context)
    context.progress("Starkregen: Modellgitter")
    crs = context.dem.crs
    buildings = context.layers["buildings"].frame.copy()
    if "id" not in buildings:
        buildings["id"] = [f"B{k:06d}" for k in range(len(buildings))]
    buildings["id"] = buildings["id"].astype(str)
    landcover = context.layers.get("landcover")
    with tempfile.TemporaryDirectory(prefix="flood-dem-") as tmp:
        dem_path = Path(tmp) / "dem.tif"
        _write_tif(dem_path, context.dem.z, context.dem.transform, crs)
        try:
            grid = grid_from_dem(dem_path, buildings, landcover.frame if landcover is not None else None,
                                 resolution_m=opts.resolution_m, landcover_column="cover")
        except ValueError as err:
            path = landcover.path if landcover is not None and "landcover" in str(err) else toml
            raise InputError(path, f"The flood model grid cannot be built: {err}",
                             "Correct the input named above (land cover classes: sealed, green, water).",
                             field="cover" if path != toml else f"scenarios.{KEY}") from None
    shape, transform, dx = grid.shape, grid.transform, float(grid.dx)
    open_cells = ~grid.blocked

    # Permanent water (river, ponds): not counted as flooded and not drawn.
    water_shapes = []
    if "water" in context.layers:
        water_shapes += list(context.layers["water"].frame.geometry.values)
    if landcover is not None:
        water_shapes += list(landcover.frame.geometry[landcover.frame["cover"].astype(str) == "water"].values)
    permanent = np.zeros(shape, bool)
    if water_shapes:
        permanent = rasterize([(g, 1) for g in water_shapes], out_shape=shape, transform=transform, fill=0,
                              dtype="uint8").astype(bool)
    counted = open_cells & ~permanent

    # Cells along each building: open cells whose centres lie within one cell of the footprint.
    rows, cols = np.nonzero(open_cells)
    xs, ys = transform * (cols + 0.5, rows + 0.5)
    tree = shapely.STRtree(shapely.points(xs, ys))
    b_index, c_index = tree.query(shapely.buffer(buildings.geometry.values, dx), predicate="intersects")
    cell_flat = rows[c_index] * shape[1] + cols[c_index]
    residents = (pd.to_numeric(buildings["residents"], errors="coerce").fillna(0).to_numpy(float)
                 if "residents" in buildings else np.zeros(len(buildings)))

    # Tasks: events, then measures (their grids changed in the zone).
    base_task = {"duration_s": 0.0, "interval_s": opts.interval_min * 60.0}
    grid_arrays = {"z": grid.z, "blocked": grid.blocked, "manning_n": grid.manning_n,
                   "infiltration_mm_h": grid.infiltration_mm_h, "drainage_mm_h": grid.drainage_mm_h, "dx": dx}
    events = {e.id: e for e in opts.events}
    tasks = []
    for event in opts.events:
        tasks.append(dict(base_task, id=event.id, grid=grid_arrays, type=event.type, depth_mm=event.depth_mm,
                          duration_min=event.duration_min, duration_s=(event.duration_min + opts.after_min) * 60.0))
    changed_cells = {}
    measure_info = {}
    for measure in opts.measures:
        zones = context.layers["zones"]
        polygons = zones.frame.geometry[zones.frame["name"].astype(str) == measure.zone].values
        zone = rasterize([(g, 1) for g in polygons], out_shape=shape, transform=transform, fill=0,
                         dtype="uint8").astype(bool)
        if not zone.any():
            raise InputError(toml, f"The zone {measure.zone!r} of measure {measure.id!r} covers no cell of the DEM "
                             f"({zones.path.name}).", "Name a zone that lies inside the DEM, or extend the DEM.",
                             field=f"scenarios.{KEY}.measures.zone")
        event = events[measure.event]
        task = dict(base_task, id=measure.id, grid=grid_arrays, type=event.type, depth_mm=event.depth_mm,
                    duration_min=event.duration_min, duration_s=(event.duration_min + opts.after_min) * 60.0)
        if measure.type == "green_roofs":
            roofs, info = _green_roof_cells(context, buildings, polygons, measure, shape, transform, grid.blocked)
            task["roof_storage_mm"] = np.where(roofs, measure.retention_mm, 0.0)
            changed_cells[measure.id] = int(roofs.sum())
            measure_info[measure.id] = dict(info, roof_area_m2=round(float(roofs.sum()) * dx * dx))
        else:
            sealed = zone & open_cells & (grid.infiltration_mm_h <= 0) & (grid.drainage_mm_h > 0)
            infiltration = grid.infiltration_mm_h.copy()
            infiltration[sealed] += measure.unseal_share * measure.infiltration_mm_h
            changed_cells[measure.id] = int(sealed.sum())
            task["grid"] = dict(grid_arrays, infiltration_mm_h=infiltration)
        tasks.append(task)

    context.progress(f"Starkregen: {len(tasks)} Modellläufe")
    started = time.perf_counter()
    workers = min(opts.workers, len(tasks))
    if workers > 1:
        # fork where there is one: "spawn" would re-run an unguarded calling script in every worker.
        method = "fork" if "fork" in get_all_start_methods() else "spawn"
        # the heaviest rain first, so that the long runs do not end up last on one worker
        order = sorted(range(len(tasks)), key=lambda k: -tasks[k]["depth_mm"])
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method), initializer=_init_worker) as pool:
            done = dict(zip(order, pool.map(_run, [tasks[k] for k in order])))
        results = [done[k] for k in range(len(tasks))]
    else:
        results = [_run(task) for task in tasks]
    model_seconds = time.perf_counter() - started

    context.progress("Starkregen: Karten")
    classes = opts.classes
    palette = _palette(len(classes), CLASS_COLOURS)
    building_palette = _palette(len(classes), BUILDING_CLASS_COLOURS)
    class_labels = _class_labels(classes)
    max_px = OVERLAY_MAX_PX
    out = context.out
    cell_area = dx * dx
    summaries = {}
    output = ScenarioOutput(groups=[GROUP])
    measures = {m.id: m for m in opts.measures}
    for task, result in zip(tasks, results):
        sid = task["id"]
        prefix = f"flood_{sid}_"
        depth = np.where(open_cells, result["max_depth"], 0.0).astype("float32")
        velocity = np.where(depth > VELOCITY_MIN_DEPTH_M, result["max_velocity"], np.nan).astype("float32")
        direction = np.where(depth > VELOCITY_MIN_DEPTH_M, result["flow_dir"], np.nan).astype("float32")
        _write_tif(out / f"{prefix}max_depth.tif", depth, transform, crs)
        _write_tif(out / f"{prefix}max_velocity.tif", velocity, transform, crs)
        _write_tif(out / f"{prefix}flow_direction.tif", direction, transform, crs)
        shown = _pad(np.where(permanent, 0.0, depth))
        _write_overlay(out / f"{prefix}max_depth.png", shown, transform, crs, context.terrain_bounds, classes,
                       palette, max_px)
        frame_names = []
        frames = result["frames"]
        volumes = []
        for t_s, frame in zip(result["frame_times_s"], frames):
            name = f"{prefix}t{int(round(t_s)):06d}s.png"
            frame = np.where(counted, frame, 0.0)
            volumes.append(float(frame.sum()) * cell_area)
            _write_overlay(out / name, _pad(frame), transform, crs, context.terrain_bounds, classes, palette, max_px)
            frame_names.append(name)

        # Buildings: max depth at the walls.
        at_building = np.zeros(len(buildings))
        np.maximum.at(at_building, b_index, depth.ravel()[cell_flat])
        at_building = np.round(at_building, 2)
        affected = at_building >= classes[0]
        wet = at_building > 0
        ids = buildings["id"].to_numpy()
        write_json(out / f"{prefix}buildings.json", {i: float(d) for i, d in zip(ids[wet], at_building[wet])})
        write_json(out / f"{prefix}attributes.json",
                   {"fields": ["flood_depth_cm", "flood_affected"],
                    "rows": {i: [int(round(d * 100)), bool(a)] for i, d, a in zip(ids[wet], at_building[wet], affected[wet])},
                    "default": [0, False]},
                   gzip_twin=False)

        # Metrics (permanent water excluded from areas and volumes).
        upper = list(classes[1:]) + [np.inf]
        areas = [float(((depth >= lo) & (depth < hi) & counted).sum()) * cell_area for lo, hi in zip(classes, upper)]
        event = events[measures[sid].event] if sid in measures else events[sid]
        values = {
            "rain_mm": (event.depth_mm, label("Regen", "Rain"), "mm", 0),
            "flooded_area": (sum(areas), label(f"Überflutete Fläche ≥ {_fmt(classes[0], 'de')} m",
                                               f"Flooded area ≥ {_fmt(classes[0], 'en')} m"), "m²", 0),
            **{f"area_class_{k + 1}": (a, label(f"Fläche {lab['de']}", f"Area {lab['en']}"), "m²", 0)
               for k, (a, lab) in enumerate(zip(areas, class_labels))},
            # a building of several BuildingParts counts once (building_id: layers.importers.city_model)
            "buildings_affected": (int(buildings.get("building_id", buildings["id"])[affected].nunique()),
                                   label("Betroffene Gebäude", "Buildings affected"), "", 0),
            "residents_affected": (int(round(residents[affected].sum())),
                                   label("Betroffene Einwohner (geschätzt)", "Residents affected (estimate)"), "", 0),
            "volume_peak": (round(max(volumes) if volumes else 0.0), label("Wasservolumen an der Oberfläche (Höchststand)",
                                                                          "Surface water volume (peak)"), "m³", 0),
            "mass_error": (result["mass_error"] * 1e6, label("Massenbilanzfehler", "Mass-balance error"), "ppm", 4),
        }
        summaries[sid] = values
        layer_id = f"flood-{sid}"
        scenario_label = measures[sid].label if sid in measures else event.label
        legend_items = [{"label": lab, "color": [int(v) for v in rgb]} for lab, rgb in zip(class_labels, palette)]
        legend_items += [{"label": label(f"Gebäude: {lab['de']} am Gebäude", f"Building: {lab['en']} at the walls"),
                          "color": [int(v) for v in rgb]} for lab, rgb in zip(class_labels, building_palette)]
        entry = {
            "id": layer_id,
            "kind": "flood-depth",
            "group": GROUP["id"],
            "label": scenario_label,
            "visible": False,
            "data": {"elevation": context.terrain_elevation, "texture": f"{prefix}max_depth.png",
                     "frames": frame_names, "frame_times_s": [float(t) for t in result["frame_times_s"]],
                     "buildings": f"{prefix}buildings.json"},
            "bounds": list(context.terrain_bounds),
            "decoder": dict(TERRARIUM_DECODER),
            "attributes": f"{prefix}attributes.json",
            "extends": "buildings",  # rows appended to a tapped building while this layer is visible
            "fields": [{"key": "flood_depth_cm", "label": label(f"Wassertiefe am Gebäude ({scenario_label['de']})",
                                                                 f"Water depth at the building ({scenario_label['en']})"),
                        "unit": "cm"},
                       {"key": "flood_affected", "label": label(f"Betroffen (≥ {_fmt(classes[0], 'de')} m)",
                                                                 f"Affected (≥ {_fmt(classes[0], 'en')} m)"), "unit": ""}],
            "depth_classes_m": list(classes),
            "building_colors": [[int(v) for v in rgb] for rgb in building_palette],
            "rasters": {"max_depth": f"{prefix}max_depth.tif", "max_velocity": f"{prefix}max_velocity.tif",
                        "flow_direction": f"{prefix}flow_direction.tif"},
            "event": {"depth_mm": event.depth_mm, "duration_min": event.duration_min, "type": event.type},
            "stats": {"resolution_m": dx, "grid": list(shape), "steps": result["steps"],
                      "model_seconds": round(result["seconds"], 1),
                      "model_cpu_seconds": round(result["cpu_seconds"], 1), "mass_error_rel": result["mass_error"],
                      "budget_m3": {k: round(v, 1) for k, v in result["budget"].items()}},
            "legend": {"type": "categorical", "items": legend_items},
        }
        if sid in measures:
            measure = measures[sid]
            if measure.type == "green_roofs":
                entry["measure"] = {"type": measure.type, "zone": measure.zone, "retention_mm": measure.retention_mm,
                                    "uses": list(measure.uses), "cells_changed": changed_cells[sid],
                                    **measure_info[sid]}
            else:
                entry["measure"] = {"type": measure.type, "zone": measure.zone, "unseal_share": measure.unseal_share,
                                    "infiltration_mm_h": measure.infiltration_mm_h, "cells_changed": changed_cells[sid]}
        output.layers.append(entry)
        baseline = measures[sid].event if sid in measures else None
        metrics = []
        for key, (value, lab, unit, decimals) in values.items():
            delta = None
            if baseline is not None and key not in ("rain_mm", "mass_error"):
                change = value - summaries[baseline][key][0]
                delta = round(change, decimals) if decimals else int(round(change))
            metrics.append({"key": key, "label": lab, "value": round(value, decimals) if decimals else int(round(value)),
                            "unit": unit, "decimals": decimals, "delta": delta})
        output.scenarios.append({"id": f"{KEY}-{sid}", "group": GROUP["id"], "label": scenario_label,
                                 "layers": [layer_id], "baseline": f"{KEY}-{baseline}" if baseline else None,
                                 "metrics": metrics})
    for entry in output.layers:
        entry["stats"]["all_runs_seconds"] = round(model_seconds, 1)
    return output
