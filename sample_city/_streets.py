"""Street network of the synthetic city: centre lines, then one feature per link.

Design
------
1. *Main roads* come from the master plan (:mod:`sample_city._layout`): the inner-city ring
   (primary, 4 lanes), 6 radials (primary/secondary), the trunk bypass (B 247, 100 km/h, 70 km/h
   near junctions), tertiary collectors on an outer ring and along both river banks
   ("Uferstraße" north, "Auenstraße" south). Collector pieces that would dead-end are pruned.
   A district larger than :data:`CITY_EXTENT_M` is a city, not a town, and gets a city's main
   roads (:func:`_city_main_roads`): a 6-lane inner ring, every radial and the bypass with
   4 lanes, 6 more radials (secondary, 4 lanes) between the plan's ones, and the outer collector
   ring as a continuous 4-lane secondary "Mittlerer Ring" over the river and the railway. The
   plan's geometry scales with the extent but the number of its main roads does not: without
   this a 10 km city has a quarter of the 2.5 km town's main-road length per km², and its
   design-hour traffic squeezes through main roads sized for a town (bench/README.md, issue 24).
2. *Cells* are the land between main roads, minus the floodplain, the railway corridor and the
   district margin. Each cell gets a use (old town, industrial, fields, residential) and a street
   pattern: the old town a Voronoi network (irregular, degree-3 junctions, a few one-way lanes),
   residential cells a grid aligned with the cell (curved in the outer suburbs), the industrial
   estate a coarse grid of service roads with a tertiary spine. Short service spurs lead into some
   blocks.
3. All centre lines are *noded*: every crossing becomes a node whose coordinates are rounded to
   0.01 m and shared by all links that meet there (crossings closer than 3 m are merged). Lines
   also split where they cross the river bank (bridge links). Overshoots shorter than 4 m are
   trimmed and only the largest connected component is kept.

Speeds are km/h, lengths and widths m.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import substring

from sample_city._layout import RADIALS, Plan
from sample_city._names import OLD_TOWN_NAMES, NamePool

__all__ = ["Road", "Cell", "StreetNetwork", "build_streets", "HALF_WIDTH_M", "CLASSES"]

CLASSES: tuple[str, ...] = ("trunk", "primary", "secondary", "tertiary", "residential", "service")

#: Half width of the street space (carriageway + pavements) by class (m).
HALF_WIDTH_M: dict[str, float] = {
    "trunk": 10.0, "primary": 9.0, "secondary": 8.0, "tertiary": 7.0, "residential": 5.5, "service": 3.5,
}

#: Distance from a main road's centre line within which no minor street is laid out (m).
MAIN_CLEARANCE_M = 12.0
#: How far minor streets overshoot their boundary road before trimming (m).
OVERSHOOT_M = 1.5
#: Crossings closer than this are merged into one node (m).
SNAP_M = 3.0
#: Districts with a larger extent are cities and get a city's main roads (m).
CITY_EXTENT_M = 5000.0
#: Names of a city's intermediate radials, one between each pair of neighbouring plan radials.
CITY_RADIAL_NAMES: tuple[str, ...] = ("Hallesche Straße", "Göttinger Straße", "Gothaer Straße",
                                      "Weimarer Straße", "Eisenacher Straße", "Jenaer Straße")


@dataclass
class Road:
    """A street centre line before noding.

    Attributes
    ----------
    geom
        Centre line (m, EPSG:25832).
    cls
        Road class, one of :data:`CLASSES`.
    maxspeed
        Speed limit (km/h).
    lanes
        Total lanes (OSM convention).
    oneway
        True if traffic may only flow in the digitised direction.
    name
        Street name ("" allowed for service roads).
    role
        Internal role: ring, radial, trunk, collector, oldtown, grid, industrial, spur.
    """

    geom: LineString
    cls: str
    maxspeed: int
    lanes: int
    oneway: bool = False
    name: str = ""
    role: str = "grid"


@dataclass
class Cell:
    """Land between main roads.

    Attributes
    ----------
    geom
        Cell polygon (m).
    use
        "oldtown", "residential", "industrial" or "fields".
    ring
        Density ring for residential cells: "inner", "mid" or "outer".
    tempo30
        True if the cell's residential streets are signed 30 km/h.
    """

    geom: Polygon
    use: str
    ring: str = ""
    tempo30: bool = False


@dataclass
class StreetNetwork:
    """Result of :func:`build_streets`.

    Attributes
    ----------
    links
        Noded links: dicts with geometry and attributes, in output order.
    cells
        The land cells with their use.
    floodplain
        Unbuilt floodplain along the river (polygon, m).
    rail_corridor
        Unbuilt corridor along the railway.
    low_street
        The centre line of the street section lowered ~1 m into the DEM.
    underpass
        (x, y) where the Bahnhofstraße passes under the railway (m).
    """

    links: list[dict]
    cells: list[Cell]
    floodplain: Polygon
    rail_corridor: Polygon
    low_street: LineString
    underpass: np.ndarray
    bridges: list[int] = field(default_factory=list)


# ----------------------------------------------------------------------------- helpers

def _longest(geom) -> LineString | None:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "LineString" and not g.is_empty]
    return max(parts, key=lambda g: g.length) if parts else None


def _line_parts(geom, min_length: float) -> list[LineString]:
    """LineString parts of ``geom`` (merged) at least ``min_length`` long (m)."""
    if geom.is_empty:
        return []
    merged = shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom
    return [g for g in shapely.get_parts(merged) if g.geom_type == "LineString" and g.length >= min_length]


# ----------------------------------------------------------------------------- main roads

def main_roads(plan: Plan, rng: np.random.Generator) -> tuple[list[Road], LineString]:
    """Ring, radials, trunk and collectors (unnoded). Returns also the north-bank street line."""
    city = plan.extent > CITY_EXTENT_M
    roads: list[Road] = [Road(plan.ring, "primary", 50, 6 if city else 4, name="Am Ring", role="ring")]
    for spec, line in zip(RADIALS, plan.radials):
        roads.append(Road(line, spec.road_class, 50, max(spec.lanes, 4) if city else spec.lanes, name=spec.name,
                          role="radial"))
    roads.append(Road(plan.trunk, "trunk", 100, 4 if city else 2, name="B 247", role="trunk"))

    # outer collector ring (tertiary; a city's 4-lane secondary middle ring)
    r_outer = plan.ring_radius + plan.soft(450.0, 120.0)
    phi = np.linspace(0, 2 * np.pi, 181)
    circle = LineString(plan.center + r_outer * np.column_stack([np.cos(phi), np.sin(phi)]))
    if city:
        roads += _city_main_roads(plan, circle)
    else:
        no_cross = shapely.union_all([plan.river.buffer(plan.river_width / 2 + 30.0, cap_style="flat"),
                                      plan.railway.buffer(25.0, cap_style="flat")])
        for part in _line_parts(shapely.intersection(circle, plan.box).difference(no_cross), 50.0):
            roads.append(Road(part, "tertiary", 50, 2, name="Promenadenring", role="collector"))

    # bank streets: offset of the river centre line by half width + floodplain
    offset = plan.river_width / 2 + plan.soft(70.0, 25.0)
    bank_n = _longest(shapely.offset_curve(plan.river, offset, join_style="round"))
    bank_s = _longest(shapely.offset_curve(plan.river, -offset, join_style="round"))
    bank_n = _longest(shapely.intersection(bank_n, plan.box))
    bank_s = _longest(shapely.intersection(bank_s, plan.box))
    roads.append(Road(bank_n, "tertiary", 50, 2, name="Uferstraße", role="collector"))
    roads.append(Road(bank_s, "tertiary", 50, 2, name="Auenstraße", role="collector"))
    return roads, bank_n


def _city_main_roads(plan: Plan, middle_ring: LineString) -> list[Road]:
    """A city's main roads beyond the town's: the middle ring and the intermediate radials.

    The middle ring (4-lane secondary) runs on ``middle_ring`` where it lies in the district,
    across the river and the railway. An intermediate radial (4-lane secondary, straight) leaves
    the inner ring half-way between two neighbouring plan radials and runs to the district edge.
    """
    roads = [Road(part, "secondary", 50, 4, name="Mittlerer Ring", role="collector")
             for part in _line_parts(shapely.intersection(middle_ring, plan.box), 50.0)]
    angles = sorted(spec.angle_deg for spec in RADIALS)
    gaps = np.diff(angles + [angles[0] + 360.0])
    ring_xy = shapely.get_coordinates(plan.ring)
    ring_r = np.hypot(*(ring_xy - plan.center).T)
    ring_phi = np.arctan2(*(ring_xy - plan.center).T[::-1])
    for name, a0, gap in zip(CITY_RADIAL_NAMES, angles, gaps):
        theta = np.deg2rad(a0 + gap / 2.0)
        start = float(ring_r[np.argmin(np.abs(np.angle(np.exp(1j * (ring_phi - theta)))))]) - 2.0
        direction = np.array([np.cos(theta), np.sin(theta)])
        line = LineString([plan.center + start * direction, plan.center + (start + 1.5 * plan.extent) * direction])
        part = _longest(shapely.intersection(line, plan.box))
        if part is not None:
            roads.append(Road(shapely.set_precision(part, 0.01), "secondary", 50, 4, name=name, role="radial"))
    return roads


def _cells(plan: Plan, main: list[Road], floodplain: Polygon, rail_corridor: Polygon,
           rng: np.random.Generator) -> list[Cell]:
    """Land between the main roads, classified by use."""
    margin = plan.soft(25.0, 12.0)
    land = plan.box.buffer(-margin, join_style="mitre")
    blocked = shapely.union_all([r.geom.buffer(MAIN_CLEARANCE_M, cap_style="flat") for r in main]
                                + [floodplain, rail_corridor])
    inner = plan.ring_polygon.buffer(-MAIN_CLEARANCE_M)
    cells_geom = [g for g in shapely.get_parts(land.difference(blocked)) if g.area > 2500.0]
    cells_geom.sort(key=lambda g: (round(g.centroid.x, 1), round(g.centroid.y, 1)))

    # industrial estate: the cell east of the ring just south of the railway
    east0 = plan.center[0] + plan.ring_radius
    tx = east0 + 0.55 * (plan.x0 + plan.extent - east0)
    ty = float(np.interp(tx, *shapely.get_coordinates(plan.railway).T)) - plan.soft(110.0, 35.0)
    target = Point(tx, ty)
    ind_idx = int(np.argmin([g.distance(target) for g in cells_geom]))

    trunk_xy = shapely.get_coordinates(plan.trunk)
    order = np.argsort(trunk_xy[:, 1])
    cells: list[Cell] = []
    for i, g in enumerate(cells_geom):
        c = g.representative_point()
        if inner.contains(c):
            cells.append(Cell(g, "oldtown"))
            continue
        if i == ind_idx:
            cells.append(Cell(g, "industrial"))
            continue
        trunk_x = float(np.interp(c.y, trunk_xy[order, 1], trunk_xy[order, 0]))
        if c.x < trunk_x:
            cells.append(Cell(g, "fields"))
            continue
        d = float(np.hypot(*(np.array([c.x, c.y]) - plan.center)))
        rel = (d - plan.ring_radius) / plan.extent
        ring = "inner" if rel < 0.14 else ("mid" if rel < 0.30 else "outer")
        cells.append(Cell(g, "residential", ring, tempo30=bool(rng.random() < 0.7)))
    return cells


# ----------------------------------------------------------------------------- minor streets

def _chain_names(lines: list[LineString], names: list[str], max_turn_deg: float = 35.0) -> list[str]:
    """Give straight-ish chains of edges one common name (old-town lanes)."""
    n = len(lines)
    ends = [shapely.get_coordinates(g)[[0, -1]] for g in lines]

    def key(p: np.ndarray) -> tuple[float, float]:  # a node: an end point to 0.1 m
        return round(p[0], 1), round(p[1], 1)

    at_node: dict[tuple, list[tuple[int, int]]] = {}
    for i, e in enumerate(ends):
        at_node.setdefault(key(e[0]), []).append((i, 0))
        at_node.setdefault(key(e[1]), []).append((i, 1))
    link = [[-1, -1] for _ in range(n)]
    for node in sorted(at_node):
        inc = at_node[node]
        # outgoing directions from the node
        dirs = []
        for i, end in inc:
            c = shapely.get_coordinates(lines[i])
            p, q = (c[0], c[1]) if end == 0 else (c[-1], c[-2])
            dirs.append(np.arctan2(q[1] - p[1], q[0] - p[0]))
        pairs = []
        for a in range(len(inc)):
            for b in range(a + 1, len(inc)):
                turn = abs((dirs[a] - dirs[b] + np.pi) % (2 * np.pi) - np.pi)  # pi = straight on
                pairs.append((np.pi - turn, a, b))
        pairs.sort()
        used: set[int] = set()
        for dev, a, b in pairs:
            if dev > np.deg2rad(max_turn_deg) or a in used or b in used:
                continue
            used |= {a, b}
            (i, ei), (j, ej) = inc[a], inc[b]
            link[i][ei] = j
            link[j][ej] = i
    label = [-1] * n
    out = [""] * n
    k = 0
    for i in range(n):
        if label[i] >= 0:
            continue
        stack = [i]
        while stack:
            m = stack.pop()
            if label[m] >= 0:
                continue
            label[m] = k
            stack += [j for j in link[m] if j >= 0 and label[j] < 0]
        k += 1
    for i in range(n):
        out[i] = names[label[i] % len(names)]
    return out


def _old_town(plan: Plan, rng: np.random.Generator) -> tuple[list[Road], np.ndarray]:
    """Irregular old-town lanes from a Voronoi diagram of Poisson-disc points in the ring."""
    ring_poly = plan.ring_polygon
    spacing = plan.soft(78.0, 40.0)
    market_clear = np.sqrt(2) * plan.square_size + 2 * HALF_WIDTH_M["residential"] + 8.0
    inside = ring_poly.buffer(-MAIN_CLEARANCE_M - 0.35 * spacing)
    pts = [plan.market]
    minx, miny, maxx, maxy = ring_poly.bounds
    cand = rng.uniform([minx, miny], [maxx, maxy], size=(6000, 2))
    ok = shapely.contains_xy(inside, cand[:, 0], cand[:, 1])
    for p in cand[ok]:
        d = np.hypot(*(np.array(pts) - p).T)
        if d[0] >= market_clear and d[1:].min(initial=np.inf) >= spacing:
            pts.append(p)
    pts_arr = np.array(pts)
    edges = shapely.voronoi_polygons(shapely.multipoints(pts_arr), extend_to=plan.ring_polygon.buffer(200),
                                     only_edges=True)
    clip = ring_poly.buffer(OVERSHOOT_M)
    lines = []
    for e in shapely.get_parts(edges):
        g = _longest(shapely.intersection(e, clip))
        if g is not None and g.length > 6.0:
            lines.append(shapely.set_precision(g, 0.01))
    lines.sort(key=lambda g: tuple(np.round(shapely.get_coordinates(g)[0], 2)))
    names = list(OLD_TOWN_NAMES)
    names = [names[i] for i in rng.permutation(len(names))]
    chain = _chain_names(lines, names)
    # the three longest chains (by total length) are the old town's main streets (tertiary, 50 km/h)
    totals: dict[str, float] = {}
    for g, name in zip(lines, chain):
        totals[name] = totals.get(name, 0.0) + g.length
    main_names = set(sorted(totals, key=lambda nm: (-totals[nm], nm))[:3])
    roads = []
    for g, name in zip(lines, chain):
        if name in main_names:
            roads.append(Road(g, "tertiary", 50, 2, name=name, role="oldtown"))
            continue
        # streets bordering the market square are called "Markt"
        if g.distance(Point(plan.market)) < 0.5 * market_clear + 2.0:
            name = "Markt"
        oneway = bool(rng.random() < 0.2)
        if oneway and rng.random() < 0.5:
            g = g.reverse()
        roads.append(Road(g, "residential", 30, 1 if oneway else 2, oneway=oneway, name=name, role="oldtown"))
    return roads, pts_arr


def _grid_for_cell(cell: Cell, allowed: Polygon, rng: np.random.Generator, pool: NamePool,
                   scale: float = 1.0) -> list[Road]:
    """Street grid (or curved suburb streets) inside one residential/industrial cell.

    Block sizes are ~62–78 m × 100–145 m (residential) and 150 × 210 m (industrial), shrunk by up
    to 30 % for small extents (``scale`` = extent / 2.5 km).
    """
    g = cell.geom
    mrr = shapely.get_coordinates(g.minimum_rotated_rectangle)[:4]
    edges = np.diff(np.vstack([mrr, mrr[:1]]), axis=0)
    k = int(np.argmax(np.hypot(*edges.T)))
    u = edges[k] / np.hypot(*edges[k])
    n = np.array([-u[1], u[0]])
    c = mrr.mean(axis=0)
    half = 0.5 * float(np.hypot(*(mrr[2] - mrr[0]))) + 20.0
    if cell.use == "industrial":
        a, b = 150.0, 210.0
    else:
        a, b = {"inner": (62.0, 100.0), "mid": (70.0, 120.0), "outer": (78.0, 145.0)}[cell.ring]
    dense = min(1.0, max(0.7, 0.55 + 0.45 * scale))  # smaller blocks in small fixture cities
    a *= rng.uniform(0.92, 1.08) * dense
    b *= rng.uniform(0.9, 1.1) * dense
    curvy = cell.use == "residential" and cell.ring == "outer"
    amp, wave, ph = rng.uniform(12.0, 20.0), rng.uniform(260.0, 380.0), rng.uniform(0, 2 * np.pi)
    t = np.arange(-half, half + 1e-9, 10.0)

    def warp(xy: np.ndarray) -> np.ndarray:
        if not curvy:
            return xy
        along = (xy - c) @ u
        return xy + np.outer(amp * np.sin(2 * np.pi * along / wave + ph), n)

    fam = []
    off_a = rng.uniform(0.3, 0.7) * a
    for off in np.arange(-half + off_a, half, a):
        fam.append(("A", warp(c + np.outer(t, u) + off * n)))
    off_b = rng.uniform(0.3, 0.7) * b
    for off in np.arange(-half + off_b, half, b):
        fam.append(("B", c + np.outer(t, n) + off * u))

    band = g.exterior.buffer(0.3 * a)
    roads: list[Road] = []
    speed = 30 if cell.tempo30 else 50
    for family, xy in fam:
        clipped = shapely.intersection(LineString(xy), allowed)
        for part in _line_parts(clipped, 30.0):
            if shapely.intersection(part, band).length > 0.6 * part.length:
                continue  # would run alongside the boundary road
            part = shapely.set_precision(part, 0.01)
            if cell.use == "industrial":
                spine = family == "A" and not roads
                roads.append(Road(part, "tertiary" if spine else "service", 50 if spine else 30, 2,
                                  name="Industriestraße" if spine else pool.take(), role="industrial"))
            else:
                roads.append(Road(part, "residential", speed, 2, name=pool.take(), role="grid"))
    return roads


def _spurs(roads: list[Road], rng: np.random.Generator, block_depth: float = 70.0) -> list[Road]:
    """Short dead-end service roads into blocks from residential streets (m)."""
    lines = [r.geom for r in roads]
    tree = shapely.STRtree(lines)
    out: list[Road] = []
    for i, r in enumerate(roads):
        if r.role != "grid" or r.geom.length < 140.0:
            continue
        for s in np.arange(50.0, r.geom.length - 50.0, 170.0):
            if rng.random() > 0.5:
                continue
            p = np.asarray(r.geom.interpolate(s).coords[0])
            q = np.asarray(r.geom.interpolate(s + 1.0).coords[0])
            d = (q - p) / np.hypot(*(q - p))
            nrm = np.array([-d[1], d[0]]) * (1 if rng.random() < 0.5 else -1)
            length = 0.42 * block_depth
            spur = LineString([p - nrm * OVERSHOOT_M, p + nrm * length])
            tip = LineString([p + nrm * 8.0, p + nrm * length])
            near = [j for j in tree.query(tip, predicate="dwithin", distance=10.0) if j != i]
            if near or any(tip.distance(o.geom) < 10.0 for o in out):
                continue
            out.append(Road(shapely.set_precision(spur, 0.01), "service", 30, 1, name="", role="spur"))
    return out


# ----------------------------------------------------------------------------- noding

def _node(roads: list[Road], river_poly: Polygon) -> list[tuple[int, LineString, bool]]:
    """Split every road at all crossings; returns (road index, piece, is_bridge)."""
    geoms = np.array([r.geom for r in roads], dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    inter = shapely.intersection(geoms[left], geoms[right])
    pts, idx = shapely.get_coordinates(inter, return_index=True)
    owners_a, owners_b = left[idx], right[idx]
    # river bank crossings (bridge ends): only for the crossing line
    bank = river_poly.boundary
    binter = shapely.intersection(geoms, bank)
    bpts, bidx = shapely.get_coordinates(binter, return_index=True)

    all_pts = np.vstack([pts, bpts]) if len(bpts) else pts
    # merge crossings closer than SNAP_M; representative = lowest index (deterministic)
    tree_p = cKDTree(all_pts)
    pairs = np.array(sorted(tree_p.query_pairs(SNAP_M)), dtype=int).reshape(-1, 2)
    parent = np.arange(len(all_pts))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    rep = np.array([find(i) for i in range(len(all_pts))])
    snapped = np.round(all_pts[rep], 2)

    cuts: list[list[np.ndarray]] = [[] for _ in roads]
    for k in range(len(pts)):
        cuts[owners_a[k]].append(snapped[k])
        cuts[owners_b[k]].append(snapped[k])
    for k in range(len(bpts)):
        cuts[bidx[k]].append(snapped[len(pts) + k])

    pieces: list[tuple[int, LineString, bool]] = []
    for i, r in enumerate(roads):
        line = r.geom
        coords = np.round(shapely.get_coordinates(line), 2)
        seg = np.hypot(*np.diff(coords, axis=0).T)
        cum = np.concatenate([[0.0], np.cumsum(seg)])
        total = cum[-1]
        cps = np.array(cuts[i]).reshape(-1, 2)
        if len(cps):
            dist = shapely.line_locate_point(line, shapely.points(cps))
            order = np.lexsort((cps[:, 1], cps[:, 0], dist))
            cps, dist = cps[order], dist[order]
        else:
            dist = np.zeros(0)
        # breakpoints: (distance, point); ends snap to a cut within 0.05 m
        bps: list[tuple[float, np.ndarray]] = [(0.0, coords[0])]
        for d, p in zip(dist, cps):
            if d < 0.05:
                bps[0] = (0.0, p)
            elif d > total - 0.05:
                continue
            elif np.array_equal(p, bps[-1][1]):
                continue
            else:
                bps.append((float(d), p))
        end = (total, coords[-1])
        if len(dist) and dist[-1] > total - 0.05:
            end = (total, cps[-1])
        bps.append(end)
        for (d0, p0), (d1, p1) in zip(bps[:-1], bps[1:]):
            inner = coords[(cum > d0 + 0.05) & (cum < d1 - 0.05)]
            if len(inner):  # vertices next to a (possibly snapped) node would make the piece jog
                far = (np.hypot(*(inner - p0).T) > SNAP_M) & (np.hypot(*(inner - p1).T) > SNAP_M)
                inner = inner[far]
            xy = np.vstack([p0, inner, p1]) if len(inner) else np.vstack([p0, p1])
            if np.array_equal(xy[0], xy[-1]) and len(xy) < 3:
                continue
            piece = LineString(xy)
            if piece.length < 0.01:
                continue
            mid = piece.interpolate(0.5, normalized=True)
            pieces.append((i, piece, bool(river_poly.contains(mid))))
    return pieces


def _endpoints(pieces: list[LineString]) -> tuple[np.ndarray, np.ndarray, int]:
    """Node index of each piece's start and end (coordinates rounded to 0.01 m)."""
    ends = np.array([np.round(shapely.get_coordinates(p)[[0, -1]], 2) for p in pieces]).reshape(-1, 2)
    _, inv = np.unique(ends, axis=0, return_inverse=True)
    inv = inv.reshape(-1, 2)
    return inv[:, 0], inv[:, 1], int(inv.max()) + 1 if len(inv) else 0


def _prune(pieces: list[tuple[int, LineString, bool]], roads: list[Road], plan: Plan
           ) -> list[tuple[int, LineString, bool]]:
    """Trim overshoots, prune dead-end collectors, keep the largest connected component."""
    edge = plan.box.exterior
    for _ in range(50):
        a, b, n = _endpoints([p for _, p, _ in pieces])
        deg = np.bincount(np.concatenate([a, b]), minlength=n)
        drop = []
        for k, (i, p, _) in enumerate(pieces):
            dead = deg[a[k]] == 1 or deg[b[k]] == 1
            if not dead:
                continue
            c = shapely.get_coordinates(p)
            free = c[0] if deg[a[k]] == 1 else c[-1]
            on_edge = edge.distance(Point(free)) < 0.5
            if p.length < 4.0 and not on_edge:
                drop.append(k)
            elif roads[i].role in ("collector", "radial", "trunk", "ring") and not on_edge:
                drop.append(k)
        if not drop:
            break
        dropset = set(drop)
        pieces = [x for k, x in enumerate(pieces) if k not in dropset]
    a, b, n = _endpoints([p for _, p, _ in pieces])
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    ncomp, lab = connected_components(graph, directed=False)
    if ncomp > 1:
        sizes = np.bincount(lab[a], minlength=ncomp)
        big = int(np.argmax(sizes))
        pieces = [x for k, x in enumerate(pieces) if lab[a[k]] == big]
    return pieces


# ----------------------------------------------------------------------------- public

def build_streets(plan: Plan, rng: np.random.Generator) -> StreetNetwork:
    """Build the complete, noded street network.

    Parameters
    ----------
    plan
        The master plan.
    rng
        Random generator.
    """
    floodplain = plan.river.buffer(plan.river_width / 2 + plan.soft(70.0, 25.0) - MAIN_CLEARANCE_M,
                                   cap_style="flat")
    rail_corridor = plan.railway.buffer(20.0, cap_style="flat")
    river_poly = plan.river.buffer(plan.river_width / 2, cap_style="flat")
    main, bank_n = main_roads(plan, rng)
    cells = _cells(plan, main, floodplain, rail_corridor, rng)

    pool = NamePool(rng)
    old, _ = _old_town(plan, rng)
    minor: list[Road] = []
    margin = plan.soft(25.0, 12.0)
    # minor streets end before the bypass (no direct access to the B 247)
    trunk_zone = plan.trunk.buffer(MAIN_CLEARANCE_M)
    free = plan.box.buffer(-margin, join_style="mitre").difference(
        shapely.union_all([floodplain, rail_corridor, trunk_zone]))
    for cell in cells:
        if cell.use not in ("residential", "industrial"):
            continue
        allowed = cell.geom.buffer(MAIN_CLEARANCE_M + OVERSHOOT_M).intersection(free)
        minor += _grid_for_cell(cell, allowed, rng, pool, plan.scale)
    roads = main + old + minor
    roads += _spurs(roads, rng)

    pieces = _node(roads, river_poly)
    pieces = _prune(pieces, roads, plan)

    # --- per-link attributes
    trunk_idx = [i for i, r in enumerate(roads) if r.role == "trunk"]
    a, b, n = _endpoints([p for _, p, _ in pieces])
    deg = np.bincount(np.concatenate([a, b]), minlength=n)
    ends = np.array([shapely.get_coordinates(p)[[0, -1]] for _, p, _ in pieces]).reshape(-1, 2)
    node_xy = np.zeros((n, 2))
    node_xy[np.concatenate([a, b])] = np.vstack([ends[0::2], ends[1::2]])
    trunk_nodes = set()
    for k, (i, _, _) in enumerate(pieces):
        if i in trunk_idx:
            for nd in (a[k], b[k]):
                if deg[nd] > 2:
                    trunk_nodes.add(int(nd))
    junction_xy = node_xy[sorted(trunk_nodes)] if trunk_nodes else np.zeros((0, 2))
    town_radius = plan.ring_radius + 0.42 * plan.extent

    links: list[dict] = []
    bridges: list[int] = []
    for i, p, bridge in pieces:
        r = roads[i]
        mid = np.asarray(p.interpolate(0.5, normalized=True).coords[0])
        attrs = replace(r)
        if r.role == "ring":
            ang = np.degrees(np.arctan2(*(mid - plan.center)[::-1])) % 360
            attrs.name = ("Ostring", "Nordring", "Westring", "Südring")[int(((ang + 45) % 360) // 90)]
        elif r.role == "trunk":
            near = len(junction_xy) and np.hypot(*(junction_xy - mid).T).min() < 150.0
            attrs.maxspeed = 70 if near else 100
        elif r.role == "radial":
            if np.hypot(*(mid - plan.center)) > town_radius:
                attrs.maxspeed = 70
        if bridge:
            bridges.append(len(links))
        links.append({"geometry": p, "class": attrs.cls, "maxspeed": int(attrs.maxspeed), "lanes": int(attrs.lanes),
                      "oneway": bool(attrs.oneway), "name": attrs.name, "bridge": bool(bridge), "role": r.role})

    # --- special places
    bahnhof = plan.radials[[s.name for s in RADIALS].index("Bahnhofstraße")]
    cross = shapely.intersection(bahnhof, plan.railway)
    underpass = shapely.get_coordinates(cross)[0]
    low = _low_street(plan, bank_n, links)
    return StreetNetwork(links=links, cells=cells, floodplain=floodplain, rail_corridor=rail_corridor,
                         low_street=low, underpass=underpass, bridges=bridges)


def _low_street(plan: Plan, bank_n: LineString, links: list[dict]) -> LineString:
    """The middle part of the longest Uferstraße link run: a street section lowered ~1 m."""
    ufer = shapely.line_merge(shapely.union_all([lk["geometry"] for lk in links if lk["name"] == "Uferstraße"]))
    run = _longest(ufer)
    length = min(plan.soft(300.0, 120.0), 0.8 * run.length)
    start = 0.5 * (run.length - length)
    return shapely.set_precision(substring(run, start, start + length), 0.01)
