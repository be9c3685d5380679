"""Downloads of the data behind a layer: its attribute table as CSV, or GeoJSON with geometry; and
which of the build's files for GIS (``layers.exports``) may be downloaded as they are.

A layer is downloadable when the manifest names an ``attributes`` table for it (buildings, roads,
traffic links, the per-building rows of a heavy-rain event). Geometry comes from the layer's own
artifact, or from the layer it ``extends`` (a heavy-rain event's rows sit on the buildings).
Each document is built once per process and kept (the build folder never changes under a worker);
the attribute tables come from the same per-process cache as the tap info (viewer.features).
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path

from viewer.features import AttributeTables

__all__ = ["DOWNLOAD_FORMATS", "EXPORT_TYPES", "Downloads", "export_files"]

DOWNLOAD_FORMATS = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}
# The files for GIS that the build wrote (layers.exports) and their sidecars.
EXPORT_TYPES = {"tif": "image/tiff; application=geotiff; profile=cloud-optimized",
                "gpkg": "application/geopackage+sqlite3", "json": "application/json"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_files(manifest: dict) -> set[str]:
    """The names of the build's files for GIS and their sidecars (each scenario's ``exports``)."""
    return {entry[key] for scenario in manifest["scenarios"] for entry in scenario.get("exports", [])
            for key in ("file", "sidecar") if entry[key].rsplit(".", 1)[-1] in EXPORT_TYPES}


class Downloads:
    """CSV and GeoJSON documents of the downloadable layers of one build."""

    def __init__(self, build_dir: Path, manifest: dict, tables: AttributeTables) -> None:
        self._dir = Path(build_dir)
        self._tables = tables
        self._layers = {layer["id"]: layer for layer in manifest["layers"] if layer.get("attributes")}

    def _read(self, name: str) -> object:
        return json.loads((self._dir / name).read_text(encoding="utf-8"))

    @lru_cache(maxsize=8)  # noqa: B019 - one instance per process; bounded: a document can be megabytes
    def document(self, layer_id: str, fmt: str, slice_key: str | None = None) -> bytes | None:
        """The document for ``layer_id`` in ``fmt`` ("csv" or "geojson"), or None if there is none; a layer
        computed through the day gives its time slice ``slice_key`` (None: the layer's own, the first).
        """
        layer = self._layers.get(layer_id)
        if layer is None or fmt not in DOWNLOAD_FORMATS:
            return None
        if slice_key is not None:
            entry = next((s for s in layer.get("slices", []) if s["key"] == slice_key), None)
            if entry is None:
                return None
            layer = dict(layer, data=entry["data"])
        table = self._tables.table(layer_id, slice_key)
        fields, rows = list(table["fields"]), table["rows"]
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["id", *fields])
            for feature_id, values in rows.items():
                writer.writerow([_cell(feature_id), *(_cell(v) for v in values)])
            return out.getvalue().encode("utf-8")
        return json.dumps(self._geojson(layer, fields, rows), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _geometry_source(self, layer: dict) -> tuple[str | None, str]:
        source = layer
        if "extends" in layer:
            source = self._layers.get(layer["extends"], layer)
        data = source.get("data")
        kind = source.get("kind", "")
        shape = "Polygon" if kind in ("buildings", "water") else "LineString"
        return (data if isinstance(data, str) else None), shape

    def _geojson(self, layer: dict, fields: list[str], rows: dict) -> dict:
        name, shape = self._geometry_source(layer)
        features = []
        records = self._read(name) if name else []
        for record in records:
            values = rows.get(str(record.get("i")))
            if values is None:
                continue
            if "f" in record:   # roof and wall faces (layers.roofs): one 3D polygon each
                geometry = {"type": "MultiPolygon", "coordinates": [_closed_rings(face) for face in record["f"]]}
                features.append({"type": "Feature", "id": record["i"], "geometry": geometry,
                                 "properties": dict(zip(fields, values))})
                continue
            path = record["p"]
            if shape == "Polygon":  # one ring, or [exterior, *holes] (a courtyard)
                rings = path if path and isinstance(path[0][0], list) else [path]
                geometry = {"type": shape, "coordinates": [[list(point[:3]) for point in ring] for ring in rings]}
            else:
                geometry = {"type": shape, "coordinates": [list(point[:3]) for point in path]}
            features.append({"type": "Feature", "id": record["i"], "geometry": geometry,
                             "properties": dict(zip(fields, values))})
        return {"type": "FeatureCollection", "name": layer["id"], "features": features}


def _closed_rings(face: list) -> list:
    """A face (one ring, or [exterior, *holes]; rings not closed) as closed GeoJSON rings."""
    rings = face if face and isinstance(face[0][0], list) else [face]
    return [[list(point[:3]) for point in ring] + [list(ring[0][:3])] for ring in rings]
