"""The task runner of a build: Dask distributed (local or a scheduler), or the plain process pool.

``task_runner(address)`` is a context manager that gives a ``layers.executor.TaskRunner`` and
releases what it opened (the client, the local cluster) when the build ends, failed or not. Dask
is imported only here, and only when the address asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from layers.cluster.address import PROCESSES, SchedulerAddress
from layers.executor import TaskRunner, run_tasks

__all__ = ["task_runner"]


@contextmanager
def task_runner(address: SchedulerAddress, *, preload: Sequence[str] = ()) -> Iterator[TaskRunner]:
    """The runner for ``address``; a scheduler is connected to (and its workers checked) on entry.

    A LocalCluster starts for each runner call and is closed at its end; the fork server its
    workers come from, with the modules ``preload`` imported, starts on entry (see
    ``layers.cluster.runner.DaskRunner``).

    Raises
    ------
    ClusterError
        See ``layers.cluster.session.connect``.
    """
    if address.kind == PROCESSES:
        yield run_tasks
        return
    from layers.cluster.runner import DaskRunner

    with DaskRunner(address, preload=preload) as runner:
        yield runner
