"""When a building counts as affected by heavy rain.

There is no single German definition. We follow the reading of the state heavy-rain hazard maps
made under the LUBW guideline (Leitfaden Kommunales Starkregenrisikomanagement in
Baden-Württemberg, 2016; adopted by NRW's Arbeitshilfe kommunales Starkregenrisikomanagement,
2018), as e.g. Stadt Ulm explains its maps: below about 10 cm water does not reach basement windows
and light wells above ground; "between 10 and 50 cm water can enter buildings". A building is
therefore *affected* when the maximum water depth along its walls (the open cells within one model
cell of its footprint, :mod:`layers.flood.site`) reaches ``affected_depth_m`` — 0.10 m unless
``[scenarios.starkregen] affected_depth_m`` says otherwise. Object protection of height h
(:mod:`layers.flood.object_protection`) raises that bar at its buildings: affected only above h.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DEFAULT_AFFECTED_DEPTH_M", "buildings_affected"]

DEFAULT_AFFECTED_DEPTH_M = 0.10


def buildings_affected(depth_at_walls_m: np.ndarray, *, threshold_m: float = DEFAULT_AFFECTED_DEPTH_M,
                       barrier_m: np.ndarray | None = None) -> np.ndarray:
    """Which buildings are affected (bool): depth at the walls (m) ≥ ``threshold_m`` (m) and, where
    a building has a barrier (``barrier_m``, m, 0 = none), above the barrier.
    """
    depth = np.asarray(depth_at_walls_m, float)
    affected = depth >= threshold_m - 1e-9
    if barrier_m is not None:
        affected &= depth > np.asarray(barrier_m, float) + 1e-9
    return affected
