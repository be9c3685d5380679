"""Physics tests of the heavy-rain flood kernel against analytic and benchmark values.

Reference numbers are written out in each test; every assertion can fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from layers.flood import (
    FloodGrid,
    FlowState,
    Hyetograph,
    block_rain,
    euler_type2,
    run_flood,
)

MM_H = 1.0 / 1000.0 / 3600.0  # (m/s) per (mm/h)


def _closed(ny: int, nx: int):
    return np.zeros(ny, bool), np.zeros(ny, bool), np.zeros(nx, bool), np.zeros(nx, bool)


# --------------------------------------------------------------------------- lake at rest
def test_lake_at_rest_stays_exactly_at_rest():
    rng = np.random.default_rng(42)
    ny, nx = 60, 60
    z = 100.0 + 2.0 * rng.random((ny, nx))  # rough bed 100-102 m
    eta0 = 101.5  # some cells are islands above the lake
    blocked = np.zeros((ny, nx), bool)
    blocked[10:14, 20:30] = True
    blocked[40:50, 5:9] = True
    blocked[30, 30] = True
    h0 = np.where(blocked, 0.0, np.maximum(eta0 - z, 0.0))
    assert (h0 > 0).sum() > 1000 and ((h0 == 0) & ~blocked).sum() > 100  # wet and dry cells
    ones = np.ones((ny, nx))
    w, e, n, s = _closed(ny, nx)
    st = FlowState(
        z=z,
        blocked=blocked,
        manning_n=0.03 * ones,
        rain_w=np.zeros((ny, nx)),
        infiltration_m_s=0 * ones,
        drainage_m_s=0 * ones,
        dx=1.0,
        open_w=w,
        open_e=e,
        open_n=n,
        open_s=s,
        h0=h0,
    )
    while st.steps < 3000:
        st.advance(60.0, 0.0)
    assert st.steps >= 3000
    assert np.count_nonzero(st.qx) == 0
    assert np.count_nonzero(st.qy) == 0
    eta = np.where(st.h > 0, z + st.h, np.nan)
    wet = h0 > 0
    assert np.array_equal(st.h, h0)
    assert np.all(eta[wet] == eta0)


# --------------------------------------------------------------------------- mass balance
def _urban_grid(ny: int = 60, nx: int = 80, dx: float = 2.0) -> FloodGrid:
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:ny, 0:nx] * dx
    z = 50.0 + 0.01 * x + 0.005 * y + 0.1 * rng.random((ny, nx))
    street = (np.abs(y - 60.0) < 6.0) | (np.abs(x - 80.0) < 6.0)
    z[street] -= 0.15  # kerbed streets
    blocked = np.zeros((ny, nx), bool)
    for r0 in range(5, ny - 10, 15):
        for c0 in range(5, nx - 10, 20):
            blocked[r0 : r0 + 8, c0 : c0 + 10] = True
    blocked &= ~street
    green = ~street & ~blocked & (rng.random((ny, nx)) < 0.5)
    return FloodGrid(
        z=z,
        blocked=blocked,
        manning_n=np.where(green, 0.05, 0.015),
        infiltration_mm_h=np.where(green, 10.0, 0.0),
        drainage_mm_h=np.where(street, 15.0, 0.0),
        dx=dx,
    )


@pytest.mark.parametrize("roof_runoff", ["perimeter", "nearest", "sewer"])
def test_mass_balance_closes(roof_runoff):
    grid = _urban_grid()
    res = run_flood(
        grid,
        euler_type2(depth_mm=45.0, duration_min=60),
        duration_s=5400,
        boundary="open",
        roof_runoff=roof_runoff,
    )
    b = res.budget
    area = grid.z.size * grid.dx**2
    assert b.rain_m3 == pytest.approx(45e-3 * area, rel=1e-9)  # roofs included
    for part in (b.stored_m3, b.outflow_m3, b.infiltration_m3, b.drainage_m3):
        assert part > 1.0  # every term is exercised
    balance = b.stored_m3 + b.outflow_m3 + b.infiltration_m3 + b.drainage_m3
    assert abs(b.rain_m3 - balance) / b.rain_m3 < 1e-6
    assert b.relative_error < 1e-6
    assert b.clip_m3 < 1e-9 * b.rain_m3
    assert res.final_depth_m.min() >= 0.0
    assert np.all(res.max_depth_m[grid.blocked] == 0.0)
    # velocity only recorded where depth exceeded 5 cm
    assert np.all(res.max_velocity_m_s[res.max_depth_m <= 0.05] == 0.0)
    assert res.depth_frames_m.shape == (18, 60, 80)
    # the speed at every frame time is one the running maximum saw (never above it, 0 where shallow)
    assert res.speed_frames_m_s.shape == (18, 60, 80)
    assert np.all(res.speed_frames_m_s <= res.max_velocity_m_s.astype(np.float32))
    assert np.all(res.speed_frames_m_s[res.depth_frames_m <= np.float32(0.05)] == 0.0)
    assert res.speed_frames_m_s.max() > 0.1


# --------------------------------------------------------------------------- kinematic plane
def _plane_state(L=100.0, dx=1.0, S=0.01, n=0.03):
    nx = int(round(L / dx))
    x = (np.arange(nx) + 0.5) * dx
    z = ((L - x) * S)[None, :]
    ones = np.ones_like(z)
    return x, FlowState(
        z=z,
        blocked=np.zeros_like(z, bool),
        manning_n=n * ones,
        rain_w=ones,
        infiltration_m_s=0 * ones,
        drainage_m_s=0 * ones,
        dx=dx,
        open_w=np.zeros(1, bool),
        open_e=np.ones(1, bool),  # free outflow at the downstream edge
        open_n=np.zeros(nx, bool),
        open_s=np.zeros(nx, bool),
    )


def test_kinematic_wave_plane():
    L, S, n = 100.0, 0.01, 0.03
    i = 50.0 * MM_H  # 50 mm/h = 1.3889e-5 m/s
    t_e = (L * n / (np.sqrt(S) * i ** (2.0 / 3.0))) ** 0.6
    assert t_e == pytest.approx(674.85, rel=1e-4)  # equilibrium time (s)
    x, st = _plane_state(L=L, S=S, n=n)

    # rising limb, t = 300 s < t_e: beyond the characteristic from the divide
    # (x_c(300 s) = 26 m) the kinematic depth is uniform and equal to i*t.
    st.advance(300.0, i)
    h_rise = st.h[0, 40:80]
    assert i * 300.0 == pytest.approx(4.1667e-3, rel=1e-4)
    assert np.max(np.abs(h_rise / (i * 300.0) - 1.0)) < 0.01

    # equilibrium (t = 3600 s > 5 t_e)
    st.advance(3300.0, i)
    q_out = st.outflow_rate_m3_s / st.dx  # per unit width (m²/s)
    assert i * L == pytest.approx(1.3889e-3, rel=1e-4)
    assert abs(q_out / (i * L) - 1.0) < 0.01
    h50_ref = (i * 50.0 * n / np.sqrt(S)) ** 0.6  # 6.1838e-3 m
    assert h50_ref == pytest.approx(6.1838e-3, rel=1e-4)
    h50 = np.interp(50.0, x, st.h[0])
    assert abs(h50 / h50_ref - 1.0) < 0.03


# --------------------------------------------------------------------------- tilted V
def test_tilted_v_catchment_outlet_discharge():
    # Di Giammarco et al. (1996) / Panday & Huyakorn (2004) tilted-V catchment,
    # geometry as in the MODFLOW 6 autotest test_olf_vcatch.py
    Lx, Ly, dx = 1620.0, 1000.0, 20.0
    nrow, ncol = int(Ly / dx), int(Lx / dx)
    x = np.linspace(-Lx / 2 + dx / 2, Lx / 2 - dx / 2, ncol)
    y = np.linspace(Ly - dx / 2, dx / 2, nrow)
    X, Y = np.meshgrid(x, y)
    z = np.abs(X) * 0.05 + Y * 0.02
    n = np.full(z.shape, 0.015)
    n[:, ncol // 2] = 0.15  # 20 m wide channel
    grid = FloodGrid(
        z=z,
        blocked=np.zeros(z.shape, bool),
        manning_n=n,
        infiltration_mm_h=np.zeros(z.shape),
        drainage_mm_h=np.zeros(z.shape),
        dx=dx,
    )
    outlet = np.zeros(z.shape, bool)
    outlet[-1, ncol // 2] = True  # only the channel's downstream face is open
    rain = Hyetograph.constant(3e-6 * 1000 * 3600, 5400.0)  # 10.8 mm/h for 90 min
    res = run_flood(grid, rain, duration_s=5400.0, output_interval_s=300.0, boundary=outlet)
    q5400 = res.outflow_rate_m3_s[-1]
    assert res.frame_times_s[-1] == 5400.0
    assert abs(q5400 / 4.86 - 1.0) < 0.02  # MODFLOW 6 reference 4.8595 m³/s
    assert res.budget.relative_error < 1e-6


# --------------------------------------------------------------------------- closed basin
def test_closed_basin_fills_to_predicted_level():
    ny = nx = 40
    dx = 5.0
    yy, xx = (np.mgrid[0:ny, 0:nx] + 0.5) * dx
    r2 = (xx - 100.0) ** 2 + (yy - 100.0) ** 2
    z = 20.0 + 5e-4 * r2  # paraboloid bowl, 0-10 m high
    blocked = np.zeros((ny, nx), bool)
    blocked[8:12, 8:14] = True  # a building on the slope
    grid = FloodGrid.uniform(z, dx, manning_n=0.03, blocked=blocked)
    rain = block_rain(depth_mm=50.0, duration_min=30)
    res = run_flood(grid, rain, duration_s=4 * 3600.0, boundary="closed", output_interval_s=3600)
    volume = 0.050 * ny * nx * dx * dx  # 2000 m³ incl. roof rain routed to the ground
    assert volume == pytest.approx(2000.0)
    # level-pool prediction: sum(max(eta - z, 0)) * dx² = volume
    zo = z[~blocked]
    lo, hi = zo.min(), zo.min() + 10.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.maximum(mid - zo, 0.0).sum() * dx * dx > volume:
            hi = mid
        else:
            lo = mid
    eta_ref = 0.5 * (lo + hi)
    h = res.final_depth_m
    pond = h > 0.01
    eta = (z + h)[pond]
    assert res.budget.outflow_m3 == 0.0
    assert res.budget.stored_m3 == pytest.approx(volume, rel=1e-9)
    assert eta.max() - eta.min() < 1e-3  # flat water surface
    assert abs(eta.mean() - eta_ref) < 0.01  # level within 1 cm of the prediction
    assert eta_ref - zo.min() == pytest.approx(h.max(), rel=0.02)


# --------------------------------------------------------------------------- limiters / threads
def test_steep_thin_flow_stays_positive_and_froude_limited():
    rng = np.random.default_rng(3)
    ny, nx = 30, 30
    yy, xx = np.mgrid[0:ny, 0:nx].astype(float)
    z = 0.3 * xx + 0.05 * rng.random((ny, nx))  # 30 % slope, rough
    grid = FloodGrid.uniform(z, 1.0, manning_n=0.012)
    rain = Hyetograph.constant(200.0, 600.0)
    res = run_flood(grid, rain, duration_s=600.0, boundary="open", froude_max=1.0)
    assert res.final_depth_m.min() >= 0.0
    assert res.budget.relative_error < 1e-6
    assert res.budget.clip_m3 <= 1e-12 * res.budget.rain_m3


def test_parallel_build_matches_serial():
    grid = _urban_grid(30, 40)
    rain = block_rain(depth_mm=30.0, duration_min=20)
    a = run_flood(grid, rain, duration_s=1800, threads=1)
    b = run_flood(grid, rain, duration_s=1800, threads=2)
    assert a.steps == b.steps
    np.testing.assert_allclose(b.final_depth_m, a.final_depth_m, rtol=0, atol=1e-12)
    assert b.budget.relative_error < 1e-6


# --------------------------------------------------------------------------- fast cube root
def test_inverse_cube_root_matches_libm():
    from layers.flood.kernel import inv_cbrt

    x = np.exp(np.random.default_rng(3).uniform(np.log(1e-20), np.log(1e3), 200_000))  # 1e-20: dry-face floor
    rel = np.abs(inv_cbrt(x) * np.cbrt(x) - 1.0)
    assert rel.max() < 2e-15  # measured 6.7e-16 (three ulp)


# --------------------------------------------------------------------------- roofs
def _roof_grid():
    ny, nx = 40, 50
    z = 10.0 - 0.01 * np.arange(nx)[None, :] * np.ones((ny, 1))
    blocked = np.zeros((ny, nx), bool)
    blocked[5:10, 5:12] = True  # 35 cells
    blocked[20:30, 20:24] = True  # 40 cells
    blocked[0:3, 30:35] = True  # 15 cells on the north edge
    return FloodGrid.uniform(z, 2.0, blocked=blocked, infiltration_mm_h=5.0, drainage_mm_h=0.0)


def test_perimeter_routing_spreads_each_roof_over_its_ring():
    from layers.flood.model import RoofRouting

    grid = _roof_grid()
    routing = RoofRouting(grid.blocked, "perimeter")
    w = routing.weights(np.ones(routing.roof[0].size, bool))
    assert w.sum() == pytest.approx(grid.z.size, rel=1e-12)  # every roof cell's rain lands once
    assert np.all(w[grid.blocked] == 0.0)
    # building 20:30 x 20:24: ring of 2*10 + 2*4 = 28 open face-neighbours, 40 roof cells
    ring = np.zeros_like(grid.blocked)
    ring[19, 20:24] = ring[30, 20:24] = True
    ring[20:30, 19] = ring[20:30, 24] = True
    assert np.allclose(w[ring], 1.0 + 40 / 28)
    # the nearest rule puts the same 40 cells' rain on fewer cells, so higher peaks
    near = RoofRouting(grid.blocked, "nearest").weights(np.ones(routing.roof[0].size, bool))
    assert near.sum() == pytest.approx(w.sum(), rel=1e-12) and near.max() > w.max()


@pytest.mark.parametrize("roof_runoff", ["perimeter", "nearest", "sewer"])
def test_green_roofs_retain_their_storage_and_the_budget_closes(roof_runoff):
    grid = _roof_grid()
    storage = np.zeros(grid.shape)
    storage[20:30, 20:24] = 20.0  # 40 cells x 4 m² x 20 mm = 3.2 m³
    storage[5:10, 5:8] = 7.5  # 15 cells x 4 m² x 7.5 mm = 0.45 m³
    storage[15, 15] = 99.0  # not a roof: ignored
    rain = block_rain(depth_mm=30.0, duration_min=30)
    res = run_flood(grid, rain, duration_s=3600, roof_runoff=roof_runoff, roof_storage_mm=storage)
    b = res.budget
    assert b.retained_m3 == pytest.approx(3.65, rel=1e-9)
    assert b.rain_m3 == pytest.approx(0.030 * grid.z.size * 4.0, rel=1e-9)  # 192 m³, roofs included
    assert b.relative_error < 1e-6
    plain = run_flood(grid, rain, duration_s=3600, roof_runoff=roof_runoff)
    # the retained water is missing from the surface + losses, exactly
    lost = plain.budget.stored_m3 + plain.budget.outflow_m3 + plain.budget.infiltration_m3 + plain.budget.drainage_m3
    kept = b.stored_m3 + b.outflow_m3 + b.infiltration_m3 + b.drainage_m3
    assert lost - kept == pytest.approx(3.65, rel=1e-6)
    # a storage larger than the rain keeps all of it
    full = run_flood(grid, rain, duration_s=3600, roof_runoff=roof_runoff,
                     roof_storage_mm=np.where(grid.blocked, 50.0, 0.0))
    assert full.budget.retained_m3 == pytest.approx(0.030 * grid.blocked.sum() * 4.0, rel=1e-9)


@pytest.mark.parametrize("bad", [-1.0, np.nan])
def test_negative_or_nan_roof_storage_is_refused(bad):
    grid = _roof_grid()
    with pytest.raises(ValueError, match="roof_storage_mm must be finite and >= 0 mm"):
        run_flood(grid, block_rain(depth_mm=30.0, duration_min=30), duration_s=600, roof_storage_mm=bad)


# --------------------------------------------------------------------------- state checks
def _tiny_state(**overrides):
    ny, nx = 6, 8
    blocked = np.zeros((ny, nx), bool)
    blocked[2:4, 3:5] = True
    w, e, n, s = _closed(ny, nx)
    args = dict(z=np.zeros((ny, nx)), blocked=blocked, manning_n=np.full((ny, nx), 0.03),
                rain_w=(~blocked).astype(float), infiltration_m_s=np.zeros((ny, nx)),
                drainage_m_s=np.zeros((ny, nx)), dx=1.0, open_w=w, open_e=e, open_n=n, open_s=s)
    args.update(overrides)
    return FlowState(**args)


def test_zero_manning_n_on_an_open_cell_is_refused():
    # the kernel reads a face n² of 0 as a wall: n = 0 must not silently block the flow
    n = np.full((6, 8), 0.03)
    n[0, 0] = 0.0
    with pytest.raises(ValueError, match="manning_n must be finite and > 0 on every open cell; 1 cell"):
        _tiny_state(manning_n=n)
    n[0, 0] = np.nan
    with pytest.raises(ValueError, match="manning_n"):
        _tiny_state(manning_n=n)


def test_rain_on_a_building_cell_is_refused():
    st = _tiny_state()
    with pytest.raises(ValueError, match="rain_w must be 0 on blocked .* 4 are not"):
        st.set_rain_weights(np.ones((6, 8)))
    with pytest.raises(ValueError, match="rain_w must be 0 on blocked"):
        _tiny_state(rain_w=np.ones((6, 8)))


def test_serial_state_reuses_one_scratch_row_and_parallel_refuses_it():
    from layers.flood.kernel import advance_parallel

    st = _tiny_state()
    assert st.scratch.shape == (4, 1, 9) and st.scratch32.shape == (2, 1, 9)
    st.advance(60.0, 1e-5)
    assert st.h[~st.blocked].min() > 0.0 and st.h[st.blocked].max() == 0.0
    # the parallel build would race on a shared row: it refuses one
    st._kernel = advance_parallel
    with pytest.raises(ValueError, match="parallel build needs one scratch row per face row"):
        st.advance(1.0, 0.0)
