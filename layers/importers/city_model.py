"""What the city-model readers (CityGML, CityJSON) produce: one row per building volume, and its
surfaces.

A building without parts is one row. A building made of BuildingParts gives one row per part,
each with its own footprint, height, storeys and ground (a 15-part complex of 11.9–30.8 m stays
fifteen volumes, not one slab); a building that has geometry of its own besides its parts adds a
row for that. Every row carries ``building_id`` (the building's ``gml:id``) and ``id`` (unique:
the part's id, or the building's own). Attributes a part lacks (function, name, storeys) come
from its building; heights never do — a part without ``measuredHeight`` takes its own z span.

``PartTable`` is fed one part at a time by a streaming reader and keeps only the compact results
(a row and the part's surfaces, ``layers.importers.lod2_surfaces``), so the XML / JSON of a
building is freed as soon as it is read.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from layers.config import CONFIG_NAME
from layers.errors import InputError
from layers.importers.adv_functions import function_use
from layers.importers.crs_names import horizontal_crs, suggest_crs
from layers.importers.footprints import MIN_AREA_M2, footprint, ground_height_m, span_height_m
from layers.importers.lod2_surfaces import Lod2Surfaces, SurfaceCollector

__all__ = ["Part", "PartTable", "CityModel", "COLUMNS"]

COLUMNS = ["id", "building_id", "height_m", "storeys", "use", "function", "name", "model_ground_m", "geometry"]


@dataclass
class Part:
    """One building volume as read from the file (coordinates in the file's CRS, z in m).

    Attributes
    ----------
    id, building_id
        The volume's id and its building's id (equal for a building without parts).
    measured_height_m
        ``measuredHeight`` (m) or None.
    storeys, function, code_space, name
        Attributes (None where the file has none; the reader fills them from the building).
    surfaces
        (kind, rings) pairs: kind is ``roof``, ``wall``, ``ground``, ``closure``, ``footprint``
        (an LoD0 footprint) or ``other``; rings [exterior, *holes], arrays (n, 3).
    """

    id: str
    building_id: str
    measured_height_m: float | None = None
    storeys: float | None = None
    function: object = None
    code_space: str | None = None
    name: str | None = None
    surfaces: list[tuple[str, list[np.ndarray]]] = field(default_factory=list)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass
class PartTable:
    """Collects the rows and surfaces of a file's parts (see the module text).

    Parameters
    ----------
    geographic
        The file's CRS is in degrees (areas are tiny: the sliver threshold shrinks accordingly).
    """

    geographic: bool = False
    rows: list[dict] = field(default_factory=list)
    surfaces: SurfaceCollector = field(default_factory=SurfaceCollector)
    from_measured: int = 0
    from_geometry: int = 0
    no_footprint: int = 0
    uses: Counter = field(default_factory=Counter)
    unknown_functions: Counter = field(default_factory=Counter)
    hints: list[str] = field(default_factory=list)

    def add(self, part: Part) -> None:
        """Turn a part into a row (footprint, height, ground, use) and keep its surfaces."""
        if len(self.hints) < 3:
            self.hints.append(part.building_id)
        by_kind: dict[str, list[list[np.ndarray]]] = {}
        for kind, rings in part.surfaces:
            by_kind.setdefault(kind, []).append(rings)
        everything = [rings for kind, rings in part.surfaces if kind != "footprint"]
        ground = by_kind.get("ground", [])
        min_area = MIN_AREA_M2 * 1e-10 if self.geographic else MIN_AREA_M2
        geom = footprint([ground, by_kind.get("footprint", []), by_kind.get("roof", []), everything], min_area=min_area)
        if geom is None:
            self.no_footprint += 1
            return
        height = part.measured_height_m if part.measured_height_m and part.measured_height_m > 0 else None
        if height is not None:
            self.from_measured += 1
        else:
            height = span_height_m(everything)
            self.from_geometry += height is not None
        use = function_use(part.function, code_space=part.code_space)
        self.uses[use] += 1
        if use == "other" and part.function not in (None, "", []):
            self.unknown_functions[str(part.function)] += 1
        own_ground = ground_height_m(ground, everything)
        self.rows.append({"id": part.id, "building_id": part.building_id,
                          "height_m": height if height is not None else math.nan,
                          "storeys": _number(part.storeys) if part.storeys is not None else math.nan,
                          "use": use, "function": "" if part.function is None else str(part.function),
                          "name": part.name or "", "model_ground_m": own_ground if own_ground is not None else math.nan,
                          "geometry": geom})
        for kind, rings in part.surfaces:
            if kind != "footprint":
                self.surfaces.add(part.building_id, part.id, kind, rings)


@dataclass
class CityModel:
    """The buildings of one city-model file (or a folder of them) in the file's CRS.

    Attributes
    ----------
    frame
        One row per building volume: ``COLUMNS`` (height_m in m, NaN where unknown; use from the
        function code; model_ground_m: the lowest z of its ground surfaces, m).
    surfaces
        Their 3D roof / wall / ground polygons (same CRS), keyed by building and part id.
    notes
        What the import did, one line each, for the build output.
    """

    frame: gpd.GeoDataFrame
    surfaces: Lod2Surfaces
    notes: list[str]

    @classmethod
    def from_parts(cls, path: Path, table: PartTable, *, fmt: str, crs_name: str | None, crs: str | None,
                   crs_field: str, skipped: dict[str, int] | None = None) -> CityModel:
        """Assemble the frame in the file's CRS (``crs_name``, else the configured ``crs``) with
        the notes: counts of buildings, parts, height sources and uses.

        Raises
        ------
        InputError
            If the file names no CRS we understand and none is configured (the fix names a CRS
            suggested by the data: ``layers.importers.crs_names.suggest_crs``).
        """
        file_crs = horizontal_crs(crs_name)
        notes: list[str] = []
        if file_crs is None:
            stated = f"names the CRS {crs_name!r}, which is not recognised" if crs_name else "names no CRS"
            bounds = tuple(shapely.total_bounds([row["geometry"] for row in table.rows])) if table.rows else None
            hint = suggest_crs(bounds, hints=[path.name, *table.hints])
            if crs is None:
                raise InputError(path, f"The {fmt} file {stated}, and city.toml configures none.",
                                 hint.as_fix(f"[inputs.buildings] in {CONFIG_NAME}"), field=crs_field)
            notes.append(f"{path.name} {stated}: {crs} from {CONFIG_NAME} assumed")
            if not hint.guess and gpd.GeoSeries(crs=hint.crs).crs != gpd.GeoSeries(crs=crs).crs:
                notes.append(f"check the CRS of {path.name}: {hint.why}, which suggests {hint.crs}, not {crs} "
                             f'(set crs = "{hint.crs}" in [inputs.buildings] if so)')
        frame = gpd.GeoDataFrame(table.rows, columns=COLUMNS, geometry="geometry", crs=file_crs or crs)
        surfaces = table.surfaces.build()
        surfaces.crs = file_crs or crs
        buildings = frame["building_id"].nunique()
        parts = int((frame["id"] != frame["building_id"]).sum())
        notes[:0] = [f"{buildings} buildings from {fmt} {path.name}"
                 + (f" ({len(frame)} volumes: {parts} BuildingParts kept with their own heights)" if parts else "")
                 + f"; heights: {table.from_measured} measuredHeight, {table.from_geometry} from the geometry's z span"]
        uses = ", ".join(f"{n} {use}" for use, n in table.uses.most_common())
        if (frame["function"] != "").any():
            notes.append(f"building uses from the function codes: {uses}")
        elif len(frame):
            notes.append("no building function codes: every building's use is 'other'")
        if table.unknown_functions:
            codes = ", ".join(f"{code} ({n}×)" for code, n in table.unknown_functions.most_common(5))
            notes.append(f"unknown function codes read as use 'other': {codes}")
        if table.no_footprint:
            notes.append(
                f"{table.no_footprint} {fmt} building volume(s) without a footprint (no surface with an area) skipped"
            )
        for what, count in (skipped or {}).items():
            if count:
                notes.append(f"{count} {what} skipped")
        return cls(frame=frame, surfaces=surfaces, notes=notes)

