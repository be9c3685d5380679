"""CityJSON 1.0 / 1.1 / 2.0 and CityJSON Sequences (``.city.jsonl``): buildings with their
BuildingParts, footprints, heights, storeys, function and roof / wall / ground surfaces.

A CityJSON file is one JSON document (vertices shared by all objects), so it is read whole — one
file at a time when a folder of tiles is imported, and ``layers.importers.limits`` refuses a file
that would not fit. A CityJSON Sequence (CityJSONSeq, OGC Community Standard 2024) is read line by
line: the first line is the header (``transform``, ``metadata``), each further line a
``CityJSONFeature`` with its own vertices, so memory holds one feature at a time.

Per building: the object itself (if it has geometry) and each child of type ``BuildingPart``
(recursively) become rows (``layers.importers.city_model``); installations, rooms and other
children are not part of the hull. Of several geometries the LoD 2.x one is used (the highest of
2.0–2.2; else the highest LoD ≥ 1), plus any LoD 0 footprint as a fallback footprint. Geometry
templates (``GeometryInstance``) are skipped and counted. References: cityjson.org/specs (1.0.3,
1.1.3, 2.0.1) and OGC 24-031 (CityJSONSeq).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import numpy as np

from layers.errors import InputError
from layers.importers.city_model import CityModel, Part, PartTable
from layers.importers.crs_names import horizontal_crs, is_geographic

__all__ = ["read_cityjson", "SUPPORTED_VERSIONS"]

SUPPORTED_VERSIONS = ("1.0", "1.1", "2.0")
SEMANTIC_KINDS = {"RoofSurface": "roof", "WallSurface": "wall", "GroundSurface": "ground",
                  "ClosureSurface": "closure", "OuterCeilingSurface": "wall", "OuterFloorSurface": "roof"}
_DEPTH = {"MultiSurface": 1, "CompositeSurface": 1, "Solid": 2, "MultiSolid": 3, "CompositeSolid": 3}
_UPGRADE = "Upgrade it with cjio (`cjio FILE upgrade save NEW.city.json`) or export it again as CityJSON 2.0."


def _surfaces(geometry: dict) -> Iterator[tuple[list[list[int]], object]]:
    """(rings as vertex indices, semantic index) of every surface of a CityJSON geometry."""
    depth = _DEPTH.get(geometry.get("type", ""))
    if depth is None:
        return
    values = (geometry.get("semantics") or {}).get("values")

    def walk(boundaries: list, semantics: object, level: int) -> Iterator[tuple[list[list[int]], object]]:
        for k, item in enumerate(boundaries):
            sem = semantics[k] if isinstance(semantics, list) and k < len(semantics) else None
            if level == 1:
                yield item, sem
            else:
                yield from walk(item, sem, level - 1)

    yield from walk(geometry.get("boundaries", []), values, depth)


def _lod(geometry: dict) -> float:
    try:
        return float(geometry.get("lod", 0))
    except (TypeError, ValueError):
        return 0.0


def _chosen(geometries: list[dict]) -> tuple[dict | None, list[dict]]:
    """The geometry to use (LoD 2.x, else the highest ≥ 1) and the LoD-0 footprints."""
    usable = [g for g in geometries if g.get("type") in _DEPTH]
    footprints = [g for g in usable if _lod(g) < 1]
    volumes = [g for g in usable if _lod(g) >= 1]
    two = [g for g in volumes if 2 <= _lod(g) < 3]
    pool = two or volumes
    return (max(pool, key=_lod) if pool else None), footprints


class _Reader:
    """Turns CityJSON objects into parts (shared by the document and the sequence readers)."""

    def __init__(self, table: PartTable) -> None:
        self.table = table
        self.templates = 0

    def _rings(self, rings: list[list[int]], vertices: np.ndarray) -> list[np.ndarray]:
        out = []
        for ring in rings:
            if len(ring) >= 3:
                out.append(vertices[np.asarray(ring, dtype=np.int64)])
        return out

    def _part(self, ident: str, building_id: str, obj: dict, vertices: np.ndarray, parent: Part | None) -> Part:
        attributes = obj.get("attributes") or {}
        height = attributes.get("measuredHeight")
        storeys = attributes.get("storeysAboveGround")
        part = Part(
            id=ident,
            building_id=building_id,
            measured_height_m=float(height) if isinstance(height, (int, float)) else None,
            storeys=float(storeys) if isinstance(storeys, (int, float)) else None,
            function=attributes.get("function"),
            name=str(attributes["name"]) if attributes.get("name") else None,
        )
        if parent is not None:
            part.function = part.function if part.function is not None else parent.function
            part.name = part.name or parent.name
        geometries = obj.get("geometry") or []
        self.templates += sum(g.get("type") == "GeometryInstance" for g in geometries)
        geometry, footprints = _chosen(geometries)
        for g in footprints:
            for rings, _ in _surfaces(g):
                part.surfaces.append(("footprint", self._rings(rings, vertices)))
        if geometry is not None:
            types = [s.get("type") for s in (geometry.get("semantics") or {}).get("surfaces", [])]
            for rings, sem in _surfaces(geometry):
                kind = SEMANTIC_KINDS.get(types[sem]) if isinstance(sem, int) and 0 <= sem < len(types) else None
                part.surfaces.append((kind or "other", self._rings(rings, vertices)))
        return part

    def building(self, ident: str, objects: dict, vertices: np.ndarray) -> None:
        """Add a top-level Building and its BuildingParts (recursively) to the table."""
        obj = objects[ident]
        main = self._part(ident, ident, obj, vertices, None)
        if any(kind != "footprint" for kind, _ in main.surfaces):
            self.table.add(main)
        elif main.surfaces and not obj.get("children"):
            self.table.add(main)  # an LoD 0 building: its footprint, height from attributes only
        stack = list(obj.get("children") or [])
        seen = set()
        while stack:
            child_id = stack.pop(0)
            child = objects.get(child_id)
            if child is None or child_id in seen or child.get("type") != "BuildingPart":
                continue
            seen.add(child_id)
            self.table.add(self._part(child_id, ident, child, vertices, main))
            stack.extend(child.get("children") or [])

    def objects(self, objects: dict, vertices: np.ndarray) -> None:
        for ident, obj in objects.items():
            if obj.get("type") == "Building" and not obj.get("parents"):
                self.building(str(ident), objects, vertices)


def _vertices(raw: list, transform: dict | None) -> np.ndarray:
    vertices = np.asarray(raw, dtype=float).reshape(-1, 3)
    if transform:
        vertices = vertices * np.asarray(transform["scale"], dtype=float) + np.asarray(
            transform["translate"], dtype=float
        )
    return vertices


def _check_header(path: Path, model: dict) -> str:
    """The CityJSON version of a document / sequence header, or an InputError naming the format."""
    kind = model.get("type")
    if kind == "CityJSONFeature":
        raise InputError(path, "This file holds a CityJSONFeature without the CityJSON header line of its sequence.",
                         "Use the whole CityJSONSeq file (.city.jsonl, first line the header) or a CityJSON file.")
    if kind != "CityJSON":
        what = f'a {kind} document' if isinstance(kind, str) else "not CityJSON"
        raise InputError(path, f'This JSON file is {what} (no "type": "CityJSON").',
                         'Export the buildings as CityJSON, or use format = "vector" for GeoJSON.')
    version = str(model.get("version", "?"))
    if not any(version == v or version.startswith(v + ".") for v in SUPPORTED_VERSIONS):
        raise InputError(path, f"CityJSON version {version} is not supported (only {', '.join(SUPPORTED_VERSIONS)}).",
                         _UPGRADE, field="version")
    return version


def _table(model: dict, crs: str | None) -> PartTable:
    reference = (model.get("metadata") or {}).get("referenceSystem")
    return PartTable(geographic=is_geographic(horizontal_crs(reference) or crs))


def _read_document(path: Path, text: str, *, crs: str | None) -> CityModel:
    try:
        model = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(path, f"The CityJSON file is not valid JSON ({err}).",
                         "Download or export it again; check it with `cjio FILE validate`.") from None
    if not isinstance(model, dict):
        raise InputError(
            path, "This JSON file is not CityJSON (it is not an object).", "Export the buildings as CityJSON."
        )
    version = _check_header(path, model)
    if "CityObjects" not in model or "vertices" not in model:
        raise InputError(
            path,
            "The CityJSON file lacks CityObjects or vertices.",
            "Export it again; check it with `cjio FILE validate`.",
        )
    table = _table(model, crs)
    reader = _Reader(table)
    reader.objects(model["CityObjects"], _vertices(model["vertices"], model.get("transform")))
    return _finish(path, table, reader, model, fmt=f"CityJSON {version}", crs=crs)


def _read_sequence(path: Path, lines: Iterator[str], header: dict, *, crs: str | None) -> CityModel:
    version = _check_header(path, header)
    transform = header.get("transform")
    table = _table(header, crs)
    reader = _Reader(table)
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        try:
            feature = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                path,
                f"Line {number} of the CityJSON Sequence is not valid JSON ({err}).",
                "Download or export the sequence again (one JSON object per line).",
                field=f"line {number}",
            ) from None
        if feature.get("type") != "CityJSONFeature":
            raise InputError(
                path,
                f"Line {number} of the CityJSON Sequence is not a CityJSONFeature.",
                "Use a CityJSONSeq file as written by cjseq / 3DBAG (header line, then one feature per line).",
                field=f"line {number}",
            )
        reader.objects(feature.get("CityObjects") or {}, _vertices(feature.get("vertices") or [], transform))
    return _finish(path, table, reader, header, fmt=f"CityJSONSeq {version}", crs=crs)


def _finish(path: Path, table: PartTable, reader: _Reader, model: dict, *, fmt: str, crs: str | None) -> CityModel:
    if not table.rows and not table.no_footprint:
        raise InputError(path, f"The {fmt} file holds no buildings (no CityObjects of type Building with geometry).",
                         "Use the building tiles of the city model, or check the export.")
    reference = (model.get("metadata") or {}).get("referenceSystem")
    return CityModel.from_parts(path, table, fmt=fmt, crs_name=reference, crs=crs,
                                crs_field="metadata.referenceSystem",
                                skipped={"geometry templates (GeometryInstance)": reader.templates})


def read_cityjson(path: Path, *, crs: str | None, handle: IO[bytes] | None = None) -> CityModel:
    """Read the buildings of a CityJSON file or CityJSON Sequence.

    Parameters
    ----------
    path
        A ``.json`` / ``.city.json`` / ``.jsonl`` / ``.city.jsonl`` file (named in messages).
    crs
        CRS to assume when the file names none (or an unrecognised one).
    handle
        An open binary stream to read instead of ``path``.

    Returns
    -------
    The buildings (one row per building or BuildingPart) and their surfaces in the file's CRS
    (see ``layers.importers.city_model.CityModel``).
    """
    raw = handle if handle is not None else path.open("rb")
    try:
        stream = io.TextIOWrapper(raw, encoding="utf-8")
        first = stream.readline()
        try:
            header = json.loads(first) if first.strip() else None
        except json.JSONDecodeError:
            header = None
        if isinstance(header, dict):
            rest = (line for line in stream)
            second = next((line for line in rest if line.strip()), None)
            if second is None:
                return _read_document(path, first, crs=crs)
            return _read_sequence(path, _chain(second, rest), header, crs=crs)
        return _read_document(path, first + stream.read(), crs=crs)
    except UnicodeDecodeError as err:
        raise InputError(path, f"The CityJSON file is not UTF-8 text ({err}).",
                         "Export it again as CityJSON (UTF-8).") from None
    finally:
        if handle is None:
            raw.close()


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
