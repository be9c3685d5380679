"""Synthetic city models for the LoD2 import tests: boxes with exact footprints, heights and ground
heights, written as CityGML 1.0 / 2.0 / 3.0 or CityJSON 1.0 / 1.1 / 2.0 / CityJSONSeq, on the tiny
city's ground (``tests.tiny_city``: EPSG:25832, 400 m × 400 m from X0, Y0; DEM 150 m rising 2 %
to the north).

A building is a dict: ``id``, ``box`` (x0, y0, x1, y1 offsets from X0, Y0 in m), ``z0`` (its own
ground, m), ``height`` (m; z1 = z0 + height), optional ``measured`` (measuredHeight written, m),
``function``, ``courtyard`` (x0, y0, x1, y1 of a hole in its ground and roof), ``parts`` (a list
of such dicts: the building then has no geometry of its own).
"""

from __future__ import annotations

import json

import numpy as np

from tests.tiny_city import X0, Y0

NAMESPACES = {
    "1.0": ("http://www.opengis.net/citygml/1.0", "http://www.opengis.net/citygml/building/1.0", "http://www.opengis.net/gml"),
    "2.0": ("http://www.opengis.net/citygml/2.0", "http://www.opengis.net/citygml/building/2.0", "http://www.opengis.net/gml"),
    "3.0": ("http://www.opengis.net/citygml/3.0", "http://www.opengis.net/citygml/building/3.0", "http://www.opengis.net/gml/3.2"),
}


def _ring(box: tuple, z: float, *, reverse: bool = False) -> list[tuple[float, float, float]]:
    x0, y0, x1, y1 = box
    ring = [(X0 + x0, Y0 + y0, z), (X0 + x1, Y0 + y0, z), (X0 + x1, Y0 + y1, z), (X0 + x0, Y0 + y1, z)]
    ring = ring[::-1] if reverse else ring
    return ring + ring[:1]


def _walls(box: tuple, z0: float, z1: float) -> list[list[tuple[float, float, float]]]:
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return [[(X0 + a[0], Y0 + a[1], z0), (X0 + b[0], Y0 + b[1], z0), (X0 + b[0], Y0 + b[1], z1),
             (X0 + a[0], Y0 + a[1], z1), (X0 + a[0], Y0 + a[1], z0)] for a, b in zip(corners[:-1], corners[1:])]


def surfaces(b: dict) -> dict[str, list[list[list[tuple[float, float, float]]]]]:
    """Kind → polygons (each [exterior, *holes]) of a box building."""
    z0, z1 = b["z0"], b["z0"] + b["height"]
    holes = [b["courtyard"]] if b.get("courtyard") else []
    out = {"ground": [[_ring(b["box"], z0, reverse=True)] + [_ring(h, z0) for h in holes]],
           "roof": [[_ring(b["box"], z1)] + [_ring(h, z1, reverse=True) for h in holes]],
           "wall": [[w] for w in _walls(b["box"], z0, z1)]}
    for h in holes:
        out["wall"] += [[w] for w in _walls(h, z0, z1)]
    return out


def _poslist(ring: list[tuple[float, float, float]]) -> str:
    return " ".join(f"{x:.3f} {y:.3f} {z:.3f}" for x, y, z in ring)


def _gml_polygon(rings: list, gml: str = "gml") -> str:
    exterior, *interiors = rings
    text = f"<{gml}:Polygon><{gml}:exterior><{gml}:LinearRing><{gml}:posList srsDimension=\"3\">{_poslist(exterior)}" \
           f"</{gml}:posList></{gml}:LinearRing></{gml}:exterior>"
    for ring in interiors:
        text += (
            f'<{gml}:interior><{gml}:LinearRing><{gml}:posList srsDimension="3">{_poslist(ring)}</{gml}:posList>'
            f"</{gml}:LinearRing></{gml}:interior>"
        )
    return text + f"</{gml}:Polygon>"


def _gml_volume(b: dict, version: str) -> str:
    """Attributes and thematic surfaces of one building or part (CityGML ``version``)."""
    boundary = "core:boundary" if version == "3.0" else "bldg:boundedBy"
    surface_ns = "con" if version == "3.0" else "bldg"
    lod2 = "core:lod2MultiSurface" if version == "3.0" else "bldg:lod2MultiSurface"
    text = ""
    if b.get("function"):
        text += f"<bldg:function>{b['function']}</bldg:function>"
    if b.get("measured") is not None:
        if version == "3.0":
            text += ("<con:height><con:Height><con:highReference>highestRoofEdge</con:highReference>"
                     "<con:lowReference>lowestGroundPoint</con:lowReference><con:status>measured</con:status>"
                     f"<con:value uom=\"m\">{b['measured']}</con:value></con:Height></con:height>")
        else:
            text += f"<bldg:measuredHeight uom=\"urn:adv:uom:m\">{b['measured']}</bldg:measuredHeight>"
    names = {"ground": "GroundSurface", "roof": "RoofSurface", "wall": "WallSurface"}
    for kind, polygons in surfaces(b).items():
        for rings in polygons:
            text += (f"<{boundary}><{surface_ns}:{names[kind]}><{lod2}><gml:MultiSurface><gml:surfaceMember>"
                     f"{_gml_polygon(rings)}</gml:surfaceMember></gml:MultiSurface></{lod2}>"
                     f"</{surface_ns}:{names[kind]}></{boundary}>")
    return text


def citygml_text(buildings: list[dict], *, version: str = "2.0",
                 srs: str | None = "urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH") -> str:
    """A CityGML document of box buildings (``srs`` None: no srsName anywhere)."""
    core, bldg, gml = NAMESPACES[version]
    member = "core:cityObjectMember"
    body = ""
    for b in buildings:
        body += f"<{member}><bldg:Building gml:id=\"{b['id']}\">"
        if b.get("name"):
            body += f"<gml:name>{b['name']}</gml:name>"
        if b.get("generic_name"):  # a CityGML 3.0 generic attribute, whose gen:name is no building name
            body += ("<core:genericAttribute><gen:StringAttribute><gen:name>" + b["generic_name"] + "</gen:name>"
                     "<gen:value>x</gen:value></gen:StringAttribute></core:genericAttribute>")
        if b.get("parts"):
            if b.get("function"):
                body += f"<bldg:function>{b['function']}</bldg:function>"
            part_property = "bldg:buildingPart" if version == "3.0" else "bldg:consistsOfBuildingPart"
            for part in b["parts"]:
                body += f"<{part_property}><bldg:BuildingPart gml:id=\"{part['id']}\">{_gml_volume(part, version)}" \
                        f"</bldg:BuildingPart></{part_property}>"
        else:
            body += _gml_volume(b, version)
        if b.get("installation"):  # a dormer-like installation whose function must not be the building's
            body += (
                "<bldg:outerBuildingInstallation><bldg:BuildingInstallation><bldg:function>31001_2463</bldg:function>"
                "</bldg:BuildingInstallation></bldg:outerBuildingInstallation>"
            )
        body += f"</bldg:Building></{member}>"
    envelope = ""
    if srs:
        envelope = (f"<gml:boundedBy><gml:Envelope srsName=\"{srs}\" srsDimension=\"3\"><gml:lowerCorner>{X0} {Y0} 0"
                    f"</gml:lowerCorner><gml:upperCorner>{X0 + 400} {Y0 + 400} 300</gml:upperCorner></gml:Envelope>"
                    "</gml:boundedBy>")
    gen = "http://www.opengis.net/citygml/generics/3.0" if version == "3.0" else "http://www.opengis.net/citygml/generics/2.0"
    con = ' xmlns:con="http://www.opengis.net/citygml/construction/3.0"' if version == "3.0" else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<core:CityModel xmlns:core="{core}" xmlns:bldg="{bldg}" '
            f'xmlns:gml="{gml}" xmlns:gen="{gen}"{con}>{envelope}{body}</core:CityModel>\n')


def cityjson_model(buildings: list[dict], *, version: str = "2.0",
                   reference: str | None = "https://www.opengis.net/def/crs/EPSG/0/25832") -> dict:
    """The same buildings as a CityJSON document (1.0: no transform, numeric lod; else mm transform)."""
    vertices: list[list[float]] = []
    transform = version != "1.0"

    def index(points: list[tuple[float, float, float]]) -> list[int]:
        out = []
        for x, y, z in points[:-1]:
            vertices.append(
                [round((x - X0) * 1000), round((y - Y0) * 1000), round(z * 1000)] if transform else [x, y, z]
            )
            out.append(len(vertices) - 1)
        return out

    def geometry(b: dict) -> dict:
        boundaries, values = [], []
        kinds = ["GroundSurface", "RoofSurface", "WallSurface"]
        for k, polygons in enumerate(surfaces(b).values()):  # ground, roof, wall: as ``kinds``
            for rings in polygons:
                boundaries.append([index(ring) for ring in rings])
                values.append(k)
        return {"type": "MultiSurface", "lod": 2 if version == "1.0" else "2.2", "boundaries": boundaries,
                "semantics": {"surfaces": [{"type": t} for t in kinds], "values": values}}

    objects: dict = {}
    for b in buildings:
        attributes = {
            k: v for k, v in (("function", b.get("function")), ("measuredHeight", b.get("measured"))) if v is not None
        }
        if b.get("parts"):
            objects[b["id"]] = {"type": "Building", "attributes": attributes, "children": [p["id"] for p in b["parts"]]}
            for part in b["parts"]:
                part_attributes = {"measuredHeight": part["measured"]} if part.get("measured") is not None else {}
                objects[part["id"]] = {"type": "BuildingPart", "parents": [b["id"]], "attributes": part_attributes,
                                       "geometry": [geometry(part)]}
        else:
            objects[b["id"]] = {"type": "Building", "attributes": attributes, "geometry": [geometry(b)]}
    model: dict = {"type": "CityJSON", "version": version, "CityObjects": objects, "vertices": vertices}
    if transform:
        model["transform"] = {"scale": [0.001, 0.001, 0.001], "translate": [X0, Y0, 0.0]}
    if reference:
        model["metadata"] = {"referenceSystem": reference if version != "1.0" else "urn:ogc:def:crs:EPSG::25832"}
    return model


def cityjson_seq(buildings: list[dict], *, reference: str = "https://www.opengis.net/def/crs/EPSG/0/25832") -> str:
    """The buildings as a CityJSON Sequence: a header line, then one CityJSONFeature per building."""
    header = {"type": "CityJSON", "version": "2.0", "CityObjects": {}, "vertices": [],
              "transform": {"scale": [0.001, 0.001, 0.001], "translate": [X0, Y0, 0.0]},
              "metadata": {"referenceSystem": reference}}
    lines = [json.dumps(header)]
    for b in buildings:
        model = cityjson_model([b])
        lines.append(json.dumps({"type": "CityJSONFeature", "id": b["id"], "CityObjects": model["CityObjects"],
                                 "vertices": model["vertices"]}))
    return "\n".join(lines) + "\n"


def ring_area_m2(ring: list[list[float]]) -> float:
    """Area (m², shoelace) of a [[lon, lat, z], ...] ring, projected back to EPSG:25832."""
    from pyproj import Transformer

    lon, lat = np.asarray(ring)[:, 0], np.asarray(ring)[:, 1]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True).transform(lon, lat)
    return float(abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2)
