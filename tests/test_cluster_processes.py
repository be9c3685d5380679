"""Builds on real ``dask scheduler`` and ``dask worker`` processes (tests/dask_processes.py).

The builds run through the ``twin`` command in a child process, the scheduler named by
``TWIN_DASK_SCHEDULER`` or by ``--scheduler``; their manifest figures must equal those of the
same city built on the process pool. A ``tls://`` scheduler with throwaway certificates; a worker
killed while it runs a model run (seen in the scheduler's state), after which the build still
completes with the same figures; a scheduler killed while runs are going, which fails the build
with a ``ClusterError`` naming the address and the fix; an unreachable loopback address and a
worker running other urban-twin code, both refused; the previous build untouched in each failure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from distributed import Client
from distributed.security import Security

from layers import build_city
from tests.dask_processes import START_TIMEOUT_S, DaskProcesses, figures, make_tls_files
from tests.test_flood_scenario import FLOOD_OPTIONS, write_flood_city
from tests.test_traffic_scenario import write_traffic_city

ROOT = Path(__file__).resolve().parent.parent


def twin_build(city: Path, root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``twin build CITY ARGS`` in a child process building into ``root``."""
    environ = dict(os.environ, TWIN_BUILD_ROOT=str(root), PYTHONPATH=str(ROOT), AEQ_SHOW_PROGRESS="FALSE")
    environ.pop("TWIN_DASK_SCHEDULER", None)
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "viewer.cli", "build", str(city), *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=900)


def manifest_of(root: Path) -> dict:
    """The manifest of the one city built into ``root`` (through the city's link)."""
    link = next(p for p in root.iterdir() if p.is_symlink())
    return json.loads((link / "manifest.json").read_text(encoding="utf-8"))


def run_keys(client: Client, prefix: str) -> dict[str, int]:
    """How often each task key starting with ``prefix`` went to a worker (the scheduler's transition log)."""
    log = client.run_on_scheduler(lambda dask_scheduler: [(t[0], t[2]) for t in dask_scheduler.transition_log])
    counts: dict[str, int] = {}
    for key, finish in log:
        if str(key).startswith(prefix) and finish == "processing":
            counts[str(key)] = counts.get(str(key), 0) + 1
    return counts


@pytest.fixture(scope="module")
def flood_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_flood_city(tmp_path_factory.mktemp("dask-flood") / "floodtown")


@pytest.fixture(scope="module")
def pool_figures(flood_city: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The flood city's figures built on the process pool."""
    root = tmp_path_factory.mktemp("pool-build")
    return figures(build_city(flood_city, build_root=root, progress=False, scheduler="processes").manifest)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory):
    with DaskProcesses(tmp_path_factory.mktemp("dask-tcp"), workers=2) as processes:
        with Client(processes.address, timeout=START_TIMEOUT_S, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT_S)
            yield processes, client


def test_build_through_the_environment_variable_equals_the_process_pool(
        scheduler, flood_city: Path, pool_figures: dict, tmp_path: Path) -> None:
    processes, client = scheduler
    done = twin_build(flood_city, tmp_path, env={"TWIN_DASK_SCHEDULER": processes.address})
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(run_keys(client, "run_flood_task")) >= 2   # the runs (an event, its measure, ...) went through it
    assert figures(manifest_of(tmp_path)) == pool_figures


def test_build_through_the_scheduler_option_equals_the_process_pool(scheduler, tmp_path: Path) -> None:
    processes, client = scheduler
    city = write_traffic_city(tmp_path / "gitterstadt")
    pooled = build_city(city, build_root=tmp_path / "pool", progress=False, scheduler="processes")
    done = twin_build(city, tmp_path / "dask", "--scheduler", processes.address,
                      env={"TWIN_DASK_SCHEDULER": "tcp://127.0.0.1:9"})   # the option wins over the variable
    assert done.returncode == 0, done.stderr[-3000:]
    runs = run_keys(client, "run_traffic_task")
    assert len(runs) >= 4, runs   # today and Tempo 30 in each time slice
    assert figures(manifest_of(tmp_path / "dask")) == figures(pooled.manifest)


def test_tls_scheduler_with_throwaway_certificates(flood_city: Path, pool_figures: dict, tmp_path: Path) -> None:
    tls = make_tls_files(tmp_path / "tls")
    with DaskProcesses(tmp_path / "dask", workers=1, tls=tls) as processes:
        assert processes.address.startswith("tls://127.0.0.1:")
        security = Security(tls_ca_file=str(tls.ca), tls_client_cert=str(tls.cert), tls_client_key=str(tls.key),
                            require_encryption=True)
        with Client(processes.address, security=security, timeout=START_TIMEOUT_S, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=START_TIMEOUT_S)
            without = twin_build(flood_city, tmp_path / "no-certs", "--scheduler", processes.address)
            assert without.returncode == 2
            assert "TWIN_DASK_TLS_CA" in without.stderr and processes.address in without.stderr
            done = twin_build(flood_city, tmp_path / "build", "--scheduler", processes.address, env=tls.environ())
            assert done.returncode == 0, done.stderr[-3000:]
            assert len(run_keys(client, "run_flood_task")) >= 2
    assert figures(manifest_of(tmp_path / "build")) == pool_figures


def test_a_worker_killed_mid_run_is_replaced_and_the_build_completes(tmp_path: Path) -> None:
    # finer cells than the other tests: runs of several seconds, so a worker is caught running one
    city = write_flood_city(tmp_path / "slowtown", FLOOD_OPTIONS.replace("resolution_m = 5.0", "resolution_m = 2.5"))
    pooled = figures(build_city(city, build_root=tmp_path / "pool", progress=False, scheduler="processes").manifest)
    with DaskProcesses(tmp_path / "dask", workers=2) as processes, \
            Client(processes.address, timeout=START_TIMEOUT_S, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=START_TIMEOUT_S)
        killed: list[str] = []

        def kill_a_worker_running_a_run() -> None:
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                for worker, keys in client.processing().items():
                    if any(str(key).startswith("run_flood_task") for key in keys):
                        name = client.scheduler_info(n_workers=-1)["workers"][worker]["name"]
                        processes.processes[name].send_signal(signal.SIGKILL)
                        killed.append(name)
                        return
                time.sleep(0.05)

        killer = threading.Thread(target=kill_a_worker_running_a_run)
        killer.start()
        done = twin_build(city, tmp_path / "build", "--scheduler", processes.address)
        killer.join()
        sent = run_keys(client, "run_flood_task")
    assert len(killed) == 1 and processes.processes[killed[0]].returncode == -signal.SIGKILL
    assert done.returncode == 0, done.stderr[-3000:]
    assert max(sent.values()) >= 2, sent   # the lost run went to a worker again
    assert figures(manifest_of(tmp_path / "build")) == pooled


def test_unreachable_scheduler_fails_fast_naming_address_and_fix(flood_city: Path, tmp_path: Path) -> None:
    good = twin_build(flood_city, tmp_path, "--scheduler", "processes")
    assert good.returncode == 0, good.stderr[-3000:]
    link = next(p for p in tmp_path.iterdir() if p.is_symlink())
    before = (link.resolve(), sorted(p.name for p in tmp_path.iterdir()),
              (link / "manifest.json").read_bytes())
    with socket.socket() as bound:   # a bound port nothing listens on: connections are refused
        bound.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{bound.getsockname()[1]}"
        done = twin_build(flood_city, tmp_path, "--force", env={"TWIN_DASK_SCHEDULER": address})
    assert done.returncode == 2
    assert address in done.stderr and "no scheduler answered" in done.stderr
    assert "dask scheduler --host 127.0.0.1" in done.stderr   # the fix
    assert "previous good build" in done.stderr
    after = (link.resolve(), sorted(p.name for p in tmp_path.iterdir()), (link / "manifest.json").read_bytes())
    assert after == before   # no temporary folder left, the link and the build unchanged


def test_workers_running_other_code_are_refused(flood_city: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(ROOT / "layers", other / "layers", ignore=shutil.ignore_patterns("__pycache__"))
    with (other / "layers" / "flood" / "model.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# an edited copy: another version of the model\n")
    with DaskProcesses(tmp_path / "dask", workers=0) as processes:
        processes.start_worker("edited", pythonpath=other)
        with Client(processes.address, timeout=START_TIMEOUT_S, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=START_TIMEOUT_S)
            done = twin_build(flood_city, tmp_path / "build", "--scheduler", processes.address)
            assert run_keys(client, "run_flood_task") == {}   # refused before any run was sent
    assert done.returncode == 2, done.stderr[-3000:]
    assert "another urban-twin version" in done.stderr and processes.address in done.stderr
    assert "Install the same urban-twin on every worker" in done.stderr
    assert not (tmp_path / "build").exists() or not any(p.is_symlink() for p in (tmp_path / "build").iterdir())


def test_a_scheduler_killed_mid_build_fails_naming_address_and_fix(tmp_path: Path) -> None:
    # runs of several seconds (as in the worker test), so the scheduler is caught with runs in flight
    city = write_flood_city(tmp_path / "slowtown", FLOOD_OPTIONS.replace("resolution_m = 5.0", "resolution_m = 2.5"))
    good = twin_build(city, tmp_path / "builds", "--scheduler", "processes")
    assert good.returncode == 0, good.stderr[-3000:]
    link = next(p for p in (tmp_path / "builds").iterdir() if p.is_symlink())
    before = (link.resolve(), sorted(p.name for p in (tmp_path / "builds").iterdir()),
              (link / "manifest.json").read_bytes())
    with DaskProcesses(tmp_path / "dask", workers=2) as processes:
        with Client(processes.address, timeout=START_TIMEOUT_S, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT_S)
            running = threading.Event()

            def kill_the_scheduler_once_a_run_runs() -> None:
                deadline = time.monotonic() + 600
                while time.monotonic() < deadline:
                    if any(str(key).startswith("run_flood_task") for keys in client.processing().values()
                           for key in keys):
                        running.set()
                        processes.processes["scheduler"].send_signal(signal.SIGKILL)
                        return
                    time.sleep(0.05)

            killer = threading.Thread(target=kill_the_scheduler_once_a_run_runs)
            killer.start()
            done = twin_build(city, tmp_path / "builds", "--force", "--scheduler", processes.address)
            killer.join()
    assert running.is_set() and processes.processes["scheduler"].returncode == -signal.SIGKILL
    assert done.returncode == 2, done.stderr[-3000:]
    assert processes.address in done.stderr and "lost the scheduler" in done.stderr, done.stderr[-3000:]
    assert "dask scheduler --host" in done.stderr   # the fix: start it again (or build elsewhere)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]   # a ClusterError, not Dask's raw error
    assert "previous good build" in done.stderr
    after = (link.resolve(), sorted(p.name for p in (tmp_path / "builds").iterdir()),
             (link / "manifest.json").read_bytes())
    assert after == before   # no temporary folder left, the link and the build unchanged
