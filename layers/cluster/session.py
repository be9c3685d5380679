"""Open and close the build's Dask client: a ``LocalCluster`` on 127.0.0.1, or a given scheduler.

The local cluster runs one single-threaded worker process per run it may run at once
(``threads_per_worker=1``, numba and OpenMP at one thread, as in ``layers.executor``), without a
memory limit (the build checks its memory itself, ``TWIN_BUILD_MEMORY``), and every socket it
opens — scheduler, nannies, workers, the dashboard — listens on 127.0.0.1. Its workers are forked
from a server that has imported the model modules once (``layers.cluster.forkserver``).

A given scheduler is connected to within :data:`CONNECT_TIMEOUT_S`, and refused unless every
worker connected to it runs this urban-twin code (``layers.cluster.versions``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from distributed import Client, LocalCluster
from distributed.core import CommClosedError

from layers.cluster.address import SchedulerAddress
from layers.cluster.errors import ClusterError
from layers.cluster.forkserver import start_forkserver
from layers.cluster.security import client_security
from layers.cluster.versions import code_version

__all__ = ["CONNECT_TIMEOUT_S", "LOST_FIX", "WORKER_TIMEOUT_S", "check_worker_versions", "close", "connect",
           "start_local_cluster"]

CONNECT_TIMEOUT_S = 5.0
"""How long the build tries to reach a scheduler (s) before it fails."""

WORKER_TIMEOUT_S = 60.0
"""How long the build waits for a scheduler's first worker, or for local workers to start (s)."""

WORKER_ENV = {"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
"""Environment of the local cluster's workers: one thread per run, as in the process pool."""

START_FIX = ("Start it (dask scheduler --host 127.0.0.1 --port 8786, then dask worker tcp://127.0.0.1:8786), "
             "correct TWIN_DASK_SCHEDULER or --scheduler, or unset both to run on a LocalCluster on this machine.")

LOST_FIX = ("Start the scheduler and its workers again (dask scheduler --host 127.0.0.1 --port 8786, then dask worker "
            "tcp://127.0.0.1:8786, or as your cluster starts them) and run the build again, or unset "
            "TWIN_DASK_SCHEDULER and --scheduler to build on this machine.")


def connect(address: SchedulerAddress, *, timeout_s: float = CONNECT_TIMEOUT_S) -> Client:
    """A client of the scheduler at ``address`` whose workers all run this urban-twin code.

    Raises
    ------
    ClusterError
        Missing TLS files, no answer within ``timeout_s``, no worker within
        :data:`WORKER_TIMEOUT_S`, or workers running another urban-twin version.
    """
    security = client_security(address)
    try:
        client = Client(address.url, security=security, timeout=timeout_s, set_as_default=False)
    except (OSError, TimeoutError, CommClosedError) as err:
        raise ClusterError(str(address), f"no scheduler answered within {timeout_s:g} s ({err}).", START_FIX) from None
    try:
        try:
            client.wait_for_workers(1, timeout=WORKER_TIMEOUT_S)
        except TimeoutError:
            raise ClusterError(str(address), f"the scheduler has had no worker for {WORKER_TIMEOUT_S:g} s.",
                               f"Start workers: dask worker {address.url}.") from None
        check_worker_versions(client, address)
    except BaseException:
        client.close()
        raise
    return client


def check_worker_versions(client: Client, address: SchedulerAddress) -> None:
    """Refuse a cluster with a worker that runs other urban-twin code than this process.

    Raises
    ------
    ClusterError
        Naming each such worker, its version and this build's.
    """
    ours = code_version()
    try:
        found = client.run(code_version)
    except (ImportError, AttributeError) as err:
        raise ClusterError(str(address), f"its workers cannot import this urban-twin code ({err}).",
                           "Install the same urban-twin on every worker (pip install of the same checkout or "
                           "wheel) and restart them.") from None
    other = {worker: theirs for worker, theirs in sorted(found.items()) if theirs != ours}
    if other:
        listed = "; ".join(f"{worker} runs {theirs}" for worker, theirs in other.items())
        raise ClusterError(str(address), f"workers run another urban-twin version than this build ({ours}): "
                           f"{listed}.", "Install the same urban-twin on every worker and restart them, or "
                           "stop those workers.")


def start_local_cluster(workers: int, *, preload: Sequence[str] = ()) -> Client:
    """A client of a new ``LocalCluster`` of ``workers`` single-threaded processes on 127.0.0.1.

    ``preload`` names modules each worker imports when it starts (``layers.scenarios.SCENARIO_RUNS``);
    the workers are forked from a server that has imported them once (``layers.cluster.forkserver``).
    """
    start_forkserver(preload, WORKER_ENV)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", memory_limit=0, silence_logs=logging.ERROR,
                           env=WORKER_ENV, preload=list(preload))
    client = Client(cluster, set_as_default=False)
    client.wait_for_workers(workers, timeout=WORKER_TIMEOUT_S)
    return client


def close(client: Client) -> None:
    """Close the client and the local cluster it started (if any).

    A client that lost its scheduler is still trying to reconnect; closing it cancels that, which
    Dask logs as an error with a traceback (``distributed.client``). The build has already said what
    happened (:data:`LOST_FIX`), so that log is held back.
    """
    cluster = client.cluster
    quiet = client.status != "running"
    log = logging.getLogger("distributed.client")
    level = log.level
    if quiet:
        log.setLevel(logging.CRITICAL)
    try:
        client.close()
    finally:
        log.setLevel(level)
    if cluster is not None:
        cluster.close()
