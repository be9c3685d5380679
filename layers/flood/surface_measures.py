"""Measures that change how the surface takes up rain: unsealing and green roofs.

* ``unseal`` — sealed open ground made permeable (permeable paving, tree pits, small green
  areas): its sealed open cells get ``unseal_share × infiltration_mm_h`` of infiltration on top of
  their sewer inlets. Unsealing is the first of the "sponge city" tools (Berlin's
  Regenwasseragentur, BlueGreenStreets 2022); permeable paving of sandy soils takes tens of mm/h
  (DWA-A 138, k_f ≥ 1e-5 m/s ≈ 36 mm/h).
* ``green_roofs`` — extensive green roofs on the buildings of some uses: each roof holds the first
  ``retention_mm`` of rain (typically 15–30 mm of a single event on 6–15 cm of substrate; FLL
  Dachbegrünungsrichtlinien 2018, Mentens, Raes & Hermy 2006; see :mod:`layers.flood.model`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import shapely
from rasterio.features import rasterize

from layers.errors import InputError
from layers.flood.measure_base import FloodMeasure, GridChange, MeasurePlace
from layers.scenario_api import Metric
from layers.scenario_options import OptionReader
from layers.style import label

__all__ = ["GREEN_ROOF_USES", "GreenRoofs", "Unsealing"]

GREEN_ROOF_USES = ("commercial", "industrial", "public")


@dataclass(frozen=True)
class Unsealing(FloodMeasure):
    """Sealed open ground at the place made permeable.

    Attributes
    ----------
    unseal_share
        Share (0–1] of the sealed open ground made permeable.
    infiltration_mm_h
        Infiltration of the unsealed surfaces (mm/h).
    """

    type: ClassVar[str] = "unseal"
    unseal_share: float = 0.5
    infiltration_mm_h: float = 40.0

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> Unsealing:
        """See :meth:`FloodMeasure.from_table`."""
        share = reader.number(table, "unseal_share", 0.5, where + ".unseal_share")
        if share > 1:
            raise reader.error(where + ".unseal_share", f"unseal_share = {share} is above 1.",
                               "Give a share between 0 and 1, e.g. 0.5.")
        infiltration = reader.number(table, "infiltration_mm_h", 40.0, where + ".infiltration_mm_h")
        return cls(**common, unseal_share=share, infiltration_mm_h=infiltration)

    def apply(self, site: object, place: MeasurePlace) -> GridChange:
        """More infiltration on the sealed open cells (no infiltration, sewer inlets) of the place."""
        grid = site.grid
        sealed = place.cells & site.open_cells & (grid.infiltration_mm_h <= 0) & (grid.drainage_mm_h > 0)
        infiltration = grid.infiltration_mm_h.copy()
        infiltration[sealed] += self.unseal_share * self.infiltration_mm_h
        area = float(sealed.sum()) * site.cell_area_m2 * self.unseal_share
        size = (Metric("unsealed_area", label("Entsiegelte Fläche", "Area unsealed"), area, "m²", 0),)
        return GridChange(dataclasses.replace(grid, infiltration_mm_h=infiltration), sealed, size)

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "unseal_share": self.unseal_share, "infiltration_mm_h": self.infiltration_mm_h}


@dataclass(frozen=True)
class GreenRoofs(FloodMeasure):
    """Green roofs on the buildings of some uses whose representative point lies at the place.

    Attributes
    ----------
    retention_mm
        Rain a roof holds per event (mm).
    uses
        Values of the buildings' ``use`` field that get green roofs (default: the large, usually
        flat roofs of commercial, industrial and public buildings).
    """

    type: ClassVar[str] = "green_roofs"
    retention_mm: float = 20.0
    uses: tuple[str, ...] = GREEN_ROOF_USES

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> GreenRoofs:
        """See :meth:`FloodMeasure.from_table`."""
        retention = reader.number(table, "retention_mm", 20.0, where + ".retention_mm")
        return cls(**common, retention_mm=retention, uses=building_uses(reader, table, where, GREEN_ROOF_USES))

    def apply(self, site: object, place: MeasurePlace) -> GridChange:
        """``retention_mm`` of storage on the building cells of the chosen roofs."""
        chosen = buildings_at(site, place, self.uses, self.id, "green-roof")
        grid = site.grid
        roofs = rasterize([(g, 1) for g in site.buildings.geometry.values[chosen]], out_shape=grid.shape,
                          transform=grid.transform, fill=0, dtype="uint8").astype(bool) & grid.blocked
        if not roofs.any():
            raise site.reader.error("resolution_m", f"The {int(chosen.sum())} buildings of the green-roof measure "
                                     f"{self.id!r} cover no building cell of the flood grid (too small for "
                                     "resolution_m).", "Use a finer resolution_m.")
        roof_area = float(roofs.sum()) * site.cell_area_m2
        size = (Metric("roof_area", label("Begrünte Dachfläche", "Green roof area"), roof_area, "m²", 0),
                Metric("storage", label("Speichervolumen", "Storage volume"), roof_area * self.retention_mm / 1000.0,
                       "m³", 0))
        details = {"buildings_changed": int(chosen.sum()),
                   "footprint_area_m2": round(float(site.buildings.geometry.values[chosen].area.sum())),
                   "roof_area_m2": round(roof_area)}
        return GridChange(grid, roofs, size, roof_storage_mm=np.where(roofs, self.retention_mm, 0.0), details=details)

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "retention_mm": self.retention_mm, "uses": list(self.uses)}


def building_uses(reader: OptionReader, table: dict, where: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """The ``uses`` list of a measure's table (values of the buildings' ``use`` field)."""
    uses = table.get("uses", list(default))
    if not isinstance(uses, list) or not uses or not all(isinstance(u, str) for u in uses):
        raise reader.error(where + ".uses", f"uses = {uses!r} is not a list of building uses.",
                           'Write e.g. uses = ["commercial", "industrial"] (values of the buildings\' "use" field).')
    return tuple(uses)


def buildings_at(site: object, place: MeasurePlace, uses: tuple[str, ...] | None, measure_id: str,
                 what: str) -> np.ndarray:
    """Rows (bool) of the buildings whose representative point lies at ``place`` and whose use is one
    of ``uses`` (None: any use).

    Raises
    ------
    InputError
        The buildings have no ``use`` field, or no building qualifies.
    """
    buildings = site.buildings
    if uses is not None and "use" not in buildings:
        raise InputError(site.buildings_path, f'The buildings have no "use" field, needed by the {what} measure '
                         f"{measure_id!r}.",
                         'Add a "use" field (e.g. residential, commercial, industrial) or remove the measure.',
                         field="use")
    areas = [shape for shape in place.shapes if shape.geom_type in ("Polygon", "MultiPolygon")]
    inside = (shapely.intersects(shapely.union_all(areas), buildings.geometry.representative_point().values)
              if areas else np.zeros(len(buildings), bool))
    if uses is not None:
        inside &= buildings["use"].astype(str).isin(uses).to_numpy()
    if not inside.any():
        kinds = f" with use in {list(uses)}" if uses is not None else ""
        raise site.reader.error("measures.uses", f"The {what} measure {measure_id!r} finds no building{kinds} at "
                                 f"the {place.key} {place.name!r}.", f"Name a {place.key} with such buildings"
                                 + (" or change uses." if uses is not None else "."))
    return np.asarray(inside, bool)
