"""Input validation and small unit tests of the flood package (hyetographs, grid building)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from layers.flood import (
    FloodGrid,
    Hyetograph,
    block_rain,
    euler_type2,
    grid_from_dem,
    run_flood,
)


def _grid(ny: int = 6, nx: int = 8) -> FloodGrid:
    z = np.linspace(10.0, 9.0, nx)[None, :] * np.ones((ny, 1))
    return FloodGrid.uniform(z, 1.0)


RAIN = block_rain(depth_mm=10.0, duration_min=10)


# --------------------------------------------------------------------------- hyetographs
def test_block_rain_intensity_and_depth():
    h = block_rain(depth_mm=40.0, duration_min=60, step_min=5)
    assert h.intensity_mm_h.shape == (12,)
    assert np.all(h.intensity_mm_h == 40.0)  # 40 mm in 1 h = 40 mm/h
    assert h.total_depth_mm == pytest.approx(40.0)
    assert h.duration_s == 3600.0
    assert h.intensity_at(3599.0) == 40.0 and h.intensity_at(3600.0) == 0.0


def test_euler_type2_peak_at_one_third_and_depth():
    h = euler_type2(depth_mm=40.0, duration_min=60, step_min=5)
    i = h.intensity_mm_h
    assert h.total_depth_mm == pytest.approx(40.0, rel=1e-12)
    assert int(np.argmax(i)) == 3  # interval 15-20 min ends at D/3 = 20 min
    # first 5 min of the power-law curve: 40*(5/60)**0.4 = 14.62 mm -> 175.4 mm/h
    assert i.max() == pytest.approx(40.0 * (5 / 60) ** 0.4 * 12, rel=1e-12)
    assert np.all(np.diff(i[:4]) > 0) and np.all(np.diff(i[3:]) < 0)
    # Euler property: the 15 min ending with the peak hold the 15-min design depth,
    # the first 30 min the 30-min design depth
    assert i[1:4].sum() / 12 == pytest.approx(40.0 * (15 / 60) ** 0.4, rel=1e-12)
    assert i[0:6].sum() / 12 == pytest.approx(40.0 * (30 / 60) ** 0.4, rel=1e-12)


@pytest.mark.parametrize(
    ("depth", "duration", "needle"),
    [(0.0, 60, "depth_mm"), (-5.0, 60, "depth_mm"), (40.0, 0, "duration_min"), (40.0, -10, "duration_min")],
)
def test_hyetograph_rejects_nonpositive(depth, duration, needle):
    for make in (block_rain, euler_type2):
        with pytest.raises(ValueError, match=needle) as exc:
            make(depth_mm=depth, duration_min=duration)
        assert "e.g." in str(exc.value)  # message says how to fix it


def test_hyetograph_rejects_negative_and_zero_rain():
    with pytest.raises(ValueError, match="negative"):
        Hyetograph(np.array([10.0, -1.0]), 300.0)
    with pytest.raises(ValueError, match="intensity_mm_h must be > 0"):
        Hyetograph.constant(0.0, 3600.0)
    zero = Hyetograph(np.zeros(3), 300.0)
    with pytest.raises(ValueError, match=r"rain is <= 0 mm"):
        run_flood(_grid(), zero, duration_s=600)


# --------------------------------------------------------------------------- run_flood inputs
def test_nan_in_dem_is_reported_with_count_and_location():
    g = _grid()
    g.z[2, 3] = np.nan
    g.z[4, 5] = np.nan
    with pytest.raises(ValueError, match=r"2 NaN/nodata cell\(s\).*row 2, col 3") as exc:
        run_flood(g, RAIN, duration_s=600)
    assert "fillnodata" in str(exc.value)


def test_nan_under_building_is_accepted():
    g = _grid()
    g.z[2, 3] = np.nan
    g.blocked[2, 3] = True
    res = run_flood(g, RAIN, duration_s=600)
    assert res.budget.relative_error < 1e-9


@pytest.mark.parametrize("dx", [0.0, -1.0, np.nan])
def test_bad_dx(dx):
    g = _grid()
    g.dx = dx
    with pytest.raises(ValueError, match="dx must be a positive cell size"):
        run_flood(g, RAIN, duration_s=600)


def test_shape_mismatch():
    g = _grid()
    g.manning_n = np.full((3, 3), 0.03)
    with pytest.raises(ValueError, match=r"manning_n has shape \(3, 3\) but z has shape \(6, 8\)"):
        run_flood(g, RAIN, duration_s=600)


def test_bad_durations_and_options():
    g = _grid()
    with pytest.raises(ValueError, match="duration_s must be > 0"):
        run_flood(g, RAIN, duration_s=0)
    with pytest.raises(ValueError, match="output_interval_s must be > 0"):
        run_flood(g, RAIN, duration_s=600, output_interval_s=-1)
    with pytest.raises(ValueError, match="boundary must be"):
        run_flood(g, RAIN, duration_s=600, boundary="leaky")
    interior = np.zeros(g.shape, bool)
    interior[2, 2] = True
    with pytest.raises(ValueError, match="interior cell"):
        run_flood(g, RAIN, duration_s=600, boundary=interior)
    with pytest.raises(ValueError, match="theta must be in"):
        run_flood(g, RAIN, duration_s=600, theta=0.3)
    with pytest.raises(ValueError, match="threads must be a positive integer"):
        run_flood(g, RAIN, duration_s=600, threads=0)


def test_negative_manning_and_losses():
    g = _grid()
    g.manning_n[0, 0] = 0.0
    with pytest.raises(ValueError, match="manning_n must be finite and > 0"):
        run_flood(g, RAIN, duration_s=600)
    g = _grid()
    g.infiltration_mm_h[1, 1] = -3.0
    with pytest.raises(ValueError, match="infiltration_mm_h must be finite and >= 0"):
        run_flood(g, RAIN, duration_s=600)


def test_frames_and_direction_outputs():
    x = (np.arange(100) + 0.5) * 2.0
    z = np.ones((5, 1)) * (0.01 * (200.0 - x))[None, :]  # 1 % slope towards the east
    g = FloodGrid.uniform(z, 2.0, manning_n=0.05)
    res = run_flood(
        g, Hyetograph.constant(300.0, 1800.0), duration_s=2000, output_interval_s=600,
        boundary={"east": "open"},
    )
    assert list(res.frame_times_s) == [600.0, 1200.0, 1800.0, 2000.0]
    assert res.depth_frames_m.shape == (4, 5, 100) and res.depth_frames_m.dtype == np.float32
    fast = res.max_velocity_m_s > 0
    assert fast.any()
    # water runs east: compass direction ~90 degrees, u > 0
    assert np.all(np.abs(res.flow_dir_deg[fast] - 90.0) < 1.0)
    assert np.all(res.flow_u_m_s[fast] > 0)
    assert np.all(np.isnan(res.flow_dir_deg[~fast]))
    assert res.cell_updates == res.steps * 500 and res.wall_time_s > 0


# --------------------------------------------------------------------------- grid_from_dem
def _write_dem(path: Path, z: np.ndarray, *, crs="EPSG:25832", nodata=None, units=None, res=1.0):
    import rasterio
    from rasterio.transform import from_origin

    profile = dict(
        driver="GTiff",
        height=z.shape[0],
        width=z.shape[1],
        count=1,
        dtype="float32",
        transform=from_origin(500000.0, 5700000.0, res, res),
    )
    if crs is not None:
        profile["crs"] = crs
    if nodata is not None:
        profile["nodata"] = nodata
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(z.astype("float32"), 1)
        if units:
            dst.update_tags(1, units=units)
            dst.units = (units,)
    return path


def test_grid_from_dem_rasterizes_and_resamples(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    z = np.arange(20 * 20, dtype=float).reshape(20, 20) / 100.0 + 30.0
    dem = _write_dem(tmp_path / "dem.tif", z)
    x0, y0 = 500000.0, 5700000.0
    buildings = gpd.GeoDataFrame(geometry=[box(x0 + 2, y0 - 6, x0 + 6, y0 - 2)], crs="EPSG:25832")
    lc = gpd.GeoDataFrame(
        {"class": ["green", "water"]},
        geometry=[box(x0 + 10, y0 - 20, x0 + 20, y0 - 10), box(x0 + 0, y0 - 20, x0 + 4, y0 - 16)],
        crs="EPSG:25832",
    )
    g = grid_from_dem(dem, buildings, lc)
    assert g.shape == (20, 20) and g.dx == 1.0
    assert g.blocked.sum() == 16 and g.blocked[2:6, 2:6].all()
    assert g.manning_n[15, 15] == 0.05 and g.infiltration_mm_h[15, 15] == 10.0
    assert g.manning_n[18, 1] == 0.03 and g.drainage_mm_h[18, 1] == 0.0
    assert g.manning_n[0, 19] == 0.015 and g.drainage_mm_h[0, 19] == 15.0  # default sealed
    assert g.z[0, 0] == pytest.approx(30.0)
    g2 = grid_from_dem(dem, resolution_m=2.0)
    assert g2.shape == (10, 10) and g2.dx == 2.0
    # average of the 2x2 block z[0:2, 0:2] = 30 + (0 + 1 + 20 + 21)/400
    assert g2.z[0, 0] == pytest.approx(30.105, abs=1e-5)
    with pytest.raises(ValueError, match="finer than the DEM"):
        grid_from_dem(dem, resolution_m=0.5)
    bad_lc = lc.assign(**{"class": ["forest", "water"]})
    with pytest.raises(ValueError, match=r"unknown class\(es\) \['forest'\]"):
        grid_from_dem(dem, buildings, bad_lc)


def test_grid_from_dem_nodata_holes_reported(tmp_path):
    z = np.full((10, 12), 50.0)
    z[3:5, 7:9] = -9999.0
    dem = _write_dem(tmp_path / "holes.tif", z, nodata=-9999.0)
    with pytest.raises(ValueError, match=r"4 nodata cell\(s\) outside buildings in rows 3-4, cols 7-8"):
        grid_from_dem(dem)


def test_grid_from_dem_missing_crs(tmp_path):
    dem = _write_dem(tmp_path / "nocrs.tif", np.ones((4, 4)), crs=None)
    with pytest.raises(ValueError, match="has no CRS"):
        grid_from_dem(dem)


def test_grid_from_dem_feet(tmp_path):
    dem = _write_dem(tmp_path / "feet.tif", np.full((4, 4), 100.0), units="ft")
    with pytest.raises(ValueError, match="vertical_unit='ft'"):
        grid_from_dem(dem)
    g = grid_from_dem(dem, vertical_unit="ft")
    assert g.z[0, 0] == pytest.approx(30.48)
