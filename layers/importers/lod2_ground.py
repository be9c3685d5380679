"""Stand LoD2 buildings on the DEM, and say where their own ground disagrees with it.

A city model gives each building its own ground height (the lowest z of its ground surfaces:
``model_ground_m``); the build stands every building on the DEM instead (its base is the lowest DEM
height under its footprint's outline, as ``layers.base_layers`` draws it), so that buildings and
terrain meet. Where the two differ by more than ``GROUND_TOLERANCE_M`` the building would float or
sink if drawn at its own heights: those are counted and the largest offset named in the build
output. A constant offset over most buildings points at different height systems (or, as in
Zürich's 3D model, ground surfaces drawn 3 m below the terrain on purpose). The building's
surfaces (``layers.importers.lod2_surfaces``) are moved by the same offset, so roofs stay on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from layers.inputs import Dem

__all__ = ["dem_ground_m", "ground_offsets", "GROUND_TOLERANCE_M"]

GROUND_TOLERANCE_M = 1.0  # own ground vs DEM (m) beyond which a building counts as re-seated


def dem_ground_m(geometries: np.ndarray, dem: Dem) -> np.ndarray:
    """The lowest DEM height (m) at the vertices of each footprint's exterior ring(s)."""
    parts, owner = shapely.get_parts(geometries, return_index=True)
    coords, index = shapely.get_coordinates(shapely.get_exterior_ring(parts), return_index=True)
    ground = np.full(len(geometries), np.inf)
    np.minimum.at(ground, owner[index], dem.sample(coords[:, 0], coords[:, 1]))
    ground[~np.isfinite(ground)] = np.nan
    return ground


def ground_offsets(frame: pd.DataFrame, dem: Dem, *, tolerance_m: float = GROUND_TOLERANCE_M,
                   flat: bool = False) -> tuple[pd.Series, list[str], dict]:
    """How far each building must move (m, DEM ground − its own ground) to stand on the DEM.

    Parameters
    ----------
    frame
        Buildings in the DEM's CRS with ``id`` and ``model_ground_m`` (NaN where unknown).
    tolerance_m
        Differences up to this are agreement (m).
    flat
        The DEM is a flat stand-in (the note then asks for a real one).

    Returns
    -------
    offsets
        By ``id`` (m; 0 where the model has no ground height).
    notes
        Build-output lines (only when some building is off by more than ``tolerance_m``).
    stats
        ``{"checked": n, "count": n beyond tolerance, "largest_m": m, "largest_id": id, "median_m": m}``.
    """
    own = pd.to_numeric(frame["model_ground_m"], errors="coerce").to_numpy(dtype=float)
    dem_ground = dem_ground_m(frame.geometry.values, dem)
    offset = dem_ground - own
    known = np.isfinite(offset)
    offsets = pd.Series(np.where(known, offset, 0.0), index=frame["id"].astype(str).to_numpy())
    stats = {"checked": int(known.sum()), "count": 0, "largest_m": 0.0, "largest_id": None, "median_m": 0.0,
             "tolerance_m": tolerance_m}
    if not known.any():
        return offsets, [], stats
    beyond = known & (np.abs(np.where(known, offset, 0.0)) > tolerance_m)
    worst = int(np.nanargmax(np.where(known, np.abs(offset), -1.0)))
    stats.update(count=int(beyond.sum()), largest_m=round(float(offset[worst]), 2),
                 largest_id=str(frame["id"].iloc[worst]), median_m=round(float(np.median(offset[known])), 2))
    notes = []
    if beyond.any():
        notes.append(
            f"{stats['count']} of {stats['checked']} buildings have their own ground more than "
            f"{tolerance_m:g} m from the {'flat stand-in ' if flat else ''}DEM (largest {stats['largest_m']:+.1f} m "
            f"at {stats['largest_id']}): seated on the DEM, their surfaces moved with them"
        )
        if beyond.mean() > 0.5 and not flat:
            notes.append(f"most buildings are off by about {stats['median_m']:+.1f} m: check that DEM and buildings "
                         "use the same height system (e.g. DHHN2016)")
        if flat:
            notes.append("the buildings' ground heights vary: add the terrain (dem = \"<DGM1 tiles>\" under [inputs])")
    return offsets, notes, stats
