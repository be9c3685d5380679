"""The faces of a flat-roofed box: a footprint extruded from ``base_m`` to ``top_m``.

Buildings without roof information drawn beside LoD2 buildings in one surface layer
(``layers.roofs.records``) become these: the footprint (courtyards kept) at the top and one
vertical wall per footprint edge, facing out.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

__all__ = ["box_surfaces"]


def box_surfaces(footprint: Polygon, *, base_m: float, top_m: float) -> list[tuple[str, list[np.ndarray]]]:
    """Roof and walls of a box (rings (n, 3) in m, not closed; roof facing up, walls out)."""
    footprint = orient(footprint, 1.0)
    rings = [shapely.get_coordinates(r) for r in [footprint.exterior, *footprint.interiors]]
    out: list[tuple[str, list[np.ndarray]]] = [
        ("roof", [np.column_stack([xy[:-1], np.full(len(xy) - 1, top_m)]) for xy in rings])]
    for xy in rings:
        for p, q in zip(xy[:-1], xy[1:]):
            if p[0] == q[0] and p[1] == q[1]:
                continue
            out.append(("wall", [np.array([[*p, base_m], [*q, base_m], [*q, top_m], [*p, top_m]])]))
    return out
