"""Roofs: buildings drawn as their roof and wall faces instead of extruded footprints.

A city model's LoD2 surfaces are drawn as they are; a building with a roof shape and roof height
(the sample city's, or OSM's ``roof:shape`` / ``roof:height`` mapped to ``roof_shape`` /
``roof_height_m``) gets a pitched roof made from its footprint (``shapes``); the rest become
flat-roofed boxes (``boxes``). Faces carry their shade in the sun (``shade``), so the viewer can
colour every building by use or flood depth and keep the roof planes apart. ``records`` writes
the map's records. Why faces in one SolidPolygonLayer and not glTF tiles or one mesh per chunk:
``bench/README.md`` (roofs spike).
"""

from layers.roofs.records import DRAWN_KINDS, has_roofs, surface_records
from layers.roofs.shade import face_shade
from layers.roofs.shapes import PITCHED_SHAPES, pitched_surfaces

__all__ = ["DRAWN_KINDS", "PITCHED_SHAPES", "face_shade", "has_roofs", "pitched_surfaces", "surface_records"]
