"""Bare-earth digital elevation model (DEM) of the synthetic city.

Design
------
* **Valley.** Elevation is a function of the distance to the river centre line: a channel
  (bed 2.5 m below the banks, trapezoidal), a floodplain rising 0.4 % away from the banks, valley
  sides rising 2.5 % for the next ~500 m and 1.2 % beyond. The floodplain level falls 0.06 % in
  the flow direction (west → east) so the river drains off the eastern edge.
* **Hills.** Three smooth Gaussian hills at the district edges (+12…+22 m), plus gentle
  large-scale (±1 m) and fine-scale (±0.15 m) undulation from seeded, low-pass filtered noise.
  The noise fades in only beyond the floodplain, so channel and floodplain stay smooth.
* **Railway embankment.** 4 m high above a smoothed track profile, 12 m crest, 1:1.5 side
  slopes; cut where a road passes (in a bare-earth DEM the railway bridge is removed).
* **Streets** lie 0.15 m below the adjacent blocks (kerb); bridge decks are not part of the DEM.
* **Depressions** where heavy rain pools (each a *local* minimum below its surroundings):

  - railway underpass: the Bahnhofstraße dips under the embankment to a flat bottom (±20 m)
    4.5 m below the lower of its two ramp ends (70 m ramps), so 4.5 m of water can pool;
  - sunken market square: ~60 × 60 m, level floor 2 m below its lowest rim, 3 m wide ramps;
  - low street: a ~300 m section of the Uferstraße with a level bottom 1 m below its lowest
    point (15 m ramps), i.e. 1–1.5 m below its surroundings;
  - ponds (water) 1.5 m deep.

Elevations are metres above sea level (DHHN2016-like), rounded to 0.01 m, float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from rasterio.features import rasterize
from rasterio.transform import Affine, rowcol
from scipy import ndimage
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Polygon

from sample_city._layout import Plan

__all__ = ["Depression", "Terrain", "build_terrain", "UNDERPASS_DEPTH_M", "SQUARE_DEPTH_M", "LOW_STREET_DEPTH_M"]

UNDERPASS_DEPTH_M = 4.5
SQUARE_DEPTH_M = 2.0
LOW_STREET_DEPTH_M = 1.0
POND_DEPTH_M = 1.5
KERB_M = 0.15
EMBANKMENT_M = 4.0


@dataclass(frozen=True)
class Depression:
    """A designed local depression.

    Attributes
    ----------
    name
        Short id ("underpass", "market_square", "low_street", "pond").
    label
        German description.
    x, y
        Lowest point (m, EPSG:25832).
    depth_m
        Designed depth below the adjacent ground (m).
    """

    name: str
    label: str
    x: float
    y: float
    depth_m: float


@dataclass
class Terrain:
    """DEM and what was carved into it.

    Attributes
    ----------
    z
        Elevations (m a.s.l.), float32, shape (rows, cols), row 0 = north.
    transform
        Pixel → EPSG:25832 affine transform.
    depressions
        The designed depressions.
    """

    z: np.ndarray
    transform: Affine
    depressions: list[Depression]


def _nearest_on_line(line: LineString, x: np.ndarray, y: np.ndarray, step: float = 1.0
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Distance (m) to a densified line and the arclength (m) of the nearest vertex."""
    xy = shapely.get_coordinates(shapely.segmentize(line, step))
    s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    q = np.column_stack([x.ravel(), y.ravel()])
    # coarse vertices (every 10 m) are accurate to < 0.2 m beyond 60 m, where the terrain varies slowly;
    # points closer than 80 m are queried again against the fine vertices
    k = max(1, int(round(10.0 / step)))
    d, i = cKDTree(xy[::k]).query(q, workers=1)
    i = i * k
    near = np.flatnonzero(d < 80.0)
    if len(near):
        d[near], i[near] = cKDTree(xy).query(q[near], workers=1)
    return d.reshape(x.shape), s[i].reshape(x.shape)


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell_px: int, sigma: float) -> np.ndarray:
    """Low-pass filtered white noise with unit standard deviation, upsampled to ``shape``."""
    coarse = rng.standard_normal((shape[0] // cell_px + 4, shape[1] // cell_px + 4))
    coarse = ndimage.gaussian_filter(coarse, sigma, mode="wrap")
    fine = ndimage.zoom(coarse, cell_px, order=3, mode="nearest")[: shape[0], : shape[1]]
    return (fine - fine.mean()) / fine.std()


def _mask(geoms: list, shape: tuple[int, int], transform: Affine) -> np.ndarray:
    """Boolean raster of pixels whose centre is inside any of ``geoms``."""
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        return np.zeros(shape, bool)
    return rasterize([(g, 1) for g in geoms], out_shape=shape, transform=transform, dtype="uint8").astype(bool)


def build_terrain(plan: Plan, rng: np.random.Generator, resolution_m: float, *, carriageways: list[Polygon],
                  rail_cuts: list[Polygon], underpass_xy: np.ndarray, underpass_road: LineString,
                  underpass_half_width: float, square: Polygon, low_street: LineString,
                  low_street_half_width: float, ponds: list[Polygon]) -> Terrain:
    """Compute the bare-earth DEM.

    Parameters
    ----------
    plan
        The master plan.
    rng
        Random generator (noise).
    resolution_m
        Pixel size (m).
    carriageways
        Street carriageways (not bridges), lowered by the kerb height.
    rail_cuts
        Areas where the embankment is cut for a road.
    underpass_xy, underpass_road, underpass_half_width
        Where the Bahnhofstraße crosses the railway, its centre line and carriageway half width (m).
    square
        The sunken market square.
    low_street, low_street_half_width
        The lowered street section and its carriageway half width (m).
    ponds
        Pond polygons.
    """
    n = int(round(plan.extent / resolution_m))
    shape = (n, n)
    transform = Affine(resolution_m, 0.0, plan.x0, 0.0, -resolution_m, plan.y0 + n * resolution_m)
    cols = plan.x0 + (np.arange(n) + 0.5) * resolution_m
    rows = plan.y0 + n * resolution_m - (np.arange(n) + 0.5) * resolution_m
    X, Y = np.meshgrid(cols, rows)

    # --- valley
    half = plan.river_width / 2
    fp = plan.soft(70.0, 25.0)
    d, s = _nearest_on_line(plan.river, X, Y)
    level = 153.0 - 0.0006 * s
    rise = np.where(d <= half, 0.0, 0.004 * np.minimum(d - half, fp))
    side = np.clip(d - half - fp, 0, None)
    rise += 0.025 * np.minimum(side, 500.0) + 0.012 * np.clip(side - 500.0, 0, None)
    bank = 0.15 + 0.3 * np.clip((d - half) / fp, 0, 1) * (d > half)
    channel = np.where(d < half - 4.0, -2.5, np.where(d < half, -2.5 * (half - d) / 4.0, bank))
    channel = np.where(d < half, channel, 0.0)

    # --- hills at the edges
    hills = np.zeros(shape)
    for (u, v, amp, sig) in ((0.02, 0.98, 22.0, 0.20), (1.0, 0.92, 14.0, 0.16), (0.55, -0.08, 12.0, 0.16)):
        cx, cy = plan.at(u, v)
        amp *= rng.uniform(0.85, 1.15)
        hills += amp * np.exp(-((X - cx) ** 2 + (Y - cy) ** 2) / (2 * (sig * plan.extent) ** 2))

    # --- undulation, fading out near the river
    taper = np.clip((d - half - fp) / 100.0, 0, 1)  # the floodplain stays flat
    noise = (1.0 * _smooth_noise(rng, shape, max(1, int(round(50.0 / resolution_m))), 2.0)
             + 0.15 * _smooth_noise(rng, shape, max(1, int(round(10.0 / resolution_m))), 1.2))
    ground = level + rise + channel + hills + taper * noise

    # --- railway embankment (crest 4 m above the smoothed track profile)
    dr, sr = _nearest_on_line(plan.railway, X, Y)
    rail_xy = shapely.get_coordinates(shapely.segmentize(plan.railway, 1.0))
    rail_s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(rail_xy, axis=0).T))])
    ri, ci = rowcol(transform, rail_xy[:, 0], rail_xy[:, 1])
    ri = np.clip(np.asarray(ri), 0, n - 1)
    ci = np.clip(np.asarray(ci), 0, n - 1)
    track = ndimage.uniform_filter1d(ground[ri, ci], size=max(3, int(200.0 / 1.0)), mode="nearest")
    crest = np.interp(sr, rail_s, track) + EMBANKMENT_M
    emb = crest - np.clip(dr - 6.0, 0, None) / 1.5
    cut = _mask(rail_cuts, shape, transform)
    z = np.where((emb > ground) & ~cut, emb, ground)

    # --- kerb: carriageways 0.15 m below the blocks
    z = z - KERB_M * _mask(carriageways, shape, transform)

    depressions: list[Depression] = []

    # --- railway underpass: flat bottom 4.5 m below the lower ramp end, ramps follow the ground
    flat, ramp = plan.soft(20.0, 10.0), plan.soft(70.0, 35.0)
    road_mask = _mask([underpass_road.buffer(underpass_half_width, cap_style="flat")], shape, transform)
    dist = np.hypot(X - underpass_xy[0], Y - underpass_xy[1])
    s0 = underpass_road.project(shapely.Point(underpass_xy))
    ends = [underpass_road.interpolate(s0 + sign * (flat + ramp)) for sign in (-1.0, 1.0)]
    ends_rc = [rowcol(transform, p.x, p.y) for p in ends]
    bottom = min(float(ground[min(n - 1, max(0, r)), min(n - 1, max(0, c))]) for r, c in ends_rc)
    bottom -= KERB_M + UNDERPASS_DEPTH_M
    frac = np.clip((dist - flat) / ramp, 0, 1)
    sel = road_mask & (dist < flat + ramp)
    z = np.where(sel, np.minimum(z, bottom + (ground - KERB_M - bottom) * frac), z)
    depressions.append(Depression("underpass", "Bahnunterführung Bahnhofstraße",
                                  float(underpass_xy[0]), float(underpass_xy[1]), UNDERPASS_DEPTH_M))

    # --- sunken market square
    minx, miny, maxx, maxy = square.bounds
    inside = np.minimum.reduce([X - minx, maxx - X, Y - miny, maxy - Y])
    sq = inside > 0
    rim = (inside > -resolution_m) & (inside <= 0)
    bottom = float(z[rim].min()) - SQUARE_DEPTH_M  # level floor 2 m below the lowest rim
    z = np.where(sq, z + (bottom - z) * np.clip(inside / 3.0, 0, 1), z)
    cx, cy = square.centroid.x, square.centroid.y
    depressions.append(Depression("market_square", "Abgesenkter Marktplatz", cx, cy, SQUARE_DEPTH_M))

    # --- low street section
    lm = _mask([low_street.buffer(low_street_half_width, cap_style="flat")], shape, transform)
    if lm.any():
        pts = shapely.points(X[lm], Y[lm])
        along = shapely.line_locate_point(low_street, pts)
        fade = np.clip(np.minimum(along, low_street.length - along) / 15.0, 0, 1)
        bottom = float(z[lm].min()) - LOW_STREET_DEPTH_M  # level, 1 m below the lowest street point
        z[lm] = z[lm] + (bottom - z[lm]) * fade
    mid = low_street.interpolate(0.5, normalized=True)
    depressions.append(Depression("low_street", "Tiefliegender Abschnitt Uferstraße", mid.x, mid.y,
                                  LOW_STREET_DEPTH_M))

    # --- ponds
    for k, pond in enumerate(ponds):
        pm = _mask([pond], shape, transform)
        edge = ndimage.distance_transform_edt(pm) * resolution_m
        z = np.where(pm, z - POND_DEPTH_M * np.clip(edge / 6.0, 0, 1), z)
        p = pond.representative_point()
        depressions.append(Depression(f"pond_{k + 1}", "Teich (Wasserfläche)", p.x, p.y, POND_DEPTH_M))

    z = np.round(z, 2).astype(np.float32)
    return Terrain(z=z, transform=transform, depressions=depressions)
