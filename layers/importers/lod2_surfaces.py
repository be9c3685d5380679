"""The roof, wall and ground surfaces of LoD2 buildings, kept compactly for the build.

City models (CityGML, CityJSON) describe each building — or each of its parts — by 3D polygons
with a meaning: roof, wall, ground, closure. The footprint extrusions drawn today need only the
footprints and heights; the surfaces are kept so that a later step can draw real roofs.

``Lod2Surfaces`` stores them as columns (the ragged-array layout of GeoArrow / shapely's
``to_ragged_array``): one coordinate array (n, 3) in metres, ring and polygon offsets, and per
polygon the building id (the parent building's ``gml:id``), the part id (the row ``id`` of the
buildings frame: a BuildingPart's id, or the building's own) and the surface kind. A 1 km² state
tile of ~5,000 polygons takes about 1 MB this way, against ~50 MB as Python objects, so a folder of
tiles fits where its XML would not. ``to_frame()`` gives a GeoDataFrame of 3D polygons when needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

__all__ = ["Lod2Surfaces", "SurfaceCollector", "SURFACE_KINDS"]

# CityGML thematic surface (local name) → our kind.
SURFACE_KINDS = {"RoofSurface": "roof", "WallSurface": "wall", "GroundSurface": "ground",
                 "ClosureSurface": "closure", "OuterCeilingSurface": "wall", "OuterFloorSurface": "roof"}
KINDS = ("roof", "wall", "ground", "closure", "other")


@dataclass
class Lod2Surfaces:
    """3D surface polygons of buildings (see the module text).

    Attributes
    ----------
    coords
        Vertices (n, 3): x, y in ``crs`` (m), z (m, as in the file; after ``shift_z`` on the DEM).
    ring_offsets
        Start of each ring in ``coords`` (one more entry than rings).
    polygon_offsets
        Start of each polygon in the rings (one more entry than polygons).
    table
        One row per polygon: ``building_id``, ``part_id``, ``surface`` (roof, wall, ground,
        closure, other).
    crs
        CRS of x and y.
    """

    coords: np.ndarray
    ring_offsets: np.ndarray
    polygon_offsets: np.ndarray
    table: pd.DataFrame
    crs: str | None

    def __len__(self) -> int:
        """The number of surfaces."""
        return len(self.table)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (bytes, without the id strings)."""
        return int(self.coords.nbytes + self.ring_offsets.nbytes + self.polygon_offsets.nbytes)

    @classmethod
    def empty(cls, crs: str | None = None) -> Lod2Surfaces:
        """No surfaces (in ``crs``)."""
        return cls(np.empty((0, 3)), np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64),
                   pd.DataFrame({"building_id": pd.Series(dtype=object), "part_id": pd.Series(dtype=object),
                                 "surface": pd.Categorical([], categories=KINDS)}), crs)

    def to_frame(self) -> gpd.GeoDataFrame:
        """The surfaces as a GeoDataFrame of 3D polygons (building_id, part_id, surface, geometry)."""
        geometry = shapely.from_ragged_array(shapely.GeometryType.POLYGON, self.coords,
                                             (self.ring_offsets, self.polygon_offsets))
        return gpd.GeoDataFrame(self.table.reset_index(drop=True), geometry=geometry, crs=self.crs)

    def to_crs(self, crs: str) -> Lod2Surfaces:
        """The same surfaces with x, y reprojected to ``crs`` (z unchanged)."""
        if self.crs is None or crs is None or gpd.GeoSeries(crs=self.crs).crs == gpd.GeoSeries(crs=crs).crs:
            return Lod2Surfaces(self.coords, self.ring_offsets, self.polygon_offsets, self.table, crs or self.crs)
        transformer = Transformer.from_crs(self.crs, crs, always_xy=True)
        x, y = transformer.transform(self.coords[:, 0], self.coords[:, 1])
        coords = np.column_stack([x, y, self.coords[:, 2]])
        return Lod2Surfaces(coords, self.ring_offsets, self.polygon_offsets, self.table, crs)

    def select(self, part_ids: Iterable[str]) -> Lod2Surfaces:
        """Only the polygons of these parts."""
        keep = self.table["part_id"].isin(set(part_ids)).to_numpy()
        if keep.all():
            return self
        return self._subset(np.nonzero(keep)[0])

    def _subset(self, polygons: np.ndarray) -> Lod2Surfaces:
        ring_starts, ring_ends = self.polygon_offsets[polygons], self.polygon_offsets[polygons + 1]
        rings = np.concatenate([np.arange(a, b) for a, b in zip(ring_starts, ring_ends)]) if len(polygons) \
            else np.empty(0, dtype=np.int64)
        coord_starts, coord_ends = self.ring_offsets[rings], self.ring_offsets[rings + 1]
        vertices = np.concatenate([np.arange(a, b) for a, b in zip(coord_starts, coord_ends)]) if len(rings) \
            else np.empty(0, dtype=np.int64)
        ring_offsets = np.concatenate([[0], np.cumsum(coord_ends - coord_starts)]).astype(np.int64)
        polygon_offsets = np.concatenate([[0], np.cumsum(ring_ends - ring_starts)]).astype(np.int64)
        return Lod2Surfaces(self.coords[vertices], ring_offsets, polygon_offsets,
                            self.table.iloc[polygons].reset_index(drop=True), self.crs)

    def shift_z(self, offset_by_part: pd.Series) -> Lod2Surfaces:
        """Add ``offset_by_part`` (m, indexed by part id; missing parts: 0) to every z of each part."""
        per_polygon = offset_by_part.reindex(self.table["part_id"]).fillna(0.0).to_numpy(dtype=float)
        if not np.any(per_polygon):
            return self
        rings_per_polygon = np.diff(self.polygon_offsets)
        per_ring = np.repeat(per_polygon, rings_per_polygon)
        per_vertex = np.repeat(per_ring, np.diff(self.ring_offsets))
        coords = self.coords.copy()
        coords[:, 2] += per_vertex
        return Lod2Surfaces(coords, self.ring_offsets, self.polygon_offsets, self.table, self.crs)

    @classmethod
    def concat(cls, parts: list[Lod2Surfaces], crs: str | None) -> Lod2Surfaces:
        """One store of several (each reprojected to ``crs`` first)."""
        parts = [p.to_crs(crs) if crs else p for p in parts if len(p)]
        if not parts:
            return cls.empty(crs)
        coords = np.concatenate([p.coords for p in parts])
        ring_offsets, polygon_offsets = [np.zeros(1, dtype=np.int64)], [np.zeros(1, dtype=np.int64)]
        vertex_base = ring_base = 0
        for p in parts:
            ring_offsets.append(p.ring_offsets[1:] + vertex_base)
            polygon_offsets.append(p.polygon_offsets[1:] + ring_base)
            vertex_base += int(p.ring_offsets[-1])
            ring_base += int(p.polygon_offsets[-1])
        table = pd.concat([p.table for p in parts], ignore_index=True)
        table["surface"] = pd.Categorical(table["surface"], categories=KINDS)
        return cls(coords, np.concatenate(ring_offsets), np.concatenate(polygon_offsets), table, crs)


@dataclass
class SurfaceCollector:
    """Gathers surfaces while a file is read, one building at a time (``add``), then ``build``s."""

    crs: str | None = None
    _coords: list[np.ndarray] = field(default_factory=list)
    _ring_sizes: list[int] = field(default_factory=list)
    _rings_per_polygon: list[int] = field(default_factory=list)
    _building: list[str] = field(default_factory=list)
    _part: list[str] = field(default_factory=list)
    _kind: list[str] = field(default_factory=list)

    def add(self, building_id: str, part_id: str, kind: str, rings: list[np.ndarray]) -> None:
        """One polygon: ``rings`` = [exterior, *holes], each (n, 3) in m (closed or not)."""
        rings = [r for r in rings if len(r) >= 3 and r.shape[1] >= 3]
        if not rings:
            return
        for ring in rings:
            if not np.array_equal(ring[0], ring[-1]):
                ring = np.vstack([ring, ring[:1]])
            self._coords.append(ring[:, :3])
            self._ring_sizes.append(len(ring))
        self._rings_per_polygon.append(len(rings))
        self._building.append(building_id)
        self._part.append(part_id)
        self._kind.append(kind if kind in KINDS else "other")

    def build(self) -> Lod2Surfaces:
        """The surfaces added so far, as one :class:`Lod2Surfaces`."""
        if not self._kind:
            return Lod2Surfaces.empty(self.crs)
        coords = np.concatenate(self._coords).astype(float)
        ring_offsets = np.concatenate([[0], np.cumsum(self._ring_sizes)]).astype(np.int64)
        polygon_offsets = np.concatenate([[0], np.cumsum(self._rings_per_polygon)]).astype(np.int64)
        table = pd.DataFrame({"building_id": pd.Series(self._building, dtype=object),
                              "part_id": pd.Series(self._part, dtype=object),
                              "surface": pd.Categorical(self._kind, categories=KINDS)})
        return Lod2Surfaces(coords, ring_offsets, polygon_offsets, table, self.crs)
