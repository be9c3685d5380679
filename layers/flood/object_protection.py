"""Object protection (Objektschutz): barriers at a building's entrances up to a height.

Mobile barriers in door frames, raised thresholds and light-well collars keep water out of a
building up to their height (BBSR, Leitfaden Starkregen – Objektschutz und bauliche Vorsorge,
2018; DWA-M 119 counts them among the owners' own measures). They move no water: the flood is the
event's own, so the measure needs no model run. It is modelled in one place only — a protected
building counts as *affected* when the maximum water depth at its walls exceeds the barrier height
``barrier_m`` (and reaches the affected threshold, :func:`layers.flood.affected.buildings_affected`);
the depths, areas and volumes stay those of the event. Water pressing on walls and seeping through
them, and barriers put up too late, are not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from rasterio.features import rasterize

from layers.flood.measure_base import FloodMeasure, GridChange, MeasurePlace
from layers.flood.surface_measures import building_uses, buildings_at
from layers.scenario_api import Metric
from layers.scenario_options import OptionReader
from layers.style import label

__all__ = ["ObjectProtection"]


@dataclass(frozen=True)
class ObjectProtection(FloodMeasure):
    """Barriers of ``barrier_m`` (m) at the buildings at the place (all uses unless ``uses`` is given)."""

    type: ClassVar[str] = "object_protection"
    moves_water: ClassVar[bool] = False
    barrier_m: float = 0.3
    uses: tuple[str, ...] | None = None

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> ObjectProtection:
        """See :meth:`FloodMeasure.from_table`."""
        uses = building_uses(reader, table, where, ()) if "uses" in table else None
        return cls(**common, barrier_m=reader.number(table, "barrier_m", 0.3, where + ".barrier_m"), uses=uses)

    def apply(self, site: object, place: MeasurePlace) -> GridChange:
        """The event's grid unchanged; ``barrier_m`` at the chosen buildings."""
        chosen = buildings_at(site, place, self.uses, self.id, "object-protection")
        barrier = np.where(chosen, self.barrier_m, 0.0)
        grid = site.grid
        footprint = rasterize([(g, 1) for g in site.buildings.geometry.values[chosen]], out_shape=grid.shape,
                              transform=grid.transform, fill=0, dtype="uint8").astype(bool) & grid.blocked
        size = (Metric("buildings_protected", label("Geschützte Gebäude", "Buildings protected"), int(chosen.sum()),
                       "", 0),
                Metric("barrier", label("Schutzhöhe", "Barrier height"), self.barrier_m, "m", 2))
        return GridChange(grid, footprint, size, barrier_m=barrier, details={"buildings_changed": int(chosen.sum())})

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "barrier_m": self.barrier_m,
                **({"uses": list(self.uses)} if self.uses is not None else {})}
