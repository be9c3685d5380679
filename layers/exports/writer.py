"""The one export writer: cloud-optimised GeoTIFF, GeoPackage, and a JSON sidecar each.

File names are ``export_<scenario id>_<key>.tif`` / ``.gpkg`` with the sidecar beside them
(``... .json``). A GeoTIFF is written by GDAL's COG driver (tiled, overviews, deflate with the
floating-point predictor; GDAL "COG – Cloud Optimized GeoTIFF generator"), nodata NaN, the unit
as the band's unit type and in the metadata, the attribution as TIFFTAG_COPYRIGHT. A GeoPackage
holds one layer named by the key, its column units and the attribution in the layer metadata.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from layers.exports.items import RasterExport, ScenarioExports, VectorExport

__all__ = ["EXPORT_FORMATS", "export_name", "write_exports"]

EXPORT_FORMATS = {"tif": "COG GeoTIFF", "gpkg": "GeoPackage"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def export_name(scenario: str, key: str, suffix: str) -> str:
    """The file name of an export (only letters, digits, ``_`` and ``-``, then ``.suffix``)."""
    return _UNSAFE.sub("-", f"export_{scenario}_{key}") + f".{suffix}"


def _write_cog(path: Path, item: RasterExport, tags: dict[str, str]) -> None:
    import rasterio
    from rasterio.io import MemoryFile
    from rasterio.shutil import copy

    rows, cols = item.array.shape
    profile = {"driver": "GTiff", "width": cols, "height": rows, "count": 1, "dtype": "float32", "crs": item.crs,
               "transform": item.transform, "nodata": np.nan}
    with MemoryFile() as memory:
        with memory.open(**profile) as dst:
            dst.write(np.asarray(item.array, dtype="float32"), 1)
            dst.units = (item.unit,)
            dst.set_band_description(1, f"{item.title['en']} ({item.unit})")
            dst.update_tags(**tags)
            dst.update_tags(1, units=item.unit)
        with memory.open() as src, rasterio.Env():
            copy(src, path, driver="COG", COMPRESS="DEFLATE", PREDICTOR="YES", OVERVIEWS="AUTO")


def _write_gpkg(path: Path, item: VectorExport, metadata: dict[str, str]) -> None:
    from pyogrio import write_dataframe

    write_dataframe(item.frame, path, layer=item.key, driver="GPKG", layer_metadata=metadata)


def write_exports(out: Path, bundles: list[ScenarioExports], scenarios: list[dict], *, meta: dict) -> None:
    """Write every export of ``bundles`` into ``out`` and list them in the scenario entries.

    Parameters
    ----------
    out
        The (temporary) build folder.
    bundles
        What the builder declared.
    scenarios
        The builder's manifest scenario entries; each gets ``exports``: ``[{"file", "format",
        "title", "sidecar"}]``.
    meta
        ``{"build": {"input_hash", "date", "software"}, "crs", "inputs", "attribution"}``: what every
        sidecar repeats (``layers.provenance``).

    Raises
    ------
    RuntimeError
        If a bundle names a scenario the builder did not write (a programming error).
    """
    by_id = {scenario["id"]: scenario for scenario in scenarios}
    for bundle in bundles:
        if bundle.scenario not in by_id:
            raise RuntimeError(f"Exports of the unknown scenario {bundle.scenario!r}: declare them under a scenario "
                               "id the builder writes.")
        scenario = by_id[bundle.scenario]
        listed = scenario.setdefault("exports", [])
        for item in bundle.items:
            suffix = "tif" if isinstance(item, RasterExport) else "gpkg"
            name = export_name(bundle.scenario, item.key, suffix)
            sidecar = name.rsplit(".", 1)[0] + ".json"
            described = {"file": name, "format": EXPORT_FORMATS[suffix], "title": item.title,
                         "scenario": {"id": bundle.scenario, "label": scenario["label"]},
                         "model": {"version": meta["build"]["software"], **bundle.model}, "run": bundle.run,
                         "crs": meta["crs"], "build": meta["build"], "inputs": meta["inputs"],
                         "attribution": meta["attribution"]}
            if isinstance(item, RasterExport):
                described |= {"unit": item.unit, "nodata": "NaN (no value: outside the model, or below the "
                              "threshold the title names)", "cell_size_m": abs(float(item.transform.a))}
                _write_cog(out / name, item, {
                    "TIFFTAG_COPYRIGHT": meta["attribution"]["en"], "TIFFTAG_IMAGEDESCRIPTION": item.title["en"],
                    "TIFFTAG_DATETIME": meta["build"]["date"].replace("-", ":").replace("T", " ")[:19],
                    "units": item.unit, "scenario": bundle.scenario, "model": bundle.model["name"],
                    "build_hash": meta["build"]["input_hash"], "sidecar": sidecar})
            else:
                described |= {"layer": item.key, "features": int(len(item.frame)), "fields": item.fields}
                _write_gpkg(out / name, item, {
                    "title": item.title["en"], "attribution": meta["attribution"]["en"],
                    "scenario": bundle.scenario, "build_hash": meta["build"]["input_hash"], "sidecar": sidecar,
                    "units": json.dumps({k: v["unit"] for k, v in item.fields.items()}, ensure_ascii=False)})
            (out / sidecar).write_text(json.dumps(described, ensure_ascii=False, indent=1, allow_nan=False),
                                       encoding="utf-8")
            listed.append({"file": name, "format": EXPORT_FORMATS[suffix], "title": item.title, "sidecar": sidecar})
