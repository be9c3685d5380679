"""The Dask side of the build without outside processes: the address policy, the LocalCluster.

The address policy (``layers.cluster.address``) is checked on the text; a refused address must
fail before Dask is imported or any socket connects (checked in a fresh interpreter with an audit
hook on ``socket.connect``). The LocalCluster must listen on 127.0.0.1 only (every listening
socket of this process and its children, read from the kernel by psutil) and count finished runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from layers.cluster import ClusterError, scheduler_address
from layers.cluster.runner import DaskRunner
from layers.executor import run_tasks
from layers.flood.hyetograph import block_rain
from layers.flood.model import FloodGrid
from layers.flood.runs import FloodTask, rain_depth_mm, run_flood_task

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("text", "kind", "url"), [
    (None, "local", ""), ("", "local", ""), ("local", "local", ""), ("processes", "processes", ""),
    ("tls://scheduler.example.org:8786", "tls", "tls://scheduler.example.org:8786"),
    ("tls://192.0.2.10:8786", "tls", "tls://192.0.2.10:8786"),
    ("tcp://127.0.0.1:8786", "tcp", "tcp://127.0.0.1:8786"), ("127.0.0.2:8786", "tcp", "tcp://127.0.0.2:8786"),
    ("tcp://localhost:8786", "tcp", "tcp://localhost:8786"), ("tcp://[::1]:8786", "tcp", "tcp://[::1]:8786"),
])
def test_addresses_the_policy_accepts(text: str | None, kind: str, url: str) -> None:
    address = scheduler_address(text)
    assert (address.kind, address.url) == (kind, url)


@pytest.mark.parametrize(("text", "words"), [
    ("tcp://192.0.2.1:8786", "refused before connecting"), ("192.0.2.1:8786", "refused before connecting"),
    ("tcp://scheduler.example.org:8786", "refused before connecting"),
    ("tcp://0.0.0.0:8786", "refused before connecting"),
    ("ws://127.0.0.1:8786", "not supported"), ("inproc://127.0.0.1/1", "not supported"),
    ("tls://127.0.0.1", "not a scheduler address"),
])
def test_addresses_the_policy_refuses(text: str, words: str) -> None:
    with pytest.raises(ClusterError) as refused:
        scheduler_address(text)
    assert words in str(refused.value) and text in str(refused.value) and "Fix:" in str(refused.value)


REFUSED_BUILD = """
import json, socket, sys
connects = []
sys.addaudithook(lambda event, args: connects.append(repr(args[1])) if event == "socket.connect" else None)
from viewer.cli import main
code = main(["build", sys.argv[1], "--scheduler", "tcp://192.0.2.1:8786"])
print(json.dumps({"code": code, "connects": connects, "dask": "distributed" in sys.modules}))
"""


def test_off_loopback_tcp_is_refused_before_any_connection(tiny_city_dir: Path, tmp_path: Path) -> None:
    env = dict(os.environ, TWIN_BUILD_ROOT=str(tmp_path), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", REFUSED_BUILD, str(tiny_city_dir)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"code": 2, "connects": [], "dask": False}, done.stderr[-2000:]
    assert "tcp://192.0.2.1:8786" in done.stderr and "refused before connecting" in done.stderr
    assert "tls://" in done.stderr   # the fix
    assert list(tmp_path.iterdir()) == []   # nothing was built


def _flood_tasks(count: int) -> list[FloodTask]:
    """Small heavy-rain runs on a 30 × 30 grid of 2 m sloping to one side (10 to 10 + count × 10 mm)."""
    z = 10.0 + 0.02 * np.mgrid[0:30, 0:30][1]
    grid = FloodGrid.uniform(z, 2.0, manning_n=0.02, drainage_mm_h=5.0)
    return [FloodTask(f"run{k}", grid, block_rain(depth_mm=10.0 * (k + 1), duration_min=10.0), 900.0, 300.0)
            for k in range(count)]


def _listening(process: psutil.Process) -> list[tuple[str, int]]:
    """(address, port) of the listening sockets of the process and its children."""
    sockets = []
    for member in [process, *process.children(recursive=True)]:
        try:
            sockets += [tuple(c.laddr) for c in member.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        except psutil.NoSuchProcess:   # a worker that ended meanwhile listens nowhere
            continue
    return sockets


def test_local_cluster_listens_on_loopback_counts_runs_and_equals_the_pool() -> None:
    tasks = _flood_tasks(4)
    counted: list[tuple[int, int]] = []
    seen: dict[str, object] = {}

    def progress(finished: int, total: int) -> None:   # called while the runs go: the cluster is up
        counted.append((finished, total))
        if finished == 1:
            seen["listening"] = _listening(psutil.Process())
            seen["info"] = runner.client.scheduler_info(n_workers=-1)
            seen["dashboard"] = runner.client.dashboard_link

    def held() -> tuple[set, set]:
        """Listening sockets and threads of this process (and its children), Dask's idle offload pool aside.

        Compared before and after: in the whole suite, other tests' servers (gunicorn children) and
        threads (Playwright's loop, tqdm's monitor) live in this process too.
        """
        threads = {(t.name, t.ident) for t in threading.enumerate() if not t.name.startswith("Dask-Offload")}
        return set(_listening(psutil.Process())), threads

    before_call = held()
    with DaskRunner(scheduler_address("local"), preload=["layers.flood.runs"]) as runner:
        runs = runner(run_flood_task, tasks, workers=2, cost=rain_depth_mm, progress=progress)
        after_call = held()
    listening, info, dashboard = seen["listening"], seen["info"], seen["dashboard"]
    assert counted == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert len(info["workers"]) == 2 and all(w["nthreads"] == 1 for w in info["workers"].values())
    assert len(set(listening) - before_call[0]) >= 5   # scheduler, its dashboard, 2 nannies, 2 workers
    assert {ip for ip, _ in set(listening) - before_call[0]} == {"127.0.0.1"}, listening
    assert dashboard.startswith("http://127.0.0.1:")
    # Between runner calls the build process holds no cluster: no socket, no event-loop thread
    # taking the GIL from the build's own steps (bench/README.md, "Dask LocalCluster vs process pool");
    # Dask's offload pool may keep an idle thread, which sleeps on its queue.
    assert after_call == before_call, (before_call, after_call)
    pooled = run_tasks(run_flood_task, tasks, workers=2, cost=rain_depth_mm)
    assert [run.id for run in runs] == ["run0", "run1", "run2", "run3"]
    for a, b in zip(runs, pooled, strict=True):
        assert a.steps == b.steps > 0
        assert np.array_equal(a.max_depth_m, b.max_depth_m) and a.budget == b.budget
    assert runs[3].max_depth_m.max() > runs[0].max_depth_m.max() > 0


def _timed_sleep(seconds: float) -> tuple[float, float, int]:
    """Sleep; return when the run started and ended (s since the epoch) and the worker's pid."""
    started = time.time()
    time.sleep(seconds)
    return started, time.time(), os.getpid()


def test_local_cluster_starts_the_most_expensive_runs_first_one_per_worker() -> None:
    # The process pool's order (layers.executor). Submitted all at once, Dask started the cheapest
    # first and queued a run behind another on one worker while the other fell idle.
    seconds = [0.1, 0.4, 0.1, 0.3, 0.2, 0.25, 0.05]
    with DaskRunner(scheduler_address("local")) as runner:
        runs = runner(_timed_sleep, seconds, workers=2, cost=lambda s: s)
    by_start = [seconds[k] for k in sorted(range(len(runs)), key=lambda k: runs[k][0])]
    assert set(by_start[:2]) == {0.4, 0.3}, by_start
    assert by_start[2:] == sorted(seconds, reverse=True)[2:], by_start
    assert len({pid for _, _, pid in runs}) == 2
    for started, _, _ in runs:   # never more than one run per worker at a time
        assert sum(a <= started < b for a, b, _ in runs) <= 2
