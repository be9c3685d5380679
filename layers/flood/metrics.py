"""The figures of a heavy-rain run and its metrics card.

Per run: flooded area per depth class (m², permanent water excluded), buildings and residents
affected (water at the walls ≥ the first depth class, see :mod:`layers.flood.site`), peak water
volume on the surface (m³, from the depth frames) and the model's relative mass-balance error.
A measure's metrics carry their change against the event it modifies (its baseline).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers.flood.runs import FloodRun
from layers.flood.site import FloodSite
from layers.scenario_api import Metric
from layers.style import decimal_text, depth_class_labels, label

__all__ = ["FloodFigures", "flood_figures", "flood_metrics"]

NO_DELTA = ("rain_mm", "mass_error")  # the same rain, and solver round-off: no change to show


@dataclass(frozen=True)
class FloodFigures:
    """The figures of one run.

    Attributes
    ----------
    rain_mm
        Rain of the event (mm).
    class_areas_m2
        Flooded area per depth class (m²), permanent water excluded.
    buildings_affected
        Buildings with water at their walls of at least the first class.
    residents_affected
        Their residents (estimate).
    volume_peak_m3
        Most water on the land surface at a frame time (m³, rounded).
    mass_error
        Relative mass-balance error of the run (-).
    """

    rain_mm: float
    class_areas_m2: tuple[float, ...]
    buildings_affected: int
    residents_affected: int
    volume_peak_m3: int
    mass_error: float

    @property
    def flooded_area_m2(self) -> float:
        """Area at least as deep as the first class (m²)."""
        return sum(self.class_areas_m2)


def flood_figures(site: FloodSite, run: FloodRun, depth: np.ndarray, at_building: np.ndarray,
                  classes: tuple[float, ...], rain_mm: float) -> FloodFigures:
    """The figures of a run whose max depth on open cells is ``depth`` (m) and at the buildings
    ``at_building`` (m).
    """
    counted = site.counted_cells
    cell_area = site.cell_area_m2
    volumes = [float(np.where(counted, frame, 0.0).sum()) * cell_area for frame in run.depth_frames_m]
    upper = [*classes[1:], np.inf]
    areas = tuple(float(((depth >= lo) & (depth < hi) & counted).sum()) * cell_area
                  for lo, hi in zip(classes, upper, strict=True))
    affected = at_building >= classes[0]
    # a building of several BuildingParts counts once (building_id: layers.importers.city_model)
    building_ids = site.buildings.get("building_id", site.buildings["id"])
    return FloodFigures(rain_mm=rain_mm, class_areas_m2=areas, buildings_affected=int(building_ids[affected].nunique()),
                        residents_affected=int(round(site.residents[affected].sum())),
                        volume_peak_m3=round(max(volumes) if volumes else 0.0), mass_error=run.mass_error)


def _rows(figures: FloodFigures, classes: tuple[float, ...]) -> list[tuple[str, float, dict, str, int]]:
    """(key, value, label, unit, decimals) in the order of the metrics card."""
    first_de, first_en = decimal_text(classes[0], "de"), decimal_text(classes[0], "en")
    return [
        ("rain_mm", figures.rain_mm, label("Regen", "Rain"), "mm", 0),
        ("flooded_area", figures.flooded_area_m2,
         label(f"Überflutete Fläche ≥ {first_de} m", f"Flooded area ≥ {first_en} m"), "m²", 0),
        *[(f"area_class_{k + 1}", area, label(f"Fläche {lab['de']}", f"Area {lab['en']}"), "m²", 0)
          for k, (area, lab) in enumerate(zip(figures.class_areas_m2, depth_class_labels(classes), strict=True))],
        ("buildings_affected", figures.buildings_affected, label("Betroffene Gebäude", "Buildings affected"), "", 0),
        ("residents_affected", figures.residents_affected,
         label("Betroffene Einwohner (geschätzt)", "Residents affected (estimate)"), "", 0),
        ("volume_peak", figures.volume_peak_m3,
         label("Wasservolumen an der Oberfläche (Höchststand)", "Surface water volume (peak)"), "m³", 0),
        ("mass_error", figures.mass_error * 1e6, label("Massenbilanzfehler", "Mass-balance error"), "ppm", 4),
    ]


def flood_metrics(figures: FloodFigures, classes: tuple[float, ...],
                  baseline: FloodFigures | None = None) -> list[Metric]:
    """The metrics card of a run; with ``baseline`` (the event a measure modifies) each figure's change."""
    before = {key: value for key, value, *_ in _rows(baseline, classes)} if baseline is not None else None
    return [Metric(key, lab, value, unit, decimals,
                   None if before is None or key in NO_DELTA else value - before[key])
            for key, value, lab, unit, decimals in _rows(figures, classes)]
