"""The day in time slices: the hourly profile, each slice's demand, and each slice's own assignment.

Checked on a small synthetic grid (``layers.traffic.synthetic``, 6 × 6 streets, a primary road with
two external gates) and the model's own functions: the slices cover the 24 hours once; Σ over the
slices of (veh/h × hours) is the day's trips; the afternoon peak runs the other way than the
morning; every slice's assignment converges to its own relative gap; and a variant limited to the
night (Tempo 30 at night) runs on today's network outside the night slice.
"""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import box

from layers.executor import run_tasks
from layers.traffic.demand import DemandParameters, build_demand
from layers.traffic.network import network_from_roads
from layers.traffic.options import TrafficOptions, tempo30_variants
from layers.traffic.profile import HOURLY_SHARES, hourly_shares
from layers.traffic.runs import TrafficModel, run_id, run_traffic_task, traffic_tasks, variant_run_id
from layers.traffic.slices import (
    DESIGN_HOUR,
    NIGHT,
    SLICES,
    TimeSlice,
    check_slices,
    daily_trips,
    slice_demand,
    slice_of_hour,
)
from layers.traffic.synthetic import grid_buildings, grid_roads


@pytest.fixture(scope="module")
def grid():
    roads = grid_roads(6, 6, 100.0)
    network = network_from_roads(roads)
    demand = build_demand(network, grid_buildings(6, 6, 100.0, residents=1500, jobs=1000),
                          DemandParameters(cell_size_m=200.0))
    x0, y0, _, _ = roads.total_bounds
    return network, demand, box(x0 + 150, y0 + 150, x0 + 450, y0 + 450)


def test_profile_is_a_share_per_hour_of_the_day() -> None:
    assert HOURLY_SHARES.shape == (24,) and HOURLY_SHARES.sum() == pytest.approx(1.0, abs=1e-12)
    assert (HOURLY_SHARES > 0).all()
    # Measured on Berlin's city streets: more night traffic than RLS-19's standard 8 %, the busiest
    # hours in the afternoon, and the design hour 8–9 h the busiest of the morning.
    night = HOURLY_SHARES[[22, 23, 0, 1, 2, 3, 4, 5]].sum()
    assert night == pytest.approx(0.1156, abs=0.0005)
    assert int(np.argmax(HOURLY_SHARES)) in (15, 16)
    assert DESIGN_HOUR == int(np.argmax(HOURLY_SHARES[:12]))
    with pytest.raises(ValueError, match="24 non-negative shares"):
        hourly_shares((1.0,) * 23)


def test_slices_cover_the_day_once_and_the_night_is_22_to_6() -> None:
    check_slices(SLICES)
    assert sum(s.duration_h for s in SLICES) == 24
    night = next(s for s in SLICES if s.key == NIGHT)
    assert night.hours == (22, 23, 0, 1, 2, 3, 4, 5)
    assert [slice_of_hour(h).key for h in (0, 5, 6, 8, 9, 14, 15, 17, 18, 21, 22, 23)] == [
        "nacht", "nacht", "morgen", "morgen", "tag", "tag", "nachmittag", "nachmittag", "abend", "abend", "nacht",
        "nacht"]
    gap = [s for s in SLICES if s.key != "tag"]
    with pytest.raises(ValueError, match="cover the hours 0–23 once"):
        check_slices(gap)
    with pytest.raises(ValueError, match="cover the hours 0–23 once"):
        check_slices([*SLICES, TimeSlice("extra", 7, 8, {"de": "x", "en": "x"})])


def test_day_total_is_the_sum_of_the_slices_times_their_hours(grid) -> None:
    _, demand, _ = grid
    day = daily_trips(demand.total_trips)
    assert day == pytest.approx(demand.total_trips / HOURLY_SHARES[DESIGN_HOUR])
    per_slice = {s.key: slice_demand(demand, s) for s in SLICES}
    assert sum(per_slice[s.key].total_trips * s.duration_h for s in SLICES) == pytest.approx(day, rel=1e-12)
    for s in SLICES:
        # each slice carries its hours' share of the day, spread evenly over them
        assert per_slice[s.key].total_trips == pytest.approx(day * HOURLY_SHARES[list(s.hours)].sum() / s.duration_h)
        zones = per_slice[s.key].zones
        assert np.allclose(zones["origin_vph"], per_slice[s.key].matrix.sum(axis=1))
    # The afternoon peak goes home: it is the morning's matrix transposed (scaled); the rest mixes both.
    morning, afternoon, night = per_slice["morgen"].matrix, per_slice["nachmittag"].matrix, per_slice[NIGHT].matrix
    assert not np.allclose(morning, morning.T)
    assert np.allclose(afternoon / afternoon.sum(), morning.T / morning.sum())
    assert np.allclose(night, night.T)
    # busiest slice per hour: the afternoon peak; quietest: the night
    hourly = {key: d.total_trips for key, d in per_slice.items()}
    assert max(hourly, key=hourly.get) == "nachmittag" and min(hourly, key=hourly.get) == NIGHT


def test_every_slice_is_assigned_on_its_own_to_its_gap(grid) -> None:
    network, demand, zone = grid
    model = TrafficModel(roads=None, network=network, demand=demand, dropped_warnings=0)
    options = TrafficOptions("Innenstadt", tempo30_variants("Innenstadt"), rgap=1e-6)
    tasks = traffic_tasks(model, options, zone)
    # today and two all-day variants in five slices; the night-only variant adds no run
    assert len(tasks) == 5 * 3 and len({t.id for t in tasks}) == len(tasks)
    night_variant = options.variants[2]
    assert night_variant.slices == (NIGHT,)
    assert variant_run_id(night_variant, NIGHT) == run_id(NIGHT, "Tempo 30 Innenstadt")
    assert all(variant_run_id(night_variant, s.key) == run_id(s.key, None) for s in SLICES if s.key != NIGHT)

    runs = {run.id: run.result for run in run_tasks(run_traffic_task, tasks)}
    for task in tasks:
        convergence = runs[task.id].convergence
        assert convergence.converged and convergence.rgap <= 1e-6, task.id
        assert runs[task.id].total_trips == pytest.approx(task.demand.total_trips)
    # congestion is not linear in demand: a trip takes longer in the busy afternoon than at night (the
    # grid is lightly loaded, so by little — but by far more than the solver's 1e-6)
    per_trip = {s.key: runs[run_id(s.key, None)].totals()["vehicle_hours"] / runs[run_id(s.key, None)].total_trips
                for s in SLICES}
    assert per_trip["nachmittag"] > per_trip[NIGHT] * 1.002
    # Tempo 30 costs time in every slice it holds in
    for s in SLICES:
        base, t30 = runs[run_id(s.key, None)].totals(), runs[run_id(s.key, "Tempo 30 Innenstadt")].totals()
        assert t30["mean_trip_time_min"] > base["mean_trip_time_min"]
