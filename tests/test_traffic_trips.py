"""Moving vehicles sampled from the assignment (layers.traffic.trips): entries per link follow the volumes.

Vehicles appear as Poisson processes and each drives a random chain of links, so the entries into
a link in a cycle are a compound Poisson count with mean volume × cycle × scale and variance
volume × cycle × scale × E[visits²]/E[visits] of the trips through the link (a trip may pass
twice) — estimated from the sample itself. The residuals against the
volumes, divided by that sampling error, are standard (mostly within ±3), and so is the network's
total. Links share trips, so their residuals are correlated: no mean over links is tested.
Little's law gives the mean number of vehicles on a link as volume × congested time.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from layers.traffic.trips import link_entries, sample_trips, trips_payload
from tests.test_traffic_scenario import traffic_build


def _residuals(trips: list, volume_vph: np.ndarray, scale: float, cycle_s: float) -> tuple[np.ndarray, float]:
    """Per link with ≥ 5 expected entries, (observed − expected) / sampling error of the entries per
    cycle; and the same for the network's total. ``trips``: per trip, the links it drives.
    """
    n = len(volume_vph)
    observed, squares = np.zeros(n), np.zeros(n)
    for path in trips:
        ids, visits = np.unique(np.asarray(path, int), return_counts=True)
        observed[ids] += visits
        squares[ids] += visits ** 2
    expected = volume_vph * scale * cycle_s / 3600.0
    busy = expected >= 5
    overdispersion = np.divide(squares, observed, out=np.ones(n), where=observed > 0)  # E[visits²]/E[visits]
    z = (observed[busy] - expected[busy]) / np.sqrt(expected[busy] * overdispersion[busy])
    total = (observed.sum() - expected.sum()) / np.sqrt(sum(len(p) ** 2 for p in trips))
    return z, float(total)


def _standard(z: np.ndarray, total: float) -> None:
    assert abs(total) < 4
    assert np.mean(np.abs(z) > 3) < 0.03
    assert 0.3 < np.mean(z ** 2) < 2.5   # a spread like sampling's, not a fixed copy of the volumes


def _network() -> pd.DataFrame:
    """A ring of 12 nodes both ways with spokes in and out of a hub (node 0): flows conserved at
    every node except where the network's entries and exits are (nodes 1, 4, 7, 10 and the hub).
    """
    rows = []
    for k in range(1, 13):
        nxt = k % 12 + 1
        rows.append((k, nxt, 400.0 + 30 * k, 20.0 + k))     # clockwise
        rows.append((nxt, k, 150.0 + 10 * k, 25.0))          # counter-clockwise
    for k in (1, 4, 7, 10):
        rows.append((0, k, 300.0, 40.0))                      # from the hub
        rows.append((k, 0, 280.0, 45.0))                      # to the hub
    return pd.DataFrame(rows, columns=["a_node", "b_node", "volume_vph", "congested_time_s"])


def test_entries_follow_volume_and_littles_law_on_a_ring():
    links = _network()
    sample = sample_trips(links, cycle_s=3600, scale=4.0, seed=7)
    volume = links["volume_vph"].to_numpy()
    z, total = _residuals(sample.links, volume, 4.0, 3600)
    assert len(z) == len(links)
    _standard(z, total)
    # over many samples the mean entries per hour converge on the volumes
    mean = np.mean([link_entries(sample_trips(links, cycle_s=3600, seed=k), len(links)) for k in range(40)], axis=0)
    assert np.allclose(mean, volume, rtol=0.06)
    # Little's law: vehicle-seconds on the links per cycle = Σ entries × time ≈ Σ volume × time × cycle/3600.
    seconds = sum(sample.time_s[path].sum() for path in sample.links) / sample.scale
    expected = float((volume * links["congested_time_s"]).sum())
    assert seconds == pytest.approx(expected, rel=0.05)


def test_a_slower_link_holds_more_vehicles_at_the_same_volume():
    links = _network()
    slow = links.assign(congested_time_s=links["congested_time_s"] * 1.6)
    def held(frame):  # mean vehicles on the network (Little), from the sample
        sample = sample_trips(frame, cycle_s=3600, scale=2.0, seed=3)
        return sum(sample.time_s[path].sum() for path in sample.links) / 3600 / sample.scale
    assert held(slow) == pytest.approx(1.6 * held(links), rel=0.08)


def test_payload_is_compact_integers():
    sample = sample_trips(_network(), cycle_s=300, seed="morgen/basis")
    payload = trips_payload(sample)
    assert payload["cycle_s"] == 300
    assert all(isinstance(v, int) for trip in payload["trips"] for v in trip)
    assert all(0 <= trip[0] < 3000 for trip in payload["trips"])
    assert payload == trips_payload(sample_trips(_network(), cycle_s=300, seed="morgen/basis"))  # reproducible


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    return traffic_build(tmp_path_factory.getbasetemp())


def test_build_writes_trips_whose_entries_follow_each_runs_volumes(built):
    manifest = built.manifest
    trips = [layer for layer in manifest["layers"] if layer["kind"] == "traffic-trips"]
    assert {layer["id"] for layer in trips} >= {"traffic_basis_trips", "traffic_tempo30_innenstadt_trips"}
    links = json.loads((built.path / "traffic_links.json").read_text(encoding="utf-8"))
    geometry = json.loads((built.path / trips[0]["links"]).read_text(encoding="utf-8"))
    assert len(geometry["links"]) == len(links["links"]["link_id"])
    assert all(len(path) >= 6 for path in geometry["links"])           # every link has a path to drive
    residuals, totals = [], []
    for layer in trips:
        network = layer["id"].removeprefix("traffic_").removesuffix("_trips")
        for entry in layer["slices"]:
            payload = json.loads((built.path / entry["data"]).read_text(encoding="utf-8"))
            run = links["runs"][links["scenarios"][network][entry["key"]]]
            volume = np.array(run["volume_vph"], float)
            z, total = _residuals([trip[1:] for trip in payload["trips"]], volume, payload["scale"],
                                  payload["cycle_s"])
            residuals.append(z)
            totals.append(total)
            # congested times as the assignment's: length / congested speed
            length = np.array(links["links"]["length_m"], float)
            speed = np.array(run["congested_speed_kmh"], float)
            assert np.allclose(np.array(payload["time_ds"]) / 10, length / (speed / 3.6), rtol=0.02, atol=0.11)
    z = np.concatenate(residuals)
    assert len(z) > 200
    _standard(z, float(np.sum(totals) / np.sqrt(len(totals))))
