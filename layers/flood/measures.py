"""Heavy-rain mitigation measures: what each does to the model grid of one event.

A measure is a frozen dataclass of its options that knows how to read them from city.toml
(``from_table``) and what it changes on the grid (``apply``: a :class:`GridChange`, i.e. a new
:class:`~layers.flood.model.FloodGrid` and roof storage, plus figures for the manifest). A new kind
of measure (retention areas, flow paths, swales, object protection) is one more class in
:data:`MEASURE_TYPES`; runs, artifacts and metrics need no change.

* ``unseal`` — sealed open ground in a zone made permeable (permeable paving, swales): sealed
  open cells get ``unseal_share × infiltration_mm_h`` of infiltration on top of their sewer inlets.
* ``green_roofs`` — extensive green roofs on the buildings of some uses in a zone: each roof holds
  the first ``retention_mm`` of rain (typically 15–30 mm; FLL Dachbegrünungsrichtlinien 2018,
  Mentens, Raes & Hermy 2006; see :mod:`layers.flood.model`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import shapely
from rasterio.features import rasterize

from layers.errors import InputError
from layers.flood.model import FloodGrid
from layers.flood.site import FloodSite
from layers.scenario_options import OptionReader

__all__ = ["GREEN_ROOF_USES", "MEASURE_TYPES", "FloodMeasure", "GreenRoofs", "GridChange", "Unsealing"]

GREEN_ROOF_USES = ("commercial", "industrial", "public")


@dataclass(frozen=True, eq=False)
class GridChange:
    """What a measure changes for its run.

    Attributes
    ----------
    grid
        The model grid with the measure in place.
    cells_changed
        Model cells the measure changes.
    roof_storage_mm
        Rain each roof cell retains before it spills (mm; see ``run_flood``).
    details
        More figures for the manifest's ``measure`` entry (e.g. buildings changed).
    """

    grid: FloodGrid
    cells_changed: int
    roof_storage_mm: np.ndarray | float = 0.0
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FloodMeasure:
    """A mitigation measure in a zone (a ``name`` of the zones layer), applied to one event."""

    type: ClassVar[str]
    id: str
    label: dict[str, str]
    event: str
    zone: str

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> FloodMeasure:
        """The measure from its ``[[scenarios.starkregen.measures]]`` table (``common``: id, label,
        event, zone, already checked).
        """
        raise NotImplementedError

    def apply(self, site: FloodSite, zone: np.ndarray, polygons: np.ndarray) -> GridChange:
        """The grid change on ``site``; ``zone`` marks the model cells of the zone, ``polygons``
        are its shapes.
        """
        raise NotImplementedError

    def options(self) -> dict:
        """The options of the measure as the manifest shows them."""
        return {"type": self.type, "zone": self.zone}


@dataclass(frozen=True)
class Unsealing(FloodMeasure):
    """Sealed open ground in the zone made permeable.

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

    def apply(self, site: FloodSite, zone: np.ndarray, polygons: np.ndarray) -> GridChange:
        """More infiltration on the sealed open cells (no infiltration, sewer inlets) of the zone."""
        grid = site.grid
        sealed = zone & site.open_cells & (grid.infiltration_mm_h <= 0) & (grid.drainage_mm_h > 0)
        infiltration = grid.infiltration_mm_h.copy()
        infiltration[sealed] += self.unseal_share * self.infiltration_mm_h
        return GridChange(dataclasses.replace(grid, infiltration_mm_h=infiltration), int(sealed.sum()))

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "unseal_share": self.unseal_share, "infiltration_mm_h": self.infiltration_mm_h}


@dataclass(frozen=True)
class GreenRoofs(FloodMeasure):
    """Green roofs on the buildings of some uses whose representative point lies in the zone.

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
        uses = table.get("uses", list(GREEN_ROOF_USES))
        if not isinstance(uses, list) or not uses or not all(isinstance(u, str) for u in uses):
            raise reader.error(where + ".uses", f"uses = {uses!r} is not a list of building uses.",
                               'Write e.g. uses = ["commercial", "industrial"] '
                               '(values of the buildings\' "use" field).')
        return cls(**common, retention_mm=retention, uses=tuple(uses))

    def apply(self, site: FloodSite, zone: np.ndarray, polygons: np.ndarray) -> GridChange:
        """``retention_mm`` of storage on the building cells of the chosen roofs."""
        buildings = site.buildings
        if "use" not in buildings:
            raise InputError(site.buildings_path, f'The buildings have no "use" field, needed by the green-roof '
                             f"measure {self.id!r}.",
                             'Add a "use" field (e.g. residential, commercial, industrial) or remove the measure.',
                             field="use")
        inside = shapely.intersects(shapely.union_all(polygons), buildings.geometry.representative_point().values)
        chosen = buildings[inside & buildings["use"].astype(str).isin(self.uses).to_numpy()]
        reader = site.reader
        if chosen.empty:
            raise reader.error("measures.uses", f"The green-roof measure {self.id!r} finds no building with use in "
                               f"{list(self.uses)} in the zone {self.zone!r}.",
                               "Name a zone with such buildings or change uses.")
        grid = site.grid
        roofs = rasterize([(g, 1) for g in chosen.geometry.values], out_shape=grid.shape, transform=grid.transform,
                          fill=0, dtype="uint8").astype(bool) & grid.blocked
        if not roofs.any():
            raise reader.error("resolution_m", f"The {len(chosen)} buildings of the green-roof measure {self.id!r} "
                               "cover no building cell of the flood grid (too small for resolution_m).",
                               "Use a finer resolution_m.")
        details = {"buildings_changed": int(len(chosen)), "footprint_area_m2": round(float(chosen.geometry.area.sum())),
                   "roof_area_m2": round(float(roofs.sum()) * grid.dx * grid.dx)}
        return GridChange(grid, int(roofs.sum()), np.where(roofs, self.retention_mm, 0.0), details)

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "retention_mm": self.retention_mm, "uses": list(self.uses)}


MEASURE_TYPES: dict[str, type[FloodMeasure]] = {"unseal": Unsealing, "green_roofs": GreenRoofs}
"""The measure types by their ``type`` in city.toml (the first is the default)."""
