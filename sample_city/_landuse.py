"""Water, blocks, land cover and named zones of the synthetic city.

* **Water**: the river channel (``kind`` "river", the "Mulde") and a pond in the riverside park
  (``kind`` "pond", "Schwanenteich").
* **Blocks**: the land left between street spaces, water, the railway corridor, the floodplain and
  the market square; each gets a building type (old town, inner, mid, outer, industrial) or none
  (fields west of the bypass).
* **Land cover** covers the whole district without gaps: ``water``, ``sealed`` (street spaces,
  old town, inner-city blocks, industrial estate, market square) and ``green`` (everything else:
  gardens, parks, fields, riverside meadows, the railway embankment).
* **Zones**: "Innenstadt" (old town including the ring road), "Altstadt" (inside the ring),
  "Gewerbegebiet", "Bahnhofsviertel", "Flussaue", "Nordstadt", "Südstadt".
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.affinity import rotate, scale
from shapely.geometry import Point, Polygon

from sample_city._layout import Plan
from sample_city._streets import HALF_WIDTH_M, MAIN_CLEARANCE_M, StreetNetwork

__all__ = ["make_pond", "street_space", "make_blocks", "make_landcover", "make_zones", "market_square"]


def market_square(plan: Plan) -> Polygon:
    """The (sunken) market square: an axis-aligned square around ``plan.market`` (m)."""
    h = plan.square_size / 2
    return shapely.box(plan.market[0] - h, plan.market[1] - h, plan.market[0] + h, plan.market[1] + h)


def street_space(net: StreetNetwork) -> Polygon:
    """Union of all street spaces (carriageway + pavements) by class half width (m)."""
    return shapely.union_all([shapely.buffer(lk["geometry"], HALF_WIDTH_M[lk["class"]]) for lk in net.links])


def make_pond(plan: Plan, net: StreetNetwork) -> Polygon:
    """An elliptic pond in the floodplain on the north bank, as far from roads as possible."""
    half = plan.river_width / 2
    strip = plan.soft(70.0, 25.0) - MAIN_CLEARANCE_M
    mid = shapely.offset_curve(plan.river, half + strip / 2)
    mid = max(shapely.get_parts(shapely.intersection(mid, plan.box.buffer(-60.0))), key=lambda g: g.length)
    roads = shapely.union_all([lk["geometry"] for lk in net.links])
    s = np.linspace(0.1, 0.9, 81) * mid.length
    pts = shapely.line_interpolate_point(mid, s)
    best = int(np.argmax(shapely.distance(pts, roads)))
    p = pts[best]
    q = mid.interpolate(min(mid.length, s[best] + 1.0))
    angle = np.degrees(np.arctan2(q.y - p.y, q.x - p.x))
    a = plan.soft(30.0, 14.0)
    b = min(plan.soft(16.0, 6.0), 0.5 * strip - 3.0)
    ellipse = scale(Point(p.x, p.y).buffer(1.0, quad_segs=16), a, b)
    return shapely.set_precision(rotate(ellipse, angle, origin=(p.x, p.y)), 0.01)


def make_blocks(plan: Plan, net: StreetNetwork, streets: Polygon, river: Polygon, pond: Polygon,
                square: Polygon) -> list[tuple[Polygon, str]]:
    """Building blocks with their building type (see :data:`sample_city._buildings.BLOCK_TYPES`)."""
    blocked = shapely.union_all([streets, river, pond, plan.railway.buffer(14.0, cap_style="flat"),
                                 net.floodplain, square.buffer(2.0, join_style="mitre")])
    land = plan.box.difference(blocked)
    industrial = shapely.union_all([c.geom for c in net.cells if c.use == "industrial"]).buffer(MAIN_CLEARANCE_M)
    fields = shapely.union_all([c.geom for c in net.cells if c.use == "fields"]).buffer(MAIN_CLEARANCE_M)
    ring = plan.ring_polygon
    trunk_xy = shapely.get_coordinates(plan.trunk)
    order = np.argsort(trunk_xy[:, 1])
    out: list[tuple[Polygon, str]] = []
    parts = [g for g in shapely.get_parts(land) if g.area >= 150.0]
    parts.sort(key=lambda g: (round(g.centroid.x, 1), round(g.centroid.y, 1)))
    for g in parts:
        c = g.representative_point()
        trunk_x = float(np.interp(c.y, trunk_xy[order, 1], trunk_xy[order, 0]))
        if fields.contains(c) or c.x < trunk_x:
            continue
        if ring.contains(c):
            kind = "oldtown"
        elif industrial.contains(c):
            kind = "industrial"
        else:
            rel = (float(np.hypot(c.x - plan.center[0], c.y - plan.center[1])) - plan.ring_radius) / plan.extent
            kind = "inner" if rel < 0.14 else ("mid" if rel < 0.30 else "outer")
        out.append((g, kind))
    return out


def make_landcover(plan: Plan, net: StreetNetwork, streets: Polygon, river: Polygon, pond: Polygon,
                   square: Polygon, blocks: list[tuple[Polygon, str]]) -> list[tuple[Polygon, str]]:
    """Gap-free land cover polygons (``cover`` in water / sealed / green)."""
    water = shapely.intersection(shapely.union_all([river, pond]), plan.box)
    industrial = shapely.union_all([c.geom for c in net.cells if c.use == "industrial"]).buffer(MAIN_CLEARANCE_M)
    sealed_parts = [streets, plan.ring_polygon, industrial, square] + [g for g, k in blocks if k == "inner"]
    sealed = shapely.intersection(shapely.union_all(sealed_parts), plan.box).difference(water)
    green = plan.box.difference(shapely.union_all([sealed, water]))
    out: list[tuple[Polygon, str]] = []
    for geom, cover in ((sealed, "sealed"), (green, "green"), (water, "water")):
        for g in shapely.get_parts(shapely.set_precision(geom, 0.01)):
            if g.geom_type == "Polygon" and g.area > 0.01:
                out.append((g, cover))
    return out


def make_zones(plan: Plan, net: StreetNetwork, river: Polygon,
               station_xy: np.ndarray) -> list[tuple[Polygon, str, str]]:
    """Named zones (polygon, name, kind)."""
    box = plan.box
    ring = plan.ring_polygon
    innen = ring.buffer(HALF_WIDTH_M["primary"])
    zones: list[tuple[Polygon, str, str]] = [
        (innen, "Innenstadt", "district"),
        (ring.buffer(-HALF_WIDTH_M["primary"]), "Altstadt", "district"),
    ]
    industrial = shapely.union_all([c.geom for c in net.cells if c.use == "industrial"]).buffer(MAIN_CLEARANCE_M)
    zones.append((industrial.intersection(box), "Gewerbegebiet", "industrial"))
    rail = plan.railway
    rx, ry = shapely.get_coordinates(rail).T
    south_of_rail = Polygon(np.vstack([np.column_stack([rx, ry]),
                                       [[rx[-1], plan.y0 - 1], [rx[0], plan.y0 - 1]]]))
    north_of_rail = box.difference(south_of_rail)
    bahnhof = Point(station_xy).buffer(plan.soft(320.0, 90.0)).intersection(south_of_rail).difference(innen)
    bahnhof = bahnhof.difference(industrial)
    zones.append((bahnhof.intersection(box), "Bahnhofsviertel", "district"))
    aue = shapely.union_all([net.floodplain, river]).intersection(box)
    zones.append((aue, "Flussaue", "floodplain"))
    zones.append((north_of_rail.intersection(box), "Nordstadt", "district"))
    rxy = shapely.get_coordinates(plan.river)
    below = Polygon(np.vstack([rxy, [[rxy[-1, 0], plan.y0 - 1], [rxy[0, 0], plan.y0 - 1]]]))
    zones.append((below.intersection(box).difference(aue), "Südstadt", "district"))
    return [(shapely.set_precision(g, 0.01), n, k) for g, n, k in zones if not g.is_empty]
