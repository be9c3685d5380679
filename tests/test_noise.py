"""Road noise at home (layers.noise) against RLS-19's formulas, on streets and buildings of known geometry.

One straight street and one building at a known distance: the speed and volume effects of RLS-19's
emission reach the façade unchanged; the propagation term matches the point-source formula
(D_div = 20 lg s + 11, D_atm = s / 200) for a short piece and the line-source formula (−10 lg 4d) for a
long street, each at two distances; a façade does not hear a street behind its building; a building
behind another street gains when that street gains traffic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from layers.noise.emission import car_emission_level, length_sound_power_level
from layers.noise.exposure import exposure, homes
from layers.noise.levels import PERIODS, SliceTraffic, band_labels, residents_per_band
from layers.noise.propagation import (
    AIR_ABSORPTION_DB_PER_M,
    RECEIVER_HEIGHT_M,
    SOURCE_HEIGHT_M,
    facade_receivers,
    piece_coupling,
)

HEIGHT = RECEIVER_HEIGHT_M - SOURCE_HEIGHT_M
HALF_LENGTH_M = 1000.0  # the straight street runs from x = -1000 to 1000 m along y = 0


def _square(x: float, y: float, size: float = 10.0) -> shapely.Polygon:
    """A square footprint with its south-west corner at (x, y) (m)."""
    return shapely.box(x, y, x + size, y + size)


def _street(y: float = 0.0) -> shapely.LineString:
    return shapely.LineString([(-HALF_LENGTH_M, y), (HALF_LENGTH_M, y)])


def _buildings(footprints: list, residents: list[int]) -> pd.DataFrame:
    import geopandas as gpd

    return gpd.GeoDataFrame({"residents": residents}, geometry=footprints, crs="EPSG:25832")


def _day(volumes: list[float], speeds: list[float]) -> list[SliceTraffic]:
    """The same traffic in every hour of the day (one slice of 24 hours)."""
    return [SliceTraffic(tuple(range(24)), np.asarray(volumes, float), np.asarray(speeds, float))]


def _expected_line_level(lw: float, distance_m: float) -> float:
    """RLS-19's point-source sum along the street (D_div + D_atm per 0.05 m piece), receiver at ``distance_m``."""
    x = np.arange(-HALF_LENGTH_M, HALF_LENGTH_M, 0.05) + 0.025
    s = np.sqrt(x ** 2 + distance_m ** 2 + HEIGHT ** 2)
    return float(10 * np.log10(np.sum(10 ** (0.1 * (lw + 10 * np.log10(0.05) - (20 * np.log10(s) + 11) - s / 200)))))


# --------------------------------------------------------------------------- emission (RLS-19 eqs. 5, 6)

def test_emission_speed_and_volume_effects() -> None:
    lw = lambda m, v: float(length_sound_power_level(m, v))  # noqa: E731
    assert lw(800, 30) - lw(800, 50) == pytest.approx(-3.72, abs=0.01)  # UBA 2016: −2…−4 dB(A)
    assert lw(1600, 50) - lw(800, 50) == pytest.approx(10 * np.log10(2), abs=1e-9)  # +3.01 dB


def test_length_related_level_is_rls19_eq5() -> None:
    """1000 cars/h at 50 km/h: 10 lg 1000 + L_W0(50) − 10 lg 50 − 30 = 83.44 dB(A) per m.

    Bug: the formula had 10 lg(100 / v) for −10 lg v, which put every level 20 dB too high (only
    differences were used until levels at the façade needed the absolute value).
    """
    l_w0 = 88.0 + 10 * np.log10(1 + (50 / 20) ** 3.06)
    assert float(car_emission_level(50)) == pytest.approx(l_w0)
    assert float(length_sound_power_level(1000, 50)) == pytest.approx(30 + l_w0 - 10 * np.log10(50) - 30, abs=1e-9)
    assert float(length_sound_power_level(1000, 50)) == pytest.approx(83.44, abs=0.01)


# --------------------------------------------------------------------------- propagation (RLS-19 3.5)

@pytest.mark.parametrize("distance_m", [30.0, 120.0])
def test_short_piece_matches_the_point_source_formula(distance_m: float) -> None:
    """A 1 m piece at horizontal distance d: 10 lg l − (20 lg s + 11) − s / 200, s the 3D distance (RLS-19's 11
    is 10 lg 4π = 10.99 rounded, hence 0.01 dB).
    """
    c = piece_coupling(0.0, 0.0, 0.0, -1.0, -0.5, -distance_m, 0.5, -distance_m)
    s = np.hypot(distance_m, HEIGHT)
    assert 10 * np.log10(c) == pytest.approx(0.0 - (20 * np.log10(s) + 11) - s * AIR_ABSORPTION_DB_PER_M, abs=0.01)


@pytest.mark.parametrize("distance_m", [10.0, 40.0])
def test_long_street_matches_the_line_source_formula(distance_m: float) -> None:
    """Without air absorption a line of length 2L gives 10 lg(2 atan(L / d) / (4π d)) — −10 lg(4 d) for an
    infinite one — exactly; with it, RLS-19's point-source sum.
    """
    x = np.linspace(-HALF_LENGTH_M, HALF_LENGTH_M, 81)  # 25 m pieces
    args = (0.0, distance_m, 0.0, -1.0, x[:-1], 0.0 * x[:-1], x[1:], 0.0 * x[1:])
    d = np.hypot(distance_m, HEIGHT)
    free = piece_coupling(*args, air_absorption=False).sum()
    assert 10 * np.log10(free) == pytest.approx(10 * np.log10(2 * np.arctan(HALF_LENGTH_M / d) / (4 * np.pi * d)),
                                                abs=1e-9)
    assert 10 * np.log10(free) == pytest.approx(-10 * np.log10(4 * d), abs=0.12)
    assert 10 * np.log10(piece_coupling(*args).sum()) == pytest.approx(_expected_line_level(0.0, distance_m), abs=0.02)


def test_facade_hears_only_the_street_in_front() -> None:
    """The façade facing away from the street (north) hears nothing; the one facing it (south) all of it."""
    receivers = facade_receivers(np.array([_square(0.0, 20.0)]))
    assert len(receivers) == 4
    c = piece_coupling(receivers.x, receivers.y, receivers.nx, receivers.ny, -HALF_LENGTH_M, 0.0, HALF_LENGTH_M, 0.0)
    north, south = np.argmax(receivers.y), np.argmin(receivers.y)
    assert c[north] == 0.0 and c[south] == c.max() > 0
    assert receivers.ny[south] == pytest.approx(-1.0) and receivers.ny[north] == pytest.approx(1.0)


# --------------------------------------------------------------------------- one street, one building

@pytest.fixture(scope="module")
def one_street():
    """A 10 m square building whose south façade is 20 m from the street."""
    return homes(_buildings([_square(-5.0, 20.0)], [12]), ["B1"], np.array([_street()]))


def test_building_level_is_the_street_level_at_its_facade(one_street) -> None:
    level = exposure(one_street, _day([600.0], [50.0])).levels["tag"][0]
    expected = _expected_line_level(float(length_sound_power_level(600, 50)), 20.0 - 0.1)  # façade offset 0.1 m
    assert level == pytest.approx(expected, abs=0.05)
    assert 60.0 < level < 75.0  # a busy town street at 20 m


def test_tempo30_and_doubled_volume_at_the_building(one_street) -> None:
    before = exposure(one_street, _day([600.0], [50.0]))
    slower = exposure(one_street, _day([600.0], [30.0]))
    doubled = exposure(one_street, _day([1200.0], [50.0]))
    for period in PERIODS:
        assert slower.levels[period.key][0] - before.levels[period.key][0] == pytest.approx(-3.72, abs=0.01)
        assert doubled.levels[period.key][0] - before.levels[period.key][0] == pytest.approx(3.0103, abs=1e-3)


def test_day_and_night_are_energy_averages_of_their_hours(one_street) -> None:
    """Traffic only 6–9 h (3 of the day's 16 hours): the day level is 10 lg(3/16) below that hour's."""
    busy = exposure(one_street, _day([600.0], [50.0])).levels["tag"][0]
    morning = [SliceTraffic((6, 7, 8), np.array([600.0]), np.array([50.0])),
               SliceTraffic(tuple(h for h in range(24) if h not in (6, 7, 8)), np.array([0.0]), np.array([50.0]))]
    result = exposure(one_street, morning)
    assert result.levels["tag"][0] == pytest.approx(busy + 10 * np.log10(3 / 16), abs=1e-9)
    assert result.levels["nacht"][0] == -np.inf  # no traffic at night: no level
    assert result.bands["nacht"].tolist() == [12, 0, 0, 0, 0, 0]


def test_building_behind_another_street_gains_when_that_street_gains() -> None:
    """Street A (y = 0) gains traffic; street B (y = 40) runs between it and the building (y = 60–70)."""
    where = homes(_buildings([_square(-5.0, 60.0)], [30]), ["B1"], np.array([_street(0.0), _street(40.0)]))
    before = exposure(where, _day([400.0, 300.0], [50.0, 50.0]))
    after = exposure(where, _day([1200.0, 300.0], [50.0, 50.0]))
    gain = after.levels["tag"][0] - before.levels["tag"][0]
    # energy sum of both streets at the south façade, each after the line formula (with air absorption)
    lw = lambda m: float(length_sound_power_level(m, 50))  # noqa: E731
    b_part = 10 ** (0.1 * _expected_line_level(lw(300), 19.9))
    expected = 10 * np.log10((10 ** (0.1 * _expected_line_level(lw(1200), 59.9)) + b_part)
                             / (10 ** (0.1 * _expected_line_level(lw(400), 59.9)) + b_part))
    assert 0.3 < gain < 10 * np.log10(3) and gain == pytest.approx(expected, abs=0.05)


# --------------------------------------------------------------------------- residents per band

def test_residents_per_band() -> None:
    levels = np.array([49.0, 55.0, 59.9, 75.0, -np.inf, 80.0])
    counts = residents_per_band(levels, np.array([1, 2, 3, 4, 5, 6]), lowest_db=55.0)
    assert counts.tolist() == [6, 5, 0, 0, 0, 10]  # below 55 | 55–60 | 60–65 | 65–70 | 70–75 | 75 and above
    names = band_labels(55.0)
    assert [n["en"] for n in names] == ["below 55", "55–60", "60–65", "65–70", "70–75", "75 and above"]
    assert [p.bands_from_db for p in PERIODS] == [55.0, 50.0]


def test_a_city_without_residents_has_no_homes_and_no_levels() -> None:
    where = homes(_buildings([_square(-5.0, 20.0)], [0]), ["B1"], np.array([_street()]))
    assert len(where.ids) == 0 and len(where.receivers) == 0 and where.coupling.shape == (0, 1)
    result = exposure(where, _day([600.0], [50.0]))
    assert result.levels["tag"].size == 0 and result.bands["tag"].tolist() == [0, 0, 0, 0, 0, 0]
