"""Velocity classes, the hazard rating and the change of max depth (layers.flood.hazard, class_maps)
on cases whose answer is known: the kinematic plane at equilibrium, an event against itself, a
retention area on a plane.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from affine import Affine
from PIL import Image
from rasterio.warp import transform_bounds

from layers.flood import FloodGrid, run_flood
from layers.flood.class_maps import write_class_overlay
from layers.flood.hazard import (
    HAZARD_CLASSES,
    VELOCITY_CLASSES_M_S,
    depth_change_class,
    hazard_class,
    hazard_rating,
    velocity_class,
)
from layers.flood.hyetograph import Hyetograph
from layers.flood.runs import VELOCITY_MIN_DEPTH_M
from layers.flood.terrain_measures import retention_floor

CRS = "EPSG:25832"


def _near(values: np.ndarray, bounds: tuple[float, ...], rel: float) -> np.ndarray:
    """Cells whose value lies within ``rel`` of a class bound (the model may land on either side)."""
    return np.any([np.abs(values / b - 1.0) < rel for b in bounds], axis=0)


def test_velocity_and_hazard_classes_on_the_kinematic_plane() -> None:
    """At equilibrium on a plane (slope S, Manning n, rain i), q(x) = i x, h = (q n / √S)^0.6 and
    v = q / h (kinematic wave); the model's maxima land in the classes of the analytic d and v.
    """
    length, dx, slope, n, rain_mm_h = 1600.0, 10.0, 0.01, 0.05, 1000.0  # Froude < 0.7 everywhere
    x = (np.arange(int(length / dx)) + 0.5) * dx
    z = np.ones((3, 1)) * (slope * (length - x))[None, :]
    res = run_flood(FloodGrid.uniform(z, dx, manning_n=n), Hyetograph.constant(rain_mm_h, 3600.0),
                    duration_s=3600.0, output_interval_s=3600.0, boundary={"east": "open"})
    q = rain_mm_h / 1000.0 / 3600.0 * x
    depth = (q * n / np.sqrt(slope)) ** 0.6
    speed = q / depth
    model_d, model_v = res.max_depth_m[1], res.max_velocity_m_s[1]
    recorded = depth > 1.2 * VELOCITY_MIN_DEPTH_M
    assert np.allclose(model_v[recorded], speed[recorded], rtol=0.06)  # the model reproduces the speed

    wet = VELOCITY_MIN_DEPTH_M
    expected_v = velocity_class(speed, depth, wet_m=wet)
    got_v = velocity_class(model_v, model_d, wet_m=wet)
    sure = recorded & ~_near(speed, VELOCITY_CLASSES_M_S, 0.06)
    assert np.array_equal(got_v[sure], expected_v[sure])
    assert set(expected_v[sure]) == {2, 3}  # 0.2–0.5 and 0.5–2 m/s both occur

    rating = hazard_rating(depth, speed)
    expected_h = hazard_class(depth, speed, wet_m=wet)
    got_h = hazard_class(model_d, model_v, wet_m=wet)
    sure = recorded & ~_near(rating, HAZARD_CLASSES, 0.06) & ~_near(depth, (0.25,), 0.03)
    assert np.array_equal(got_h[sure], expected_h[sure])
    assert set(expected_h[sure]) == {1, 3}  # low while d ≤ 0.25 m; the debris factor then lifts HR ≥ 1.25


def test_speed_frames_on_the_kinematic_plane_are_the_steady_speed_and_never_exceed_the_maximum() -> None:
    """The plane of the test above (equilibrium after about 1500 s): the speed at the frames of the
    steady state (30, 45, 60 min) is the analytic v = q / h and within 2 % of the stored maximum
    (the rising limb overshoots the steady speed by up to about 1 %), the recession after the rain
    is slower, and no frame exceeds the maximum. While the water still rises everywhere (a run
    stopped at 15 min), the last frame is the maximum, bit for bit.
    """
    length, dx, slope, n, rain_mm_h = 1600.0, 10.0, 0.01, 0.05, 1000.0
    x = (np.arange(int(length / dx)) + 0.5) * dx
    z = np.ones((3, 1)) * (slope * (length - x))[None, :]
    grid, rain = FloodGrid.uniform(z, dx, manning_n=n), Hyetograph.constant(rain_mm_h, 3600.0)
    rising = run_flood(grid, rain, duration_s=900.0, output_interval_s=300.0, boundary={"east": "open"})
    assert (rising.speed_frames_m_s[-1] > 0).sum() > 400
    assert np.array_equal(rising.speed_frames_m_s[-1], rising.max_velocity_m_s.astype(np.float32))
    res = run_flood(grid, rain, duration_s=5400.0, output_interval_s=900.0, boundary={"east": "open"})
    assert list(res.frame_times_s) == [900.0, 1800.0, 2700.0, 3600.0, 4500.0, 5400.0]
    q = rain_mm_h / 1000.0 / 3600.0 * x
    depth = (q * n / np.sqrt(slope)) ** 0.6
    speed = q / depth
    recorded = depth > 1.2 * VELOCITY_MIN_DEPTH_M
    frames = res.speed_frames_m_s[:, 1]
    for k in (1, 2, 3):   # steady: the analytic speed (as the maximum matches it in the test above)
        assert np.allclose(frames[k][recorded], speed[recorded], rtol=0.06)
    maximum = res.max_velocity_m_s.astype(np.float32)
    assert np.allclose(frames[3][recorded], maximum[1][recorded], rtol=0.02)   # the end of the rain
    assert np.all(frames[5][recorded] < 0.9 * frames[3][recorded])   # the recession slows down
    assert np.all(res.speed_frames_m_s <= maximum[None])
    shallow = res.depth_frames_m <= np.float32(VELOCITY_MIN_DEPTH_M)
    assert np.all(res.speed_frames_m_s[shallow] == 0.0)   # the kernel's minimum depth for speeds


@pytest.mark.parametrize(("depth", "speed", "rating", "klass"), [
    (0.2, 0.5, 0.2, 1),      # shallow, slow: 0.2·1.0
    (0.25, 2.0, 0.625, 1),   # the deepest water without debris: 0.25·2.5
    (0.3, 0.2, 1.21, 2),     # deeper than 0.25 m: 0.3·0.7 + 1 → moderate
    (0.5, 1.0, 1.75, 3),     # 0.5·1.5 + 1 → significant
    (0.6, 2.5, 2.8, 4),      # 0.6·3.0 + 1 → extreme
    (0.1, 2.5, 1.3, 3),      # fast shallow water: v > 2 m/s brings debris → 0.1·3.0 + 1
])
def test_hazard_rating_follows_the_published_formula(depth: float, speed: float, rating: float, klass: int) -> None:
    assert hazard_rating(np.array([depth]), np.array([speed]))[0] == pytest.approx(rating)
    assert hazard_class(np.array([depth]), np.array([speed]), wet_m=0.1)[0] == klass
    assert hazard_class(np.array([0.09]), np.array([speed]), wet_m=0.1)[0] == 0  # below the first depth class


def test_velocity_classes_put_a_bound_into_the_upper_class() -> None:
    speeds = np.array([0.0, 0.19, 0.2, 0.49, 0.5, 1.99, 2.0, 7.0, np.nan])
    assert velocity_class(speeds, np.full(speeds.shape, 0.2), wet_m=0.1).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 1]


def _grid_bounds(shape: tuple[int, int], transform: Affine) -> list[float]:
    """Lon/lat bounds a little inside the grid (as the terrain's are inside the DEM)."""
    left, top = transform * (0, 0)
    right, bottom = transform * (shape[1], shape[0])
    west, south, east, north = transform_bounds(CRS, "EPSG:4326", left, bottom, right, top)
    pad_x, pad_y = (east - west) * 0.02, (north - south) * 0.02
    return [west + pad_x, south + pad_y, east - pad_x, north - pad_y]


def test_difference_of_an_event_with_itself_is_zero_everywhere(tmp_path: Path) -> None:
    rng = np.random.default_rng(20)
    depth = np.where(rng.random((40, 50)) < 0.6, rng.random((40, 50)) * 1.5, 0.0).astype("float32")
    assert not depth_change_class(depth, depth, wet_m=0.1).any()
    transform = Affine(5.0, 0, 568000.0, 0, -5.0, 5655400.0)
    palette = np.array([[200, 0, 0]] * 6, dtype="uint8")
    path = tmp_path / "change.png"
    write_class_overlay(path, [depth, depth], lambda b, a: depth_change_class(b, a, wet_m=0.1), transform, CRS,
                        _grid_bounds(depth.shape, transform), palette)
    assert not np.asarray(Image.open(path)).any()  # every pixel transparent (index 0)
    # and the same overlay of a real change is not empty: the test can fail
    write_class_overlay(path, [depth, depth + 0.2], lambda b, a: depth_change_class(b, a, wet_m=0.1), transform,
                        CRS, _grid_bounds(depth.shape, transform), palette)
    assert (np.asarray(Image.open(path)) == 5).any()  # deeper by ≥ 10 cm


def test_retention_area_makes_water_shallower_only_downstream_of_it() -> None:
    """A basin on a plane falling east that holds the whole event's inflow: the water is shallower
    in its shadow downstream (and on its rim, which now drains into it), nowhere upstream or beside
    it, and deeper only in the basin itself.
    """
    dx = 10.0
    rows, cols = np.mgrid[0:30, 0:40]
    z = 100.0 - 0.01 * dx * cols
    site = (rows >= 10) & (rows < 20) & (cols >= 15) & (cols < 25)
    basin = retention_floor(z, site, np.ones(z.shape, bool), 3000.0, dx * dx)  # > the 2,500 m³ it receives
    runs = [run_flood(FloodGrid.uniform(ground, dx, manning_n=0.03), Hyetograph.constant(100.0, 3600.0),
                      duration_s=3600.0, output_interval_s=3600.0, boundary={"east": "open"})
            for ground in (z, basin.z)]
    change = depth_change_class(runs[0].max_depth_m, runs[1].max_depth_m, wet_m=0.01)
    less = np.isin(change, (1, 2, 3))
    shadow = (rows >= 10) & (rows < 20) & (cols >= 25)
    rim = (rows >= 9) & (rows <= 20) & (cols >= 14) & (cols <= 25) & ~site
    assert less[shadow].sum() >= 20  # the downstream shadow gets shallower (by ≥ 1 cm far enough down)
    assert (runs[1].max_depth_m[shadow] <= runs[0].max_depth_m[shadow] + 1e-4).all()  # and nowhere deeper
    assert not less[~(shadow | rim)].any()  # nowhere else: not upstream, not beside the shadow
    assert not less[:, :14].any()
    more = np.isin(change, (4, 5, 6))
    assert more[site].all() and not more[~site].any()  # deeper only in the basin
