"""Master plan of the synthetic city: where the river, railway, ring and main roads run.

Musterstadt is *invented*. The plan follows the pattern of a typical central-German mid-size town
so that the scenario models meet realistic structure:

* a river (the "Mulde") crosses the district from west to east south of the centre, in a valley
  with a flat floodplain;
* a walled-town *old town* ("Altstadt") inside an irregular inner-city ring road ("Ring");
* a railway on an embankment north of the ring, with the main station ("Hauptbahnhof");
* 6 radial arterials from the ring to the district edge, some crossing the river (bridges) and the
  railway (one of them in an underpass);
* a through route (trunk, "B 247" bypass) crossing the district west of the centre;
* an industrial estate ("Gewerbegebiet") along the railway east of the centre.

All positions are given as fractions of the extent, with minimum sizes in metres so that a small
fixture city (600 m) keeps the same structure. Everything is in EPSG:25832 (m).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon

__all__ = ["Plan", "make_plan", "Radial", "soft"]

#: Lower-left corner of the default district (EPSG:25832, m): central Germany, ~51.0° N, 10.0° E.
ORIGIN_XY: tuple[float, float] = (568000.0, 5655000.0)
#: The extent the design values refer to (m).
DESIGN_EXTENT_M: float = 2500.0


def soft(value_m: float, scale: float, minimum_m: float) -> float:
    """Scale a design length with the extent but never below a minimum.

    Parameters
    ----------
    value_m
        Length at the design extent of 2.5 km (m).
    scale
        extent / 2.5 km.
    minimum_m
        Lower bound (m), keeps small fixture cities usable.
    """
    return float(max(value_m * scale, minimum_m))


@dataclass(frozen=True)
class Radial:
    """A radial arterial from the ring to the edge.

    Attributes
    ----------
    name
        German street name.
    angle_deg
        Direction at the ring (degrees counter-clockwise from east).
    bend_deg
        Total change of direction between the ring and the edge (degrees).
    road_class
        "primary" or "secondary".
    lanes
        Total lanes (OSM convention).
    """

    name: str
    angle_deg: float
    bend_deg: float
    road_class: str
    lanes: int


RADIALS: tuple[Radial, ...] = (
    Radial("Leipziger Straße", 8.0, 8.0, "primary", 4),
    Radial("Bahnhofstraße", 68.0, 6.0, "primary", 2),          # under the railway (underpass)
    Radial("Nordhäuser Straße", 128.0, -10.0, "secondary", 2),
    Radial("Kasseler Straße", 188.0, 6.0, "primary", 4),       # west, junction with the trunk
    Radial("Brückenstraße", 252.0, -12.0, "secondary", 2),     # south over the river
    Radial("Erfurter Straße", 308.0, 10.0, "secondary", 2),    # south-east over the river
)


@dataclass
class Plan:
    """The master plan: extent and main linear features (EPSG:25832, m).

    Attributes
    ----------
    x0, y0
        Lower-left corner (m).
    extent
        Side length of the square district (m).
    scale
        extent / 2500 m.
    center
        Centre of the old town (x, y) (m).
    ring
        Inner-city ring road (closed LineString).
    ring_radius
        Mean ring radius (m).
    river
        River centre line, flowing west → east (LineString).
    river_width
        Width of the river channel (m).
    railway
        Railway centre line (LineString).
    trunk
        The through route (LineString).
    radials
        Radial centre lines, one per entry of ``RADIALS``.
    market
        Centre of the market square (x, y) (m).
    square_size
        Side of the (sunken) market square (m).
    """

    x0: float
    y0: float
    extent: float
    scale: float
    center: np.ndarray
    ring: LineString
    ring_radius: float
    river: LineString
    river_width: float
    railway: LineString
    trunk: LineString
    radials: list[LineString]
    market: np.ndarray
    square_size: float

    @property
    def box(self) -> Polygon:
        """The district as a polygon."""
        return shapely.box(self.x0, self.y0, self.x0 + self.extent, self.y0 + self.extent)

    @property
    def ring_polygon(self) -> Polygon:
        """The area enclosed by the ring centre line."""
        return Polygon(self.ring.coords)

    def at(self, u: float, v: float) -> np.ndarray:
        """World coordinates (m) of the relative position (u, v) in [0, 1]²."""
        return np.array([self.x0 + u * self.extent, self.y0 + v * self.extent])

    def soft(self, value_m: float, minimum_m: float) -> float:
        """Design length scaled to this extent, with a floor (m); see :func:`soft`."""
        return soft(value_m, self.scale, minimum_m)


def _clip(line: LineString, box: Polygon) -> LineString:
    """Clip a line to the district and return the longest part."""
    clipped = shapely.intersection(line, box)
    parts = sorted(shapely.get_parts(clipped), key=lambda g: -g.length)
    return parts[0]


def make_plan(rng: np.random.Generator, extent_m: float, origin: tuple[float, float] = ORIGIN_XY) -> Plan:
    """Lay out the main structure of the district.

    Parameters
    ----------
    rng
        Random generator (only small jitters of phases and radii come from it).
    extent_m
        Side length of the square district (m).
    origin
        Lower-left corner (m, EPSG:25832).
    """
    x0, y0 = origin
    E = float(extent_m)
    s = E / DESIGN_EXTENT_M
    plan_box = shapely.box(x0, y0, x0 + E, y0 + E)

    def at(u: float | np.ndarray, v: float | np.ndarray) -> np.ndarray:
        return np.column_stack([x0 + np.asarray(u) * E, y0 + np.asarray(v) * E])

    # River: meandering centre line W → E in the southern third.
    u = np.linspace(-0.05, 1.05, 221)
    phase = rng.uniform(0.2, 0.9)
    v = 0.27 + 0.045 * np.sin(2 * np.pi * 1.1 * u + phase) + 0.015 * np.sin(2 * np.pi * 2.7 * u + 2 * phase)
    river = _clip(LineString(at(u, v)), plan_box.buffer(5.0))
    river_width = 20.0 + 10.0 * min(1.0, s)

    # Old town and ring.
    ring_radius = soft(375.0, s, 100.0)
    # the old town sits north of the river: at 0.57 E, or further north on small extents
    river_top = 0.27 * E + 0.06 * E + river_width / 2 + soft(70.0, s, 25.0)
    center = at(0.5, 0.0)[0] + np.array([0.0, max(0.57 * E, river_top + 50.0 + ring_radius)])
    phi = np.linspace(0, 2 * np.pi, 145)[:-1]
    a, b = rng.uniform(0, 2 * np.pi, 2)
    r = ring_radius * (1 + 0.06 * np.sin(2 * phi + a) + 0.035 * np.sin(3 * phi + b))
    ring_xy = center + np.column_stack([r * np.cos(phi), r * np.sin(phi)])
    ring = LineString(np.vstack([ring_xy, ring_xy[:1]]))

    # Railway: slightly inclined, north of the ring.
    north = center[1] + ring_radius * 1.1
    rail_v0 = (north - y0) / E + max(0.10, 55.0 / E)
    rail = LineString(at(np.array([-0.05, 1.05]), np.array([rail_v0 + 0.02, rail_v0 - 0.035])))
    rail = _clip(rail, plan_box)

    # Trunk: bypass west of the centre, from the southern to the northern edge.
    tu = np.linspace(0, 1, 41)
    trunk_u = 0.12 + 0.06 * tu + 0.025 * np.sin(np.pi * tu)
    trunk = _clip(LineString(at(trunk_u, tu * 1.2 - 0.1)), plan_box)

    # Radials from just inside the ring to beyond the edge (clipped to the district).
    radials: list[LineString] = []
    for rad in RADIALS:
        theta0 = np.deg2rad(rad.angle_deg)
        ring_r = float(np.interp(theta0 % (2 * np.pi), np.append(phi, 2 * np.pi), np.append(r, r[0])))
        dist = np.linspace(ring_r - 2.0, ring_r + 1.5 * E, 120)
        frac = (dist - dist[0]) / (dist[-1] - dist[0])
        theta = theta0 + np.deg2rad(rad.bend_deg) * np.sqrt(frac)
        # integrate direction to get a smooth curve
        step = np.diff(dist)
        xy = np.zeros((len(dist), 2))
        xy[0] = center + (ring_r - 2.0) * np.array([np.cos(theta0), np.sin(theta0)])
        xy[1:] = xy[0] + np.cumsum(np.column_stack([np.cos(theta[1:]), np.sin(theta[1:])]) * step[:, None], axis=0)
        radials.append(_clip(LineString(xy), plan_box))

    # Market square: a bit off the centre of the old town.
    market = center + np.array([0.12, -0.10]) * ring_radius
    square_size = soft(60.0, s, 34.0)

    return Plan(x0=x0, y0=y0, extent=E, scale=s, center=center, ring=ring, ring_radius=ring_radius,
                river=river, river_width=river_width, railway=rail, trunk=trunk, radials=radials,
                market=market, square_size=square_size)
