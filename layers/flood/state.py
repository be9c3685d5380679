"""Mutable flow state and the Python-side driver of the numba kernel.

:class:`FlowState` owns every array the kernel reads or writes, so a caller
(:func:`layers.flood.model.run_flood`, the tests, the benchmark) only deals
with physical inputs and calls :meth:`FlowState.advance` span by span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .kernel import (
    BUDGET_CLIP,
    BUDGET_DRAINAGE,
    BUDGET_INFILTRATION,
    BUDGET_OUTFLOW,
    BUDGET_OUTFLOW_RATE,
    BUDGET_RAIN,
    BUDGET_SIZE,
    select_kernel,
)

__all__ = ["SchemeParams", "FlowState", "face_coefficients"]


def face_coefficients(blocked: np.ndarray, n2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-face Manning coefficients with the walls folded in, computed once per run.

    Parameters
    ----------
    blocked : ndarray of bool (ny, nx)
        Building cells.
    n2 : ndarray (ny, nx)
        Manning's n squared per cell (s²/m^(2/3)), > 0 on open cells.

    Returns
    -------
    nnx : ndarray (ny, nx+1)
        x faces: n² = mean of both cells on interior faces that can carry
        flow, 0 on walls (a blocked cell on either side), which the kernel
        reads as "no flow"; the edge cell's n² on grid-edge faces
        (s²/m^(2/3)). One array instead of n² plus a wall flag saves the
        kernel a memory stream per face.
    nny : ndarray (ny+1, nx)
        The same for y faces.
    """
    ny, nx = blocked.shape
    nnx = np.empty((ny, nx + 1))
    nny = np.empty((ny + 1, nx))
    nnx[:, 1:nx] = np.where(blocked[:, :-1] | blocked[:, 1:], 0.0, 0.5 * (n2[:, :-1] + n2[:, 1:]))
    nnx[:, 0] = n2[:, 0]
    nnx[:, nx] = n2[:, nx - 1]
    nny[1:ny, :] = np.where(blocked[:-1, :] | blocked[1:, :], 0.0, 0.5 * (n2[:-1, :] + n2[1:, :]))
    nny[0, :] = n2[0, :]
    nny[ny, :] = n2[ny - 1, :]
    return nnx, nny


@dataclass(frozen=True)
class SchemeParams:
    """Numerical parameters of the local-inertial scheme.

    Attributes
    ----------
    alpha : float
        CFL factor in ``dt = alpha*dx/sqrt(g*h_max)`` (-). Default 0.7. The
        kernel uses :attr:`alpha_effective`, which caps it at the 2D linear
        stability limit of the q-centred scheme (see there).
    dt_max : float
        Upper cap of the time step (s). Default 10 s.
    theta : float
        q-centring weight of de Almeida et al. (2012) (-), 1 = Bates 2010.
        Default 0.8.
    h_flow_min : float
        Face flow depth below which a face carries no flow (m). Default 1e-4 m.
    froude_max : float or None
        Froude cap ``|q| <= Fr*h*sqrt(g*h)`` (-); ``None`` disables it.
        Default 1.0. Open-edge outflow is always capped at critical flow.
    s_min : float
        Minimum water-surface slope used at free-outflow edges (-).
        Default 1e-3.
    v_min_depth : float
        Depth below which velocities are not recorded in the maxima (m).
        Default 0.05 m.
    threads : int
        numba threads; 1 (default) = serial build.
    """

    alpha: float = 0.7
    dt_max: float = 10.0
    theta: float = 0.8
    h_flow_min: float = 1e-4
    froude_max: float | None = 1.0
    s_min: float = 1e-3
    v_min_depth: float = 0.05
    threads: int = 1

    @property
    def alpha_effective(self) -> float:
        """CFL factor actually used (-): ``min(alpha, 0.9*sqrt(theta/2))``.

        Von Neumann analysis of the forward-backward q-centred update for the
        shortest (checkerboard) wave gives the stability condition
        ``K <= 4*theta`` with ``K = 4*C²`` per direction, i.e. in 2D
        ``C = sqrt(g*h)*dt/dx <= sqrt(theta/2)`` (0.707 for Bates' theta = 1,
        0.632 for theta = 0.8). ``theta < 1`` damps that mode (amplification
        ``2*theta - 1``), ``theta = 1`` leaves it undamped. A closed-basin test
        (tests/test_flood_kernel.py) showed growing/persistent sloshing of
        0.1-0.5 m with theta = 0.8 and alpha = 0.7, a flat surface with
        alpha <= 0.57. The factor 0.9 is a safety margin for the
        velocity-dependent part of the wave speed.
        """
        return float(min(self.alpha, 0.9 * np.sqrt(self.theta / 2.0)))

    def validate(self) -> None:
        """Raise ``ValueError`` for parameters outside their valid range."""
        if not 0.0 < self.alpha <= 1.0:
            raise ValueError(f"alpha must be in (0, 1], got {self.alpha}; 0.7 is the usual value.")
        if not self.dt_max > 0.0:
            raise ValueError(f"dt_max must be > 0 s, got {self.dt_max}; try 10.")
        if not 0.5 < self.theta <= 1.0:
            raise ValueError(
                f"theta must be in (0.5, 1], got {self.theta}; try 0.8 (1 = Bates 2010). "
                "theta <= 0.5 amplifies the shortest waves."
            )
        if not self.h_flow_min >= 0.0:
            raise ValueError(f"h_flow_min must be >= 0 m, got {self.h_flow_min}; try 1e-4.")
        if self.froude_max is not None and not self.froude_max > 0.0:
            raise ValueError(
                f"froude_max must be > 0 or None, got {self.froude_max}; 1.0 is the usual cap."
            )
        if not self.s_min > 0.0:
            raise ValueError(f"s_min must be > 0, got {self.s_min}; try 1e-3.")


@dataclass
class FlowState:
    """All arrays of one simulation; advance it with :meth:`advance`.

    Parameters
    ----------
    z : ndarray (ny, nx)
        Bed elevation (m); must be finite where not blocked.
    blocked : ndarray of bool (ny, nx)
        Building / no-flow cells.
    manning_n : ndarray (ny, nx)
        Manning's n (s/m^(1/3)), finite and > 0 on open cells.
    rain_w : ndarray (ny, nx)
        Rain multiplier per cell (-), must be 0 on blocked cells.
    infiltration_m_s, drainage_m_s : ndarray (ny, nx)
        Loss capacities (m/s).
    dx : float
        Cell size (m).
    open_w, open_e, open_n, open_s : ndarray of bool
        Free-outflow flags of the edge faces (rows for w/e, columns for n/s).
    params : SchemeParams
        Numerical parameters.
    h0 : ndarray (ny, nx), optional
        Initial depth (m), default dry.
    loss_storage_m : ndarray (ny, nx), optional
        Storage below each cell (m of water) that its infiltration and drainage fill over the run;
        they stop when it is full (a swale's trench). Default ``inf``: unlimited.
    """

    z: np.ndarray
    blocked: np.ndarray
    manning_n: np.ndarray
    rain_w: np.ndarray
    infiltration_m_s: np.ndarray
    drainage_m_s: np.ndarray
    dx: float
    open_w: np.ndarray
    open_e: np.ndarray
    open_n: np.ndarray
    open_s: np.ndarray
    params: SchemeParams = field(default_factory=SchemeParams)
    h0: np.ndarray | None = None
    loss_storage_m: np.ndarray | None = None

    def __post_init__(self) -> None:
        """Check the parameters and set up the state arrays."""
        self.params.validate()
        ny, nx = self.z.shape
        f8 = np.float64
        self.z = np.ascontiguousarray(self.z, dtype=f8)
        # blocked cells get a finite dummy elevation: they never exchange water
        self.blocked = np.ascontiguousarray(self.blocked, dtype=np.bool_)
        if self.blocked.any():
            self.z = self.z.copy()
            self.z[self.blocked] = np.where(np.isfinite(self.z[self.blocked]), self.z[self.blocked], 0.0)
        n = np.asarray(self.manning_n, dtype=f8)
        bad_n = ~self.blocked & ~(np.isfinite(n) & (n > 0.0))
        if bad_n.any():
            # the kernel reads a face n² of 0 as a wall, so n = 0 would silently block flow
            raise ValueError(
                f"manning_n must be finite and > 0 on every open cell; {int(bad_n.sum())} cell(s) are not "
                "(0.015 for asphalt, 0.03-0.05 for grass)."
            )
        self.n2 = np.ascontiguousarray(n**2)
        self.set_rain_weights(self.rain_w)
        inf = np.asarray(self.infiltration_m_s, dtype=f8)
        # combined loss capacity (m/s) and the share of it that infiltrates (-): one
        # stream and no division per cell and step in the kernel
        self.loss = np.ascontiguousarray(inf + np.asarray(self.drainage_m_s, dtype=f8))
        self.inf_share = np.divide(inf, self.loss, out=np.zeros_like(self.loss), where=self.loss > 0.0)
        if self.loss_storage_m is None:
            self.loss_left = np.full((ny, nx), np.inf)
        else:
            left = np.array(np.broadcast_to(np.asarray(self.loss_storage_m, dtype=f8), (ny, nx)))
            if np.isnan(left).any() or (left < 0.0).any():
                raise ValueError("loss_storage_m must be >= 0 m (inf = unlimited) on every cell; "
                                 f"{int((np.isnan(left) | (left < 0.0)).sum())} cell(s) are not.")
            self.loss_left = np.ascontiguousarray(left)
        self.open_w = np.ascontiguousarray(self.open_w, dtype=np.bool_)
        self.open_e = np.ascontiguousarray(self.open_e, dtype=np.bool_)
        self.open_n = np.ascontiguousarray(self.open_n, dtype=np.bool_)
        self.open_s = np.ascontiguousarray(self.open_s, dtype=np.bool_)
        if self.h0 is None:
            self.h = np.zeros((ny, nx), f8)
        else:
            self.h = np.ascontiguousarray(self.h0, dtype=f8).copy()
            self.h[self.blocked] = 0.0
        self.initial_volume_m3 = float(self.h.sum()) * self.dx * self.dx
        self.qx = np.zeros((ny, nx + 1), f8)
        self.qy = np.zeros((ny + 1, nx), f8)
        self.qx_new = np.zeros_like(self.qx)
        self.qy_new = np.zeros_like(self.qy)
        self.fac = np.ones((ny, nx), f8)
        self.row_stats = np.zeros((ny + 1, 5), f8)
        self.nnx, self.nny = face_coefficients(self.blocked, self.n2)
        # row scratch of the kernel: one row per face row only when rows run in parallel
        rows = ny + 1 if self.params.threads > 1 else 1
        self.scratch = np.zeros((4, rows, nx + 1), f8)
        self.scratch32 = np.zeros((2, rows, nx + 1), np.float32)
        self.hmax = self.h.copy()
        self.vmax = np.zeros((ny, nx), f8)
        self.vmax_u = np.zeros((ny, nx), f8)
        self.vmax_v = np.zeros((ny, nx), f8)
        self.budget = np.zeros(BUDGET_SIZE, f8)
        self.h_peak = float(self.h.max()) if self.h.size else 0.0
        self.steps = 0
        self._kernel = select_kernel(self.params.threads)

    @property
    def n_cells(self) -> int:
        """Number of cells of the grid (blocked included)."""
        return int(self.h.size)

    def advance(self, t_span_s: float, rain_m_s: float) -> int:
        """Simulate ``t_span_s`` seconds with constant rain ``rain_m_s``.

        Parameters
        ----------
        t_span_s : float
            Duration (s), > 0.
        rain_m_s : float
            Rain intensity (m/s), >= 0.

        Returns
        -------
        int
            Number of time steps taken.
        """
        p = self.params
        # the kernel needs a finite cap (branch-free clamp); 1e30 never binds
        fr = 1e30 if p.froude_max is None else float(p.froude_max)
        steps, h_peak = self._kernel(
            float(t_span_s),
            float(rain_m_s),
            float(self.dx),
            float(p.dt_max),
            p.alpha_effective,
            float(p.theta),
            float(p.h_flow_min),
            fr,
            float(p.s_min),
            float(p.v_min_depth),
            self.z,
            self.blocked,
            self.rain_w,
            self.loss,
            self.inf_share,
            self.loss_left,
            self.nnx,
            self.nny,
            self.open_w,
            self.open_e,
            self.open_n,
            self.open_s,
            self.h,
            self.qx,
            self.qy,
            float(self.h_peak),
            self.hmax,
            self.vmax,
            self.vmax_u,
            self.vmax_v,
            self.qx_new,
            self.qy_new,
            self.fac,
            self.scratch,
            self.scratch32,
            self.row_stats,
            self.budget,
        )
        self.h_peak = float(h_peak)
        self.steps += int(steps)
        return int(steps)

    def speed_m_s(self) -> np.ndarray:
        """Cell flow speed of the current state (m/s), as the kernel's running maximum counts it.

        The cell velocity is the mean of its two face discharges per axis over its depth,
        ``u = (qx_w + qx_e) / (2 h)``, ``v = (qy_n + qy_s) / (2 h)``; cells not deeper than
        ``v_min_depth`` count 0 (:mod:`layers.flood.kernel`). After a step the state holds the
        scaled fluxes and the depth the kernel's maximum was taken from, so this equals the
        speed it compared with the maximum in its last step (never above ``vmax``).
        """
        h = self.h
        fast = h > self.params.v_min_depth
        inv_h = 1.0 / np.where(fast, h, 1.0)
        u = 0.5 * (self.qx[:, :-1] + self.qx[:, 1:]) * inv_h
        v = 0.5 * (self.qy[:-1, :] + self.qy[1:, :]) * inv_h
        return np.where(fast, np.sqrt(u * u + v * v), 0.0)

    def set_rain_weights(self, rain_w: np.ndarray) -> None:
        """Replace the per-cell rain multiplier (-), e.g. when green roofs fill up.

        Raises
        ------
        ValueError
            If a blocked cell would receive rain: buildings hold no water, their rain must be
            routed to open cells (see ``roof_runoff`` in :func:`layers.flood.run_flood`).
        """
        rain_w = np.ascontiguousarray(rain_w, dtype=np.float64)
        if (rain_w[self.blocked] != 0.0).any():
            raise ValueError(
                f"rain_w must be 0 on blocked (building) cells; {int((rain_w[self.blocked] != 0.0).sum())} "
                "are not. Route roof rain to open cells instead."
            )
        self.rain_w = rain_w

    # --- budget accessors (m³) ---------------------------------------------
    @property
    def rain_m3(self) -> float:
        """Rain added to non-blocked cells so far (m³)."""
        return float(self.budget[BUDGET_RAIN])

    @property
    def outflow_m3(self) -> float:
        """Volume that left through open edges (m³)."""
        return float(self.budget[BUDGET_OUTFLOW])

    @property
    def infiltration_m3(self) -> float:
        """Infiltrated volume (m³)."""
        return float(self.budget[BUDGET_INFILTRATION])

    @property
    def drainage_m3(self) -> float:
        """Volume drained by sewer inlets (m³)."""
        return float(self.budget[BUDGET_DRAINAGE])

    @property
    def clip_m3(self) -> float:
        """Round-off volume added by clipping negative depths (m³)."""
        return float(self.budget[BUDGET_CLIP])

    @property
    def outflow_rate_m3_s(self) -> float:
        """Boundary discharge of the last step (m³/s)."""
        return float(self.budget[BUDGET_OUTFLOW_RATE])

    @property
    def stored_m3(self) -> float:
        """Water currently on the grid (m³)."""
        return float(self.h.sum()) * self.dx * self.dx
