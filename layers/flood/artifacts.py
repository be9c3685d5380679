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
  one scenario entry with the run's metrics.

The overlays are rendered at twice the model resolution (bilinear depths): class edges follow the
terrain more smoothly than whole model cells would, and the GPU's texture filtering blurs less.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from affine import Affine
from rasterio.warp import Resampling
from scipy.ndimage import zoom

from layers.flood.exports import raster_names
from layers.flood.measures import FloodMeasure, GridChange
from layers.flood.options import KEY, FloodEvent
from layers.flood.runs import FloodRun
from layers.flood.site import FloodSite
from layers.scenario_api import BuildContext, Metric
from layers.style import (
    FLOOD_ALPHA,
    FLOOD_BUILDING_COLOURS,
    FLOOD_DEPTH_COLOURS,
    decimal_text,
    depth_class_labels,
    label,
    spread_palette,
)
from layers.terrain import TERRARIUM_DECODER, warp_to_lonlat
from layers.web import write_json

__all__ = ["GROUP", "OVERLAY_MAX_PX", "FloodFiles", "flood_layer", "flood_scenario", "write_run_files"]

GROUP = {"id": "starkregen", "label": label("Starkregen", "Heavy rain")}
OVERLAY_MAX_PX = 1024
BUDGET_TERMS = ("rain_m3", "stored_m3", "outflow_m3", "infiltration_m3", "drainage_m3", "clip_m3", "retained_m3")


@dataclass(frozen=True)
class FloodFiles:
    """The file names (in the build folder) of one run."""

    texture: str
    frames: tuple[str, ...]
    buildings: str
    attributes: str
    rasters: dict[str, str]


def write_run_files(context: BuildContext, site: FloodSite, run: FloodRun, depth: np.ndarray,
                    at_building: np.ndarray, classes: tuple[float, ...]) -> FloodFiles:
    """Write the rasters, overlays and building tables of a run whose max depth on open cells is
    ``depth`` (m) and at the buildings ``at_building`` (m).
    """
    out, prefix = context.out, f"flood_{run.id}_"
    grid = site.grid
    rasters = raster_names(run.id)  # written by layers.exports (flood_exports declares them)

    palette = spread_palette(len(classes), FLOOD_DEPTH_COLOURS)
    texture = f"{prefix}max_depth.png"
    write_depth_overlay(out / texture, _pad(np.where(site.permanent_water, 0.0, depth)), grid.transform, grid.crs,
                        context.terrain_bounds, classes, palette)
    frames = []
    counted = site.counted_cells
    for t_s, frame in zip(run.frame_times_s, run.depth_frames_m, strict=True):
        name = f"{prefix}t{int(round(t_s)):06d}s.png"
        write_depth_overlay(out / name, _pad(np.where(counted, frame, 0.0)), grid.transform, grid.crs,
                            context.terrain_bounds, classes, palette)
        frames.append(name)

    ids = site.buildings["id"].to_numpy()
    wet = at_building > 0
    affected = at_building >= classes[0]
    buildings, attributes = f"{prefix}buildings.json", f"{prefix}attributes.json"
    write_json(out / buildings, {i: float(d) for i, d in zip(ids[wet], at_building[wet], strict=True)})
    rows = {i: [int(round(d * 100)), bool(a)]
            for i, d, a in zip(ids[wet], at_building[wet], affected[wet], strict=True)}
    write_json(out / attributes, {"fields": ["flood_depth_cm", "flood_affected"], "rows": rows, "default": [0, False]},
               gzip_twin=False)
    return FloodFiles(texture, tuple(frames), buildings, attributes, rasters)


def write_depth_overlay(path: Path, depth: np.ndarray, transform: Affine, crs: object, bounds: list[float],
                        classes: tuple[float, ...], palette: np.ndarray, *, max_px: int = OVERLAY_MAX_PX) -> None:
    """Depth (m) → a paletted PNG warped onto ``bounds``: index 0 transparent (dry), 1.. the classes."""
    from PIL import Image

    fine = zoom(depth.astype("float32"), 2, order=1, mode="nearest", grid_mode=True)
    image = warp_to_lonlat(fine, transform * Affine.scale(0.5), crs, max_size=max_px, bounds=bounds,
                           resampling=Resampling.bilinear).pixels
    index = np.digitize(np.nan_to_num(image, nan=0.0), classes).astype("uint8")  # 0 below the first class
    picture = Image.fromarray(index, mode="P")
    # The transparent (dry) entry carries the first class's colour: the GPU's bilinear filtering
    # then fades only the alpha at the water's edge instead of blending in a dark fringe.
    flat = [int(v) for v in palette[0]] + [int(v) for rgb in palette for v in rgb]
    picture.putpalette(flat + [0] * (768 - len(flat)))
    alpha = bytes([0] + [FLOOD_ALPHA] * len(palette))
    picture.save(path, format="PNG", optimize=True, transparency=alpha)


def _pad(array: np.ndarray) -> np.ndarray:
    """One extra edge row and column: the model grid (whole cells) may stop short of the DEM's edge."""
    pad = [(0, 0)] * (array.ndim - 2) + [(0, 1), (0, 1)]
    return np.pad(array, pad, mode="edge")


def flood_layer(context: BuildContext, site: FloodSite, run: FloodRun, files: FloodFiles, event: FloodEvent,
                scenario_label: dict[str, str], classes: tuple[float, ...], measure: FloodMeasure | None = None,
                change: GridChange | None = None) -> dict:
    """The manifest layer (kind ``flood-depth``) of a run."""
    class_labels = depth_class_labels(classes)
    palette = spread_palette(len(classes), FLOOD_DEPTH_COLOURS)
    building_palette = spread_palette(len(classes), FLOOD_BUILDING_COLOURS)
    legend_items = [{"label": lab, "color": [int(v) for v in rgb]}
                    for lab, rgb in zip(class_labels, palette, strict=True)]
    legend_items += [{"label": label(f"Gebäude: {lab['de']} am Gebäude", f"Building: {lab['en']} at the walls"),
                      "color": [int(v) for v in rgb]} for lab, rgb in zip(class_labels, building_palette, strict=True)]
    first_de, first_en = decimal_text(classes[0], "de"), decimal_text(classes[0], "en")
    entry = {
        "id": f"flood-{run.id}",
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
                   {"key": "flood_affected", "label": label(f"Betroffen (≥ {first_de} m)",
                                                            f"Affected (≥ {first_en} m)"),
                    "unit": ""}],
        "depth_classes_m": list(classes),
        "building_colors": [[int(v) for v in rgb] for rgb in building_palette],
        "rasters": dict(files.rasters),
        "event": {"depth_mm": event.depth_mm, "duration_min": event.duration_min, "type": event.type},
        "stats": {"resolution_m": float(site.grid.dx), "grid": list(site.grid.shape), "steps": run.steps,
                  "model_seconds": round(run.seconds, 1), "model_cpu_seconds": round(run.cpu_seconds, 1),
                  "mass_error_rel": run.mass_error,
                  "budget_m3": {term: round(float(getattr(run.budget, term)), 1) for term in BUDGET_TERMS}},
        "legend": {"type": "categorical", "items": legend_items},
    }
    if measure is not None and change is not None:
        entry["measure"] = {**measure.options(), "cells_changed": change.cells_changed, **change.details}
    return entry


def flood_scenario(run_id: str, scenario_label: dict[str, str], metrics: list[Metric],
                   baseline: str | None = None) -> dict:
    """The manifest scenario entry of a run (``baseline``: the event id a measure modifies)."""
    return {"id": f"{KEY}-{run_id}", "group": GROUP["id"], "label": scenario_label, "layers": [f"flood-{run_id}"],
            "baseline": f"{KEY}-{baseline}" if baseline else None,
            "metrics": [metric.to_manifest() for metric in metrics]}
