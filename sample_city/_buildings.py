"""Building footprints of the synthetic city, placed along the blocks.

Design
------
Blocks are the land left between the street spaces (carriageway + pavements), the water, the
railway corridor, the floodplain and the market square. Each block gets a building *type* from
where it lies, and rectangular footprints are laid out along its edges, facing the street:

==========  =======  ==========  =======  =======  =======  =======================
type        setback  frontage    depth    gap      storeys  notes
==========  =======  ==========  =======  =======  =======  =======================
old town    0.5 m    8–16 m      11–15 m  0 m      3–5      closed perimeter blocks
inner       3 m      12–22 m     10–13 m  3–6 m    3–4      multi-family, shops
mid         4 m      8–13 m      9–12 m   2.5–5 m  2–3      town houses
outer       5 m      8.5–11.5 m  9–12 m   3.5–6 m  1–2      detached houses
industrial  8 m      30–80 m     25–50 m  10–20 m  1–2      sheds, 8–12 m high
==========  =======  ==========  =======  =======  =======  =======================

All but industrial blocks get a second (rear) row behind the first (one storey lower in inner
and mid blocks). Candidates that leave
the block or overlap an earlier one are dropped, so footprints never overlap roads, water or
each other. A few buildings near the station become towers (40–80 m);
landmarks (Rathaus, Marienkirche, Hauptbahnhof, ...) are the buildings nearest to their planned
places.

Estimates: residents = gross floor area × 0.7 (living share) / 47 m² per person (living space
per head in Germany ≈ 47 m²); jobs = gross floor area × 0.8 / 30 m² (commercial), / 40 m²
(public), / 60 m² (industrial). Heights are storeys × storey height + roof (m).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

from sample_city._layout import Plan

__all__ = ["BlockType", "BLOCK_TYPES", "place_buildings"]


@dataclass(frozen=True)
class BlockType:
    """Layout rule for one kind of block (all lengths m).

    ``back_row`` > 0 adds a second row (rear buildings) that far behind the deepest front row.
    """

    setback: float
    frontage: tuple[float, float]
    depth: tuple[float, float]
    gap: tuple[float, float]
    storeys: tuple[int, int]
    storey_h: float
    roof: tuple[float, float]
    commercial_share: float
    back_row: float


BLOCK_TYPES: dict[str, BlockType] = {
    "oldtown": BlockType(0.5, (8.0, 16.0), (11.0, 15.0), (0.0, 0.0), (3, 5), 3.3, (2.2, 3.5), 0.42, 6.0),
    "inner": BlockType(3.0, (12.0, 22.0), (10.0, 13.0), (3.0, 6.0), (3, 4), 3.0, (0.8, 3.0), 0.2, 6.0),
    "mid": BlockType(4.0, (8.0, 13.0), (9.0, 12.0), (2.5, 5.0), (2, 3), 2.9, (0.8, 3.0), 0.05, 8.0),
    "outer": BlockType(5.0, (8.5, 11.5), (9.0, 12.0), (3.5, 6.0), (1, 2), 2.8, (2.0, 3.5), 0.01, 8.0),
    "industrial": BlockType(8.0, (30.0, 80.0), (25.0, 50.0), (10.0, 20.0), (1, 2), 4.5, (0.5, 2.0), 0.15, 0.0),
}

#: Share of the gross floor area that is living space, and living space per resident (m²).
LIVING_SHARE, M2_PER_RESIDENT = 0.7, 47.0
#: Share of the gross floor area usable for work places.
USABLE_SHARE = 0.8

LANDMARKS: tuple[tuple[str, str], ...] = (
    ("Rathaus", "oldtown"), ("Marienkirche", "oldtown"), ("Stadtbibliothek", "oldtown"),
    ("Stadtmuseum", "oldtown"), ("Hauptbahnhof", "station"), ("Gymnasium am Ring", "inner"),
    ("Grundschule Nord", "mid"), ("Grundschule Süd", "mid"), ("Klinikum", "inner"),
    ("Stadthalle", "inner"), ("Feuerwache", "mid"), ("Polizeirevier", "inner"), ("Sporthalle", "mid"),
)


def _candidates(block: Polygon, kind: BlockType, setback: float, rng: np.random.Generator) -> list[np.ndarray]:
    """Rectangles (4×2 corner arrays) along the edges of one block, ``setback`` m behind its edge."""
    inner = block.buffer(-setback, join_style="mitre")
    out: list[np.ndarray] = []
    for part in shapely.get_parts(inner):
        if part.is_empty or part.area < 60.0:
            continue
        ring = shapely.get_coordinates(orient(part.simplify(0.5), 1.0).exterior)
        lengths = np.hypot(*np.diff(ring, axis=0).T)
        # longest edges first, so that short corner edges only fill what is left
        for e in np.argsort(-lengths, kind="stable"):
            p, q, length = ring[e], ring[e + 1], float(lengths[e])
            if length < kind.frontage[0]:
                continue
            u = (q - p) / length
            nrm = np.array([-u[1], u[0]])  # to the left of a CCW ring = into the block
            t = rng.uniform(0.0, 2.0) if kind.gap[1] == 0 else rng.uniform(*kind.gap) * 0.5
            while True:
                w = rng.uniform(*kind.frontage)
                if t + w > length:
                    w = length - t
                    if w < kind.frontage[0]:
                        break
                dp = rng.uniform(*kind.depth)
                a = p + u * t
                b = p + u * (t + w)
                out.append(np.array([a, b, b + nrm * dp, a + nrm * dp]))
                gap = rng.uniform(*kind.gap)
                if kind.gap[1] == 0 and rng.random() < 0.12:
                    gap = rng.uniform(2.0, 4.0)  # a passage through the row
                t += w + gap
    return out


def place_buildings(plan: Plan, blocks: list[tuple[Polygon, str]], rng: np.random.Generator,
                    main_roads, station_xy: np.ndarray) -> dict[str, np.ndarray | list]:
    """Lay out footprints and estimate heights, uses, residents and jobs.

    Parameters
    ----------
    plan
        The master plan.
    blocks
        (block polygon, block type) pairs; block type is a key of :data:`BLOCK_TYPES`.
    rng
        Random generator.
    main_roads
        Geometry of the ring and radials (commercial frontage is likelier along them).
    station_xy
        Planned place of the Hauptbahnhof (m).

    Returns
    -------
    dict
        Columns ``geometry``, ``height_m``, ``storeys``, ``use``, ``residents``, ``jobs``, ``name``.
    """
    rects: list[np.ndarray] = []
    kinds: list[str] = []
    owner: list[int] = []
    rear: list[bool] = []
    for bi, (block, kind) in enumerate(blocks):
        spec = BLOCK_TYPES[kind]
        front = _candidates(block, spec, spec.setback, rng)
        back = _candidates(block, spec, spec.setback + spec.depth[1] + spec.back_row, rng) if spec.back_row else []
        rects += front + back
        kinds += [kind] * (len(front) + len(back))
        owner += [bi] * (len(front) + len(back))
        rear += [False] * len(front) + [True] * len(back)
    if not rects:
        raise ValueError("no building could be placed")
    corners = np.round(np.array(rects), 2)
    polys = shapely.polygons(np.concatenate([corners, corners[:, :1]], axis=1))
    owner_arr = np.array(owner)
    block_geoms = np.array([b for b, _ in blocks], dtype=object)
    inside = shapely.covered_by(polys, shapely.buffer(block_geoms[owner_arr], 0.01)) & (shapely.area(polys) > 40.0)

    # greedy: keep a candidate unless its interior overlaps an already kept one
    tree = shapely.STRtree(polys)
    a, b = tree.query(polys, predicate="intersects")
    sel = a != b
    a, b = a[sel], b[sel]
    # rows share walls; corners are rounded to 0.01 m, so tolerate slivers below 0.5 m²
    hit = shapely.area(shapely.intersection(polys[a], polys[b])) > 0.5
    a, b = a[hit], b[hit]
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    starts = np.searchsorted(a, np.arange(len(polys) + 1))
    kept = np.zeros(len(polys), bool)
    for i in range(len(polys)):
        if not inside[i]:
            continue
        nb = b[starts[i]:starts[i + 1]]
        if not kept[nb].any():
            kept[i] = True
    idx = np.flatnonzero(kept)
    geoms = polys[idx]
    kind = np.array(kinds)[idx]
    is_rear = np.array(rear)[idx]
    n = len(idx)

    # --- storeys, heights, uses
    area = shapely.area(geoms)
    cxy = shapely.get_coordinates(shapely.centroid(geoms))
    near_main = shapely.dwithin(geoms, main_roads, 30.0)
    storeys = np.zeros(n, int)
    height = np.zeros(n)
    use = np.full(n, "residential", dtype=object)
    for k, spec in BLOCK_TYPES.items():
        m = kind == k
        cnt = int(m.sum())
        if not cnt:
            continue
        storeys[m] = rng.integers(spec.storeys[0], spec.storeys[1] + 1, cnt)
        share = np.where(near_main[m], min(0.9, spec.commercial_share * 3.0), spec.commercial_share)
        com = rng.random(cnt) < share
        use[m] = np.where(com, "commercial", "residential")
        if k == "industrial":
            use[m] = np.where(rng.random(cnt) < 0.85, "industrial", "commercial")
        lower = m & is_rear & np.isin(kind, ["inner", "mid"])  # rear buildings are one storey lower
        storeys[lower] = np.maximum(1, storeys[lower] - 1)
        height[m] = storeys[m] * spec.storey_h + rng.uniform(*spec.roof, cnt)
    d_market = np.hypot(*(cxy - plan.market).T)
    core = (kind == "oldtown") & (d_market < 0.5 * plan.ring_radius)
    storeys[core] = np.maximum(storeys[core], rng.integers(4, 6, int(core.sum())))
    height[core] = storeys[core] * 3.3 + rng.uniform(1.5, 3.0, int(core.sum()))
    old = kind == "oldtown"
    height[old] = np.clip(height[old], 12.0, 20.0)
    ind = kind == "industrial"
    height[ind] = np.clip(height[ind], 8.0, 12.0)
    big_ind = ind & (area > 1500.0)
    storeys[big_ind] = 1

    # --- towers near the station: the largest inner-ring buildings
    names = np.full(n, "", dtype=object)
    d_station = np.hypot(*(cxy - station_xy).T)
    cand = np.flatnonzero((kind == "inner") & (d_station < 0.45 * plan.extent))
    n_towers = max(1, int(round(4 * min(1.0, plan.scale ** 0.5))))
    cand = cand[np.argsort(-area[cand] + 0.01 * d_station[cand], kind="stable")]
    towers: list[int] = []
    for i in cand:
        if all(np.hypot(*(cxy[i] - cxy[j])) > 120.0 for j in towers):
            towers.append(int(i))
        if len(towers) == n_towers:
            break
    for i in towers:
        storeys[i] = int(rng.integers(13, 25))
        height[i] = storeys[i] * 3.2 + rng.uniform(0.5, 2.0)
        use[i] = "commercial" if rng.random() < 0.5 else "residential"

    # --- landmarks: nearest suitable building to a planned place
    taken = set(towers)
    places = {
        "Rathaus": plan.market + np.array([0.0, plan.square_size * 0.9]),
        "Marienkirche": plan.center + np.array([-0.35, 0.25]) * plan.ring_radius,
        "Stadtbibliothek": plan.center + np.array([0.35, 0.35]) * plan.ring_radius,
        "Stadtmuseum": plan.center + np.array([-0.2, -0.5]) * plan.ring_radius,
        "Hauptbahnhof": station_xy,
    }
    ang = rng.uniform(0, 2 * np.pi)
    for k, (name, where) in enumerate(LANDMARKS):
        if name in places:
            target = places[name]
            pool = np.flatnonzero(kind == "oldtown") if where == "oldtown" else np.arange(n)
        else:
            radius = plan.ring_radius + (0.08 if where == "inner" else 0.22) * plan.extent
            a = ang + 2.4 * k
            target = plan.center + radius * np.array([np.cos(a), np.sin(a)])
            pool = np.flatnonzero(kind == where)
            pool = pool[area[pool] > 150.0] if (area[pool] > 150.0).any() else pool
        pool = np.array([i for i in pool if i not in taken], dtype=int)
        if not len(pool):
            continue
        i = int(pool[np.argmin(np.hypot(*(cxy[pool] - target).T))])
        taken.add(i)
        names[i] = name
        use[i] = "public"
        if name == "Marienkirche":
            storeys[i], height[i] = 1, 32.0
        elif name == "Hauptbahnhof":
            storeys[i], height[i] = 2, 14.0
        elif name in ("Sporthalle", "Stadthalle"):
            storeys[i], height[i] = 1, 11.0
        else:
            storeys[i] = max(int(storeys[i]), 3)
            height[i] = max(float(height[i]), storeys[i] * 3.6 + 2.0)

    # --- residents and jobs
    floor = area * storeys
    residents = np.where(use == "residential", np.maximum(1, np.round(floor * LIVING_SHARE / M2_PER_RESIDENT)), 0)
    residents = residents.astype(int)
    per_job = {"commercial": 30.0, "public": 40.0, "industrial": 60.0}
    jobs = np.zeros(n, int)
    for u_, m2 in per_job.items():
        m = use == u_
        jobs[m] = np.maximum(1, np.round(floor[m] * USABLE_SHARE / m2)).astype(int)
    return {"geometry": geoms, "height_m": np.round(height, 1), "storeys": storeys, "use": use,
            "residents": residents, "jobs": jobs, "name": names, "kind": kind}
