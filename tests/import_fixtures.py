"""Small import fixtures the tests write themselves: CityGML 2.0 and CityJSON buildings, an XYZ
DEM (DGM1 style) and a city folder that uses them, all on the tiny city's ground
(``tests.tiny_city``: EPSG:25832, 400 m × 400 m from X0, Y0).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tests.tiny_city import RES, SIZE, X0, Y0, dem_array

# Two buildings, footprints as (x0, y0, x1, y1) offsets from (X0, Y0) in m.
BOXES = {"DEBY_LOD2_1": (60, 60, 100, 95), "DEBY_LOD1_2": (260, 260, 290, 300)}
GROUND_Z = 155.0
MEASURED_M = 14.5  # measuredHeight of the first building
SPAN_M = 11.0  # z span of the second building (it has no measuredHeight)


def _ring(x0: float, y0: float, x1: float, y1: float, z: float) -> list[tuple[float, float, float]]:
    return [(X0 + x0, Y0 + y0, z), (X0 + x1, Y0 + y0, z), (X0 + x1, Y0 + y1, z), (X0 + x0, Y0 + y1, z),
            (X0 + x0, Y0 + y0, z)]


def _walls(x0: float, y0: float, x1: float, y1: float, z0: float, z1: float) -> list[list[tuple[float, float, float]]]:
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return [[(X0 + a[0], Y0 + a[1], z0), (X0 + b[0], Y0 + b[1], z0), (X0 + b[0], Y0 + b[1], z1),
             (X0 + a[0], Y0 + a[1], z1), (X0 + a[0], Y0 + a[1], z0)] for a, b in zip(corners[:-1], corners[1:])]


def _poslist(ring: list[tuple[float, float, float]]) -> str:
    return " ".join(f"{x:.3f} {y:.3f} {z:.3f}" for x, y, z in ring)


def citygml_text() -> str:
    """A CityGML 2.0 file: an LoD2 building with GroundSurface, measuredHeight 14.5 m, function
    31001_1000 (residential) and 4 storeys; an LoD1 solid without measuredHeight (z span 11 m).
    """
    (a, b) = BOXES.values()
    ground = _ring(*a, GROUND_Z)
    roof = _ring(*a, GROUND_Z + MEASURED_M)
    lod2 = f"""
  <core:cityObjectMember><bldg:Building gml:id="DEBY_LOD2_1">
    <bldg:function>31001_1000</bldg:function>
    <bldg:measuredHeight uom="urn:adv:uom:m">{MEASURED_M}</bldg:measuredHeight>
    <bldg:storeysAboveGround>4</bldg:storeysAboveGround>
    <bldg:boundedBy><bldg:GroundSurface><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>
      <gml:Polygon><gml:exterior><gml:LinearRing>
        <gml:posList srsDimension="3">{_poslist(ground)}</gml:posList>
      </gml:LinearRing></gml:exterior></gml:Polygon>
    </gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:GroundSurface></bldg:boundedBy>
    <bldg:boundedBy><bldg:RoofSurface><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>
      <gml:Polygon><gml:exterior><gml:LinearRing>
        <gml:posList srsDimension="3">{_poslist(roof)}</gml:posList>
      </gml:LinearRing></gml:exterior></gml:Polygon>
    </gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:RoofSurface></bldg:boundedBy>
  </bldg:Building></core:cityObjectMember>"""
    faces = [_ring(*b, GROUND_Z), _ring(*b, GROUND_Z + SPAN_M)] + _walls(*b, GROUND_Z, GROUND_Z + SPAN_M)
    members = "".join(f"<gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>{_poslist(f)}"
                      "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>" for f in faces)
    lod1 = f"""
  <core:cityObjectMember><bldg:Building gml:id="DEBY_LOD1_2">
    <bldg:function>31001_2000</bldg:function>
    <bldg:lod1Solid><gml:Solid><gml:exterior><gml:CompositeSurface>{members}</gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod1Solid>
  </bldg:Building></core:cityObjectMember>"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:bldg="http://www.opengis.net/citygml/building/2.0"
    xmlns:gml="http://www.opengis.net/gml">
  <gml:boundedBy><gml:Envelope srsName="urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH" srsDimension="3">
    <gml:lowerCorner>{X0} {Y0} 0</gml:lowerCorner><gml:upperCorner>{X0 + SIZE} {Y0 + SIZE} 200</gml:upperCorner>
  </gml:Envelope></gml:boundedBy>{lod2}{lod1}
</core:CityModel>
"""


def cityjson_model() -> dict:
    """The same two buildings as CityJSON 2.0 (vertices compressed with a transform, mm)."""
    vertices: list[list[int]] = []
    scale, translate = [0.001, 0.001, 0.001], [X0, Y0, 0.0]

    def index(points: list[tuple[float, float, float]]) -> list[int]:
        out = []
        for x, y, z in points[:-1]:
            vertices.append([round((x - X0) / 0.001), round((y - Y0) / 0.001), round(z / 0.001)])
            out.append(len(vertices) - 1)
        return out

    (a, b) = BOXES.values()
    lod2 = [[index(_ring(*a, GROUND_Z))], [index(_ring(*a, GROUND_Z + MEASURED_M))]]
    lod1 = [[index(_ring(*b, GROUND_Z))], [index(_ring(*b, GROUND_Z + SPAN_M))]]
    lod1 += [[index(w)] for w in _walls(*b, GROUND_Z, GROUND_Z + SPAN_M)]
    return {
        "type": "CityJSON", "version": "2.0", "transform": {"scale": scale, "translate": translate},
        "metadata": {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/25832"},
        "CityObjects": {
            "DEBY_LOD2_1": {"type": "Building", "attributes": {"measuredHeight": MEASURED_M, "function": "31001_1000",
                                                                "storeysAboveGround": 4},
                            "geometry": [{"type": "MultiSurface", "lod": "2", "boundaries": lod2,
                                          "semantics": {"surfaces": [{"type": "GroundSurface"},
                                                                     {"type": "RoofSurface"}],
                                                        "values": [0, 1]}}]},
            "DEBY_LOD1_2": {"type": "Building", "attributes": {"function": "31001_2000"},
                            "geometry": [{"type": "Solid", "lod": "1", "boundaries": [lod1]}]},
        },
        "vertices": vertices,
    }


def write_xyz(path: Path, z: np.ndarray | None = None, *, x0: float = X0, y0: float = Y0, res: float = RES) -> None:
    """A DEM as DGM1-style XYZ lines ("x y z", cell centres, rows from the north)."""
    z = dem_array() if z is None else z
    rows, cols = np.mgrid[0:z.shape[0], 0:z.shape[1]]
    x = x0 + (cols + 0.5) * res
    y = y0 + z.shape[0] * res - (rows + 0.5) * res
    table = np.column_stack([x.ravel(), y.ravel(), z.ravel()])
    np.savetxt(path, table, fmt="%.2f %.2f %.2f")


def write_import_city(folder: Path, *, buildings: str = "citygml") -> Path:
    """The tiny city's roads with CityGML (or CityJSON) buildings and an XYZ DEM."""
    from tests.tiny_city import roads_frame

    folder.mkdir(parents=True, exist_ok=True)
    if buildings == "citygml":
        (folder / "lod2.gml").write_text(citygml_text(), encoding="utf-8")
        name = "lod2.gml"
    else:
        (folder / "lod2.city.json").write_text(json.dumps(cityjson_model()), encoding="utf-8")
        name = "lod2.city.json"
    write_xyz(folder / "dgm1.xyz")
    roads_frame().to_file(folder / "roads.gpkg", driver="GPKG")
    (folder / "city.toml").write_text(f"""\
[city]
name = "Import Town"
crs = "EPSG:25832"

[inputs]
buildings = "{name}"
roads = "roads.gpkg"
dem = "dgm1.xyz"

[scenarios]
enabled = []
""", encoding="utf-8")
    return folder
