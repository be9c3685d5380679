"""A city's own precomputed scenario results, shown like ours (``[[scenarios.external]]``).

Each entry of city.toml becomes one scenario with one layer, drawn by the viewer's existing kinds::

    [[scenarios.external]]
    id = "starkregenkarte"           # letters, digits, "-"
    kind = "flood-depth"             # a water depth GeoTIFF (m; any CRS; nodata / ≤ 0 = dry)
    path = "starkregen_extrem.tif"
    label_de = "Starkregengefahrenkarte extrem"     # optional labels
    label_en = "Heavy-rain hazard map, extreme"
    depth_classes_m = [0.1, 0.3, 0.5, 1.0]          # optional

    [[scenarios.external]]
    id = "verkehrsmodell"
    kind = "traffic-links"           # lines with volumes (veh/h), e.g. from the city's own model
    path = "verkehr.gpkg"
    fields = {volume_vph = "q_kfz_h", capacity_vph = "kap_kfz_h"}   # our = yours; capacity optional

A flood map gives the flooded area per depth class and the buildings (and residents) with water
at their walls, as the heavy-rain model does; link volumes give vehicle-kilometres and, with a
capacity, v/c colours (else volume classes).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import rasterio
import rasterio.errors
import shapely
from rasterio.warp import Resampling, calculate_default_transform, reproject

from layers.config import CONFIG_NAME, CityConfig
from layers.errors import InputError
from layers.scenario_api import BuildContext, ScenarioOutput, ScenarioPlan
from layers.style import (
    FLOOD_BUILDING_COLOURS,
    FLOOD_DEPTH_CLASSES_M,
    FLOOD_DEPTH_COLOURS,
    VC_CLASSES,
    label,
    vc_colours,
)
from layers.terrain import TERRARIUM_DECODER, warp_to_lonlat
from layers.web import write_json

__all__ = ["external_scenarios", "plan_external_scenarios", "external_files", "GROUP"]

KEY = "external"
GROUP = {"id": "extern", "label": label("Ergebnisse der Stadt", "The city's own results")}
KINDS = ("flood-depth", "traffic-links")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OVERLAY_MAX_PX = 1024
VOLUME_CLASSES_VPH = (250.0, 500.0, 1000.0, 2000.0)
VOLUME_COLOURS = ((254, 229, 217), (252, 174, 145), (251, 106, 74), (222, 45, 38), (165, 15, 21))
LIFT_M = 0.5


def _entries(raw: dict) -> list[dict]:
    entries = raw.get("scenarios", {}).get("external", [])
    return entries if isinstance(entries, list) else []


def external_files(config: CityConfig) -> list[Path]:
    """The files named by ``[[scenarios.external]]`` (for the build's input hash)."""
    return [(config.folder / str(e.get("path", ""))).resolve() for e in _entries(config.raw) if e.get("path")]


def _entry_options(context: BuildContext, k: int, entry: dict) -> tuple[str, str, Path, dict]:
    toml = context.config.folder / CONFIG_NAME
    where = f"scenarios.external[{k}]"
    ident, kind, path = str(entry.get("id", "")), entry.get("kind"), entry.get("path")
    if not _ID.match(ident):
        raise InputError(toml, f"[[scenarios.external]] number {k + 1} has no usable id ({ident!r}).",
                         'Give it id = "<lower-case letters, digits, ->".', field=f"{where}.id")
    if kind not in KINDS:
        raise InputError(toml, f"[[scenarios.external]] {ident}: kind = {kind!r} is unknown.",
                         f"Use one of {', '.join(KINDS)}.", field=f"{where}.kind")
    if not path:
        raise InputError(toml, f"[[scenarios.external]] {ident} names no file.", 'Add path = "<file>".',
                         field=f"{where}.path")
    file = (context.config.folder / str(path)).resolve()
    if not file.is_file():
        raise InputError(file, f"The result file of external scenario {ident} does not exist.",
                         f"Put the file there or correct path in [[scenarios.external]] of {toml}.",
                         field=f"{where}.path")
    return ident, kind, file, entry


def plan_external_scenarios(context: BuildContext) -> ScenarioPlan:
    """Check the entries and name the layers and scenarios :func:`external_scenarios` will write."""
    plan = ScenarioPlan()
    for k, entry in enumerate(_entries(context.config.raw)):
        ident, kind, _, _ = _entry_options(context, k, entry)
        plan.layers.append({"id": f"{KEY}-{ident}", "kind": kind})
        plan.scenarios.append(f"{KEY}-{ident}")
    return plan


def external_scenarios(context: BuildContext) -> ScenarioOutput:
    """Scenario layers from the city's own result files (see the module text)."""
    output = ScenarioOutput()
    for k, entry in enumerate(_entries(context.config.raw)):
        ident, kind, file, entry = _entry_options(context, k, entry)
        context.progress(f"external {ident}")
        lab = label(str(entry.get("label_de", ident)), str(entry.get("label_en", entry.get("label_de", ident))))
        layer, metrics = (_flood(context, ident, file, entry, lab) if kind == "flood-depth"
                          else _traffic(context, ident, file, entry, lab))
        output.layers.append(layer)
        output.scenarios.append({"id": f"{KEY}-{ident}", "group": GROUP["id"], "label": lab, "layers": [layer["id"]],
                                 "baseline": None, "metrics": metrics, "source": file.name})
    if output.layers:
        output.groups.append(dict(GROUP))
    return output


def _metric(key: str, lab: dict, value: float, unit: str, decimals: int = 0) -> dict:
    return {"key": key, "label": lab, "value": round(value, decimals) if decimals else int(round(value)),
            "unit": unit, "decimals": decimals, "delta": None}


# ------------------------------------------------------------------------------------ flood map
def _read_depth(context: BuildContext, file: Path) -> tuple[np.ndarray, object]:
    """The depth raster (m, NaN → 0) on a grid in the working CRS, and that grid's transform."""
    try:
        with rasterio.open(file) as src:
            if src.crs is None:
                raise InputError(file, "The depth GeoTIFF has no coordinate reference system.",
                                 f"Assign it, e.g. `gdal_edit.py -a_srs {context.config.crs} {file.name}`.")
            depth = src.read(1, masked=True).astype("float32").filled(np.nan)
            src_transform, src_crs = src.transform, src.crs
            width, height, bounds = src.width, src.height, src.bounds
    except rasterio.errors.RasterioIOError as err:
        raise InputError(file, f"The depth GeoTIFF cannot be read ({err}).", "Export or download it again.") from None
    dst_crs = context.dem.crs
    if src_crs != dst_crs:
        transform, cols, rows = calculate_default_transform(src_crs, dst_crs, width, height, *bounds)
        out = np.full((rows, cols), np.nan, dtype="float32")
        reproject(depth, out, src_transform=src_transform, src_crs=src_crs, dst_transform=transform, dst_crs=dst_crs,
                  resampling=Resampling.bilinear, src_nodata=np.nan, dst_nodata=np.nan)
        depth, src_transform = out, transform
    depth = np.where(np.isfinite(depth) & (depth > 0), depth, 0.0).astype("float32")
    minx, miny, maxx, maxy = context.dem.bounds
    left, top = src_transform @ (0, 0)
    right, bottom = src_transform @ (depth.shape[1], depth.shape[0])
    if right <= minx or left >= maxx or min(top, bottom) >= maxy or max(top, bottom) <= miny:
        raise InputError(file, "The depth map does not overlap the city's terrain.",
                         "Check its CRS and that it shows this city.")
    return depth, src_transform


def _flood(context: BuildContext, ident: str, file: Path, entry: dict, lab: dict) -> tuple[dict, list[dict]]:
    from PIL import Image

    classes = tuple(float(c) for c in entry.get("depth_classes_m", FLOOD_DEPTH_CLASSES_M))
    if not classes or list(classes) != sorted(classes) or classes[0] <= 0:
        raise InputError(context.config.folder / CONFIG_NAME,
                         f"external {ident}: depth_classes_m must increase from > 0.",
                         "Write e.g. depth_classes_m = [0.1, 0.3, 0.5, 1.0].", field="depth_classes_m")
    palette = np.array(FLOOD_DEPTH_COLOURS[:len(classes)] if len(classes) <= len(FLOOD_DEPTH_COLOURS) else
                       [FLOOD_DEPTH_COLOURS[min(k, len(FLOOD_DEPTH_COLOURS) - 1)] for k in range(len(classes))],
                       dtype="uint8")
    building_palette = [list(FLOOD_BUILDING_COLOURS[min(k, len(FLOOD_BUILDING_COLOURS) - 1)])
                        for k in range(len(classes))]
    depth, transform = _read_depth(context, file)
    prefix = f"external_{ident}_"
    image = warp_to_lonlat(depth, transform, context.dem.crs, max_size=OVERLAY_MAX_PX, bounds=context.terrain_bounds,
                           resampling=Resampling.bilinear).pixels
    index = np.digitize(np.nan_to_num(image, nan=0.0), classes).astype("uint8")
    picture = Image.fromarray(index, mode="P")
    flat = [int(v) for v in palette[0]] + [int(v) for rgb in palette for v in rgb]
    picture.putpalette(flat + [0] * (768 - len(flat)))
    picture.save(context.out / f"{prefix}max_depth.png", format="PNG", optimize=True,
                 transparency=bytes([0] + [215] * len(palette)))

    # Depth at each building: the max along a ring one cell outside its footprint (water at the walls).
    buildings = context.layers["buildings"].frame
    cell = abs(transform.a)
    rings = shapely.segmentize(shapely.boundary(shapely.buffer(buildings.geometry.values, cell)), cell)
    coords, owner = shapely.get_coordinates(rings, return_index=True)
    col, row = (~transform) @ (coords[:, 0], coords[:, 1])
    col, row = np.floor(col).astype(int), np.floor(row).astype(int)
    inside = (row >= 0) & (row < depth.shape[0]) & (col >= 0) & (col < depth.shape[1])
    at = np.zeros(len(buildings))
    np.maximum.at(at, owner[inside], depth[row[inside], col[inside]])
    at = np.round(at, 2)
    ids = (buildings["id"].astype(str).to_numpy() if "id" in buildings
           else np.array([f"B{k:06d}" for k in range(len(buildings))]))
    wet, affected = at > 0, at >= classes[0]
    write_json(context.out / f"{prefix}buildings.json", {i: float(d) for i, d in zip(ids[wet], at[wet])})
    write_json(context.out / f"{prefix}attributes.json",
               {"fields": ["flood_depth_cm", "flood_affected"],
                "rows": {i: [int(round(d * 100)), bool(a)] for i, d, a in zip(ids[wet], at[wet], affected[wet])},
                "default": [0, False]}, gzip_twin=False)
    cell_area = cell * abs(transform.e)
    upper = list(classes[1:]) + [np.inf]
    areas = [float(((depth >= lo) & (depth < hi)).sum()) * cell_area for lo, hi in zip(classes, upper)]
    residents = pd.to_numeric(buildings.get("residents", pd.Series(0, index=buildings.index)),
                              errors="coerce").fillna(0)
    class_labels = [label(f"{lo:g}–{hi:g} m", f"{lo:g}–{hi:g} m") if np.isfinite(hi)
                    else label(f"≥ {lo:g} m", f"≥ {lo:g} m") for lo, hi in zip(classes, upper)]
    metrics = [
        _metric("flooded_area", label(f"Überflutete Fläche ≥ {classes[0]:g} m", f"Flooded area ≥ {classes[0]:g} m"),
                sum(areas), "m²"),
        *[_metric(f"area_class_{k + 1}", label(f"Fläche {lab_['de']}", f"Area {lab_['en']}"), a, "m²")
          for k, (a, lab_) in enumerate(zip(areas, class_labels))],
        _metric("buildings_affected", label("Betroffene Gebäude", "Buildings affected"), int(affected.sum()), ""),
        _metric("residents_affected", label("Betroffene Einwohner (geschätzt)", "Residents affected (estimate)"),
                float(residents.to_numpy()[affected].sum()), ""),
    ]
    legend = [{"label": lab_, "color": [int(v) for v in rgb]} for lab_, rgb in zip(class_labels, palette)]
    legend += [{"label": label(f"Gebäude: {lab_['de']} am Gebäude", f"Building: {lab_['en']} at the walls"),
                "color": rgb}
               for lab_, rgb in zip(class_labels, building_palette)]
    layer = {
        "id": f"external-{ident}", "kind": "flood-depth", "group": GROUP["id"], "label": lab, "visible": False,
        "data": {"elevation": context.terrain_elevation, "texture": f"{prefix}max_depth.png", "frames": [],
                 "frame_times_s": [], "buildings": f"{prefix}buildings.json"},
        "bounds": list(context.terrain_bounds), "decoder": dict(TERRARIUM_DECODER),
        "attributes": f"{prefix}attributes.json", "extends": "buildings",
        "fields": [{"key": "flood_depth_cm", "label": label(f"Wassertiefe am Gebäude ({lab['de']})",
                                                             f"Water depth at the building ({lab['en']})"),
                    "unit": "cm"},
                   {"key": "flood_affected", "label": label(f"Betroffen (≥ {classes[0]:g} m)",
                                                            f"Affected (≥ {classes[0]:g} m)"),
                    "unit": ""}],
        "depth_classes_m": list(classes), "building_colors": building_palette,
        "source": {"file": file.name, "kind": "external"},
        "stats": {"resolution_m": round(cell, 3), "grid": list(depth.shape)},
        "legend": {"type": "categorical", "items": legend},
    }
    return layer, metrics


# ------------------------------------------------------------------------------------ link volumes
def _traffic(context: BuildContext, ident: str, file: Path, entry: dict, lab: dict) -> tuple[dict, list[dict]]:
    from layers.base_layers import draped_road_paths
    from layers.importers.options import InputOptions
    from layers.importers.vector import apply_field_mapping, read_ogr
    from layers.inputs import prepare_frame

    options = InputOptions(kind="roads", path=file, format="vector", layer=entry.get("layer"), crs=entry.get("crs"),
                           fields=dict(entry.get("fields", {})))
    frame, _ = read_ogr(options)
    frame = apply_field_mapping(frame, options, file)
    layer_in = prepare_frame(frame, file, kind="roads", crs=context.config.crs, required_fields=("volume_vph",))
    links = layer_in.frame
    volume = pd.to_numeric(links["volume_vph"], errors="coerce")
    if volume.isna().any() or (volume < 0).any():
        bad = links.index[volume.isna() | (volume < 0)][0]
        raise InputError(file,
                         f"{int((volume.isna() | (volume < 0)).sum())} link(s) have no usable volume "
                         f"(first: row {bad}).",
                         "Give every link a volume ≥ 0 in veh/h.", field="volume_vph")
    links = links.assign(volume_vph=volume.to_numpy(dtype=float))
    links["id"] = links["id"].astype(str) if "id" in links else [f"L{k:06d}" for k in range(len(links))]
    has_capacity = "capacity_vph" in links
    if has_capacity:
        capacity = pd.to_numeric(links["capacity_vph"], errors="coerce").where(lambda c: c > 0)
        links["vc"] = np.round(links["volume_vph"] / capacity, 2)
        rgb = vc_colours(links["vc"].fillna(0).to_numpy())
        legend_items = [{"label": lab_, "color": list(c)} for _, c, lab_ in VC_CLASSES]
        title = label("Auslastung v/c", "Load v/c")
    else:
        step = np.digitize(links["volume_vph"].to_numpy(), VOLUME_CLASSES_VPH)
        rgb = np.array(VOLUME_COLOURS)[step]
        bounds = (0.0,) + VOLUME_CLASSES_VPH
        legend_items = [{"label": label(f"{lo:g}–{hi:g} Kfz/h", f"{lo:g}–{hi:g} veh/h"), "color": list(c)}
                        for lo, hi, c in zip(bounds, VOLUME_CLASSES_VPH, VOLUME_COLOURS)]
        legend_items.append({"label": label(f"> {VOLUME_CLASSES_VPH[-1]:g} Kfz/h",
                                            f"> {VOLUME_CLASSES_VPH[-1]:g} veh/h"),
                             "color": list(VOLUME_COLOURS[-1])})
        title = label("Verkehrsstärke", "Volume")
    width = np.minimum(2.0 + links["volume_vph"].to_numpy() / 150.0, 20.0)
    links["_r"], links["_g"], links["_b"], links["_w"] = rgb[:, 0], rgb[:, 1], rgb[:, 2], width
    parts, paths = draped_road_paths(links, context.dem, context.layers.get("water"), context.config.crs)
    records = [{"i": i, "p": [[x, y, round(z + LIFT_M, 1)] for x, y, z in path], "c": [int(r), int(g), int(b)],
                "w": round(float(w), 1)}
               for i, path, r, g, b, w in zip(parts["id"], paths, parts["_r"], parts["_g"], parts["_b"], parts["_w"])]
    prefix = f"external_{ident}_"
    write_json(context.out / f"{prefix}links.json", records)
    keys = ["volume_vph"] + (["capacity_vph", "vc"] if has_capacity else [])
    rows = {i: [None if pd.isna(v) else round(float(v), 2) for v in values]
            for i, *values in links[["id"] + keys].itertuples(index=False)}
    write_json(context.out / f"{prefix}attributes.json", {"fields": keys, "rows": rows}, gzip_twin=False)
    field_labels = {"volume_vph": (label("Verkehrsstärke", "Volume"), "Kfz/h"),
                    "capacity_vph": (label("Kapazität", "Capacity"), "Kfz/h"),
                    "vc": (label("Auslastung v/c", "Load v/c"), "")}
    vkm = float((links["volume_vph"] * links.geometry.length / 1000.0).sum())
    layer = {"id": f"external-{ident}", "kind": "traffic-links", "group": GROUP["id"], "label": lab, "visible": False,
             "data": f"{prefix}links.json", "attributes": f"{prefix}attributes.json",
             "fields": [{"key": k, "label": field_labels[k][0], "unit": field_labels[k][1]} for k in keys],
             "legend": {"type": "categorical", "title": title, "items": legend_items,
                        "note": label("Linienbreite: Verkehrsstärke", "Line width: volume")},
             "scenario": f"{KEY}-{ident}", "count": int(len(links)), "source": {"file": file.name, "kind": "external"},
             "stats": {}}
    metrics = [_metric("vehicle_km", label("Fahrleistung (Spitzenstunde)", "Vehicle-km (peak hour)"), vkm, "Fz-km"),
               _metric("links", label("Strecken", "Links"), len(links), "")]
    if has_capacity:
        metrics.append(_metric("links_over_capacity", label("Strecken über Kapazität (v/c > 1)",
                                                            "Links over capacity (v/c > 1)"),
                               int((links["vc"] > 1).sum()), ""))
    return layer, metrics
