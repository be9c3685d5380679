"""Per-input import options from ``city.toml`` (``[inputs.<kind>]`` tables).

The simple form ``buildings = "buildings.fgb"`` still works; the table form adds options::

    [inputs.buildings]
    path = "lod2/"                     # a file, or a folder of tiles
    format = "citygml"                 # optional: osm, vector, citygml, cityjson, geotiff, xyz
    layer = "gebaeude"                 # optional: layer of a multi-layer file (GeoPackage)
    crs = "EPSG:25832"                 # optional: CRS of files that carry none
    fields = {height_m = "hoehe", use = "nutzung"}   # our field = your field
    default_height_m = 9.0             # height of buildings without one (counted and reported)
    storey_height_m = 3.0              # storeys × this when a building has no height
    strict = true                      # refuse absurd values instead of dropping their features
                                       # (layers.importers.plausible)

    [inputs.dem]
    path = "dgm1/"
    resolution_m = 4.0                 # read the DEM this coarse (m; averaged), for large areas
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from layers.config import CONFIG_NAME, CityConfig
from layers.errors import InputError

__all__ = ["InputOptions", "input_options", "detect_format", "FORMATS"]

FORMATS = ("osm", "vector", "citygml", "cityjson", "geotiff", "xyz", "tiles")
KNOWN_KEYS = {"format", "layer", "crs", "fields", "default_height_m", "storey_height_m", "strict", "resolution_m"}
DEFAULT_STOREY_HEIGHT_M = 3.2  # m per storey where a building has storeys but no height
DEFAULT_HEIGHT_M = 9.0
NOT_DATA = (".md", ".pdf", ".html", ".htm")  # read-me files that come with downloaded tiles


@dataclass(frozen=True)
class InputOptions:
    """How to read one input.

    Attributes
    ----------
    kind
        ``buildings``, ``roads``, ``dem``, ...
    path
        File or folder.
    format
        One of ``FORMATS`` (detected from the name when not given).
    layer
        Layer name inside a multi-layer file, or None.
    crs
        CRS of files that carry none, as configured in ``[inputs.<kind>]`` (None if not).
    city_crs
        The city's CRS (None for ``auto``): assumed for formats that rarely state one (XYZ grids,
        CityGML / CityJSON with an unrecognised CRS name), never for GIS vector files.
    fields
        Our field name → the file's field name.
    default_height_m, storey_height_m
        Building height fallbacks (m).
    strict
        Refuse features with absurd values instead of dropping and counting them.
    resolution_m
        DEM only: read the DEM at this cell size (m) instead of its own (None: its own).
    """

    kind: str
    path: Path
    format: str
    layer: str | None = None
    crs: str | None = None
    city_crs: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    default_height_m: float = DEFAULT_HEIGHT_M
    storey_height_m: float = DEFAULT_STOREY_HEIGHT_M
    strict: bool = False
    resolution_m: float | None = None


def _looks_like_cityjson(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(4096)
    return b'"CityJSON' in head  # "CityJSON" (a document or a sequence's header), "CityJSONFeature"


def detect_format(path: Path) -> str:
    """The format of ``path`` from its name (a folder: from the files in it, else ``tiles``)."""
    name = path.name.lower()
    if path.is_dir():  # a folder of city-model tiles, or of DEM / GIS tiles
        kinds = {detect_format(p) for p in path.iterdir() if p.is_file() and not p.name.lower().endswith(NOT_DATA)}
        return kinds.pop() if kinds in ({"citygml"}, {"cityjson"}) else "tiles"
    if name.endswith(".pbf"):
        return "osm"
    if name.endswith((".gml", ".xml", ".citygml")):
        return "citygml"
    if name.endswith((".city.json", ".cityjson", ".city.jsonl")):
        return "cityjson"
    if name.endswith((".tif", ".tiff")):
        return "geotiff"
    if name.endswith((".xyz", ".txt", ".asc.xyz")):
        return "xyz"
    if name.endswith((".json", ".jsonl")):  # CityJSON (Seq) or GeoJSON (Seq): look inside
        return "cityjson" if _looks_like_cityjson(path) else "vector"
    return "vector"


def input_options(config: CityConfig, kind: str) -> InputOptions:
    """The options of input ``kind`` (which must be in ``config.inputs``)."""
    raw = dict(config.input_options.get(kind, {}))
    path = config.inputs[kind]
    toml = config.folder / CONFIG_NAME
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        raise InputError(toml, f"[inputs.{kind}] has unknown option(s) {', '.join(unknown)}.",
                         f"Use only {', '.join(sorted(KNOWN_KEYS))} (and path).", field=f"inputs.{kind}")
    fmt = str(raw.pop("format", "")).lower() or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(toml, f"[inputs.{kind}] format = {fmt!r} is unknown.", f"Use one of {', '.join(FORMATS)}.",
                         field=f"inputs.{kind}.format")
    fields = raw.pop("fields", {})
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise InputError(toml, f"[inputs.{kind}] fields must map our field names to yours.",
                         'Write e.g. fields = {height_m = "hoehe", use = "nutzung"}.', field=f"inputs.{kind}.fields")
    if "geometry" in fields or "geometry" in fields.values():
        raise InputError(toml, f"[inputs.{kind}] fields maps the geometry, which is not a field.",
                         "Map attribute fields only; the geometry is read as it is.", field=f"inputs.{kind}.fields")
    numbers = {}
    for key, default in (("default_height_m", DEFAULT_HEIGHT_M), ("storey_height_m", DEFAULT_STOREY_HEIGHT_M)):
        value = raw.pop(key, default)
        if not isinstance(value, (int, float)) or not value > 0:
            raise InputError(toml, f"[inputs.{kind}] {key} = {value!r} is not a positive number (m).",
                             f"Write e.g. {key} = {default}.", field=f"inputs.{kind}.{key}")
        numbers[key] = float(value)
    resolution = raw.pop("resolution_m", None)
    if resolution is not None and kind != "dem":
        raise InputError(toml, f"[inputs.{kind}] resolution_m applies to the DEM only.",
                         "Move resolution_m to [inputs.dem], or remove it.", field=f"inputs.{kind}.resolution_m")
    # As written in city.toml: with crs = "auto" no CRS is assumed for files that state none.
    written = str(config.raw.get("city", {}).get("crs", config.crs))
    city_crs = None if written.lower() == "auto" else written
    return InputOptions(kind=kind, path=path, format=fmt, layer=raw.pop("layer", None),
                        crs=raw.pop("crs", None), city_crs=city_crs, fields=dict(fields),
                        strict=bool(raw.pop("strict", False)),
                        resolution_m=None if resolution is None else float(resolution), **numbers)
