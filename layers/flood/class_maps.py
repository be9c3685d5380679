"""The heavy-rain class maps: flow velocity and hazard per event, the change of max depth per measure.

Each is a paletted PNG on the terrain's bounds (drawn like the depth overlay, kind ``flood-class``,
``viewer.flood_layers``) with its legend, and a tap table on the buildings (the value at the walls)
that the viewer appends to a tapped building while the layer is visible. Classes and the hazard
scheme are those of :mod:`layers.flood.hazard`.

Velocity and hazard also get one overlay per frame time of the depth animation
(``flood_<id>_<kind>_tNNNNNNs.png``), classed from the depth and speed of the model state at that
time (``FloodRun.speed_frames_m_s``); the viewer steps them on the clock as it steps the depth
(``assets/10-flood.js``) and shows the maxima at the slider's end. Taps and building tables read
the maxima. The inputs are interpolated to twice the model resolution before they are classed, as the depth
overlay is (``layers.flood.artifacts``), so that class edges follow the water's edge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from affine import Affine
from rasterio.warp import Resampling
from scipy.ndimage import zoom

from layers.exports import RasterExport
from layers.flood.artifacts import GROUP, OVERLAY_MAX_PX, pad_edge, save_paletted_png
from layers.flood.hazard import (
    CHANGE_LABELS,
    HAZARD_CLASSES,
    HAZARD_LABELS,
    NO_CHANGE_M,
    depth_change_class,
    hazard_class,
    hazard_rating,
    velocity_class,
    velocity_labels,
)
from layers.flood.point_values import point_entry, points_name, write_point_values
from layers.flood.runs import VELOCITY_MIN_DEPTH_M, FloodRun
from layers.flood.site import FloodSite
from layers.scenario_api import BuildContext
from layers.style import DEPTH_CHANGE_COLOURS, HAZARD_COLOURS, VELOCITY_COLOURS, decimal_text, label
from layers.terrain import TERRARIUM_DECODER, warp_to_lonlat
from layers.web import write_json

__all__ = ["CLASS_KINDS", "FRAME_KINDS", "change_layer", "class_layer_ids", "class_rasters", "event_class_layers",
           "frame_name", "warp_bands", "write_class_frames", "write_class_overlay"]

CLASS_KINDS = ("velocity", "hazard", "change")
"""The class maps; the layer of run ``r`` is ``flood-<kind>-<r>``."""
FRAME_KINDS = ("velocity", "hazard")
"""The class maps with one overlay per frame time (the change of max depth has none)."""
MAXIMA = label("Maxima des Ereignisses", "Maxima of the event")
"""What a timed class map shows at the time slider's end (``assets/10-flood.js`` names the time otherwise)."""
HAZARD_SOURCE = label("Gefahrenwert HR = d·(v+0,5)+DF nach Defra/EA FD2320 (2006)",
                      "Hazard rating HR = d·(v+0.5)+DF after Defra/EA FD2320 (2006)")


def class_layer_ids(run_id: str, *, measure: bool) -> list[str]:
    """The class-map layer ids of a run: velocity and hazard for an event, the change for a measure."""
    return [f"flood-change-{run_id}"] if measure else [f"flood-velocity-{run_id}", f"flood-hazard-{run_id}"]


def write_class_overlay(path: Path, bands: list[np.ndarray], classify: Callable[..., np.ndarray],
                        transform: Affine, crs: object, bounds: list[float], palette: np.ndarray, *,
                        max_px: int = OVERLAY_MAX_PX) -> tuple[list[np.ndarray], np.ndarray]:
    """Model-grid ``bands`` → bilinear at twice the resolution, warped onto ``bounds`` →
    ``classify(*bands)`` (uint8, 0 transparent) → a paletted PNG. Returns the warped bands and
    their classes (what the point values are read from: ``layers.flood.point_values``).
    """
    warped = warp_bands(bands, transform, crs, bounds, max_px=max_px)
    classes = classify(*warped)
    save_paletted_png(path, classes, palette)
    return warped, classes


def warp_bands(bands: list[np.ndarray], transform: Affine, crs: object, bounds: list[float], *,
               max_px: int = OVERLAY_MAX_PX) -> list[np.ndarray]:
    """Model-grid ``bands`` → bilinear at twice the resolution, warped onto ``bounds`` (NaN → 0)."""
    fine = np.stack([zoom(np.nan_to_num(pad_edge(b), nan=0.0).astype("float32"), 2, order=1, mode="nearest",
                          grid_mode=True) for b in bands], axis=-1)
    image = warp_to_lonlat(fine, transform * Affine.scale(0.5), crs, max_size=max_px, bounds=bounds,
                           resampling=Resampling.bilinear).pixels
    image = np.nan_to_num(image, nan=0.0)
    return [image[..., k] for k in range(len(bands))]


def _legend(title: dict[str, str], labels: list[dict[str, str]], colours: tuple, note: dict | None = None) -> dict:
    legend = {"type": "categorical", "title": title,
              "items": [{"label": lab, "color": list(rgb)} for lab, rgb in zip(labels, colours, strict=True)]}
    if note:
        legend["note"] = note
    return legend


@dataclass(frozen=True)
class _ClassMap:
    """One class map of a run: how its pixels are classed and valued, how its layer is labelled.

    ``classify`` and ``value`` take the warped model bands (m, m/s) and give the class (uint8) and
    the value at a tap (in ``unit``, steps of ``step``); ``at_building`` is the value at each
    building's walls (its tap table, ``digits`` decimals).
    """

    kind: str
    title: dict[str, str]
    classify: Callable[..., np.ndarray]
    value: Callable[..., np.ndarray]
    colours: tuple
    legend: dict
    key: str
    unit: str
    step: float
    digits: int
    value_label: dict[str, str]
    building_label: dict[str, str]
    at_building: np.ndarray


def _class_map_layer(context: BuildContext, site: FloodSite, run_id: str, spec: _ClassMap, bands: list[np.ndarray],
                     scenario_label: dict[str, str], frames: dict | None = None) -> dict:
    """Write the overlay, point values and building tap table of ``spec``; its manifest layer (kind
    ``flood-class``: the overlay draped on the terrain, rows appended to a tapped building; with
    ``frames``, ``{"frames": [file names], "frame_times_s": [s]}``, also its overlay per frame time).
    """
    grid, out = site.grid, context.out
    texture = f"flood_{run_id}_{spec.kind}.png"
    warped, classes = write_class_overlay(out / texture, bands, spec.classify, grid.transform, grid.crs,
                                          context.terrain_bounds, np.asarray(spec.colours))
    points = points_name(texture)
    write_point_values(out / points, np.where(classes > 0, spec.value(*warped), 0.0), classes, step=spec.step)

    def for_scenario(text: dict[str, str]) -> dict[str, str]:
        return {lang: f"{text[lang]} ({scenario_label[lang]})" for lang in ("de", "en")}

    return {
        "id": f"flood-{spec.kind}-{run_id}", "kind": "flood-class", "group": GROUP["id"],
        "label": {lang: f"{spec.title[lang]}: {scenario_label[lang]}" for lang in ("de", "en")},
        "visible": False, "quantity": spec.kind,
        "data": {"elevation": context.terrain_elevation, "texture": texture, **(frames or {})},
        "bounds": list(context.terrain_bounds), "decoder": dict(TERRARIUM_DECODER),
        "attributes": _tap_table(context, site, f"flood_{run_id}_{spec.kind}_attributes.json", spec.key,
                                 spec.at_building, spec.digits),
        "extends": "buildings",
        "fields": [{"key": spec.key, "unit": spec.unit, "label": for_scenario(spec.building_label)}],
        "point": point_entry(points, step=spec.step, unit=spec.unit, label=for_scenario(spec.value_label)),
        "legend": dict(spec.legend, when=MAXIMA) if frames else spec.legend,
    }


def _tap_table(context: BuildContext, site: FloodSite, name: str, key: str, at_building: np.ndarray,
               digits: int) -> str:
    """``{"fields": [key], "rows": {building id: [value]}, "default": [0]}`` for buildings with a value ≠ 0."""
    ids = site.buildings["id"].to_numpy()
    shown = np.round(at_building, digits)
    rows = {i: [float(v) if digits else int(v)] for i, v in zip(ids, shown, strict=True) if v != 0}
    write_json(context.out / name, {"fields": [key], "rows": rows, "default": [0]}, gzip_twin=False)
    return name


def event_class_layers(context: BuildContext, site: FloodSite, run_id: str, run: FloodRun, depth: np.ndarray,
                       scenario_label: dict[str, str], wet_m: float) -> list[dict]:
    """Write the velocity and hazard maps of event ``run_id`` (max depth ``depth`` on open cells, m;
    wet from ``wet_m``); their manifest layers.
    """
    depth = np.where(site.permanent_water, 0.0, depth)  # the river is not drawn, as on the depth map
    speed = np.where(depth > VELOCITY_MIN_DEPTH_M, run.max_velocity_m_s, 0.0).astype("float32")
    wet_de, wet_en = decimal_text(wet_m, "de"), decimal_text(wet_m, "en")
    where = label(f"Gezeigt ab {wet_de} m Wassertiefe; am Ende des Zeitreglers die Maxima des Ereignisses, sonst "
                  "der Stand zur gewählten Zeit",
                  f"Shown from {wet_en} m of depth; at the time slider's end the event's maxima, else the state at "
                  "the chosen time")
    rating = np.where(depth >= wet_m, hazard_rating(depth, speed), 0.0)
    bounds = [decimal_text(b, "de") for b in HAZARD_CLASSES], [decimal_text(b, "en") for b in HAZARD_CLASSES]
    hazard_labels = [label(f"{lab['de']}: HR {rng_de}", f"{lab['en']}: HR {rng_en}") for lab, rng_de, rng_en in zip(
        HAZARD_LABELS, _ranges(bounds[0]), _ranges(bounds[1]), strict=True)]
    maps = (
        _ClassMap("velocity", label("Fließgeschwindigkeit", "Flow velocity"),
                  lambda d, v: velocity_class(v, d, wet_m=wet_m), lambda d, v: v, VELOCITY_COLOURS,
                  _legend(label("Max. Fließgeschwindigkeit (Klassen nach LUBW 2016)",
                                "Max. flow velocity (LUBW 2016 classes)"), velocity_labels(), VELOCITY_COLOURS, where),
                  "flood_velocity_m_s", "m/s", 0.01, 2,
                  label("Max. Fließgeschwindigkeit hier", "Max. flow velocity here"),
                  label("Max. Fließgeschwindigkeit am Gebäude", "Max. flow velocity at the building"),
                  site.depth_at_buildings(speed)),
        _ClassMap("hazard", label("Gefahr (Tiefe × Geschwindigkeit)", "Hazard (depth × velocity)"),
                  lambda d, v: hazard_class(d, v, wet_m=wet_m), hazard_rating, HAZARD_COLOURS,
                  _legend(HAZARD_SOURCE, hazard_labels, HAZARD_COLOURS, where),
                  "flood_hazard_rating", "", 0.01, 2, label("Max. Gefahrenwert HR hier", "Max. hazard rating HR here"),
                  label("Max. Gefahrenwert HR am Gebäude", "Max. hazard rating HR at the building"),
                  site.depth_at_buildings(rating)),
    )
    frames = write_class_frames(context, site, run_id, run, {spec.kind: spec for spec in maps})
    return [_class_map_layer(context, site, run_id, spec, [depth, speed], scenario_label, frames[spec.kind])
            for spec in maps]


def frame_name(run_id: str, kind: str, t_s: float) -> str:
    """``flood_<run>_<kind>_tNNNNNNs.png``: the overlay of class map ``kind`` at ``t_s`` (s) after the rain start."""
    return f"flood_{run_id}_{kind}_t{int(round(t_s)):06d}s.png"


def write_class_frames(context: BuildContext, site: FloodSite, run_id: str, run: FloodRun,
                       specs: dict[str, _ClassMap]) -> dict[str, dict]:
    """Write the overlay of each of ``specs`` (kinds of :data:`FRAME_KINDS`) at every frame time of
    ``run``, classed from that frame's depth (m, on the cells the depth frames count) and speed
    (m/s); per kind ``{"frames": [file names], "frame_times_s": [s]}`` for its manifest data.
    Depth and speed are warped once per frame for all kinds.
    """
    grid, out = site.grid, context.out
    counted = site.counted_cells
    names: dict[str, list[str]] = {kind: [] for kind in specs}
    for t_s, depth, speed in zip(run.frame_times_s, run.depth_frames_m, run.speed_frames_m_s, strict=True):
        depth = np.where(counted, depth, 0.0)
        speed = np.where(depth > VELOCITY_MIN_DEPTH_M, speed, 0.0)
        warped = warp_bands([depth, speed], grid.transform, grid.crs, context.terrain_bounds)
        for kind, spec in specs.items():
            name = frame_name(run_id, kind, t_s)
            save_paletted_png(out / name, spec.classify(*warped), np.asarray(spec.colours))
            names[kind].append(name)
    times = [float(t) for t in run.frame_times_s]
    return {kind: {"frames": files, "frame_times_s": times} for kind, files in names.items()}


def _ranges(bounds: list[str]) -> list[str]:
    """"< 0,75", "0,75–1,25", ..., "≥ 2,0" from the class bounds as text."""
    return [f"< {bounds[0]}"] + [f"{a}–{b}" for a, b in zip(bounds, bounds[1:])] + [f"≥ {bounds[-1]}"]


def change_layer(context: BuildContext, site: FloodSite, run_id: str, before: np.ndarray, after: np.ndarray,
                 before_at_building: np.ndarray, after_at_building: np.ndarray, scenario_label: dict[str, str],
                 wet_m: float) -> dict:
    """Write the change of max depth of measure run ``run_id`` against its event (``before``, ``after``:
    max depth on open cells, m; ``*_at_building``: at the walls, m); its manifest layer.
    """
    before, after = (np.where(site.permanent_water, 0.0, d) for d in (before, after))
    change_cm = (after_at_building - before_at_building) * 100
    change_cm = np.where(np.abs(change_cm) >= NO_CHANGE_M * 100 - 1e-9, change_cm, 0.0)
    cm = f"{NO_CHANGE_M * 100:.0f}"
    wet_de, wet_en = decimal_text(wet_m, "de"), decimal_text(wet_m, "en")
    note = label(f"Keine Farbe: weniger als {cm} cm Änderung; nass ab {wet_de} m Tiefe",
                 f"No colour: less than {cm} cm of change; wet from {wet_en} m of depth")
    spec = _ClassMap(
        "change", label("Änderung der max. Wassertiefe", "Change of max. water depth"),
        lambda b, a: depth_change_class(b, a, wet_m=wet_m), lambda b, a: (a - b) * 100, DEPTH_CHANGE_COLOURS,
        _legend(label("Änderung der max. Wassertiefe durch die Maßnahme", "Change of max. depth by the measure"),
                list(CHANGE_LABELS), DEPTH_CHANGE_COLOURS, note),
        "flood_depth_change_cm", "cm", 1.0, 0, label("Änderung der max. Wassertiefe hier", "Change of max. depth here"),
        label("Änderung der Wassertiefe am Gebäude", "Change of water depth at the building"), change_cm)
    return _class_map_layer(context, site, run_id, spec, [before, after], scenario_label)


def class_rasters(site: FloodSite, run: FloodRun, depth: np.ndarray, *, before: np.ndarray | None,
                  wet_m: float) -> list[RasterExport]:
    """The class maps as GeoTIFFs on the model grid (class numbers as in the legend, NaN = not shown):
    velocity and hazard class of an event (``before`` None), the change of max depth (m) and its
    class for a measure run (``before``: its event's max depth, m).
    """
    grid, crs = site.grid, str(site.grid.crs)

    def shown(classes: np.ndarray) -> np.ndarray:
        return np.where(classes > 0, classes, np.nan).astype("float32")

    if before is None:
        speed = np.where(depth > VELOCITY_MIN_DEPTH_M, run.max_velocity_m_s, 0.0)
        return [
            RasterExport("velocity_class", label("Fließgeschwindigkeitsklasse (1: < 0,2; 2: 0,2–0,5; 3: 0,5–2,0; "
                                                 "4: > 2,0 m/s; LUBW 2016)",
                                                 "Flow velocity class (1: < 0.2; 2: 0.2–0.5; 3: 0.5–2.0; "
                                                 "4: > 2.0 m/s; LUBW 2016)"),
                         shown(velocity_class(speed, depth, wet_m=wet_m)), grid.transform, crs, ""),
            RasterExport("hazard_class", label("Gefahrenklasse (1 gering … 4 extrem; HR nach Defra/EA FD2320)",
                                               "Hazard class (1 low … 4 extreme; HR after Defra/EA FD2320)"),
                         shown(hazard_class(depth, speed, wet_m=wet_m)), grid.transform, crs, ""),
        ]
    change = np.where((before > 0) | (depth > 0), depth - before, np.nan).astype("float32")
    return [
        RasterExport("depth_change", label("Änderung der maximalen Wassertiefe (mit − ohne Maßnahme)",
                                           "Change of maximum depth (with − without the measure)"),
                     change, grid.transform, crs, "m"),
        RasterExport("depth_change_class", label("Änderungsklasse (1 neu trocken, 2–3 flacher, 4–5 tiefer, "
                                                 "6 neu nass)",
                                                 "Change class (1 newly dry, 2–3 shallower, 4–5 deeper, 6 newly wet)"),
                     shown(depth_change_class(before, depth, wet_m=wet_m)), grid.transform, crs, ""),
    ]
