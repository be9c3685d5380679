"""The build's scenario runs as Dask futures: retried when a worker dies or fails, counted as they finish.

:class:`DaskRunner` is a ``layers.executor.TaskRunner``: ``runner(function, tasks, workers=...,
cost=...)`` submits one future per task — ``run_checked(function, task, version)`` (see
``layers.cluster.versions``), the most expensive first (``priority=cost``) — and returns the
results in task order. A worker that dies mid-run loses its runs to the scheduler, which starts
them again elsewhere (up to ``distributed.scheduler.allowed-failures`` deaths per run); a run that
raises is retried :data:`RETRIES` times (``Client.submit(retries=...)``). ``progress(finished,
total)`` is called as futures finish, whichever worker ran them (the build's progress bar).

On a ``LocalCluster`` ``workers`` is how many runs may go at once (one single-threaded worker
process each); a given scheduler runs them on the workers it has. The local cluster starts in a
background thread when the runner is entered — with the workers and imports the build expects
(``layers.scenarios.run_hint``) — so that spawning and importing overlap the build's first steps;
a build that expects no runs starts none.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

from distributed import Client, as_completed
from distributed.client import FutureCancelledError
from distributed.core import CommClosedError
from distributed.scheduler import KilledWorker

from layers.cluster import session
from layers.cluster.address import SchedulerAddress
from layers.cluster.errors import ClusterError
from layers.cluster.versions import WorkerVersionError, code_version, run_checked
from layers.executor import RunProgress

__all__ = ["RETRIES", "DaskRunner"]

RETRIES = 2
"""How often a run that raised is started again (a run lost with a dead worker does not count)."""

LOST_REASON = "scheduler-connection-lost"
"""Why Dask cancels a client's futures when its scheduler goes away (``Client._reconnect``)."""


class DaskRunner:
    """Run the build's tasks on Dask distributed; use as a context manager.

    Parameters
    ----------
    address
        A checked address (``layers.cluster.address``): ``local`` or a scheduler.
    workers
        Worker processes a local cluster starts with.
    preload
        Modules each local worker imports when it starts; none: the local cluster starts only if
        a run comes.
    """

    def __init__(self, address: SchedulerAddress, *, workers: int = 1, preload: Sequence[str] = ()) -> None:
        self.address = address
        self.workers = max(1, workers)
        self.preload = tuple(preload)
        self.client: Client | None = None
        self._starting: Future[Client] | None = None

    def __enter__(self) -> DaskRunner:
        """Connect to a given scheduler and check its workers; start a local cluster if runs are expected."""
        if self.address.remote:   # fail within seconds, before the build's slow steps
            self.client = session.connect(self.address)
        elif self.preload:   # the build expects model runs: start the workers now, in the background
            starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="twin-local-cluster")
            self._starting = starter.submit(session.start_local_cluster, self.workers, preload=self.preload)
            starter.shutdown(wait=False)   # the start goes on; its result is awaited at the first run
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Close the client and the local cluster, if one was started.

        A local cluster still starting (the build failed early) is closed once it has started,
        without holding up the build's error.
        """
        if self._starting is not None:
            starting, self._starting = self._starting, None
            if not starting.done():
                starting.add_done_callback(_close_started)
            elif starting.exception() is None:
                self.client = starting.result()
        if self.client is not None:
            session.close(self.client)
            self.client = None

    def _client_for(self, workers: int) -> Client:
        if self._starting is not None:
            starting, self._starting = self._starting, None
            self.client = starting.result()
        if self.client is None:
            self.client = session.start_local_cluster(workers, preload=self.preload)
        elif not self.address.remote:
            session.grow_local_cluster(self.client, workers)
        if self.client.status != "running":   # the scheduler went away after an earlier scenario's runs
            raise ClusterError(str(self.address), f"the build lost the scheduler (the client is {self.client.status}).",
                               session.LOST_FIX)
        return self.client

    def __call__(self, function: Callable[[Any], Any], tasks: Sequence[Any], *, workers: int = 1,
                 cost: Callable[[Any], float] | None = None, start_method: str | None = None,
                 progress: RunProgress | None = None) -> list[Any]:
        """Run ``function(task)`` for every task on the cluster; the results in task order.

        ``start_method`` is the process pool's and has no meaning here (Dask starts its own worker
        processes, by "spawn"). ``progress(finished, total)`` is called as runs finish.

        Raises
        ------
        ClusterError
            A run lost with too many dead workers, sent to a worker running other code, or the
            scheduler gone (the runs are lost with it; Dask would say ``FutureCancelledError``).
        """
        if not tasks:
            return []
        client = self._client_for(max(1, min(workers, len(tasks))))
        batch = f"{function.__name__}-{uuid.uuid4().hex[:8]}"
        version = code_version()
        futures = [client.submit(run_checked, function, task, version, key=f"{batch}-{k}", pure=False,
                                 retries=RETRIES, priority=float(cost(task)) if cost else 0.0)
                   for k, task in enumerate(tasks)]
        try:
            finished = 0
            for _ in as_completed(futures, loop=client.loop):
                finished += 1
                if progress is not None:
                    progress(finished, len(tasks))
            return client.gather(futures)
        except KilledWorker as err:
            raise ClusterError(str(self.address), f"a run died with its worker too often ({err}).",
                               "Look at the workers' logs (memory, OOM killer) and give them more memory.") from None
        except WorkerVersionError as err:
            raise ClusterError(str(self.address), f"a run reached a worker with other code: {err}.",
                               "Install the same urban-twin on every worker and restart them.") from None
        except (FutureCancelledError, CommClosedError, OSError) as err:
            if client.status == "running" and not (isinstance(err, FutureCancelledError)
                                                   and err.reason == LOST_REASON):
                raise   # a run's own error (an OSError of the model): not the cluster's
            raise ClusterError(str(self.address), f"the build lost the scheduler while {len(tasks)} "
                               f"{function.__name__} runs were going ({_first_line(err)}).",
                               session.LOST_FIX) from None
        finally:
            if client.status == "running":
                client.cancel([f for f in futures if not f.done()])


def _first_line(error: BaseException) -> str:
    """The first line of an error's text (Dask's cancellation messages run on over several)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _close_started(starting: Future[Client]) -> None:
    """Close a local cluster whose start the build no longer waits for."""
    if starting.exception() is None:
        session.close(starting.result())
