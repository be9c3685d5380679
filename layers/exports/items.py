"""What a scenario builder hands the export writer: results in memory, with their units."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np

__all__ = ["RasterExport", "ScenarioExports", "VectorExport"]


@dataclass(frozen=True, eq=False)
class RasterExport:
    """A result grid on the model grid (NaN = nodata).

    Attributes
    ----------
    key
        Short stable name, part of the file name (``max_depth``).
    title
        German and English title.
    array
        The values in ``unit``, rows north to south.
    transform
        The grid's affine transform (working CRS, m).
    crs
        The working CRS (``EPSG:25832``).
    unit
        Unit of the values (``m``, ``m/s``, ``°``).
    """

    key: str
    title: dict[str, str]
    array: np.ndarray
    transform: object
    crs: str
    unit: str


@dataclass(frozen=True, eq=False)
class VectorExport:
    """A feature table in the working CRS.

    Attributes
    ----------
    key
        Short stable name, part of the file name and the GeoPackage layer name (``links``).
    title
        German and English title.
    frame
        The features; column names carry their unit where they have one (``volume_base_vph``).
    fields
        Column → ``{"unit", "de", "en"}`` (what the sidecar says about each column).
    """

    key: str
    title: dict[str, str]
    frame: gpd.GeoDataFrame
    fields: dict[str, dict[str, str]]


@dataclass(eq=False)
class ScenarioExports:
    """The exports of one scenario.

    Attributes
    ----------
    scenario
        The scenario id (as in the manifest).
    model
        ``{"name", "reference"}`` of the model that computed it, and ``"version"`` when it is not
        urban-twin's own (the writer fills in urban-twin's version).
    run
        What was run: the event (rain depth, duration) or the variant (speed limits, zone).
    items
        The rasters and feature tables.
    """

    scenario: str
    model: dict[str, str]
    run: dict
    items: list[RasterExport | VectorExport] = field(default_factory=list)
