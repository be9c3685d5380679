"""CityGML 1.0 / 2.0 / 3.0 buildings (LoD0–LoD2, LoD3 read as its hull): parts, footprints,
heights, storeys, function, and the roof / wall / ground surfaces.

Streams the file (``xml.etree.ElementTree.iterparse``): each top-level city object is read, turned
into compact rows and surfaces (``layers.importers.city_model``) and then cleared from the tree, so
memory holds one building at a time, not the file. Elements are matched by local name, so the
three versions (and the AdV profile) share one reader; the version is taken from the namespace
of ``CityModel`` and reported. What differs between versions is handled where it occurs:
``bldg:boundedBy`` (1.0/2.0) vs ``core:boundary`` (3.0) around thematic surfaces, and
``bldg:measuredHeight`` vs ``con:height/con:Height/con:value`` (3.0). Attributes are read from the
building's (or part's) own child elements only — never from a descendant such as a generic
attribute's ``gen:name`` (CityGML 3.0) or an installation's function.

Skipped: building installations, rooms, openings, furniture, terrain intersection curves and
addresses (their geometry is not the building's hull). Surfaces referenced by ``xlink:href`` from
a thematic surface get that surface's kind. Of several LoDs of one building, LoD2 is used (else
the highest). Coordinates in a latitude-first geographic CRS (e.g. EPSG:6697, EPSG:4326 as URN)
are swapped to x = longitude. References: OGC 08-007r1 (CityGML 1.0), 12-019 (2.0), 20-010 (3.0
conceptual model) and 21-006r2 (3.0 GML encoding).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

import numpy as np

from layers.errors import InputError
from layers.importers.city_model import CityModel, Part, PartTable
from layers.importers.crs_names import horizontal_crs, is_geographic, lat_lon_order
from layers.importers.lod2_surfaces import SURFACE_KINDS

__all__ = ["read_citygml", "citygml_version"]

VERSIONS = {"http://www.opengis.net/citygml/1.0": "1.0", "http://www.opengis.net/citygml/2.0": "2.0",
            "http://www.opengis.net/citygml/3.0": "3.0", "http://www.citygml.org/citygml/1/0/0": "0.4"}
_SKIP = {"BuildingInstallation", "IntBuildingInstallation", "interiorRoom", "Room", "BuildingRoom", "opening",
         "Opening", "Window", "Door", "BuildingFurniture", "BuildingConstructiveElement", "BuildingUnit",
         "Storey", "BuildingStorey", "address", "Address", "externalReference", "appearance", "Appearance",
         "genericAttribute", "genericAttributeSet", "stringAttribute", "intAttribute", "doubleAttribute",
         "dateAttribute", "uriAttribute", "measureAttribute", "generalizesTo", "relatedTo",
         "CeilingSurface", "InteriorWallSurface", "FloorSurface", "ImplicitGeometry",
         "lod0TerrainIntersection", "lod1TerrainIntersection", "lod2TerrainIntersection", "lod3TerrainIntersection",
         "lod4TerrainIntersection", "lod0MultiCurve", "lod1MultiCurve", "lod2MultiCurve", "lod3MultiCurve",
         "lod4MultiCurve"}
_SURFACE_ELEMENTS = {"Polygon", "Triangle", "Rectangle", "PolygonPatch"}
_RING_ELEMENTS = {"exterior", "interior", "outerBoundaryIs", "innerBoundaryIs"}
_FOOTPRINT_PROPERTIES = {"lod0FootPrint", "lod0RoofEdge", "lod0MultiSurface"}
_LOD = re.compile(r"^lod(\d)")
_POINT_ELEMENTS = {"Point", "MultiPoint", "pos"}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _split(tag: str) -> tuple[str, str]:
    """(namespace, local name) of a ``{ns}name`` tag."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: str) -> str:
    """Local name of a ``{ns}name`` tag (memoised: a tile has a few dozen distinct tags, ~10⁵ elements)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rsplit("}", 1)[-1]
    return name


def _gml_id(element: ElementTree.Element) -> str | None:
    return next((v for k, v in element.attrib.items() if _local(k) == "id"), None)


def _ring_coordinates(ring: ElementTree.Element, dim: int) -> np.ndarray:
    """Coordinates (n, 3) of a ring (posList, pos sequence or GML 2 coordinates); z = NaN in 2D."""
    values: list[float] = []
    for node in ring.iter():
        name = _local(node.tag)
        if name in ("posList", "pos") and node.text:
            values.extend(float(v) for v in node.text.split())
            if node.get("srsDimension"):
                dim = int(node.get("srsDimension"))
        elif name == "coordinates" and node.text:
            for tuple_ in node.text.split():
                parts = tuple_.split(",")
                values.extend(float(v) for v in parts)
                dim = len(parts)
    if not values:
        return np.empty((0, 3))
    if len(values) % dim:
        dim = 3 if len(values) % 3 == 0 else 2
    xyz = np.asarray(values, dtype=float).reshape(-1, dim)
    if dim == 2:
        xyz = np.column_stack([xyz, np.full(len(xyz), np.nan)])
    return xyz[:, :3]


class _Walk:
    """Collects the polygons of one building into its own part and its BuildingParts."""

    def __init__(self, building_id: str, dim: int, swap: bool) -> None:
        self.building_id = building_id
        self.dim = dim
        self.swap = swap
        self.polygons: dict[int, list[tuple[str | None, int | None, list[np.ndarray], str | None]]] = {}
        self.href_kind: dict[str, str] = {}

    def rings(self, surface: ElementTree.Element) -> list[np.ndarray]:
        rings = []
        for child in surface:
            if _local(child.tag) in _RING_ELEMENTS:
                xyz = _ring_coordinates(child, self.dim)
                if self.swap and len(xyz):
                    xyz = xyz[:, [1, 0, 2]]
                rings.append(xyz)
        if _local(surface.tag) == "Rectangle" or not rings:
            rings = rings or [_ring_coordinates(surface, self.dim)]
        return rings if rings and len(rings[0]) >= 3 else []

    def walk(self, node: ElementTree.Element, owner: int, kind: str | None, lod: int | None,
             parts: list[ElementTree.Element]) -> None:
        for child in node:
            name = _local(child.tag)
            if name in _SKIP:
                continue
            if name == "BuildingPart":
                parts.append(child)
                self.walk(child, len(parts), None, None, parts)
                continue
            child_kind, child_lod = kind, lod
            if name in SURFACE_KINDS:
                child_kind = SURFACE_KINDS[name]
            elif name in _FOOTPRINT_PROPERTIES:
                child_kind, child_lod = "footprint", 0
            else:
                match = _LOD.match(name)
                if match:
                    child_lod = int(match.group(1))
            if name in _SURFACE_ELEMENTS:
                rings = self.rings(child)
                if rings:
                    self.polygons.setdefault(owner, []).append((child_kind, child_lod, rings, _gml_id(child)))
                continue
            href = child.get(XLINK_HREF)
            if href and child_kind and not len(child):
                self.href_kind[href.lstrip("#")] = child_kind
            self.walk(child, owner, child_kind, child_lod, parts)

    def surfaces(self, owner: int) -> list[tuple[str, list[np.ndarray]]]:
        """The owner's polygons at its preferred LoD (2, else the highest), with their kinds."""
        polygons = self.polygons.get(owner, [])
        lods = {lod for kind, lod, _, _ in polygons if lod is not None and kind != "footprint"}
        chosen = 2 if 2 in lods else (max(lods) if lods else None)
        out = []
        for kind, lod, rings, gml_id in polygons:
            if kind == "footprint":
                out.append(("footprint", rings))
            elif lod is None or lod == chosen:
                out.append((kind or self.href_kind.get(gml_id or "", "other"), rings))
        return out


def _own_text(element: ElementTree.Element, name: str) -> tuple[str | None, ElementTree.Element | None]:
    """Text of the first direct child with local name ``name`` (and the child)."""
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip(), child
    return None, None


def _own_name(element: ElementTree.Element) -> str | None:
    for child in element:
        ns, local = _split(child.tag)
        if local == "name" and "opengis.net/gml" in ns and child.text and child.text.strip():
            return child.text.strip()
    return None


def _own_height(element: ElementTree.Element) -> float | None:
    """MeasuredHeight (1.0/2.0), or the value of a CityGML 3.0 ``con:height`` (the largest one)."""
    text, _ = _own_text(element, "measuredHeight")
    if text is not None:
        try:
            return float(text)
        except ValueError:
            return None
    values = []
    for child in element:
        if _local(child.tag) != "height":
            continue
        for node in child.iter():
            if _local(node.tag) == "value" and node.text:
                try:
                    values.append(float(node.text))
                except ValueError:
                    pass
    return max(values) if values else None


def _municipality_key(element: ElementTree.Element) -> str | None:
    """The AdV ``Gemeindeschluessel`` generic attribute (a hint to the state, hence the UTM zone)."""
    for child in element:
        if "ttribute" not in _local(child.tag):
            continue
        name = child.get("name") or next((n.text for n in child.iter() if _local(n.tag) == "name"), None)
        if name == "Gemeindeschluessel":
            return next((n.text.strip() for n in child.iter() if _local(n.tag) == "value" and n.text), None)
    return None


def _attributes(element: ElementTree.Element, part: Part) -> None:
    part.measured_height_m = _own_height(element)
    storeys, _ = _own_text(element, "storeysAboveGround")
    part.storeys = float(storeys) if storeys and storeys.replace(".", "", 1).isdigit() else None
    function, node = _own_text(element, "function")
    part.function = function
    part.code_space = node.get("codeSpace") if node is not None else None
    part.name = _own_name(element)


def _building_parts(building: ElementTree.Element, building_id: str, *, dim: int, swap: bool) -> list[Part]:
    """The building's volumes: its own geometry (if any) and each BuildingPart (with inherited
    function, name and storeys).
    """
    walk = _Walk(building_id, dim, swap)
    part_elements: list[ElementTree.Element] = []
    walk.walk(building, 0, None, None, part_elements)
    main = Part(id=building_id, building_id=building_id)
    _attributes(building, main)
    volumes = []
    if walk.polygons.get(0):
        volumes.append(main)
        main.surfaces = walk.surfaces(0)
    for k, element in enumerate(part_elements, start=1):
        part = Part(id=_gml_id(element) or f"{building_id}_part{k}", building_id=building_id)
        _attributes(element, part)
        part.function = part.function if part.function is not None else main.function
        part.code_space = part.code_space or main.code_space
        part.name = part.name or main.name
        part.storeys = (
            part.storeys if part.storeys is not None else (main.storeys if not walk.polygons.get(0) else None)
        )
        part.surfaces = walk.surfaces(k)
        volumes.append(part)
    return volumes


def citygml_version(root_tag: str) -> str | None:
    """The CityGML version of a root element tag, or None if it is not a CityGML CityModel."""
    ns, local = _split(root_tag)
    return VERSIONS.get(ns) if local == "CityModel" else None


def _parse(handle: IO[bytes] | Path, path: Path, *, crs: str | None) -> CityModel:
    table: PartTable | None = None
    root = root_tag = srs_name = None
    version = None
    depth = in_building = 0
    dim = 3
    other_objects: Counter = Counter()
    skipped_anonymous = 0
    for event, element in ElementTree.iterparse(handle, events=("start", "end")):
        if event == "start":
            depth += 1
            if root is None:
                root, root_tag = element, element.tag
                version = citygml_version(element.tag)
                continue
            name = _local(element.tag)
            if name == "Building":
                in_building += 1
            if srs_name is None and element.get("srsName") and name not in _POINT_ELEMENTS:
                srs_name = element.get("srsName")
                if element.get("srsDimension"):
                    dim = int(element.get("srsDimension"))
            if depth == 3 and name not in ("Building", "Envelope"):
                other_objects[name] += 1
            continue
        depth -= 1
        name = _local(element.tag)
        if name == "Building":
            in_building -= 1
            if in_building == 0:
                if table is None:
                    file_crs = horizontal_crs(srs_name) or crs
                    table = PartTable(geographic=is_geographic(file_crs))
                    swap = lat_lon_order(horizontal_crs(srs_name))
                ident = _gml_id(element)
                if ident is None:
                    skipped_anonymous += 1
                    ident = f"{path.stem}_B{skipped_anonymous:06d}"
                key = _municipality_key(element)
                if key and len(table.hints) < 4:
                    table.hints.append(key)
                for part in _building_parts(element, ident, dim=dim, swap=swap):
                    table.add(part)
                element.clear()
        if depth == 1 and root is not None:
            root.clear()  # a top-level member is done: free it
    if root_tag is None:
        raise InputError(path, "The file is empty.", "Download the tile again.")
    if table is None:
        ns, local = _split(root_tag)
        if version is None:
            raise InputError(path, f"This XML file is not CityGML: its root element is {local!r}"
                             + (f" ({ns})" if ns else "") + ", not a CityGML CityModel.",
                             "Export the buildings as CityGML (LoD1/LoD2) or CityJSON, or use a GIS file "
                             '(GeoPackage, Shapefile) with format = "vector".')
        others = ", ".join(f"{n} {k}" for k, n in other_objects.most_common(4)) or "nothing"
        raise InputError(path, f"The CityGML {version} file holds no buildings (it holds {others}).",
                         "Use the building tiles of the city model (LoD1/LoD2 'Gebäude'), not its terrain or roads.")
    fmt = f"CityGML {version}" if version else f"CityGML-like XML ({_split(root_tag)[1]})"
    return CityModel.from_parts(path, table, fmt=fmt, crs_name=srs_name, crs=crs, crs_field="srsName")


def read_citygml(path: Path, *, crs: str | None, handle: IO[bytes] | None = None) -> CityModel:
    """Read the buildings of a CityGML file.

    Parameters
    ----------
    path
        A ``.gml`` / ``.xml`` file (named in messages).
    crs
        CRS to assume when the file names none (or an unrecognised one).
    handle
        An open binary stream to read instead of ``path`` (e.g. a member of a zip archive).

    Returns
    -------
    The buildings (one row per building or BuildingPart) and their surfaces in the file's CRS,
    with notes for the build output (see ``layers.importers.city_model.CityModel``).
    """
    try:
        return _parse(handle if handle is not None else path, path, crs=crs)
    except ElementTree.ParseError as err:
        raise InputError(path, f"The CityGML file is not well-formed XML ({err}).",
                         "Download the tile again (it may be truncated) or validate it with an XML tool.") from None
