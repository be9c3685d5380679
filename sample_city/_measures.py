"""The sample city's heavy-rain measure site (``measures.fgb``) and its ``[scenarios.starkregen]``.

Where to act follows from the terrain the generator designed (``sample_city._terrain``): the low
section of the Uferstraße lies 1 m below the street beside it, and the floodplain meadow between it
and the river Mulde is higher still (its bank about 1.5 m above the low street). Rain that runs
into the low street cannot leave it: it ponds at the walls of the houses along the street. The
textbook answer is an emergency flow path (Notwasserweg, DWA-M 119 (2016); the state heavy-rain
guidelines, e.g. LUBW 2016): the street profiled as a trough that carries the water the sewer
cannot take downhill to a receiving water. The line runs along the whole lowered section, so all of
it drains, then the shortest way across the meadow to the river's bank and :data:`INTO_RIVER_M` on
into it — from the end where that bank is lower, so the cut is the shallower of the two. Its floor falls
:data:`FLOW_PATH_MIN_SLOPE` (a level street section allows no more within a cut the bank permits);
on the model's 8 m grid a diagonal trough needs :data:`FLOW_PATH_WIDTH_M` to stay connected cell to
cell, and crossing the bank needs a cut of up to :data:`FLOW_PATH_MAX_CUT_M`.

The sunken market square and the railway underpass were considered first: the square's catchment
is sealed old town without open land for a retention area, and the underpass lies 4–5 m below all
ground around it, so no flow path can drain it by gravity (the model refuses such a line).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point

from sample_city._terrain import Terrain

__all__ = ["FLOW_PATH_MAX_CUT_M", "FLOW_PATH_MIN_SLOPE", "FLOW_PATH_NAME", "FLOW_PATH_WIDTH_M", "INTO_RIVER_M",
           "flood_measures_toml", "measure_sites"]

FLOW_PATH_NAME = "Notwasserweg Uferstraße"
INTO_RIVER_M = 12.0
FLOW_PATH_WIDTH_M = 12.0
FLOW_PATH_MAX_CUT_M = 2.5
FLOW_PATH_MIN_SLOPE = 0.002


def measure_sites(low_street: LineString, river: shapely.Geometry, terrain: Terrain, crs: str) -> gpd.GeoDataFrame:
    """The measures layer: the flow path along the lowered Uferstraße section, then to the river (m)."""
    candidates = []
    for coords in (list(low_street.coords), list(low_street.coords)[::-1]):
        end = Point(coords[-1])
        bank = shapely.ops.nearest_points(end, river.boundary)[1]
        direction = np.array([bank.x - end.x, bank.y - end.y])
        outlet = np.array([bank.x, bank.y]) + INTO_RIVER_M * direction / np.hypot(*direction)
        connector = LineString([coords[-1], (bank.x, bank.y)])
        samples = shapely.get_coordinates(shapely.segmentize(connector, 1.0))
        cols, rows = ~terrain.transform * (samples[:, 0], samples[:, 1])
        highest = float(terrain.z[rows.astype(int), cols.astype(int)].max())
        candidates.append((highest, LineString([*coords, tuple(outlet)])))
    line = shapely.set_precision(min(candidates, key=lambda c: c[0])[1], 0.01)
    return gpd.GeoDataFrame({"id": ["M01"], "name": [FLOW_PATH_NAME], "kind": ["flow_path"]}, geometry=[line],
                            crs=crs)


def flood_measures_toml() -> list[str]:
    """The ``[scenarios.starkregen]`` lines of city.toml: the default measures and the flow path, and
    which runs on which event (the flow path on all three, to show where it helps and where not).
    """
    return [
        "# Heavy-rain measures (layers.flood.options); which measure runs on which event: [scenarios.starkregen.runs].",
        "# The flow path's site is in measures.fgb, placed by sample_city._measures (low street → river).",
        "[scenarios.starkregen]",
        'roof_water_drained = ["extrem"]  # roof water\'s share of the buildings affected',
        "",
        "[[scenarios.starkregen.measures]]",
        'id = "notweg"',
        'type = "flow_path"',
        f'site = "{FLOW_PATH_NAME}"',
        f"width_m = {FLOW_PATH_WIDTH_M:g}",
        "depth_m = 0.3",
        f"min_slope = {FLOW_PATH_MIN_SLOPE:g}",
        f"max_cut_m = {FLOW_PATH_MAX_CUT_M:g}",
        'label_de = "Notwasserweg Uferstraße → Mulde"',
        'label_en = "Emergency flow path Uferstraße → river"',
        "",
        "[[scenarios.starkregen.measures]]",
        'id = "entsiegelung"',
        'zone = "Altstadt"',
        "unseal_share = 0.5",
        "infiltration_mm_h = 40.0",
        'label_de = "Entsiegelung Altstadt"',
        'label_en = "Unsealing Altstadt"',
        "",
        "[scenarios.starkregen.runs]",
        'selten = ["notweg"]',
        'aussergewoehnlich = ["notweg"]',
        'extrem = ["notweg", "entsiegelung"]',
        "",
    ]
