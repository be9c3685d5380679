"""What every heavy-rain measure shares: where it acts, what it changes, and how big it is.

A measure is a frozen dataclass of its options. It reads them from its
``[[scenarios.starkregen.measures]]`` table (:meth:`FloodMeasure.from_table`) and turns a
:class:`MeasurePlace` — a zone of the zones layer or a named site of the measures layer, with the
model cells it covers — into a :class:`GridChange`: the model grid with the measure built, the
cells it occupies (drawn on the map and left out of the flooded area, where water is meant to be),
its size (m³ stored, m² unsealed, m of flow path) and, for object protection, the barrier height
at each building. The kinds are in :mod:`layers.flood.surface_measures` (unsealing, green roofs),
:mod:`layers.flood.terrain_measures` (retention areas, emergency flow paths, swales) and
:mod:`layers.flood.object_protection`; :data:`layers.flood.measures.MEASURE_TYPES` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from layers.flood.model import FloodGrid
from layers.scenario_api import Metric
from layers.scenario_options import OptionReader

__all__ = ["PLACE_LAYERS", "FloodMeasure", "GridChange", "MeasurePlace"]

PLACE_LAYERS = {"zone": "zones", "site": "measures"}
"""The keys that place a measure, and the input layer whose ``name`` they name."""


@dataclass(frozen=True, eq=False)
class MeasurePlace:
    """Where a measure acts.

    Attributes
    ----------
    key
        ``"zone"`` (a zone of the zones layer) or ``"site"`` (a feature of the measures layer).
    name
        The feature's ``name``.
    shapes
        Its geometries in the working CRS (shapely, polygons or lines).
    cells
        Model cells it covers (bool, grid shape): cell centres inside the polygons; for lines, every
        cell the line touches.
    """

    key: str
    name: str
    shapes: np.ndarray
    cells: np.ndarray

    @property
    def is_line(self) -> bool:
        """Whether the place is a line (an emergency flow path) rather than an area."""
        return all(shape.geom_type in ("LineString", "MultiLineString") for shape in self.shapes)


@dataclass(frozen=True, eq=False)
class GridChange:
    """What a measure changes for its runs.

    Attributes
    ----------
    grid
        The model grid with the measure in place (the event's grid for object protection).
    footprint
        Cells the measure occupies (bool): drawn on the map, the start of its area of effect, and
        left out of the flooded area of its runs and their baselines (a retention area is meant to
        fill).
    size
        The measure's size as key figures (m³ stored, m² unsealed, m of flow path, ...).
    roof_storage_mm
        Rain each roof cell retains before it spills (mm; see ``run_flood``).
    barrier_m
        Protection height at each building's entrances (m, one per building, 0 = none): a building
        counts as affected only where the water at its walls is higher (object protection).
    details
        More figures for the manifest's ``measure`` entry.
    """

    grid: FloodGrid
    footprint: np.ndarray
    size: tuple[Metric, ...]
    roof_storage_mm: np.ndarray | float = 0.0
    barrier_m: np.ndarray | None = None
    details: dict = field(default_factory=dict)

    @property
    def cells_changed(self) -> int:
        """Model cells the measure occupies."""
        return int(self.footprint.sum())


@dataclass(frozen=True)
class FloodMeasure:
    """A heavy-rain measure at a place (``key`` = ``"zone"`` or ``"site"``, ``place`` = its name).

    Class attributes
    ----------------
    type
        The measure's ``type`` in city.toml.
    moves_water
        False for measures that change no water flow (object protection): they need no model run of
        their own and are read off their event's run.
    place_shapes
        ``"area"``, ``"line"`` or ``"any"``: the geometry the place must have.
    """

    type: ClassVar[str]
    moves_water: ClassVar[bool] = True
    place_shapes: ClassVar[str] = "area"
    id: str
    label: dict[str, str]
    key: str
    place: str

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> FloodMeasure:
        """The measure from its table (``common``: id, label, key and place, already checked)."""
        raise NotImplementedError

    def apply(self, site: object, place: MeasurePlace) -> GridChange:
        """The change on ``site`` (a :class:`layers.flood.site.FloodSite`) at ``place``."""
        raise NotImplementedError

    def options(self) -> dict:
        """The options of the measure as the manifest shows them."""
        return {"type": self.type, self.key: self.place}
