"""The files and manifest entries of a heavy-rain run (names prefixed ``flood_<id>_``).

* the max depth, max velocity and flow direction as GeoTIFFs and the affected buildings as a
  GeoPackage, declared by ``layers.flood.exports`` and written by ``layers.exports`` (the layer's
  ``rasters`` names the GeoTIFFs);
* ``flood_<id>_max_depth.png`` — the max depth as a paletted overlay (transparent below the first
  depth class and on permanent water), warped to exactly the terrain's bounds so that it drapes
  onto the terrain mesh with the terrain's texture coordinates (``layers.terrain``);
* ``flood_<id>_tNNNNNNs.png`` — the depth at every frame time on the same bounds (animation);
* ``flood_<id>_buildings.json`` — ``{building id: depth (m)}`` for buildings with water at their
  walls, and ``flood_<id>_attributes.json`` the same (in cm) as a tap table;
* one manifest layer (kind ``flood-depth``, hidden at first; ``viewer.flood_layers`` draws it) and
  one scenario entry with the run's metrics;
* per measure, ``flood_measure_<id>.json`` — its footprint, its area of effect and (flow paths) its
  line as draped outlines — and a manifest layer of kind ``flood-measure``.

A measure that moves no water (object protection) gets no rasters or overlays of its own: its layer
shows its event's, with its own building tables (fewer buildings affected).

The overlays are rendered at twice the model resolution (bilinear depths): class edges follow the
terrain more smoothly than whole model cells would, and the GPU's texture filtering blurs less.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry
from affine import Affine
from rasterio.features import shapes
from rasterio.warp import Resampling
from scipy.ndimage import zoom

from layers.flood.exports import raster_names
from layers.flood.measures import FloodMeasure, GridChange, MeasurePlace
from layers.flood.options import KEY, FloodEvent
from layers.flood.point_values import point_entry, points_name, write_point_values
from layers.flood.runs import FloodRun
from layers.flood.site import FloodSite
from layers.scenario_api import BuildContext, Metric
from layers.style import (
    FLOOD_ALPHA,
    FLOOD_BUILDING_COLOURS,
    FLOOD_DEPTH_COLOURS,
    MEASURE_AREA_COLOUR,
    MEASURE_COLOUR,
    decimal_text,
    depth_class_labels,
    label,
    spread_palette,
)
from layers.terrain import TERRARIUM_DECODER, warp_to_lonlat
from layers.web import line_records, write_json

__all__ = ["GROUP", "MEASURE_LIFT_M", "OVERLAY_MAX_PX", "FloodFiles", "flood_layer", "flood_scenario", "measure_layer",
           "pad_edge", "save_paletted_png", "write_building_tables", "write_run_files"]

GROUP = {"id": "starkregen", "label": label("Starkregen", "Heavy rain")}
OVERLAY_MAX_PX = 1024
AREA_LINE_WIDTH_M = 3.0  # outline of the area of effect (m)
FOOTPRINT_LINE_WIDTH_M = 6.0  # outline of the measure itself and a flow path's line (m)
MEASURE_LIFT_M = 1.5  # outlines float above the water surface (drawn 1.2 m above the DEM, viewer.flood_layers)
BUDGET_TERMS = ("rain_m3", "stored_m3", "outflow_m3", "infiltration_m3", "drainage_m3", "clip_m3", "retained_m3")


@dataclass(frozen=True)
class FloodFiles:
    """The file names (in the build folder) of one run."""

    texture: str
    frames: tuple[str, ...]
    buildings: str
    attributes: str
    rasters: dict[str, str]
    points: str


def write_run_files(context: BuildContext, site: FloodSite, run: FloodRun, depth: np.ndarray,
                    at_building: np.ndarray, affected: np.ndarray, classes: tuple[float, ...]) -> FloodFiles:
    """Write the rasters, overlays and building tables of a run whose max depth on open cells is
    ``depth`` (m), at the buildings ``at_building`` (m), with ``affected`` buildings (bool).
    """
    out, prefix = context.out, f"flood_{run.id}_"
    rasters = raster_names(run.id)  # written by layers.exports (flood_exports declares them)
    palette = spread_palette(len(classes), FLOOD_DEPTH_COLOURS)
    texture = f"{prefix}max_depth.png"
    grid = site.grid
    image, index = write_depth_overlay(out / texture, pad_edge(np.where(site.permanent_water, 0.0, depth)),
                                       grid.transform, grid.crs, context.terrain_bounds, classes, palette)
    points = points_name(texture)
    write_point_values(out / points, np.where(index > 0, image * 100, 0.0), index, step=1.0)
    frames = []
    counted = site.counted_cells
    for t_s, frame in zip(run.frame_times_s, run.depth_frames_m, strict=True):
        name = f"{prefix}t{int(round(t_s)):06d}s.png"
        write_depth_overlay(out / name, pad_edge(np.where(counted, frame, 0.0)), grid.transform, grid.crs,
                            context.terrain_bounds, classes, palette)
        frames.append(name)
    buildings, attributes = write_building_tables(context, site, run.id, at_building, affected)
    return FloodFiles(texture, tuple(frames), buildings, attributes, rasters, points)


def write_building_tables(context: BuildContext, site: FloodSite, run_id: str, at_building: np.ndarray,
                          affected: np.ndarray) -> tuple[str, str]:
    """``{building id: depth (m)}`` of the wet buildings and their tap table; the two file names."""
    ids = site.buildings["id"].to_numpy()
    wet = at_building > 0
    buildings, attributes = f"flood_{run_id}_buildings.json", f"flood_{run_id}_attributes.json"
    write_json(context.out / buildings, {i: float(d) for i, d in zip(ids[wet], at_building[wet], strict=True)})
    rows = {i: [int(round(d * 100)), bool(a)]
            for i, d, a in zip(ids[wet], at_building[wet], affected[wet], strict=True)}
    write_json(context.out / attributes, {"fields": ["flood_depth_cm", "flood_affected"], "rows": rows,
                                          "default": [0, False]}, gzip_twin=False)
    return buildings, attributes


def write_depth_overlay(path: Path, depth: np.ndarray, transform: Affine, crs: object, bounds: list[float],
                        classes: tuple[float, ...], palette: np.ndarray, *, max_px: int = OVERLAY_MAX_PX
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Depth (m) → a paletted PNG warped onto ``bounds``: index 0 transparent (dry), 1.. the classes.
    Returns the warped depth (m) and its class indices (the point values: ``layers.flood.point_values``).
    """
    fine = zoom(depth.astype("float32"), 2, order=1, mode="nearest", grid_mode=True)
    image = warp_to_lonlat(fine, transform * Affine.scale(0.5), crs, max_size=max_px, bounds=bounds,
                           resampling=Resampling.bilinear).pixels
    index = np.digitize(np.nan_to_num(image, nan=0.0), classes).astype("uint8")  # 0 below the first class
    save_paletted_png(path, index, palette)
    return image, index


def save_paletted_png(path: Path, index: np.ndarray, palette: np.ndarray) -> None:
    """Class indices (uint8; 0 transparent, k the colour ``palette[k - 1]``) → a paletted PNG."""
    from PIL import Image

    picture = Image.fromarray(index, mode="P")
    # The transparent entry carries the first class's colour: the GPU's bilinear filtering then
    # fades only the alpha at a class area's edge instead of blending in a dark fringe.
    flat = [int(v) for v in palette[0]] + [int(v) for rgb in palette for v in rgb]
    picture.putpalette(flat + [0] * (768 - len(flat)))
    alpha = bytes([0] + [FLOOD_ALPHA] * len(palette))
    picture.save(path, format="PNG", optimize=True, transparency=alpha)


def pad_edge(array: np.ndarray) -> np.ndarray:
    """One extra edge row and column: the model grid (whole cells) may stop short of the DEM's edge."""
    pad = [(0, 0)] * (array.ndim - 2) + [(0, 1), (0, 1)]
    return np.pad(array, pad, mode="edge")


def flood_layer(context: BuildContext, site: FloodSite, run_id: str, run: FloodRun, files: FloodFiles,
                event: FloodEvent, scenario_label: dict[str, str], classes: tuple[float, ...], threshold_m: float,
                measure: dict | None = None) -> dict:
    """The manifest layer (kind ``flood-depth``) of run ``run_id`` (``run``: the model run it shows,
    its event's for a measure that moves no water; ``measure``: the measure's manifest entry).
    """
    class_labels = depth_class_labels(classes)
    palette = spread_palette(len(classes), FLOOD_DEPTH_COLOURS)
    building_palette = spread_palette(len(classes), FLOOD_BUILDING_COLOURS)
    legend_items = [{"label": lab, "color": [int(v) for v in rgb]}
                    for lab, rgb in zip(class_labels, palette, strict=True)]
    legend_items += [{"label": label(f"Gebäude: {lab['de']} am Gebäude", f"Building: {lab['en']} at the walls"),
                      "color": [int(v) for v in rgb]} for lab, rgb in zip(class_labels, building_palette, strict=True)]
    t_de, t_en = decimal_text(threshold_m, "de"), decimal_text(threshold_m, "en")
    entry = {
        "id": f"flood-{run_id}",
        "kind": "flood-depth",
        "group": GROUP["id"],
        "label": scenario_label,
        "visible": False,
        "data": {"elevation": context.terrain_elevation, "texture": files.texture, "frames": list(files.frames),
                 "frame_times_s": [float(t) for t in run.frame_times_s], "buildings": files.buildings},
        "bounds": list(context.terrain_bounds),
        "decoder": dict(TERRARIUM_DECODER),
        "attributes": files.attributes,
        "extends": "buildings",  # rows appended to a tapped building while this layer is visible
        "fields": [{"key": "flood_depth_cm", "label": label(f"Wassertiefe am Gebäude ({scenario_label['de']})",
                                                             f"Water depth at the building ({scenario_label['en']})"),
                    "unit": "cm"},
                   {"key": "flood_affected", "label": label(f"Betroffen (≥ {t_de} m)", f"Affected (≥ {t_en} m)"),
                    "unit": ""}],
        "point": point_entry(files.points, step=1.0, unit="cm",
                             label=label(f"Max. Wassertiefe hier ({scenario_label['de']})",
                                         f"Max. water depth here ({scenario_label['en']})")),
        "depth_classes_m": list(classes),
        "affected_depth_m": threshold_m,
        "building_colors": [[int(v) for v in rgb] for rgb in building_palette],
        "rasters": dict(files.rasters),
        "event": {"depth_mm": event.depth_mm, "duration_min": event.duration_min, "type": event.type},
        "stats": {"resolution_m": float(site.grid.dx), "grid": list(site.grid.shape), "steps": run.steps,
                  "model_seconds": round(run.seconds, 1), "model_cpu_seconds": round(run.cpu_seconds, 1),
                  "mass_error_rel": run.mass_error,
                  "budget_m3": {term: round(float(getattr(run.budget, term)), 1) for term in BUDGET_TERMS}},
        "legend": {"type": "categorical", "items": legend_items},
    }
    if measure is not None:
        entry["measure"] = measure
    return entry


def measure_layer(context: BuildContext, site: FloodSite, measure: FloodMeasure, change: GridChange,
                  area: np.ndarray, place: MeasurePlace) -> dict:
    """Write where a measure is and where it acts (``flood_measure_<id>.json``); its manifest layer
    (kind ``flood-measure``, hidden at first, drawn by ``viewer.flood_layers`` as paths).

    The file is a list of path records ``{"part", "p", "c", "w"}``: ``part`` is ``"area"`` (outer
    rings of the area of effect's model cells), ``"footprint"`` (the measure's cells) or ``"line"``
    (a flow path's line); ``p`` is [[lon, lat, z], ...] at the DEM's height plus
    :data:`MEASURE_LIFT_M`, ``c`` the colour (RGBA), ``w`` the width (m).
    """
    grid = site.grid
    footprint = change.footprint if change.footprint.any() else place.cells
    parts = [("area", _cell_rings(context, grid, area), MEASURE_AREA_COLOUR, AREA_LINE_WIDTH_M),
             ("footprint", _cell_rings(context, grid, footprint), MEASURE_COLOUR, FOOTPRINT_LINE_WIDTH_M)]
    if place.is_line:
        lines = [part for shape in place.shapes for part in getattr(shape, "geoms", [shape])]
        lines = shapely.segmentize(np.asarray(lines, dtype=object), max_segment_length=float(grid.dx))
        parts.append(("line", line_records(lines, lambda x, y, _: context.dem.sample(x, y) + MEASURE_LIFT_M,
                                           context.config.crs), MEASURE_COLOUR, FOOTPRINT_LINE_WIDTH_M))
    payload = [{"part": part, "p": path, "c": [*colour, 255], "w": width}
               for part, paths, colour, width in parts for path in paths]
    name = f"flood_measure_{measure.id}.json"
    write_json(context.out / name, payload)
    return {
        "id": f"flood-measure-{measure.id}",
        "kind": "flood-measure",
        "group": GROUP["id"],
        "label": measure.label,
        "visible": False,
        "data": name,
        "measure_type": measure.type,
        "legend": {"type": "categorical", "items": [
            {"label": label("Maßnahme", "Measure"), "color": list(MEASURE_COLOUR)},
            {"label": label("Wirkungsbereich (Einzugsgebiet und Abflussweg)",
                            "Area of effect (catchment and flow path)"), "color": list(MEASURE_AREA_COLOUR)}]},
    }


def _cell_rings(context: BuildContext, grid: object, cells: np.ndarray) -> list[list]:
    """Outer rings of the polygons a cell mask forms, [[lon, lat, z], ...] each, draped on the DEM."""
    if not cells.any():
        return []
    polygons = [shapely.geometry.shape(geom).exterior for geom, value in
                shapes(cells.astype("uint8"), mask=cells, transform=grid.transform, connectivity=4) if value]
    rings = shapely.segmentize(np.asarray(polygons, dtype=object), max_segment_length=float(grid.dx))
    return line_records(rings, lambda x, y, _: context.dem.sample(x, y) + MEASURE_LIFT_M, context.config.crs)


def flood_scenario(run_id: str, scenario_label: dict[str, str], metrics: list[Metric],
                   baseline: str | None = None) -> dict:
    """The manifest scenario entry of a run (``baseline``: the event id a measure modifies)."""
    return {"id": f"{KEY}-{run_id}", "group": GROUP["id"], "label": scenario_label, "layers": [f"flood-{run_id}"],
            "baseline": f"{KEY}-{baseline}" if baseline else None,
            "metrics": [metric.to_manifest() for metric in metrics]}
