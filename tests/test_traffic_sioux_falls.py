"""Validate the AequilibraE-based assignment on Sioux Falls (TNTP) against the best-known UE.

Reference: TNTP SiouxFalls best-known user equilibrium, Beckmann objective
4,231,335.287; total system travel time of the best-known flows ~7,480,225.3.
Data: the network and demand that ship inside the aequilibrae wheel.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# import our module first: it sets OMP_WAIT_POLICY=PASSIVE before AequilibraE/OpenMP load
from layers.traffic.assign import assign_links, beckmann_objective, bpr_time

pytest.importorskip("aequilibrae", reason="aequilibrae not installed (pip install aequilibrae==1.7.2)")
omx = pytest.importorskip("openmatrix", reason="openmatrix not installed (pip install openmatrix)")


def _zip_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("aequilibrae")
    return Path(spec.origin).parent / "reference_files" / "sioux_falls.zip"


@pytest.fixture(scope="module")
def sioux_falls(tmp_path_factory):
    zp = _zip_path()
    if not zp.exists():
        pytest.skip(f"Sioux Falls reference data not found at {zp} (not shipped by this aequilibrae build)")
    d = tmp_path_factory.mktemp("sioux_falls")
    with zipfile.ZipFile(zp) as z:
        z.extract("project_database.sqlite", d)
        z.extract("matrices/demand.omx", d)
    con = sqlite3.connect(d / "project_database.sqlite")
    try:
        links = pd.read_sql(
            "SELECT link_id, a_node, b_node, capacity_ab AS capacity, free_flow_time, b AS alpha, power AS beta "
            "FROM links ORDER BY link_id",
            con,
        )
    finally:
        con.close()
    f = omx.open_file(str(d / "matrices" / "demand.omx"), "r")
    try:
        name = f.list_matrices()[0]
        matrix = np.array(f[name], dtype=float)
        mapping = f.list_mappings()
        zones = np.array(list(f.mapping(mapping[0]).keys()), dtype=np.int64) if mapping else np.arange(1, 25)
    finally:
        f.close()
    return links.astype({"free_flow_time": float, "capacity": float, "alpha": float, "beta": float}), zones, matrix


def test_sioux_falls_inputs(sioux_falls):
    links, zones, matrix = sioux_falls
    assert len(links) == 76
    assert matrix.shape == (24, 24)
    assert matrix.sum() == pytest.approx(360_600.0, abs=1e-6)
    assert (links.alpha == 0.15).all() and (links.beta == 4).all()


def test_sioux_falls_equilibrium(sioux_falls):
    links, zones, matrix = sioux_falls
    vol, report = assign_links(
        links, zones, matrix, time_field="free_flow_time", capacity_field="capacity",
        rgap=1e-5, max_iter=2000, algorithm="bfw", block_centroid_flows=False,
    )
    assert report.converged and report.rgap <= 1e-5
    t0, cap = links.free_flow_time.to_numpy(), links.capacity.to_numpy()
    obj = beckmann_objective(t0, vol, cap, 0.15, 4.0)
    tstt = float(np.sum(vol * bpr_time(t0, vol, cap, 0.15, 4.0)))
    # Beckmann objective within 1e-3 * 1e5 = 100 of the best-known 4,231,335.287
    assert obj == pytest.approx(4_231_335.287, abs=100.0)
    # total system travel time within 0.1 % of the best-known flows' 7,480,225
    assert tstt == pytest.approx(7_480_225.0, rel=1e-3)
    # flow conservation sanity: every trip leaves its origin node
    assert vol.min() >= 0


def test_beckmann_objective_formula():
    # one link: t0 = 10, c = 100, v = 100 -> 10*(100 + 0.15*100/5*1) = 1030
    assert beckmann_objective([10.0], [100.0], [100.0]) == pytest.approx(1030.0)
