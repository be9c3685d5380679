"""The figures of a heavy-rain run and its metrics card.

Per run: flooded area per depth class (m², permanent water and a measure's own footprint left
out), buildings and residents affected (:mod:`layers.flood.affected`), peak water volume on the
surface (m³, from the depth frames) and the model's relative mass-balance error. An event's card
also shows the buildings affected when roof water is drained by the sewer (roof water's share).
A measure's card shows its size, then its effect in its area of effect (:mod:`layers.flood.catchment`)
— flooded area, buildings and residents affected, the deepest water at a building, each with its
change against the event — and then the city-wide figures with their change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers.flood.affected import buildings_affected
from layers.flood.site import FloodSite
from layers.scenario_api import Metric
from layers.style import decimal_text, depth_class_labels, label

__all__ = ["FloodFigures", "LocalFigures", "flood_figures", "flood_metrics", "local_figures", "measure_metrics"]

NO_DELTA = ("rain_mm", "mass_error", "buildings_affected_roofs_drained", "residents_affected_roofs_drained")
WORST_BUILDINGS = 5


@dataclass(frozen=True)
class FloodFigures:
    """The city-wide figures of one run.

    Attributes
    ----------
    rain_mm
        Rain of the event (mm).
    class_areas_m2
        Flooded area per depth class (m²), permanent water (and a measure's footprint) excluded.
    buildings_affected
        Buildings affected (:func:`layers.flood.affected.buildings_affected`).
    residents_affected
        Their residents (estimate).
    volume_peak_m3
        Most water on the land surface at a frame time (m³, rounded).
    mass_error
        Relative mass-balance error of the run (-).
    roofs_drained
        Buildings and residents affected in the same event with roof water drained (None: not run).
    """

    rain_mm: float
    class_areas_m2: tuple[float, ...]
    buildings_affected: int
    residents_affected: int
    volume_peak_m3: int
    mass_error: float
    roofs_drained: tuple[int, int] | None = None

    @property
    def flooded_area_m2(self) -> float:
        """Area at least as deep as the first class (m²)."""
        return sum(self.class_areas_m2)


def flood_figures(site: FloodSite, depth: np.ndarray, at_building: np.ndarray, frames: np.ndarray, *,
                  classes: tuple[float, ...], rain_mm: float, mass_error: float, threshold_m: float,
                  barrier_m: np.ndarray | None = None, exclude: np.ndarray | None = None) -> FloodFigures:
    """The figures of a run whose max depth on open cells is ``depth`` (m), at the buildings
    ``at_building`` (m), with depth ``frames`` (m); ``exclude`` marks cells left out of the areas.
    """
    counted = site.counted_cells if exclude is None else site.counted_cells & ~exclude
    cell_area = site.cell_area_m2
    volumes = [float(np.where(site.counted_cells, frame, 0.0).sum()) * cell_area for frame in frames]
    upper = [*classes[1:], np.inf]
    areas = tuple(float(((depth >= lo) & (depth < hi) & counted).sum()) * cell_area
                  for lo, hi in zip(classes, upper, strict=True))
    affected = buildings_affected(at_building, threshold_m=threshold_m, barrier_m=barrier_m)
    # a building of several BuildingParts counts once (building_id: layers.importers.city_model)
    building_ids = site.buildings.get("building_id", site.buildings["id"])
    return FloodFigures(rain_mm=rain_mm, class_areas_m2=areas, buildings_affected=int(building_ids[affected].nunique()),
                        residents_affected=int(round(site.residents[affected].sum())),
                        volume_peak_m3=round(max(volumes) if volumes else 0.0), mass_error=mass_error)


@dataclass(frozen=True)
class LocalFigures:
    """A measure's effect in its area of effect, before (its event) and after (with the measure).

    Attributes
    ----------
    area_m2
        Land in the area of effect (m²), the measure's footprint included.
    buildings
        Buildings with a wall cell in the area.
    flooded_m2, buildings_affected, residents_affected, max_depth_m
        (before, after): area at least ``threshold_m`` deep outside the footprint (m²), buildings and
        residents affected, deepest water at one of the area's buildings (m).
    worst
        The buildings with the deepest water before: (id, before m, after m), deepest first.
    """

    area_m2: float
    buildings: int
    flooded_m2: tuple[float, float]
    buildings_affected: tuple[int, int]
    residents_affected: tuple[int, int]
    max_depth_m: tuple[float, float]
    worst: tuple[tuple[str, float, float], ...]

    def to_manifest(self) -> dict:
        """The figures as the manifest's ``measure.local`` entry."""
        return {"area_m2": round(self.area_m2), "buildings": self.buildings,
                "flooded_m2": [round(v) for v in self.flooded_m2],
                "buildings_affected": list(self.buildings_affected),
                "residents_affected": list(self.residents_affected),
                "max_depth_m": [round(v, 2) for v in self.max_depth_m],
                "worst": [{"id": i, "before_m": round(b, 2), "after_m": round(a, 2)} for i, b, a in self.worst]}


def local_figures(site: FloodSite, area: np.ndarray, footprint: np.ndarray, depth: tuple[np.ndarray, np.ndarray],
                  at_building: tuple[np.ndarray, np.ndarray], *, threshold_m: float,
                  barrier_m: np.ndarray | None = None) -> LocalFigures:
    """The figures in ``area`` (bool cells) of a run against its event: ``depth`` and ``at_building``
    are (before, after) max depths on the grid and at the buildings (m); ``barrier_m`` applies after.
    """
    inside = np.zeros(len(site.buildings), bool)
    np.logical_or.at(inside, site.wall_building, area.reshape(-1)[site.wall_cell])
    land = area & site.counted_cells
    wet_land = land & ~footprint
    flooded = tuple(float((wet_land & (d >= threshold_m)).sum()) * site.cell_area_m2 for d in depth)
    affected = (buildings_affected(at_building[0], threshold_m=threshold_m) & inside,
                buildings_affected(at_building[1], threshold_m=threshold_m, barrier_m=barrier_m) & inside)
    ids = site.buildings["id"].to_numpy()
    rows = np.flatnonzero(inside & (at_building[0] > 0))
    rows = rows[np.lexsort((-at_building[1][rows], -at_building[0][rows]))][:WORST_BUILDINGS]
    return LocalFigures(
        area_m2=float(land.sum()) * site.cell_area_m2, buildings=int(inside.sum()), flooded_m2=flooded,
        buildings_affected=tuple(int(a.sum()) for a in affected),
        residents_affected=tuple(int(round(site.residents[a].sum())) for a in affected),
        max_depth_m=tuple(float(d[inside].max()) if inside.any() else 0.0 for d in at_building),
        worst=tuple((str(ids[r]), float(at_building[0][r]), float(at_building[1][r])) for r in rows))


def _rows(figures: FloodFigures, classes: tuple[float, ...]) -> list[tuple[str, float, dict, str, int]]:
    """(key, value, label, unit, decimals) in the order of the metrics card."""
    first_de, first_en = decimal_text(classes[0], "de"), decimal_text(classes[0], "en")
    rows = [
        ("rain_mm", figures.rain_mm, label("Regen", "Rain"), "mm", 0),
        ("flooded_area", figures.flooded_area_m2,
         label(f"Überflutete Fläche ≥ {first_de} m", f"Flooded area ≥ {first_en} m"), "m²", 0),
        *[(f"area_class_{k + 1}", area, label(f"Fläche {lab['de']}", f"Area {lab['en']}"), "m²", 0)
          for k, (area, lab) in enumerate(zip(figures.class_areas_m2, depth_class_labels(classes), strict=True))],
        ("buildings_affected", figures.buildings_affected, label("Betroffene Gebäude", "Buildings affected"), "", 0),
        ("residents_affected", figures.residents_affected,
         label("Betroffene Einwohner (geschätzt)", "Residents affected (estimate)"), "", 0),
    ]
    if figures.roofs_drained is not None:
        rows += [("buildings_affected_roofs_drained", figures.roofs_drained[0],
                  label("Betroffene Gebäude, wenn Dachwasser abgeleitet wird",
                        "Buildings affected if roof water is drained"), "", 0),
                 ("residents_affected_roofs_drained", figures.roofs_drained[1],
                  label("Betroffene Einwohner, wenn Dachwasser abgeleitet wird",
                        "Residents affected if roof water is drained"), "", 0)]
    return rows + [
        ("volume_peak", figures.volume_peak_m3,
         label("Wasservolumen an der Oberfläche (Höchststand)", "Surface water volume (peak)"), "m³", 0),
        ("mass_error", figures.mass_error * 1e6, label("Massenbilanzfehler", "Mass-balance error"), "ppm", 4),
    ]


def flood_metrics(figures: FloodFigures, classes: tuple[float, ...],
                  baseline: FloodFigures | None = None) -> list[Metric]:
    """The metrics card of a run; with ``baseline`` (the event a measure modifies) each figure's change."""
    before = {key: value for key, value, *_ in _rows(baseline, classes)} if baseline is not None else None
    return [Metric(key, lab, value, unit, decimals,
                   None if before is None or key in NO_DELTA or key not in before else value - before[key])
            for key, value, lab, unit, decimals in _rows(figures, classes)]


def measure_metrics(size: tuple[Metric, ...], local: LocalFigures, threshold_m: float) -> list[Metric]:
    """The measure's size, then its effect in its area of effect (value after, change against before)."""
    t_de, t_en = decimal_text(threshold_m, "de"), decimal_text(threshold_m, "en")
    rows = [
        ("local_area", local.area_m2, None, label("Wirkungsbereich: Fläche", "Area of effect: size"), "m²", 0),
        ("local_flooded_area", local.flooded_m2[1], local.flooded_m2[1] - local.flooded_m2[0],
         label(f"Wirkungsbereich: überflutet ≥ {t_de} m", f"Area of effect: flooded ≥ {t_en} m"), "m²", 0),
        ("local_buildings_affected", local.buildings_affected[1],
         local.buildings_affected[1] - local.buildings_affected[0],
         label(f"Wirkungsbereich: betroffene Gebäude (von {local.buildings})",
               f"Area of effect: buildings affected (of {local.buildings})"), "", 0),
        ("local_residents_affected", local.residents_affected[1],
         local.residents_affected[1] - local.residents_affected[0],
         label("Wirkungsbereich: betroffene Einwohner", "Area of effect: residents affected"), "", 0),
        ("local_max_depth", local.max_depth_m[1], local.max_depth_m[1] - local.max_depth_m[0],
         label("Wirkungsbereich: größte Tiefe an einem Gebäude", "Area of effect: deepest water at a building"),
         "m", 2),
    ]
    return [*(Metric(f"size_{m.key}", m.label, m.value, m.unit, m.decimals) for m in size),
            *(Metric(key, lab, value, unit, decimals, delta) for key, value, delta, lab, unit, decimals in rows)]
