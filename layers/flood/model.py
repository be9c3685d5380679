"""High-level heavy-rain run: :class:`FloodGrid` in, :class:`FloodResult` out.

Rain on buildings
-----------------
Building cells are walls and hold no water. Their roof rain is handled by
``roof_runoff``; in every mode the whole rain volume stays on the surface
(DWA-M 119 assumes the sewer is already full during a Starkregen event)
unless ``"sewer"`` is chosen:

* ``"perimeter"`` (default): the rain on a building (a 4-connected group of
  blocked cells) is spread evenly over the open cells that share a face with
  it, i.e. the eaves and downpipes all around it spill onto the ground, as
  when hazard maps rain directly on raised building blocks. Groups without
  such a cell fall back to ``"nearest"``.
* ``"nearest"``: each roof cell's rain is added to the nearest non-building
  cell (Euclidean, ties broken by scipy's distance transform). On coarse
  grids this concentrates a whole roof in one or two cells next to the wall
  (100 mm on a 150 m² roof into one 8 m cell: 0.23 m if it stayed there);
  kept for comparison (bench/README.md compares the two on the sample city).
* ``"sewer"``: roof rain is assumed to vanish into the sewer; it is counted
  in the budget's rain and drainage volumes but never enters the grid.

Green roofs
-----------
``roof_storage_mm`` gives every roof cell a retention depth (mm): a roof
keeps the first ``S`` mm of rain and spills only what falls after it is
full (no release during the event). Extensive green roofs (about 6-15 cm
of substrate) hold in the order of 15-30 mm of a single event when they
start dry (FLL Dachbegrünungsrichtlinien 2018 on substrate water storage;
Mentens, Raes & Hermy 2006, "Green roofs as a tool for solving the
rainwater runoff problem in the urbanized 21st century?", Landscape and
Urban Planning 77, 217-226); 20 mm is our default for the sample city's
measure. Since rain is uniform over the grid, all roofs with
the same ``S`` fill at the same moment; the run is cut there and the roof
weights are updated, so the retained volume is exact.

Mass budget
-----------
``rain = stored + outflow + infiltration + drainage + retained (- clip)``,
all m³, where ``drainage`` includes roof rain sent to the sewer,
``retained`` is the rain held on green roofs and ``clip`` is the
(round-off) volume created by clipping tiny negative depths. The relative
residual is reported in :attr:`MassBudget.relative_error`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy import ndimage

from .hyetograph import Hyetograph
from .state import FlowState, SchemeParams

__all__ = ["FloodGrid", "FloodResult", "MassBudget", "RoofRouting", "boundary_flags", "run_flood"]

_EDGES = ("north", "south", "west", "east")


@dataclass
class FloodGrid:
    """Static inputs of a flood run on a north-up regular raster.

    Attributes
    ----------
    z : ndarray (ny, nx)
        Ground elevation (m); finite everywhere except optionally on
        blocked cells. Row 0 is the northern edge.
    blocked : ndarray of bool (ny, nx)
        Building cells: no flow through, no storage.
    manning_n : ndarray (ny, nx)
        Manning's n (s/m^(1/3)), > 0 on non-blocked cells.
    infiltration_mm_h : ndarray (ny, nx)
        Constant infiltration capacity of unsealed cells (mm/h), >= 0.
    drainage_mm_h : ndarray (ny, nx)
        Sewer inlet capacity of sealed cells (mm/h), >= 0.
    dx : float
        Square cell size (m), > 0.
    transform : affine.Affine, optional
        Georeference of the raster (rasterio convention).
    crs : Any, optional
        Coordinate reference system (e.g. ``rasterio.crs.CRS``).
    loss_storage_mm : ndarray (ny, nx), optional
        Storage below each cell (mm of water) that its infiltration and
        drainage fill over a run; they stop when it is full (a swale's gravel
        trench, :class:`layers.flood.terrain_measures.Swales`). ``inf`` or
        None: unlimited, as for natural soil and the sewer.
    """

    z: np.ndarray
    blocked: np.ndarray
    manning_n: np.ndarray
    infiltration_mm_h: np.ndarray
    drainage_mm_h: np.ndarray
    dx: float
    transform: Any = None
    crs: Any = None
    loss_storage_mm: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """Grid shape ``(ny, nx)``."""
        return tuple(np.shape(self.z))  # type: ignore[return-value]

    @classmethod
    def uniform(
        cls,
        z: np.ndarray,
        dx: float,
        *,
        manning_n: float = 0.015,
        infiltration_mm_h: float = 0.0,
        drainage_mm_h: float = 0.0,
        blocked: np.ndarray | None = None,
    ) -> FloodGrid:
        """Grid with spatially uniform parameters (handy for tests and demos).

        Parameters
        ----------
        z : ndarray (ny, nx)
            Ground elevation (m).
        dx : float
            Cell size (m).
        manning_n : float, default 0.015
            Manning's n (s/m^(1/3)).
        infiltration_mm_h, drainage_mm_h : float, default 0
            Loss capacities (mm/h).
        blocked : ndarray of bool, optional
            Building mask, default none.
        """
        z = np.asarray(z, dtype=np.float64)
        full = np.ones(z.shape)
        return cls(
            z=z,
            blocked=np.zeros(z.shape, bool) if blocked is None else np.asarray(blocked, bool),
            manning_n=manning_n * full,
            infiltration_mm_h=infiltration_mm_h * full,
            drainage_mm_h=drainage_mm_h * full,
            dx=float(dx),
        )

    def validate(self) -> None:
        """Check shapes and values; raise ``ValueError`` with a fix hint."""
        z = np.asarray(self.z)
        if z.ndim != 2 or min(z.shape) < 1:
            raise ValueError(f"z must be a 2D array (rows, cols), got shape {z.shape}.")
        try:
            dx = float(self.dx)
        except (TypeError, ValueError):
            raise ValueError(f"dx must be a number of metres, got {self.dx!r}.") from None
        if not np.isfinite(dx) or dx <= 0:
            raise ValueError(
                f"dx must be a positive cell size in metres, got {self.dx!r}; "
                "e.g. 1.0 for a 1 m DGM1 raster."
            )
        for name in ("blocked", "manning_n", "infiltration_mm_h", "drainage_mm_h"):
            shp = np.shape(getattr(self, name))
            if shp != z.shape:
                raise ValueError(
                    f"{name} has shape {shp} but z has shape {z.shape}; all grids must "
                    "share the DEM's shape (build them with grid_from_dem or FloodGrid.uniform)."
                )
        blocked = np.asarray(self.blocked, dtype=bool)
        open_ = ~blocked
        if not open_.any():
            raise ValueError("every cell is blocked (building); nothing can hold water.")
        bad = ~np.isfinite(z) & open_
        if bad.any():
            rows, cols = np.nonzero(bad)
            raise ValueError(
                f"the DEM has {int(bad.sum())} NaN/nodata cell(s) outside buildings "
                f"(rows {rows.min()}-{rows.max()}, cols {cols.min()}-{cols.max()}; first at "
                f"row {rows[0]}, col {cols[0]}); fill the holes (e.g. rasterio.fill.fillnodata) "
                "or mark those cells as blocked."
            )
        n = np.asarray(self.manning_n, dtype=np.float64)
        badn = open_ & ~(np.isfinite(n) & (n > 0))
        if badn.any():
            raise ValueError(
                f"manning_n must be finite and > 0 on non-blocked cells; {int(badn.sum())} "
                "cell(s) are not (typical values: 0.015 asphalt, 0.05 grass)."
            )
        for name in ("infiltration_mm_h", "drainage_mm_h"):
            a = np.asarray(getattr(self, name), dtype=np.float64)
            bada = open_ & ~(np.isfinite(a) & (a >= 0))
            if bada.any():
                raise ValueError(
                    f"{name} must be finite and >= 0 mm/h on non-blocked cells; "
                    f"{int(bada.sum())} cell(s) are not."
                )
        if self.loss_storage_mm is not None:
            storage = np.asarray(self.loss_storage_mm, dtype=np.float64)
            if storage.shape != z.shape:
                raise ValueError(f"loss_storage_mm has shape {storage.shape} but z has shape {z.shape}.")
            bads = open_ & ~(storage >= 0)  # NaN and negatives; inf (unlimited) is fine
            if bads.any():
                raise ValueError(
                    f"loss_storage_mm must be >= 0 mm (inf = unlimited) on non-blocked cells; "
                    f"{int(bads.sum())} cell(s) are not (a swale's trench stores a few hundred mm)."
                )


@dataclass
class MassBudget:
    """Water volumes of a run (m³).

    Attributes
    ----------
    rain_m3 : float
        Rain that fell on the whole grid (roofs included).
    stored_m3 : float
        Water on the surface at the end.
    outflow_m3 : float
        Volume that left through open edges.
    infiltration_m3 : float
        Infiltrated volume.
    drainage_m3 : float
        Volume taken by sewer inlets (incl. roof rain with ``roof_runoff="sewer"``).
    clip_m3 : float
        Round-off volume created by clipping negative depths (should be ~0).
    initial_m3 : float
        Water on the surface at the start.
    retained_m3 : float
        Rain held on green roofs (``roof_storage_mm``).
    """

    rain_m3: float
    stored_m3: float
    outflow_m3: float
    infiltration_m3: float
    drainage_m3: float
    clip_m3: float = 0.0
    initial_m3: float = 0.0
    retained_m3: float = 0.0

    @property
    def residual_m3(self) -> float:
        """``initial + rain + clip - stored - outflow - infiltration - drainage - retained`` (m³)."""
        return (
            self.initial_m3
            + self.rain_m3
            + self.clip_m3
            - self.stored_m3
            - self.outflow_m3
            - self.infiltration_m3
            - self.drainage_m3
            - self.retained_m3
        )

    @property
    def relative_error(self) -> float:
        """``|residual| / (initial + rain)`` (-)."""
        denom = self.initial_m3 + self.rain_m3
        return abs(self.residual_m3) / denom if denom > 0 else abs(self.residual_m3)


@dataclass
class FloodResult:
    """Output of :func:`run_flood`.

    Attributes
    ----------
    max_depth_m : ndarray (ny, nx)
        Maximum water depth over the run (m).
    max_velocity_m_s : ndarray (ny, nx)
        Maximum cell speed (m/s), counted only while depth > ``v_min_depth``
        (default 0.05 m), else 0.
    flow_u_m_s, flow_v_m_s : ndarray (ny, nx)
        East and north velocity components at the time of the max speed (m/s).
    flow_dir_deg : ndarray (ny, nx)
        Compass direction the water flows *towards* at max speed (degrees,
        0 = north, 90 = east); NaN where the max speed is 0.
    frame_times_s : ndarray (k,)
        Times of the depth and speed frames (s).
    depth_frames_m : ndarray (k, ny, nx) float32
        Water depth every ``output_interval_s`` and at the end (m).
    speed_frames_m_s : ndarray (k, ny, nx) float32
        Cell speed at the frame times (m/s), counted as ``max_velocity_m_s`` is (0 where not
        deeper than ``v_min_depth``; :meth:`FlowState.speed_m_s`), so never above it.
    outflow_rate_m3_s : ndarray (k,)
        Discharge through open edges at each frame time (m³/s).
    final_depth_m : ndarray (ny, nx)
        Depth at the end (m).
    budget : MassBudget
        Volume budget (m³).
    steps : int
        Number of time steps.
    cell_updates : int
        ``steps * cells`` (blocked cells included).
    wall_time_s : float
        Wall-clock time of the time loop (s), compilation excluded when the
        numba cache is warm.
    """

    max_depth_m: np.ndarray
    max_velocity_m_s: np.ndarray
    flow_u_m_s: np.ndarray
    flow_v_m_s: np.ndarray
    flow_dir_deg: np.ndarray
    frame_times_s: np.ndarray
    depth_frames_m: np.ndarray
    speed_frames_m_s: np.ndarray
    outflow_rate_m3_s: np.ndarray
    final_depth_m: np.ndarray
    budget: MassBudget
    steps: int
    cell_updates: int
    wall_time_s: float
    params: SchemeParams = field(default_factory=SchemeParams)

    @property
    def cell_updates_per_s(self) -> float:
        """Cell updates per wall-clock second (1/s)."""
        return self.cell_updates / self.wall_time_s if self.wall_time_s > 0 else float("nan")


BoundarySpec = str | Mapping[str, str] | np.ndarray


def boundary_flags(
    boundary: BoundarySpec, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Turn a boundary spec into per-face open flags.

    Parameters
    ----------
    boundary : {"open", "closed"} or mapping or ndarray of bool
        ``"open"``: free outflow on all four edges; ``"closed"``: walls.
        A mapping ``{"north"|"south"|"west"|"east": "open"|"closed"}`` sets
        edges individually (missing edges are closed). A boolean array of
        the grid's shape marks cells whose grid-edge faces are open
        (e.g. a single outlet cell); it must be True only on edge cells.
    shape : tuple
        Grid shape ``(ny, nx)``.

    Returns
    -------
    open_w, open_e : ndarray of bool (ny,)
    open_n, open_s : ndarray of bool (nx,)
    """
    ny, nx = shape
    if isinstance(boundary, str):
        if boundary not in ("open", "closed"):
            raise ValueError(
                f"boundary must be 'open', 'closed', a dict per edge or a bool mask, got "
                f"{boundary!r}."
            )
        val = boundary == "open"
        return (np.full(ny, val), np.full(ny, val), np.full(nx, val), np.full(nx, val))
    if isinstance(boundary, Mapping):
        unknown = set(boundary) - set(_EDGES)
        bad = {k: v for k, v in boundary.items() if v not in ("open", "closed")}
        if unknown or bad:
            raise ValueError(
                f"boundary dict keys must be in {_EDGES} and values 'open'/'closed'; got "
                f"unknown keys {sorted(unknown)} and bad values {bad}."
            )
        f = {k: boundary.get(k, "closed") == "open" for k in _EDGES}
        return (
            np.full(ny, f["west"]),
            np.full(ny, f["east"]),
            np.full(nx, f["north"]),
            np.full(nx, f["south"]),
        )
    mask = np.asarray(boundary)
    if mask.dtype != bool or mask.shape != (ny, nx):
        raise ValueError(
            f"a boundary mask must be a bool array of shape {(ny, nx)}, got dtype "
            f"{mask.dtype} and shape {mask.shape}."
        )
    interior = mask.copy()
    interior[0, :] = interior[-1, :] = False
    interior[:, 0] = interior[:, -1] = False
    if interior.any():
        raise ValueError(
            f"the boundary mask marks {int(interior.sum())} interior cell(s); only cells on "
            "the grid edge can be outlets."
        )
    return mask[:, 0].copy(), mask[:, -1].copy(), mask[0, :].copy(), mask[-1, :].copy()


class RoofRouting:
    """Where the rain on each roof cell goes: rain weights for any set of spilling roofs."""

    def __init__(self, blocked: np.ndarray, roof_runoff: str) -> None:
        self.base = (~blocked).astype(np.float64)
        self.mode = roof_runoff
        rb, cb = np.nonzero(blocked)
        self.roof = (rb, cb)
        if roof_runoff == "sewer" or rb.size == 0:
            self.targets = None
            return
        # nearest open cell of every roof cell (also the fallback of "perimeter")
        _, (ri, ci) = ndimage.distance_transform_edt(blocked, return_indices=True)
        near = ri[rb, cb] * blocked.shape[1] + ci[rb, cb]
        if roof_runoff == "nearest":
            self.targets = (np.arange(rb.size), near, np.ones(rb.size))
            return
        # perimeter: (roof cell, ring cell, share) for every open face-neighbour of its building
        labels, n_lab = ndimage.label(blocked)
        ny, nx = blocked.shape
        ring_lab, ring_cell = [], []
        for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            src = labels[max(0, -di): ny - max(0, di), max(0, -dj): nx - max(0, dj)]
            dst_open = ~blocked[max(0, di): ny + min(0, di) or None, max(0, dj): nx + min(0, dj) or None]
            ii, jj = np.nonzero((src > 0) & dst_open)
            ring_lab.append(src[ii, jj])
            ring_cell.append((ii + max(0, di)) * nx + jj + max(0, dj))
        pairs = np.unique(np.stack([np.concatenate(ring_lab), np.concatenate(ring_cell)]), axis=1)
        n_ring = np.bincount(pairs[0], minlength=n_lab + 1)
        roof_lab = labels[rb, cb]
        has_ring = n_ring[roof_lab] > 0
        # each roof cell spreads its rain over its building's ring: expand roof x ring per building
        order = np.argsort(pairs[0], kind="stable")
        ring_sorted = pairs[1][order]
        start = np.concatenate([[0], np.cumsum(n_ring)])
        k_roof = np.nonzero(has_ring)[0]
        counts = n_ring[roof_lab[k_roof]]
        rep = np.repeat(k_roof, counts)
        offs = np.arange(rep.size) - np.repeat(np.cumsum(counts) - counts, counts)
        cells = ring_sorted[start[roof_lab[rep]] + offs]
        share = 1.0 / n_ring[roof_lab[rep]]
        k_near = np.nonzero(~has_ring)[0]
        self.targets = (
            np.concatenate([rep, k_near]),
            np.concatenate([cells, near[k_near]]),
            np.concatenate([share, np.ones(k_near.size)]),
        )

    def weights(self, spilling: np.ndarray) -> np.ndarray:
        """Rain multiplier per cell (-) when the roof cells flagged in ``spilling`` (per roof cell) spill."""
        w = self.base.copy()
        if self.targets is None:
            return w
        k, cell, share = self.targets
        use = spilling[k]
        np.add.at(w.reshape(-1), cell[use], share[use])
        return w


def run_flood(
    grid: FloodGrid,
    hyetograph: Hyetograph,
    *,
    duration_s: float,
    output_interval_s: float = 300.0,
    boundary: BoundarySpec = "open",
    roof_runoff: Literal["perimeter", "nearest", "sewer"] = "perimeter",
    roof_storage_mm: float | np.ndarray = 0.0,
    froude_max: float | None = 1.0,
    alpha: float = 0.7,
    dt_max: float = 10.0,
    theta: float = 0.8,
    h_flow_min: float = 1e-4,
    s_min: float = 1e-3,
    v_min_depth: float = 0.05,
    threads: int = 1,
) -> FloodResult:
    """Simulate a heavy-rain event on ``grid``.

    Parameters
    ----------
    grid : FloodGrid
        Terrain, buildings and surface parameters.
    hyetograph : Hyetograph
        Rain intensity series (mm/h); rain stops after its end.
    duration_s : float
        Simulated time (s), may exceed the rain to follow the recession.
    output_interval_s : float, default 300
        Spacing of the depth and speed frames (s); a frame is also stored at the end.
    boundary : str, mapping or ndarray of bool, default "open"
        Edge conditions, see :func:`boundary_flags`.
    roof_runoff : {"perimeter", "nearest", "sewer"}, default "perimeter"
        Where rain on building cells goes (see module docstring).
    roof_storage_mm : float or ndarray (ny, nx), default 0
        Rain each roof cell retains before it spills (mm), e.g. 20 for an
        extensive green roof; read on blocked cells only (see module docstring).
    froude_max : float or None, default 1.0
        Froude cap of face discharges (-); None disables it.
    alpha : float, default 0.7
        CFL factor (-); capped at ``0.9*sqrt(theta/2)`` for stability
        (see :attr:`SchemeParams.alpha_effective`).
    dt_max : float, default 10
        Maximum time step (s).
    theta : float, default 0.8
        q-centring weight (-), 1 = Bates et al. 2010.
    h_flow_min : float, default 1e-4
        Wet/dry face depth threshold (m).
    s_min : float, default 1e-3
        Minimum water-surface slope at free-outflow edges (-).
    v_min_depth : float, default 0.05
        Depth below which speeds are not recorded (m).
    threads : int, default 1
        numba threads (1 = serial build; see :mod:`layers.flood.kernel`).

    Returns
    -------
    FloodResult

    Raises
    ------
    ValueError
        For NaN holes in the DEM, mismatched shapes, ``dx <= 0``, rain with a
        total depth <= 0, non-positive durations, negative or non-finite roof
        storage or unknown options.
    """
    if not isinstance(grid, FloodGrid):
        raise TypeError(f"grid must be a FloodGrid, got {type(grid).__name__}.")
    if not isinstance(hyetograph, Hyetograph):
        raise TypeError(
            f"hyetograph must be a Hyetograph (see block_rain / euler_type2), got "
            f"{type(hyetograph).__name__}."
        )
    grid.validate()
    if hyetograph.total_depth_mm <= 0:
        raise ValueError(
            "the hyetograph's rain is <= 0 mm in total; a heavy-rain run needs rain > 0 "
            "(e.g. block_rain(depth_mm=40, duration_min=60))."
        )
    if not np.isfinite(duration_s) or duration_s <= 0:
        raise ValueError(
            f"duration_s must be > 0 s, got {duration_s!r}; e.g. hyetograph.duration_s + 3600."
        )
    if not np.isfinite(output_interval_s) or output_interval_s <= 0:
        raise ValueError(f"output_interval_s must be > 0 s, got {output_interval_s!r}; e.g. 300.")
    if roof_runoff not in ("perimeter", "nearest", "sewer"):
        raise ValueError(
            f"roof_runoff must be 'perimeter', 'nearest' or 'sewer', got {roof_runoff!r}."
        )
    storage = np.broadcast_to(np.asarray(roof_storage_mm, dtype=np.float64), np.shape(grid.z))
    blocked_in = np.asarray(grid.blocked, dtype=bool)
    bad_storage = blocked_in & ~(np.isfinite(storage) & (storage >= 0))
    if bad_storage.any():
        raise ValueError(
            f"roof_storage_mm must be finite and >= 0 mm on building cells; {int(bad_storage.sum())} "
            "cell(s) are not (an extensive green roof retains about 15-30 mm, 0 = plain roof)."
        )

    params = SchemeParams(
        alpha=alpha,
        dt_max=dt_max,
        theta=theta,
        h_flow_min=h_flow_min,
        froude_max=froude_max,
        s_min=s_min,
        v_min_depth=v_min_depth,
        threads=threads,
    )
    blocked = blocked_in
    open_w, open_e, open_n, open_s = boundary_flags(boundary, blocked.shape)
    routing = RoofRouting(blocked, roof_runoff)
    roof_cap_m = storage[routing.roof] / 1000.0  # per roof cell (m)
    spilling = roof_cap_m <= 0.0
    dx = float(grid.dx)
    mm_h = 1.0 / 1000.0 / 3600.0  # (m/s) per (mm/h)
    state = FlowState(
        z=np.asarray(grid.z, dtype=np.float64),
        blocked=blocked,
        manning_n=np.where(blocked, 1.0, np.asarray(grid.manning_n, dtype=np.float64)),
        rain_w=routing.weights(spilling),
        infiltration_m_s=np.where(blocked, 0.0, grid.infiltration_mm_h) * mm_h,
        drainage_m_s=np.where(blocked, 0.0, grid.drainage_mm_h) * mm_h,
        dx=dx,
        open_w=open_w,
        open_e=open_e,
        open_n=open_n,
        open_s=open_s,
        params=params,
        loss_storage_m=None if grid.loss_storage_mm is None else np.asarray(grid.loss_storage_mm, float) / 1000.0,
    )
    roof_sewer_m3 = 0.0
    retained_m3 = 0.0
    rain_so_far_m = 0.0  # rain depth fallen since the start (m), the same on every roof
    capacities = np.unique(roof_cap_m[roof_cap_m > 0.0])

    # segment boundaries: frame times and hyetograph steps
    frames = np.arange(1, int(np.floor(duration_s / output_interval_s + 1e-9)) + 1) * float(
        output_interval_s
    )
    if frames.size == 0 or frames[-1] < duration_s - 1e-9:
        frames = np.append(frames, float(duration_s))
    rain_edges = hyetograph.step_edges_s()
    cuts = np.unique(np.concatenate([frames, rain_edges[(rain_edges > 0) & (rain_edges < duration_s)]]))
    frame_set = set(np.round(frames, 9).tolist())

    depth_frames: list[np.ndarray] = []
    speed_frames: list[np.ndarray] = []
    outflow_rates: list[float] = []
    t_prev = 0.0
    t0 = time.perf_counter()
    for t_cut in cuts:
        span = float(t_cut - t_prev)
        if span > 0:
            rate_m_s = hyetograph.intensity_at(t_prev) * mm_h
            # cut the span where green roofs fill up (uniform rain: all with one capacity at once)
            sub_ends = [span]
            if rate_m_s > 0 and capacities.size:
                fill = (capacities - rain_so_far_m) / rate_m_s
                sub_ends = sorted(set(fill[(fill > 0) & (fill < span)].tolist())) + [span]
            t_sub = 0.0
            for t_end in sub_ends:
                sub = t_end - t_sub
                if sub <= 0:
                    continue
                full = roof_cap_m <= rain_so_far_m * (1 + 1e-12) + 1e-15
                if (full != spilling).any():
                    spilling = full
                    state.set_rain_weights(routing.weights(spilling))
                n_spill = int(spilling.sum())
                state.advance(sub, rate_m_s)
                retained_m3 += rate_m_s * sub * (spilling.size - n_spill) * dx * dx
                if roof_runoff == "sewer":
                    roof_sewer_m3 += rate_m_s * sub * n_spill * dx * dx
                rain_so_far_m += rate_m_s * sub
                t_sub = t_end
        if round(float(t_cut), 9) in frame_set:
            depth_frames.append(state.h.astype(np.float32))
            speed_frames.append(state.speed_m_s().astype(np.float32))
            outflow_rates.append(state.outflow_rate_m3_s)
        t_prev = float(t_cut)
    wall = time.perf_counter() - t0

    u_east = state.vmax_u
    v_north = -state.vmax_v
    speed = state.vmax
    direction = np.where(speed > 0, np.degrees(np.arctan2(u_east, v_north)) % 360.0, np.nan)
    budget = MassBudget(
        rain_m3=state.rain_m3 + roof_sewer_m3 + retained_m3,
        stored_m3=state.stored_m3,
        outflow_m3=state.outflow_m3,
        infiltration_m3=state.infiltration_m3,
        drainage_m3=state.drainage_m3 + roof_sewer_m3,
        clip_m3=state.clip_m3,
        initial_m3=state.initial_volume_m3,
        retained_m3=retained_m3,
    )
    return FloodResult(
        max_depth_m=state.hmax.copy(),
        max_velocity_m_s=speed.copy(),
        flow_u_m_s=u_east.copy(),
        flow_v_m_s=v_north.copy(),
        flow_dir_deg=direction,
        frame_times_s=frames,
        depth_frames_m=_stack(depth_frames, blocked.shape),
        speed_frames_m_s=_stack(speed_frames, blocked.shape),
        outflow_rate_m3_s=np.asarray(outflow_rates),
        final_depth_m=state.h.copy(),
        budget=budget,
        steps=state.steps,
        cell_updates=state.steps * state.n_cells,
        wall_time_s=wall,
        params=params,
    )


def _stack(frames: list[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """Frames (ny, nx) → one float32 array (k, ny, nx); (0, ny, nx) without frames."""
    return np.stack(frames) if frames else np.zeros((0,) + tuple(shape), np.float32)
