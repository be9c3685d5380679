"""Measures that reshape the ground: retention areas, emergency flow paths and swales.

* ``retention`` — a multifunctional retention area (multifunktionale Retentionsfläche): a square,
  park or sports field lowered so that it stores ``volume_m3`` below the lowest point of its rim
  before it spills. DWA-M 119 (2016) recommends such temporary storage on open spaces that flood
  rarely and harmlessly; Rotterdam's Benthemplein water square (2013) holds about 1,700 m³,
  Copenhagen's cloudburst plan (2012) builds parks that store tens of thousands of m³. The ground
  of the site (its open cells, one cell away from buildings) becomes a level floor (lower where it
  already was lower) such that the volume between it and the spill level is exactly ``volume_m3``
  (:func:`retention_floor`).
* ``flow_path`` — an emergency flow path (Notwasserweg): a street profile that carries the water a
  sewer cannot take along a chosen line to the river or a retention area (DWA-M 119; Hamburg's
  RISA "wassersensible Straßenraumgestaltung"; Copenhagen's cloudburst roads). The line is drawn
  from its start to its outlet; its cells (``width_m`` wide) become a trough ``depth_m`` below the
  street (raised kerbs, a V-profile) whose floor falls at least ``min_slope`` all the way, humps
  cut down — by at most ``max_cut_m`` below today's street (:func:`flow_path_floor`).
* ``swales`` — decoupling sealed areas into swale–trench systems (Mulden-Rigolen, DWA-A 138;
  sponge-city programmes such as Berlin's Regenwasseragentur): the site's open ground (one cell away
  from buildings) is lowered
  ``depth_m`` into swales (surface storage, held by the flow model) whose topsoil lets
  ``infiltration_mm_h`` pass (k_f = 1e-5 m/s ≈ 36 mm/h, DWA-A 138's lower limit) into a gravel
  trench of ``storage_mm`` (mm of water per m² of swale, e.g. 0.8 m of gravel with 35 % pores =
  280 mm); when the trench is full the swale takes no more (``FloodGrid.loss_storage_mm``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import shapely
from rasterio.features import rasterize
from scipy import ndimage

from layers.flood.measure_base import FloodMeasure, GridChange, MeasurePlace
from layers.scenario_api import Metric
from layers.scenario_options import OptionReader
from layers.style import label

__all__ = ["FlowPath", "RetentionArea", "RetentionFloor", "Swales", "flow_path_floor", "retention_floor"]

FACES = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)  # the 4 face neighbours water flows across


@dataclass(frozen=True)
class RetentionFloor:
    """A level floor under a site that stores a volume below its spill level.

    Attributes
    ----------
    z
        Ground with the floor (m); unchanged outside the site.
    spill_m
        Lowest ground on the site's rim (m): water above it leaves the site.
    floor_m
        The floor level (m); ground that was lower stays as it was.
    natural_m3
        What the site stored below ``spill_m`` before (m³).
    """

    z: np.ndarray
    spill_m: float
    floor_m: float
    natural_m3: float


def retention_floor(z: np.ndarray, cells: np.ndarray, open_cells: np.ndarray, volume_m3: float,
                    cell_area_m2: float) -> RetentionFloor:
    """Lower ``cells`` to a level floor that stores exactly ``volume_m3`` (m³) below the lowest open
    cell on their rim (their face neighbours outside the site).

    Raises
    ------
    ValueError
        The site touches the grid's edge, has no open rim, or already stores ``volume_m3``.
    """
    cells = np.asarray(cells, bool)
    edge = np.zeros_like(cells)
    edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = True
    if (cells & edge).any():
        raise ValueError("it touches the edge of the model grid, where water would leave it")
    rim = ndimage.binary_dilation(cells, FACES) & ~cells & open_cells
    if not rim.any():
        raise ValueError("it has no open ground around it (only buildings)")
    spill = float(z[rim].min())
    ground = z[cells].astype(float)

    def stored(floor: float) -> float:
        return float(np.clip(spill - np.minimum(ground, floor), 0.0, None).sum()) * cell_area_m2

    natural = stored(np.inf)
    if natural >= volume_m3:
        raise ValueError(f"it already stores {natural:,.0f} m³ below its lowest rim ({spill:.2f} m), "
                         f"more than volume_m3 = {volume_m3:,.0f}")
    low, high = spill - volume_m3 / (ground.size * cell_area_m2), spill  # stored(low) >= V > stored(high)
    for _ in range(200):  # bisection: stored() falls monotonically as the floor rises
        mid = 0.5 * (low + high)
        if stored(mid) > volume_m3:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    floor = 0.5 * (low + high)
    new = np.array(z, dtype=float)
    new[cells] = np.minimum(ground, floor)
    return RetentionFloor(new, spill, floor, natural)


@dataclass(frozen=True)
class RetentionArea(FloodMeasure):
    """A site lowered to a retention area of ``volume_m3`` (m³) below its spill level."""

    type: ClassVar[str] = "retention"
    volume_m3: float = 5000.0

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> RetentionArea:
        """See :meth:`FloodMeasure.from_table`."""
        return cls(**common, volume_m3=reader.number(table, "volume_m3", None, where + ".volume_m3"))

    def apply(self, site: object, place: MeasurePlace) -> GridChange:
        """The site's open land cells lowered to a floor holding ``volume_m3``."""
        grid = site.grid
        cells = place.cells & site.counted_cells & ~next_to_buildings(grid)
        if not cells.any():
            raise site.reader.error("measures.site", f"The retention area {self.id!r} at {place.name!r} covers no "
                                     "open land cell of the flood grid at least one cell away from buildings.",
                                     "Draw the site over open ground (a square, park or field), not over buildings "
                                     "or water, and at least a few model cells large.")
        try:
            basin = retention_floor(grid.z, cells, site.open_cells, self.volume_m3, site.cell_area_m2)
        except ValueError as err:
            raise site.reader.error("measures.volume_m3", f"The retention area {self.id!r} cannot be built at "
                                     f"{place.name!r}: {err}.",
                                     "Choose a larger volume_m3 or another site inside the DEM with open ground "
                                     "around it.") from None
        area = float(cells.sum()) * site.cell_area_m2
        size = (Metric("volume", label("Rückhaltevolumen", "Storage volume"), self.volume_m3, "m³", 0),
                Metric("area", label("Fläche", "Area"), area, "m²", 0),
                Metric("depth", label("Tiefe unter dem Rand", "Depth below the rim"), basin.spill_m - basin.floor_m,
                       "m", 2))
        details = {"spill_level_m": round(basin.spill_m, 2), "floor_level_m": round(basin.floor_m, 2),
                   "natural_storage_m3": round(basin.natural_m3)}
        return GridChange(dataclasses.replace(grid, z=basin.z), cells, size, details=details)

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "volume_m3": self.volume_m3}


def flow_path_floor(z: np.ndarray, cells: np.ndarray, station_m: np.ndarray, *, depth_m: float,
                    min_slope: float) -> np.ndarray:
    """The floor of a flow path (m): ``depth_m`` below today's ground, falling at least ``min_slope``
    (-) along ``station_m`` (m from the start, one per cell of ``cells``, in row-major order).

    Cells are taken in order of their station; each gets the lower of its own ground minus
    ``depth_m`` and the floor before it minus ``min_slope`` times the distance, so the floor never
    rises towards the outlet and cells side by side share the lowest level (a trough).
    """
    ground = np.asarray(z, float)[cells] - depth_m
    order = np.argsort(station_m, kind="stable")
    floor = np.empty_like(ground)
    level, at = np.inf, None
    for k in order:
        reach = level - min_slope * (station_m[k] - at) if at is not None else np.inf
        level = min(ground[k], reach)
        at = station_m[k]
        floor[k] = level
    new = np.array(z, dtype=float)
    new[cells] = floor
    return new


@dataclass(frozen=True)
class FlowPath(FloodMeasure):
    """An emergency flow path along a line (start → outlet).

    Attributes
    ----------
    width_m
        Width of the trough (m); at least one model cell is always taken.
    depth_m
        Trough depth below today's street (m): kerbs raised or the street profiled as a V.
    min_slope
        Least fall of the floor towards the outlet (-), e.g. 0.005 = 0.5 %.
    max_cut_m
        Deepest the floor may lie below today's ground (m); a line that needs more (it climbs a hill
        or leaves a deep hollow) is refused, naming where.
    manning_n
        Manning's n of the trough (s/m^(1/3)), 0.013–0.016 for asphalt or concrete.
    """

    type: ClassVar[str] = "flow_path"
    place_shapes: ClassVar[str] = "line"
    width_m: float = 6.0
    depth_m: float = 0.3
    min_slope: float = 0.005
    max_cut_m: float = 1.5
    manning_n: float = 0.015

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> FlowPath:
        """See :meth:`FloodMeasure.from_table`."""
        numbers = {name: reader.number(table, name, default, f"{where}.{name}")
                   for name, default in (("width_m", 6.0), ("depth_m", 0.3), ("min_slope", 0.005),
                                         ("max_cut_m", 1.5), ("manning_n", 0.015))}
        if numbers["max_cut_m"] < numbers["depth_m"]:
            raise reader.error(where + ".max_cut_m", f"max_cut_m = {numbers['max_cut_m']} is less than depth_m = "
                               f"{numbers['depth_m']}.", "Give max_cut_m ≥ depth_m.")
        return cls(**common, **numbers)

    def apply(self, site: object, place: MeasurePlace) -> GridChange:
        """The line's cells lowered to a trough that falls all the way to its outlet."""
        grid = site.grid
        line = shapely.line_merge(shapely.union_all(place.shapes))
        if line.geom_type != "LineString":
            raise site.reader.error("measures.site", f"The flow path {self.id!r} at {place.name!r} is not one "
                                     "connected line.", "Draw the flow path as a single line from its start to "
                                     "its outlet.")
        band = rasterize([(line.buffer(self.width_m / 2, cap_style="flat"), 1)], out_shape=grid.shape,
                         transform=grid.transform, fill=0, dtype="uint8").astype(bool)
        cells = (band | place.cells) & site.counted_cells
        rows, cols = np.nonzero(cells)
        xs, ys = grid.transform * (cols + 0.5, rows + 0.5)
        station = shapely.line_locate_point(line, shapely.points(xs, ys))
        labels, _ = ndimage.label(cells, FACES)
        if rows.size:
            start, end = (int(np.argmin(station)), int(np.argmax(station)))
            start, end = (rows[start], cols[start]), (rows[end], cols[end])
        # the line must reach its end on open ground, or end in a river or pond (no ground to cut there)
        short = rows.size and station.max() < line.length - 2 * grid.dx and _outlet_kind(site, end) != "water"
        if not rows.size or labels[start] != labels[end] or short:
            raise site.reader.error("measures.site", f"The flow path {self.id!r} at {place.name!r} is cut by "
                                     f"buildings or water: its {int(cells.sum())} open cells do not join its start "
                                     "to its outlet.", "Draw the line along open streets from start to outlet "
                                     "(it may end in the river), or make width_m larger.")
        cells = labels == labels[start]
        rows, cols = np.nonzero(cells)
        xs, ys = grid.transform * (cols + 0.5, rows + 0.5)
        station = shapely.line_locate_point(line, shapely.points(xs, ys))
        z = flow_path_floor(grid.z, cells, station, depth_m=self.depth_m, min_slope=self.min_slope)
        cut = np.asarray(grid.z, float)[cells] - z[cells]
        if cut.max() > self.max_cut_m + 1e-9:
            worst = int(np.argmax(cut))
            raise site.reader.error("measures.max_cut_m", f"The flow path {self.id!r} at {place.name!r} would need "
                                     f"a cut of {cut[worst]:.2f} m below today's ground {station[worst]:.0f} m from "
                                     f"its start (max_cut_m = {self.max_cut_m}): the line climbs or leaves a hollow.",
                                     "Draw the line downhill to lower ground (the river or a retention area), "
                                     "or allow a deeper cut.")
        manning = np.where(cells, self.manning_n, grid.manning_n)
        outlet = _outlet_kind(site, end)
        size = (Metric("length", label("Länge", "Length"), float(line.length), "m", 0),
                Metric("width", label("Breite", "Width"), self.width_m, "m", 1),
                Metric("cut", label("Tiefste Absenkung", "Deepest cut"), float(cut.max()), "m", 2))
        details = {"outlet": outlet, "fall_m": round(float(z[start] - z[end]), 2)}
        return GridChange(dataclasses.replace(grid, z=z, manning_n=manning), cells, size, details=details)

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "width_m": self.width_m, "depth_m": self.depth_m, "min_slope": self.min_slope,
                "max_cut_m": self.max_cut_m, "manning_n": self.manning_n}


def next_to_buildings(grid: object) -> np.ndarray:
    """Cells that are buildings or touch one (8 neighbours): retention areas and swales keep a cell's
    distance, so that their water does not stand at the walls (DWA-A 138 keeps infiltration away
    from foundations; the depth at a building's walls is read one cell around it).
    """
    return ndimage.binary_dilation(grid.blocked, np.ones((3, 3), bool))


def _outlet_kind(site: object, end: tuple[int, int]) -> str:
    """Where a flow path ends: ``"water"`` (next to a river or pond), ``"edge"`` (of the grid) or ``"ground"``."""
    ny, nx = site.grid.shape
    r, c = end
    near = site.permanent_water[max(0, r - 1): r + 2, max(0, c - 1): c + 2]
    if near.any():
        return "water"
    return "edge" if r in (0, ny - 1) or c in (0, nx - 1) else "ground"


@dataclass(frozen=True)
class Swales(FloodMeasure):
    """Swales over gravel trenches on the open ground of a site (Mulden-Rigolen).

    Attributes
    ----------
    depth_m
        Swale depth below today's ground (m); DWA-A 138 keeps swales at most 0.3 m deep.
    infiltration_mm_h
        What the swale's topsoil lets through into the trench (mm/h).
    storage_mm
        The trench's pore volume per m² of swale (mm of water).
    green_only
        Swales only on the site's unsealed (green) cells: sealed ground around them drains in.
    """

    type: ClassVar[str] = "swales"
    depth_m: float = 0.3
    infiltration_mm_h: float = 36.0
    storage_mm: float = 280.0
    green_only: bool = True

    @classmethod
    def from_table(cls, reader: OptionReader, table: dict, where: str, **common: object) -> Swales:
        """See :meth:`FloodMeasure.from_table`."""
        green_only = table.get("green_only", True)
        if not isinstance(green_only, bool):
            raise reader.error(where + ".green_only", f"green_only = {green_only!r} is not true or false.",
                               "Write green_only = true (swales on unsealed ground only) or false.")
        return cls(**common, depth_m=reader.number(table, "depth_m", 0.3, where + ".depth_m"),
                   infiltration_mm_h=reader.number(table, "infiltration_mm_h", 36.0, where + ".infiltration_mm_h"),
                   storage_mm=reader.number(table, "storage_mm", 280.0, where + ".storage_mm"),
                   green_only=green_only)

    def apply(self, site: object, place: MeasurePlace) -> GridChange:
        """Swale cells lowered ``depth_m``, infiltrating into a trench of ``storage_mm``."""
        grid = site.grid
        cells = place.cells & site.counted_cells & ~next_to_buildings(grid)
        if self.green_only:
            cells &= grid.infiltration_mm_h > 0
        if not cells.any():
            raise site.reader.error("measures.site", f"The swales {self.id!r} at {place.key} {place.name!r} find no "
                                     "open" + (" unsealed" if self.green_only else "") + " ground on the flood grid.",
                                     "Choose a place with open ground"
                                     + (" or set green_only = false." if self.green_only else "."))
        storage = np.full(grid.shape, np.inf) if grid.loss_storage_mm is None else np.array(grid.loss_storage_mm)
        storage[cells] = self.storage_mm
        changed = dataclasses.replace(
            grid, z=np.where(cells, np.asarray(grid.z, float) - self.depth_m, grid.z),
            infiltration_mm_h=np.where(cells, self.infiltration_mm_h, grid.infiltration_mm_h),
            drainage_mm_h=np.where(cells, 0.0, grid.drainage_mm_h), loss_storage_mm=storage)
        area = float(cells.sum()) * site.cell_area_m2
        size = (Metric("area", label("Muldenfläche", "Swale area"), area, "m²", 0),
                Metric("storage", label("Speichervolumen (Mulde + Rigole)", "Storage (swale + trench)"),
                       area * (self.depth_m + self.storage_mm / 1000.0), "m³", 0))
        return GridChange(changed, cells, size)

    def options(self) -> dict:
        """See :meth:`FloodMeasure.options`."""
        return {**super().options(), "depth_m": self.depth_m, "infiltration_mm_h": self.infiltration_mm_h,
                "storage_mm": self.storage_mm, "green_only": self.green_only}
