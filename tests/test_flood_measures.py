"""Analytic checks of the heavy-rain measures (layers.flood.terrain_measures, object_protection,
affected, catchment), each on a small synthetic grid where the right answer is known.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from affine import Affine
from shapely.geometry import LineString, box

from layers.flood import FloodGrid, block_rain, run_flood
from layers.flood.affected import buildings_affected
from layers.flood.catchment import area_of_effect, flow_network
from layers.flood.measure_base import MeasurePlace
from layers.flood.object_protection import ObjectProtection
from layers.flood.site import FloodSite, wall_cells
from layers.flood.state import FlowState, SchemeParams
from layers.flood.terrain_measures import FlowPath, Swales, flow_path_floor, retention_floor
from layers.scenario_options import OptionReader

DX = 2.0
AREA = DX * DX


def _state(z: np.ndarray, rain_w: np.ndarray, *, outlet: np.ndarray | None = None, n: float = 0.03) -> FlowState:
    """A flow state on open ground without losses; closed edges except the ``outlet`` cells' edge faces."""
    ny, nx = z.shape
    outlet = np.zeros(z.shape, bool) if outlet is None else outlet
    zeros = np.zeros(z.shape)
    return FlowState(z=z, blocked=np.zeros(z.shape, bool), manning_n=np.full(z.shape, n), rain_w=rain_w,
                     infiltration_m_s=zeros, drainage_m_s=zeros, dx=DX, open_w=outlet[:, 0].copy(),
                     open_e=outlet[:, -1].copy(), open_n=outlet[0, :].copy(), open_s=outlet[-1, :].copy(),
                     params=SchemeParams())


# ---------------------------------------------------------------------------------------- retention
def _plane_with_site() -> tuple[np.ndarray, np.ndarray]:
    """A plane falling 1 % to the east (40 × 30 cells of 2 m) and a 10 × 10 cell site in it."""
    rows, cols = np.mgrid[0:30, 0:40]
    z = 100.0 - 0.01 * DX * cols
    site = (rows >= 10) & (rows < 20) & (cols >= 15) & (cols < 25)
    return z, site


def test_retention_floor_holds_exactly_the_volume_below_its_spill_level() -> None:
    z, site = _plane_with_site()
    basin = retention_floor(z, site, np.ones(z.shape, bool), 150.0, AREA)
    assert basin.spill_m == pytest.approx(z[15, 25])  # the lowest rim cell: east of the site, downhill
    stored = np.clip(basin.spill_m - basin.z[site], 0, None).sum() * AREA
    assert stored == pytest.approx(150.0, rel=1e-9)
    assert np.array_equal(basin.z[~site], z[~site])  # nothing changes outside the site
    with pytest.raises(ValueError, match="edge"):
        retention_floor(z, np.roll(site, 25, axis=1), np.ones(z.shape, bool), 150.0, AREA)


def test_retention_area_on_a_plane_stores_its_volume_before_it_spills() -> None:
    volume = 150.0
    z, site = _plane_with_site()
    basin = retention_floor(z, site, np.ones(z.shape, bool), volume, AREA)
    rate = volume / (site.sum() * AREA) / 3600.0  # the volume in one hour of rain on the site only (m/s)
    state = _state(basin.z, site.astype(float))
    state.advance(0.995 * 3600.0, rate)
    inside = state.h[site].sum() * AREA
    assert inside == pytest.approx(0.995 * volume, rel=1e-9)
    assert state.h[~site].max() == 0.0  # 99.5 % of the volume in: nothing has spilled
    state.advance(0.01 * 3600.0, rate)  # 100.5 % in
    assert state.h[~site].max() > 0.0  # now it spills
    state.advance(3600.0, 0.0)  # the rain stops; what stands above the spill level runs off
    assert state.h[site].sum() * AREA == pytest.approx(volume, rel=3e-3)  # and it holds its volume
    budget = state.rain_m3 - state.stored_m3 - state.outflow_m3
    assert abs(budget) < 1e-9 * state.rain_m3


# ---------------------------------------------------------------------------------------- flow path
def _counter_slope() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ground rising 0.2 % towards the east edge (20 × 60 cells), a path along row 10 to that edge."""
    rows, cols = np.mgrid[0:20, 0:60]
    z = 100.0 + 0.002 * DX * cols
    path = (rows == 10) & (cols >= 3)
    outlet = np.zeros(z.shape, bool)
    outlet[10, -1] = True
    return z, path, outlet


def _convey(z: np.ndarray, path: np.ndarray, outlet: np.ndarray) -> FlowState:
    """Ten minutes of inflow (5 m³) onto the first three path cells, then two hours of flow."""
    source = path & (np.cumsum(path, axis=1) <= 3)
    state = _state(z, source.astype(float), outlet=outlet, n=0.015)
    state.advance(600.0, 5.0 / (source.sum() * AREA) / 600.0)
    state.advance(7200.0, 0.0)
    return state


def test_flow_path_conveys_its_inflow_to_its_outlet_and_the_budget_closes() -> None:
    z, path, outlet = _counter_slope()
    station = (np.nonzero(path)[1] - 3) * DX
    floor = flow_path_floor(z, path, station, depth_m=0.3, min_slope=0.005)
    assert np.all(np.diff(floor[10, 3:]) < 0)  # the floor falls all the way to the outlet
    state = _convey(floor, path, outlet)
    assert state.rain_m3 == pytest.approx(5.0)
    assert state.outflow_m3 > 0.99 * state.rain_m3  # conveyed to the outlet
    assert state.hmax[~path].max() == 0.0  # and never left the path
    assert abs(state.rain_m3 - state.stored_m3 - state.outflow_m3) < 1e-9 * state.rain_m3
    # without the path the water stays where it falls: the ground rises towards the outlet
    assert _convey(z, path, outlet).outflow_m3 < 0.01 * state.rain_m3


def test_flow_path_may_end_in_the_river() -> None:
    """A line drawn on into the river (its water cells are no ground to cut) is accepted, its outlet
    at the bank; the same line stopped short of the bank on open ground is not cut off either.
    """
    grid = FloodGrid.uniform(np.tile(50.0 - 0.05 * DX * np.arange(20.0), (20, 1)), DX)
    grid.transform = Affine(DX, 0, 0, 0, -DX, 40.0)
    water = np.zeros(grid.shape, bool)
    water[:, 15:] = True  # a river from x = 30 m
    site = FloodSite(grid=grid, buildings=gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:25832"),
                     buildings_path=Path("buildings.fgb"), zones=None, sites=None,
                     reader=OptionReader(Path("city.toml"), "starkregen"), permanent_water=water,
                     wall_building=np.zeros(0, int), wall_cell=np.zeros(0, int), residents=np.zeros(0))
    measure = FlowPath(id="notweg", label={"de": "N", "en": "N"}, key="site", place="Notweg")
    line = np.array([LineString([(4.0, 20.0), (38.0, 20.0)])], dtype=object)  # 8 m into the river
    change = measure.apply(site, MeasurePlace("site", "Notweg", line, np.zeros(grid.shape, bool)))
    assert change.details["outlet"] == "water"
    assert change.footprint[10, 2:15].all() and not change.footprint[:, 15:].any()


# ---------------------------------------------------------------------------------------- object protection
def _protected_site(grid: FloodGrid, footprint) -> FloodSite:
    buildings = gpd.GeoDataFrame({"id": ["A"], "use": ["residential"], "residents": [12]}, geometry=[footprint],
                                 crs="EPSG:25832")
    building, cell = wall_cells(grid, buildings.geometry.values)
    return FloodSite(grid=grid, buildings=buildings, buildings_path=Path("buildings.fgb"), zones=None, sites=None,
                     reader=OptionReader(Path("city.toml"), "starkregen"),
                     permanent_water=np.zeros(grid.shape, bool), wall_building=building, wall_cell=cell,
                     residents=np.array([12.0]))


@pytest.mark.parametrize(("ponded_cm", "affected"), [(29, False), (31, True)])
def test_object_protection_counts_a_building_only_above_its_barrier(ponded_cm: int, affected: bool) -> None:
    """Rain of 290 / 310 mm ponds 0.29 / 0.31 m on a closed flat plane (roof water drained, so nothing
    flows); barriers of 0.30 m keep the building unaffected at h − 1 cm, not at h + 1 cm.
    """
    blocked = np.zeros((20, 20), bool)
    blocked[8:12, 8:12] = True
    grid = FloodGrid.uniform(np.full((20, 20), 50.0), DX, blocked=blocked)
    grid.transform = Affine(DX, 0, 0, 0, -DX, 40.0)
    result = run_flood(grid, block_rain(depth_mm=10.0 * ponded_cm, duration_min=30), duration_s=3600.0,
                       boundary="closed", roof_runoff="sewer")
    site = _protected_site(grid, box(16, 16, 24, 24))
    at_walls = site.depth_at_buildings(np.where(blocked, 0.0, result.max_depth_m))
    assert at_walls[0] == pytest.approx(ponded_cm / 100.0)
    protection = ObjectProtection(id="schutz", label={"de": "S", "en": "P"}, key="site", place="Haus", barrier_m=0.3)
    change = protection.apply(site, MeasurePlace("site", "Haus", np.array([box(10, 10, 30, 30)]), blocked))
    assert change.barrier_m.tolist() == [0.3] and change.grid is grid  # it moves no water
    assert buildings_affected(at_walls, threshold_m=0.1, barrier_m=change.barrier_m)[0] == affected
    assert buildings_affected(at_walls, threshold_m=0.1)[0]  # without the barrier it is affected either way


# ---------------------------------------------------------------------------------------- swales
def _swale_run(storage_mm: float) -> tuple[float, float]:
    """Rain of 100 mm in 1 h on a closed sealed plane with a 8 × 8 cell green patch made into swales;
    returns the infiltrated volume (m³) and the swale area (m²).
    """
    shape = (20, 20)
    green = np.zeros(shape, bool)
    green[6:14, 6:14] = True
    grid = FloodGrid.uniform(np.full(shape, 50.0), DX)
    grid.infiltration_mm_h = np.where(green, 10.0, 0.0)
    grid.transform = Affine(DX, 0, 0, 0, -DX, 40.0)
    site = _protected_site(grid, box(0.2, 0.2, 0.4, 0.4))
    swales = Swales(id="mulden", label={"de": "M", "en": "S"}, key="site", place="Mulden", depth_m=0.3,
                    infiltration_mm_h=36.0, storage_mm=storage_mm)
    change = swales.apply(site, MeasurePlace("site", "Mulden", np.array([box(12, 12, 28, 28)]), np.ones(shape, bool)))
    assert np.array_equal(change.footprint, green)  # swales only on the green cells (green_only)
    result = run_flood(change.grid, block_rain(depth_mm=100.0, duration_min=60), duration_s=4 * 3600.0,
                       boundary="closed")
    assert result.budget.relative_error < 1e-9
    return result.budget.infiltration_m3, float(green.sum()) * AREA


def test_swales_infiltrate_their_capacity_and_no_more() -> None:
    infiltrated, area = _swale_run(storage_mm=50.0)
    assert infiltrated == pytest.approx(0.050 * area, rel=1e-9)  # the trench is full: 50 mm, exactly
    # with room to spare the topsoil's 36 mm/h limits it instead: more than 50 mm in the 4 hours
    unlimited, _ = _swale_run(storage_mm=1e6)
    assert unlimited > 1.5 * infiltrated
    assert unlimited <= 0.036 * 4 * area * (1 + 1e-9)


# ---------------------------------------------------------------------------------------- area of effect
def test_area_of_effect_is_the_catchment_and_the_hollow_downstream() -> None:
    """Two valleys falling south; the west one ends in a hollow. A footprint high in the west valley
    acts on the west valley down to and including the hollow's catchment, never on the east valley.
    """
    rows, cols = np.mgrid[0:40, 0:30]
    z = 100.0 - 0.05 * rows + 0.2 * np.abs(cols - 7) * (cols < 15) + 0.2 * np.abs(cols - 22) * (cols >= 15)
    z[30:34, 5:10] -= 2.0  # the hollow near the end of the west valley
    grid = FloodGrid.uniform(z, DX)
    grid.transform = Affine(DX, 0, 0, 0, -DX, 80.0)
    network = flow_network(grid, np.zeros(z.shape, bool))
    footprint = np.zeros(z.shape, bool)
    footprint[10:12, 6:9] = True
    area = area_of_effect(network, footprint)
    assert area[footprint].all()
    assert area[31, 7] and area[20, 7]  # the path down the valley and the hollow
    assert area[2, 7]  # the valley above the footprint drains into it
    assert not area[:, 15:].any()  # the east valley drains elsewhere
    assert not area[36:, :].any()  # below the hollow nothing: the water ends there
