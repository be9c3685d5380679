"""Scenario results as files a planner opens in QGIS, each with a metadata sidecar.

A scenario builder declares what of its results leaves the viewer as :class:`ScenarioExports`
(``ScenarioOutput.exports``): rasters (:class:`RasterExport`, written as cloud-optimised GeoTIFF)
and feature tables (:class:`VectorExport`, written as GeoPackage), in the city's working CRS.
The build hands them to :func:`write_exports`, the one writer: it names the files, writes them
and a JSON sidecar each (model and version, event or variant, build hash and date, the inputs
with source and licence, the attribution) and lists them under the scenario's ``exports`` in the
manifest, which is all the viewer needs to offer them — a new scenario model declares its exports
and gets downloads without new download code.
"""

from __future__ import annotations

from layers.exports.items import RasterExport, ScenarioExports, VectorExport
from layers.exports.writer import EXPORT_FORMATS, export_name, write_exports

__all__ = ["EXPORT_FORMATS", "RasterExport", "ScenarioExports", "VectorExport", "export_name", "write_exports"]
