"""The city on the flood model's grid: what every run, artifact and metric of a build shares.

:func:`flood_site` turns the build's inputs into a :class:`FloodSite`: the model grid (DEM
coarsened to ``resolution_m``, buildings blocked, land cover as Manning's n, infiltration and sewer
drainage), the permanent water (river, ponds: not counted as flooded, not drawn) and, per
building, the open cells along its walls — the cells whose centres lie within one cell of the
footprint, where the water standing against a building is read (when that counts as "affected":
:mod:`layers.flood.affected`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import rasterio.errors
import shapely
from rasterio.features import rasterize

from layers.errors import InputError
from layers.flood.grid import FEET_UNITS, declared_vertical_unit, grid_from_array
from layers.flood.measure_base import MeasurePlace
from layers.flood.model import FloodGrid
from layers.inputs import VectorLayer
from layers.scenario_api import BuildContext
from layers.scenario_options import OptionReader

__all__ = ["FloodSite", "flood_site", "wall_cells"]


@dataclass(frozen=True, eq=False)
class FloodSite:
    """The city on the model grid.

    Attributes
    ----------
    grid
        The model grid of the events (measures change copies of it).
    buildings
        The buildings (``id`` as text) in the working CRS.
    buildings_path
        The buildings' input file (for error messages).
    zones
        The zones layer, if the city has one.
    sites
        The measures layer (named measure sites), if the city has one.
    reader
        Reads ``[scenarios.starkregen]`` (for error messages naming city.toml).
    permanent_water
        Cells of rivers and ponds (bool, grid shape).
    wall_building, wall_cell
        Pairs (building row, flat index of an open cell along its walls).
    residents
        Residents per building (0 where unknown).
    """

    grid: FloodGrid
    buildings: gpd.GeoDataFrame
    buildings_path: Path
    zones: VectorLayer | None
    sites: VectorLayer | None
    reader: OptionReader
    permanent_water: np.ndarray
    wall_building: np.ndarray
    wall_cell: np.ndarray
    residents: np.ndarray

    @property
    def open_cells(self) -> np.ndarray:
        """Cells that can hold water (not buildings)."""
        return ~self.grid.blocked

    @property
    def counted_cells(self) -> np.ndarray:
        """Open cells that count as land: flooded areas and volumes leave permanent water out."""
        return self.open_cells & ~self.permanent_water

    @property
    def cell_area_m2(self) -> float:
        """Area of a model cell (m²)."""
        return float(self.grid.dx) * float(self.grid.dx)

    def open_only(self, values: np.ndarray) -> np.ndarray:
        """``values`` on open cells, 0 on buildings (float32)."""
        return np.where(self.open_cells, values, 0.0).astype("float32")

    def place(self, key: str, name: str, measure_id: str) -> MeasurePlace:
        """Where measure ``measure_id`` acts: the feature ``name`` of the zones (``key="zone"``) or the
        measures layer (``key="site"``), and the model cells it covers (areas: cell centres inside;
        lines: every cell they touch).

        Raises
        ------
        InputError
            If the place covers no cell of the grid.
        """
        layer = self.zones if key == "zone" else self.sites
        frame = layer.frame
        shapes = frame.geometry[frame["name"].astype(str) == name].values
        areas = [(g, 1) for g in shapes if g.geom_type in ("Polygon", "MultiPolygon")]
        lines = [(g, 1) for g in shapes if g.geom_type in ("LineString", "MultiLineString")]
        cells = np.zeros(self.grid.shape, bool)
        for found, touched in ((areas, False), (lines, True)):
            if found:
                cells |= rasterize(found, out_shape=self.grid.shape, transform=self.grid.transform, fill=0,
                                   dtype="uint8", all_touched=touched).astype(bool)
        if not cells.any():
            raise self.reader.error(f"measures.{key}", f"The {key} {name!r} of measure {measure_id!r} covers no "
                                     f"cell of the DEM ({layer.path.name}).",
                                     f"Name a {key} that lies inside the DEM, or extend the DEM.")
        return MeasurePlace(key, name, shapes, cells)

    def depth_at_buildings(self, depth: np.ndarray) -> np.ndarray:
        """Max depth (m, rounded to cm) along each building's walls; 0 where dry."""
        at_building = np.zeros(len(self.buildings))
        np.maximum.at(at_building, self.wall_building, depth.ravel()[self.wall_cell])
        return np.round(at_building, 2)


def flood_site(context: BuildContext, *, resolution_m: float) -> FloodSite:
    """The city's :class:`FloodSite` on a grid of ``resolution_m`` (m) cells.

    Raises
    ------
    InputError
        A DEM in feet (naming the DEM), land cover the grid builder refuses (naming the land cover).
    """
    reader = OptionReader.of(context, "starkregen")
    check_dem_in_metres(context.dem.path)
    buildings = context.layers["buildings"].frame.copy()
    if "id" not in buildings:
        buildings["id"] = [f"B{k:06d}" for k in range(len(buildings))]
    buildings["id"] = buildings["id"].astype(str)
    landcover = context.layers.get("landcover")
    dem = context.dem
    try:
        grid = grid_from_array(dem.z, dem.transform, dem.crs, buildings,
                               landcover.frame if landcover is not None else None,
                               resolution_m=resolution_m, landcover_column="cover")
    except ValueError as err:
        path = landcover.path if landcover is not None and "landcover" in str(err) else reader.toml
        raise InputError(path, f"The flood model grid cannot be built: {err}",
                         "Correct the input named above (land cover classes: sealed, green, water).",
                         field="cover" if path != reader.toml else "scenarios.starkregen") from None

    water_shapes = []
    if "water" in context.layers:
        water_shapes += list(context.layers["water"].frame.geometry.values)
    if landcover is not None:
        water_shapes += list(landcover.frame.geometry[landcover.frame["cover"].astype(str) == "water"].values)
    permanent = np.zeros(grid.shape, bool)
    if water_shapes:
        permanent = rasterize([(g, 1) for g in water_shapes], out_shape=grid.shape, transform=grid.transform, fill=0,
                              dtype="uint8").astype(bool)

    wall_building, wall_cell = wall_cells(grid, buildings.geometry.values)
    residents = (pd.to_numeric(buildings["residents"], errors="coerce").fillna(0).to_numpy(float)
                 if "residents" in buildings else np.zeros(len(buildings)))
    return FloodSite(grid=grid, buildings=buildings, buildings_path=context.layers["buildings"].path,
                     zones=context.layers.get("zones"), sites=context.layers.get("measures"), reader=reader,
                     permanent_water=permanent, wall_building=wall_building, wall_cell=wall_cell,
                     residents=residents)


def wall_cells(grid: FloodGrid, footprints: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (building row, flat index of an open cell whose centre lies within one cell of its
    footprint): where the water standing against each building is read.
    """
    rows, cols = np.nonzero(~grid.blocked)
    xs, ys = grid.transform * (cols + 0.5, rows + 0.5)
    tree = shapely.STRtree(shapely.points(xs, ys))
    building, near = tree.query(shapely.buffer(footprints, float(grid.dx)), predicate="intersects")
    return building, rows[near] * grid.shape[1] + cols[near]


def check_dem_in_metres(path: Path | None) -> None:
    """Refuse a DEM that declares its heights in feet: depths and slopes would be 3.3× off.

    Raises
    ------
    InputError
        Naming the DEM and how to convert it.
    """
    if path is None or not Path(path).is_file():
        return
    try:
        with rasterio.open(path) as src:
            unit = declared_vertical_unit(src)
    except rasterio.errors.RasterioIOError:
        return  # not a raster (an XYZ grid, tiles, or city.toml for a flat DEM): no unit tag to check
    if unit in FEET_UNITS:
        raise InputError(path, f"The DEM declares its heights in feet ({unit!r}); the flood model needs metres.",
                         "Convert the heights to metres (international foot × 0.3048, US survey foot × 0.3048006, "
                         "e.g. `gdal_calc.py -A dem.tif --calc=A*0.3048 --outfile dem_m.tif`) and set the band unit "
                         "to metres.", field="units")
