"""The build's scenario runs as Dask futures: retried when a worker dies or fails, counted as they finish.

:class:`DaskRunner` is a ``layers.executor.TaskRunner``: ``runner(function, tasks, workers=...,
cost=...)`` submits one future per task — ``run_checked(function, task, version)`` (see
``layers.cluster.versions``), the most expensive first — and returns the results in task order.
It keeps one run per worker thread in flight and submits the next most expensive as one finishes,
as the process pool does. Submitting all at once does not keep that order: the scheduler sends
each run to a worker as it arrives, the first ones before the costly ones are in, and a worker
queues runs behind its own while the other falls idle (seven sleeping tasks of 0.5–4 s on two
workers: the cheapest started first, makespan 7.5 s against 7.0 s longest first).

A worker that dies mid-run loses its runs to the scheduler, which starts them again elsewhere
(up to ``distributed.scheduler.allowed-failures`` deaths per run); a run that raises is retried
:data:`RETRIES` times (``Client.submit(retries=...)``). ``progress(finished, total)`` is called
as futures finish, whichever worker ran them (the build's progress bar).

On a ``LocalCluster`` ``workers`` is how many runs may go at once (one single-threaded worker
process each); a given scheduler runs them on the workers it has. The local cluster lives only
for the length of one runner call: it starts when the call comes and is closed before the call
returns. Its scheduler and nannies run on an event-loop thread of this process that takes the GIL
dozens of times a second, which slows the build's own pure-Python steps on a loaded machine
(``bench/README.md``, "Dask LocalCluster vs process pool"); between calls the build process has no
such thread. The fork server the workers come from starts when the runner is entered, if the build
expects runs (``layers.scenarios.run_modules``), so its imports overlap the build's first steps and
every cluster of the build starts in about a second.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

from distributed import Client, as_completed
from distributed.client import FutureCancelledError
from distributed.core import CommClosedError
from distributed.scheduler import KilledWorker

from layers.cluster import session
from layers.cluster.address import SchedulerAddress
from layers.cluster.errors import ClusterError
from layers.cluster.forkserver import start_forkserver
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
    preload
        Modules each local worker imports when it starts; none: the local cluster starts only if
        a run comes.
    """

    def __init__(self, address: SchedulerAddress, *, preload: Sequence[str] = ()) -> None:
        self.address = address
        self.preload = tuple(preload)
        self.client: Client | None = None

    def __enter__(self) -> DaskRunner:
        """Connect to a given scheduler and check its workers.

        For the local cluster, start the workers' fork server if runs are expected.
        """
        if self.address.remote:   # fail within seconds, before the build's slow steps
            self.client = session.connect(self.address)
        elif self.preload:   # the build expects model runs: the server imports the model modules meanwhile
            start_forkserver(self.preload, session.WORKER_ENV)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Close the client of a given scheduler."""
        if self.client is not None:
            session.close(self.client)
            self.client = None

    def _client_for(self, workers: int) -> Client:
        if self.client is None:   # a local cluster, for this call only
            self.client = session.start_local_cluster(workers, preload=self.preload)
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
        try:
            return self._run(client, function, tasks, cost=cost, progress=progress)
        finally:
            if not self.address.remote:
                self.client = None
                session.close(client)

    def _run(self, client: Client, function: Callable[[Any], Any], tasks: Sequence[Any], *,
             cost: Callable[[Any], float] | None, progress: RunProgress | None) -> list[Any]:
        batch = f"{function.__name__}-{uuid.uuid4().hex[:8]}"
        version = code_version()
        costs = [float(cost(task)) if cost else 0.0 for task in tasks]
        waiting = sorted(range(len(tasks)), key=lambda k: -costs[k])   # the most expensive first
        submitted: dict[int, Any] = {}
        finishing = as_completed(loop=client.loop)

        def feed() -> None:   # one run per worker thread in flight; the next starts as one finishes
            if client.status != "running":
                return
            slots = max(1, sum(client.nthreads().values())) - (len(submitted) - finished)
            for _ in range(min(slots, len(waiting))):
                k = waiting.pop(0)
                submitted[k] = client.submit(run_checked, function, tasks[k], version, key=f"{batch}-{k}",
                                             pure=False, retries=RETRIES, priority=costs[k])
                finishing.add(submitted[k])

        finished = 0
        try:
            feed()
            for _ in finishing:
                finished += 1
                if progress is not None:
                    progress(finished, len(tasks))
                feed()
            if waiting:   # feeding stopped early: the client has lost its scheduler
                raise ClusterError(str(self.address), f"the build lost the scheduler while {len(tasks)} "
                                   f"{function.__name__} runs were going (the client is {client.status}).",
                                   session.LOST_FIX)
            futures = [submitted[k] for k in range(len(tasks))]
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
                client.cancel([f for f in submitted.values() if not f.done()])


def _first_line(error: BaseException) -> str:
    """The first line of an error's text (Dask's cancellation messages run on over several)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]

