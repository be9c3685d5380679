"""Local-inertial 2D shallow-water kernel for pluvial ("Starkregen") flooding.

Numerical scheme
----------------
The kernel solves the 2D shallow-water equations without the convective
acceleration term (the *local-inertial* approximation of Bates et al. 2010,
the LISFLOOD-FP family) on a regular raster with cell size ``dx`` (m):

* Water depth ``h`` (m) lives at cell centres; discharge per unit width
  ``q`` (m²/s) lives on the faces between cells (``qx`` between columns,
  ``qy`` between rows; ``+x`` = increasing column = east, ``+y`` = increasing
  row = south for a north-up raster).
* Face update (de Almeida et al. 2012, "q-centred" with weighting ``theta``)::

      q_avg = theta*q + (1-theta)/2 * (q_upstream_face + q_downstream_face)
      q_new = (q_avg - g*h_f*dt*d(eta)/dx) / (1 + g*dt*n²*|q| / h_f^(7/3))

  ``theta = 1`` recovers Bates 2010 (its semi-implicit friction is shown
  here; see the next bullet for the variant we use).
* Friction: Manning friction is implicit in the *new* discharge. Bates
  (2010) lag ``|q|`` at the old level (shown above); with that linearised
  form our kinematic-plane test (1 m grid, 6 mm deep sheet flow,
  ``alpha = 0.7``) developed a 2-cycle oscillation (outflow 0.90-1.08 of the
  steady value, depths 30 % off). We therefore solve
  ``q*(1 + a*|q|) = r`` with ``a = g*dt*n²/h_f^(7/3)`` and
  ``r = q_avg - g*h_f*dt*d(eta)/dx`` exactly::

      q_new = 2*r / (1 + sqrt(1 + 4*a*|r|))

  (same cost as one extra square root, unconditionally dissipative friction,
  identical to Bates' form when friction is weak).
* Flow depth at a face: ``h_f = max(eta_i, eta_j) - max(z_i, z_j)``; faces
  with ``h_f <= h_flow_min`` carry no flow (wet/dry front).
* Adaptive time step ``dt = alpha*dx/sqrt(g*h_max)`` (CFL, ``alpha≈0.7``),
  capped at ``dt_max`` (s) and cut to land exactly on the end of the
  requested time span. For ``theta < 1`` the 2D stability limit of the
  q-centred update is ``alpha <= sqrt(theta/2)``; the caller passes
  ``SchemeParams.alpha_effective = min(alpha, 0.9*sqrt(theta/2))``
  (0.569 for the default theta = 0.8), see :mod:`layers.flood.state`.
* Froude limiting: ``|q| <= froude_max * h_f * sqrt(g*h_f)``.
* Positivity: for every cell the total outflow over a step is limited to the
  water it holds; the outgoing face fluxes of a "donor" cell are scaled by
  one common factor. Each face has exactly one donor, so the scaled fluxes
  stay conservative and depths never become negative (the only clip is a
  round-off guard, whose volume is reported in the budget).
* Blocked cells (buildings) never hold water and every face touching one is
  a wall. Rain falling on them is redistributed by the caller through the
  per-cell ``rain_w`` weight array (see :mod:`layers.flood.model`).
* Sources/sinks per step: rain ``rain_rate*rain_w`` (m/s), then a combined
  constant-rate loss (infiltration on unsealed cells + sewer drainage on
  sealed cells, both m/s) limited by the water available and by the
  storage still free below the cell (``loss_left``, m: a swale's trench
  takes its volume and no more; ``inf`` elsewhere); the loss is split
  between the two in proportion to their capacities.
* Boundaries: every grid-edge face is either a wall or a free outflow. Free
  outflow treats the ghost cell outside as continuing the interior
  water-surface slope ``S = max((eta_inner - eta_edge)/dx, s_min)`` and
  applies the same semi-implicit momentum equation with ``h_f = h_edge``;
  at steady state this is Manning normal flow with the local slope. The
  discharge is additionally capped at critical flow ``q <= h*sqrt(g*h)``
  (a free overfall cannot pass more) and can only leave the domain. The
  outflow volume is accumulated in the budget. We chose normal flow over a
  pure critical-depth edge because a raster edge cutting through a street
  or slope is usually not a drop: the terrain continues, so the flow there
  is close to normal flow (this also matches the MODFLOW 6 "zero depth
  gradient" outlet of the tilted-V benchmark). Critical flow only acts as
  the upper bound at steep edges.

Why our own kernel
------------------
landlab's ``OverlandFlow`` is slower on the same grid (the ratio on the
sample city is in bench/README.md), was too deep on an analytic sloping
plane and unstable at walls; ANUGA needs an unstructured mesh and a heavy
set-up; itzi is GPL (incompatible with our licence); whitebox downloads
binaries at run time. A ~300-line numba kernel we can test against analytic
solutions is the smaller risk.

Performance
-----------
One call runs all time steps of a span (no Python between steps); each step
makes three sweeps over the rows (momentum, positivity factor, fused flux
scaling + continuity + statistics + next CFL depth). All loops over
interior faces and cells are branch-free so that LLVM turns them into SIMD
code (the few grid-edge faces stay scalar). The choices that make them so
(their measured effect, and what was tried and not kept, is in
bench/README.md):

* ``h_f**(7/3)`` in the friction term uses a bit-trick first guess with two
  float32 and two float64 Newton steps (:func:`_inv_cbrt_row`) instead of
  libm ``cbrt``, which is not vectorised.
* ``error_model="numpy"``: numba's default Python error model puts a
  ZeroDivisionError check on every float division, which keeps LLVM from
  vectorising the face loops.
* Row scratch lives in separate 2D arrays (``scratch[k]`` views taken once
  per call): indexing one 3D array as ``scratch[i, k, j]`` inside the loops
  keeps LLVM from vectorising them, and an array view per row costs
  reference-count calls.
* Selects load both candidates first (``fw = fac[i, j-1]; fe = fac[i, j];
  q*(fw if q > 0 else fe)``): a load inside a conditional arm compiles to a
  branch on the flow direction, which the CPU mispredicts at random.
* The running maxima are stored only where they grow (masked vector
  stores), the two loss capacities are combined once per run
  (``loss_rate``, ``inf_share``), and the per-row sums go through
  :func:`_row_sum`, the only place where reassociation is allowed.

Left out on purpose: float32 state (a mass balance < 1e-6 needs float64
sums) and ``fastmath`` on the whole kernel (it would license FMA contraction
and reassociation that can break the exact lake-at-rest test).

Threads
-------
The default is the serial compilation (1 thread): on a few shared cores,
threads oversubscribe them, and the build runs several events side by side
in processes instead (``layers.executor``). :func:`select_kernel` returns a
``parallel=True`` compilation and calls :func:`numba.set_num_threads` only
when asked for more than one thread.

References
----------
Bates, P. D., Horritt, M. S., Fewtrell, T. J. (2010): A simple inertial
formulation of the shallow water equations for efficient two-dimensional
flood inundation modelling. J. Hydrol. 387, 33-45.

de Almeida, G. A. M., Bates, P., Freer, J. E., Souvignet, M. (2012):
Improving the stability of a simple formulation of the shallow water
equations for 2-D flood modeling. Water Resour. Res. 48, W05528.
"""

from __future__ import annotations

import types

import numba
import numpy as np
from numba import njit, prange

__all__ = [
    "GRAVITY",
    "BUDGET_RAIN",
    "BUDGET_OUTFLOW",
    "BUDGET_INFILTRATION",
    "BUDGET_DRAINAGE",
    "BUDGET_CLIP",
    "BUDGET_OUTFLOW_RATE",
    "BUDGET_SIZE",
    "advance_serial",
    "inv_cbrt",
    "select_kernel",
]

#: Gravitational acceleration (m/s²).
GRAVITY = 9.81

# Slots of the float64 ``budget`` array updated in place by the kernel.
BUDGET_RAIN = 0  #: rain volume added to non-blocked cells (m³)
BUDGET_OUTFLOW = 1  #: volume that left through open edges (m³)
BUDGET_INFILTRATION = 2  #: volume infiltrated (m³)
BUDGET_DRAINAGE = 3  #: volume taken by the sewer inlets (m³)
BUDGET_CLIP = 4  #: round-off volume added by clipping tiny negatives (m³)
BUDGET_OUTFLOW_RATE = 5  #: boundary discharge of the last step (m³/s)
BUDGET_SIZE = 6


#: Bit pattern that turns ``-i/3`` of a float32's bits into a ~3 % estimate
#: of ``x**(-1/3)`` (the cube-root analogue of the "fast inverse square root").
_INV_CBRT_MAGIC32 = np.int32(0x54A21D2A)


#: 1/3 and 4 in float32, for the float32 Newton steps.
_THIRD_F32 = np.float32(1.0 / 3.0)
_FOUR_F32 = np.float32(4.0)


@njit(inline="always", error_model="numpy")
def _inv_cbrt_row(s, g, gi, x32, i, lo, hi):
    """Replace ``s[i, lo:hi]`` by its ``x**(-1/3)`` in place (-).

    Valid for x in the float32 normal range, about 1.2e-38 .. 3.4e38 (the
    kernel floors face depths at 1e-20 m); below it the first guess is poor
    and 0 gives a large finite number.

    A bit-level first guess on float32 (3.4 % error; the integer ``/3`` is
    done as a float32 multiply, exact enough for a guess), two float32
    Newton steps ``y <- y*(4 - x*y³)/3`` (8 lanes per AVX2 instruction; error
    2e-3, then 1e-5) and two float64 steps (2e-10, then round-off) give
    full float64 accuracy (max relative error < 1e-15 over 1e-20..1e3,
    checked in tests/test_flood_kernel.py). All loops are branch- and
    division-free, so LLVM vectorises them: ~0.6 ns per value, against
    ~1.5 ns for four float64 steps and ~17 ns for the libm ``cbrt`` this
    replaces. ``g`` (float32, with ``gi`` its int32 view) and ``x32``
    (float32) are row scratch of at least ``hi`` values; they are made once
    per kernel call, as views per row cost reference-count calls.
    """
    for j in range(lo, hi):
        g[i, j] = np.float32(s[i, j])
    for j in range(lo, hi):
        x32[i, j] = g[i, j]
    for j in range(lo, hi):
        gi[i, j] = _INV_CBRT_MAGIC32 - np.int32(np.float32(gi[i, j]) * _THIRD_F32)
    for j in range(lo, hi):
        xf = x32[i, j]
        y = g[i, j]
        y = y * (_FOUR_F32 - xf * y * y * y) * _THIRD_F32
        y = y * (_FOUR_F32 - xf * y * y * y) * _THIRD_F32
        g[i, j] = y
    third = 1.0 / 3.0
    for j in range(lo, hi):
        xx = s[i, j]
        yy = np.float64(g[i, j])
        yy = yy * (4.0 - xx * yy * yy * yy) * third
        yy = yy * (4.0 - xx * yy * yy * yy) * third
        s[i, j] = yy


def inv_cbrt(x):
    """``x**(-1/3)`` of a float64 array (1.2e-38 .. 3.4e38) with the kernel's method (-)."""
    y = np.array(x, dtype=np.float64).ravel()
    s = y.reshape(1, -1)
    g = np.zeros((1, y.size), np.float32)
    _inv_cbrt_py(s, g, g.view(np.int32), np.zeros_like(g))
    return y


@njit(cache=True, error_model="numpy")
def _inv_cbrt_py(s, g, gi, x32):
    _inv_cbrt_row(s, g, gi, x32, 0, 0, s.shape[1])


@njit(inline="always", error_model="numpy")
def _edge_outflow(he, s, q_old, n2c, gdt, h_flow_min, froude_max, s_min):
    """Free-outflow discharge (m²/s, >= 0) of one grid-edge face."""
    if he <= h_flow_min:
        return 0.0
    if s < s_min:
        s = s_min
    q0 = q_old if q_old > 0.0 else 0.0
    r = q0 + gdt * he * s
    a = gdt * n2c / (he * he * np.cbrt(he))
    q = 2.0 * r / (1.0 + np.sqrt(1.0 + 4.0 * a * r))
    qc = min(froude_max, 1.0) * he * np.sqrt(GRAVITY * he)
    return qc if q > qc else q


@njit(fastmath={"reassoc", "nsz"}, error_model="numpy")
def _row_sum(a, i, n):
    """Sum of ``a[i, :n]``; reassociation lets LLVM vectorise it (round-off only)."""
    s = 0.0
    for j in range(n):
        s += a[i, j]
    return s


@njit(error_model="numpy")
def _row_max(a, i, n):
    """Largest of ``a[i, :n]`` and 0 (NaN ignored, as before: no fast-math flags here)."""
    m = 0.0
    for j in range(n):
        if a[i, j] > m:
            m = a[i, j]
    return m


#: Compile-time flag: False in the serial build, True in the parallel one (its own globals).
_PARALLEL_BUILD = False


def _advance_impl(
    t_span,
    rain_rate,
    dx,
    dt_max,
    alpha,
    theta,
    h_flow_min,
    froude_max,
    s_min,
    v_min_depth,
    z,
    blocked,
    rain_w,
    loss_rate,
    inf_share,
    loss_left,
    nnx,
    nny,
    open_w,
    open_e,
    open_n,
    open_s,
    h,
    qx,
    qy,
    h_peak,
    hmax,
    vmax,
    vmax_u,
    vmax_v,
    qx_new,
    qy_new,
    fac,
    scratch,
    scratch32,
    row_stats,
    budget,
):
    """Advance the flow state in place by ``t_span`` seconds of constant rain.

    One call runs all time steps of the span (thousands, no Python in
    between); each step makes three sweeps over the rows: (1) momentum on
    all faces, (2) the positivity factor of every cell, (3) scaling of the
    face fluxes fused with continuity, rain, losses, the running maxima and
    the largest depth for the next CFL step.

    Parameters
    ----------
    t_span : float
        Time to simulate (s); the last step is shortened to hit it exactly.
    rain_rate : float
        Rain intensity during the span (m/s).
    dx : float
        Cell size (m).
    dt_max, alpha, theta, h_flow_min, froude_max, s_min, v_min_depth : float
        Maximum step (s), CFL factor (-), q-centring weight (-), wet/dry
        face depth threshold (m), Froude cap (-, finite), minimum outflow
        slope at open edges (-), minimum depth for velocity statistics (m).
    z : ndarray (ny, nx)
        Bed elevation (m), finite everywhere.
    blocked : ndarray of bool (ny, nx)
        Building cells (walls, hold no water).
    rain_w : ndarray (ny, nx)
        Multiplier of the rain received by each cell (-); 0 on blocked cells.
    loss_rate : ndarray (ny, nx)
        Loss capacity (m/s): infiltration plus sewer drainage.
    inf_share : ndarray (ny, nx)
        Share of a cell's loss that infiltrates (-), the rest drains to the
        sewer; 0 where ``loss_rate`` is 0.
    loss_left : ndarray (ny, nx)
        Storage below the surface still free (m of water): a cell loses at
        most this much more over the run (a swale's trench fills up), and it
        is reduced by every loss; ``inf`` where the loss is unlimited.
    nnx, nny : ndarray (ny, nx+1), (ny+1, nx)
        Face Manning coefficient squared, mean of the two cells
        (s²/m^(2/3)); 0 on interior walls (a blocked cell on either side),
        which carry no flow; the edge cell's value on grid-edge faces.
    open_w, open_e : ndarray of bool (ny,)
        Whether the west / east edge face of each row is a free outflow.
    open_n, open_s : ndarray of bool (nx,)
        Whether the north / south edge face of each column is a free outflow.
    h : ndarray (ny, nx)
        Water depth (m), updated in place.
    qx, qy : ndarray (ny, nx+1), (ny+1, nx)
        Face discharges per unit width (m²/s), updated in place.
    h_peak : float
        Largest depth of the current state (m), for the first CFL step.
    hmax, vmax, vmax_u, vmax_v : ndarray (ny, nx)
        Running maxima of depth (m) and speed (m/s) and the velocity
        components (m/s, +x east, +y south) at the time of the max speed.
    qx_new, qy_new, fac : ndarray
        Scratch space (same shapes as qx, qy, h).
    scratch : ndarray (4, rows, nx+1)
        Row scratch: face depth, surface slope and ``h_f**(-1/3)`` in the
        momentum sweep; south-face flux and the clip, infiltration and
        drainage of each cell in the continuity sweep. ``rows = ny+1`` (one
        per face row, so that parallel rows never share one; a thread-id
        index crashed when the serial build was loaded from numba's cache)
        or ``rows = 1`` (serial: every face row reuses it).
    scratch32 : ndarray of float32 (2, rows, nx+1)
        Row scratch of the cube root (first guess, float32 copy of ``x``).
    row_stats : ndarray (ny+1, 5)
        Per-row partial sums (scratch).
    budget : ndarray (BUDGET_SIZE,)
        Volume accumulators (m³), see the ``BUDGET_*`` constants.

    Returns
    -------
    steps : int
        Number of time steps taken.
    h_peak : float
        Largest depth at the end (m).
    """
    ny, nx = h.shape
    g = GRAVITY
    area = dx * dx
    inv_dx = 1.0 / dx
    c_side = 0.5 * (1.0 - theta)
    s_g = scratch32[0]
    s_gi = s_g.view(np.int32)
    s_x32 = scratch32[1]
    # row buffers as separate 2D views: indexing one 3D array by [i, k, j]
    # inside the loops kept LLVM from vectorising them (4.7 vs 0.9 ns/face)
    # one scratch row per face row for the parallel build (rows never share
    # one), a single row reused by every face row in the serial build (it
    # stays in L1 instead of streaming 4 MB of scratch per step)
    rows = scratch.shape[1]
    too_short = scratch.shape[2] < nx + 1 or scratch32.shape[2] < nx + 1
    if (rows != 1 and rows != ny + 1) or scratch32.shape[1] != rows or too_short:
        raise ValueError("scratch and scratch32 need 1 or ny+1 rows of nx+1 values each")
    if _PARALLEL_BUILD and rows != ny + 1:
        raise ValueError("the parallel build needs one scratch row per face row (ny+1)")
    per_row = rows > 1
    s_h = scratch[0]
    s_d = scratch[1]
    s_c = scratch[2]
    s_x = scratch[3]
    rain_sum_w = 0.0
    for i in range(ny):
        for j in range(nx):
            rain_sum_w += rain_w[i, j]
    t = 0.0
    steps = 0
    while t < t_span:
        if h_peak > 0.0:
            dt = alpha * dx / np.sqrt(g * h_peak)
            if dt > dt_max:
                dt = dt_max
        else:
            dt = dt_max
        last = False
        if t + dt >= t_span:
            dt = t_span - t
            last = True
        if dt <= 0.0:
            break
        gdt = g * dt
        gdt_dx = gdt * inv_dx

        # --- 1. momentum on all faces, row by row (writes qx_new, qy_new) --
        # Interior faces in three branch-free loops per row so that LLVM can
        # vectorise them: (a) face depth and surface slope, (b) h_f^(-1/3),
        # (c) the semi-implicit update with the Froude cap.
        for i in prange(ny + 1):
            sr = np.intp(i) if per_row else np.intp(0)  # scratch row (explicit type for the parfor)
            if i < ny:
                # interior x faces of row i: face j between (i, j-1) and (i, j)
                for j in range(1, nx):
                    za = z[i, j - 1]
                    zb = z[i, j]
                    ea = za + h[i, j - 1]
                    eb = zb + h[i, j]
                    hf = max(ea, eb) - max(za, zb)
                    wet = (hf > h_flow_min) & (nnx[i, j] > 0.0)
                    s_h[sr, j] = hf if wet else 0.0
                    s_c[sr, j] = max(hf, 1e-20) if wet else 1.0  # float32 guess needs hf > 1e-38
                    s_d[sr, j] = eb - ea
                _inv_cbrt_row(s_c, s_g, s_gi, s_x32, sr, 1, nx)
                for j in range(1, nx):
                    hf = s_h[sr, j]
                    y = s_c[sr, j]
                    qavg = theta * qx[i, j] + c_side * (qx[i, j - 1] + qx[i, j + 1])
                    r = qavg - gdt_dx * hf * s_d[sr, j]
                    y2 = y * y
                    y4 = y2 * y2
                    a = gdt * nnx[i, j] * (y4 * y2 * y)  # g*dt*n²/h_f^(7/3)
                    q = 2.0 * r / (1.0 + np.sqrt(1.0 + 4.0 * a * abs(r)))
                    qc = froude_max * hf * np.sqrt(g * hf)
                    q = min(max(q, -qc), qc)
                    qx_new[i, j] = q if hf > 0.0 else 0.0
                # west edge face (outflow = negative q)
                q = 0.0
                if open_w[i] and not blocked[i, 0]:
                    s = s_min
                    if nx > 1 and not blocked[i, 1]:
                        s = (z[i, 1] + h[i, 1] - z[i, 0] - h[i, 0]) * inv_dx
                    q = _edge_outflow(
                        h[i, 0], s, -qx[i, 0], nnx[i, 0], gdt,
                        h_flow_min, froude_max, s_min,
                    )
                qx_new[i, 0] = -q
                # east edge face (outflow = positive q)
                q = 0.0
                if open_e[i] and not blocked[i, nx - 1]:
                    s = s_min
                    if nx > 1 and not blocked[i, nx - 2]:
                        s = (z[i, nx - 2] + h[i, nx - 2] - z[i, nx - 1] - h[i, nx - 1]) * inv_dx
                    q = _edge_outflow(
                        h[i, nx - 1], s, qx[i, nx], nnx[i, nx], gdt,
                        h_flow_min, froude_max, s_min,
                    )
                qx_new[i, nx] = q
            # y faces of "row" i: face between rows i-1 and i
            if i == 0 or i == ny:
                edge_row = 0 if i == 0 else ny - 1
                inner_row = 1 if i == 0 else ny - 2
                for j in range(nx):
                    q = 0.0
                    is_open = open_n[j] if i == 0 else open_s[j]
                    if is_open and not blocked[edge_row, j]:
                        s = s_min
                        if ny > 1 and not blocked[inner_row, j]:
                            s = (
                                z[inner_row, j] + h[inner_row, j] - z[edge_row, j] - h[edge_row, j]
                            ) * inv_dx
                        q_old = -qy[0, j] if i == 0 else qy[ny, j]
                        q = _edge_outflow(
                            h[edge_row, j], s, q_old, nny[i, j], gdt,
                            h_flow_min, froude_max, s_min,
                        )
                    qy_new[i, j] = -q if i == 0 else q
            else:
                for j in range(nx):
                    za = z[i - 1, j]
                    zb = z[i, j]
                    ea = za + h[i - 1, j]
                    eb = zb + h[i, j]
                    hf = max(ea, eb) - max(za, zb)
                    wet = (hf > h_flow_min) & (nny[i, j] > 0.0)
                    s_h[sr, j] = hf if wet else 0.0
                    s_c[sr, j] = max(hf, 1e-20) if wet else 1.0  # float32 guess needs hf > 1e-38
                    s_d[sr, j] = eb - ea
                _inv_cbrt_row(s_c, s_g, s_gi, s_x32, sr, 0, nx)
                for j in range(nx):
                    hf = s_h[sr, j]
                    y = s_c[sr, j]
                    qavg = theta * qy[i, j] + c_side * (qy[i - 1, j] + qy[i + 1, j])
                    r = qavg - gdt_dx * hf * s_d[sr, j]
                    y2 = y * y
                    y4 = y2 * y2
                    a = gdt * nny[i, j] * (y4 * y2 * y)
                    q = 2.0 * r / (1.0 + np.sqrt(1.0 + 4.0 * a * abs(r)))
                    qc = froude_max * hf * np.sqrt(g * hf)
                    q = min(max(q, -qc), qc)
                    qy_new[i, j] = q if hf > 0.0 else 0.0

        # --- 2. positivity limiter: share of each donor cell's water --------
        for i in prange(ny):
            for j in range(nx):
                hc = h[i, j] * dx
                vol_out = dt * (
                    max(qx_new[i, j + 1], 0.0)
                    + max(-qx_new[i, j], 0.0)
                    + max(qy_new[i + 1, j], 0.0)
                    + max(-qy_new[i, j], 0.0)
                )  # m³ per m of face width -> compare h*dx
                fac[i, j] = hc / vol_out if vol_out > hc else 1.0

        # --- 3. scale face fluxes by their donor's factor, continuity ------
        # Branch-free loops over row buffers so that LLVM vectorises them;
        # the row sums go through _row_sum (reassociation allowed there only).
        rain_dt = rain_rate * dt
        dt_dx = dt * inv_dx
        for i in prange(ny):
            sr = np.intp(i) if per_row else np.intp(0)  # scratch row (explicit type for the parfor)
            q = qx_new[i, 0]
            qx[i, 0] = q * (1.0 if q > 0.0 else fac[i, 0])
            for j in range(1, nx):
                q = qx_new[i, j]
                fw = fac[i, j - 1]
                fe = fac[i, j]
                qx[i, j] = q * (fw if q > 0.0 else fe)
            q = qx_new[i, nx]
            qx[i, nx] = q * (fac[i, nx - 1] if q > 0.0 else 1.0)
            if i == 0:
                for j in range(nx):
                    q = qy_new[0, j]
                    fs = fac[0, j]
                    qy[0, j] = q * (1.0 if q > 0.0 else fs)
            else:
                for j in range(nx):
                    q = qy_new[i, j]
                    fn = fac[i - 1, j]
                    fs = fac[i, j]
                    qy[i, j] = q * (fn if q > 0.0 else fs)
            # the face below is scaled here too (same value as its own row)
            if i + 1 < ny:
                for j in range(nx):
                    q = qy_new[i + 1, j]
                    fn = fac[i, j]
                    fs = fac[i + 1, j]
                    s_h[sr, j] = q * (fn if q > 0.0 else fs)
            else:
                for j in range(nx):
                    q = qy_new[ny, j]
                    fn = fac[i, j]
                    q = q * (fn if q > 0.0 else 1.0)
                    s_h[sr, j] = q
                    qy[ny, j] = q
            # continuity, rain, losses, maxima (blocked cells have no flux,
            # no rain and no water, so they stay at 0 without a branch)
            for j in range(nx):
                hn = h[i, j] + dt_dx * (qx[i, j] - qx[i, j + 1] + qy[i, j] - s_h[sr, j])
                s_d[sr, j] = max(-hn, 0.0)
                hn = max(hn, 0.0) + rain_dt * rain_w[i, j]
                loss = min(hn, loss_rate[i, j] * dt, loss_left[i, j])
                if loss > 0.0:  # masked store: inf stays inf, and dry cells write nothing
                    loss_left[i, j] -= loss
                li = loss * inf_share[i, j]
                s_c[sr, j] = li
                s_x[sr, j] = loss - li
                hn = max(hn - loss, 0.0)
                h[i, j] = hn
                # the maxima change rarely after the peak: stores only where
                # they do (masked vector stores; less memory traffic)
                if hn > hmax[i, j]:
                    hmax[i, j] = hn
                fast = hn > v_min_depth
                inv_h = 1.0 / (hn if fast else 1.0)
                u = 0.5 * (qx[i, j] + qx[i, j + 1]) * inv_h
                v = 0.5 * (qy[i, j] + s_h[sr, j]) * inv_h
                sp = np.sqrt(u * u + v * v)
                if fast & (sp > vmax[i, j]):
                    vmax[i, j] = sp
                    vmax_u[i, j] = u
                    vmax_v[i, j] = v
            row_stats[i, 0] = _row_sum(s_c, sr, nx)
            row_stats[i, 1] = _row_sum(s_x, sr, nx)
            row_stats[i, 2] = _row_sum(s_d, sr, nx)
            row_stats[i, 3] = _row_max(h, i, nx)

        # --- 4. serial reductions and boundary outflow ----------------------
        s_inf = 0.0
        s_dr = 0.0
        s_clip = 0.0
        h_peak = 0.0
        for i in range(ny):
            s_inf += row_stats[i, 0]
            s_dr += row_stats[i, 1]
            s_clip += row_stats[i, 2]
            if row_stats[i, 3] > h_peak:
                h_peak = row_stats[i, 3]
        q_out = 0.0  # m²/s summed over edge faces
        for i in range(ny):
            q_out += -qx[i, 0] + qx[i, nx]
        for j in range(nx):
            q_out += -qy[0, j] + qy[ny, j]
        budget[BUDGET_RAIN] += rain_dt * rain_sum_w * area
        budget[BUDGET_OUTFLOW] += q_out * dx * dt
        budget[BUDGET_INFILTRATION] += s_inf * area
        budget[BUDGET_DRAINAGE] += s_dr * area
        budget[BUDGET_CLIP] += s_clip * area
        budget[BUDGET_OUTFLOW_RATE] = q_out * dx
        steps += 1
        if last:
            break
        t += dt
    return steps, h_peak


#: Serial compilation (default, 1 thread).
advance_serial = njit(cache=True, error_model="numpy")(_advance_impl)

# A distinct function object (own qualname) so numba's on-disk cache keeps
# the parallel build apart from the serial one.
_advance_par_py = types.FunctionType(
    _advance_impl.__code__, dict(_advance_impl.__globals__, _PARALLEL_BUILD=True), "_advance_impl_parallel"
)
_advance_par_py.__qualname__ = "_advance_impl_parallel"
_advance_par_py.__doc__ = _advance_impl.__doc__
advance_parallel = njit(cache=True, parallel=True, error_model="numpy")(_advance_par_py)


def select_kernel(threads: int = 1):
    """Return the compiled kernel for a thread count.

    Parameters
    ----------
    threads : int, default 1
        Number of numba threads. ``1`` (default) uses the serial build and
        never touches the numba thread pool; ``> 1`` uses the ``parallel=True``
        build and calls :func:`numba.set_num_threads` with
        ``min(threads, numba.config.NUMBA_NUM_THREADS)``.

    Returns
    -------
    callable
        ``advance_serial`` or ``advance_parallel`` (same signature).

    Raises
    ------
    ValueError
        If ``threads < 1``.
    """
    if int(threads) != threads or threads < 1:
        raise ValueError(
            f"threads must be a positive integer, got {threads!r}; use 1 (default, "
            "fastest on small shared machines) or the number of free cores."
        )
    if threads == 1:
        return advance_serial
    numba.set_num_threads(min(int(threads), numba.config.NUMBA_NUM_THREADS))
    return advance_parallel
