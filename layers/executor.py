"""Run a scenario's model runs: each run is a picklable task object and a pure function of it.

``run_tasks(function, tasks, workers=...)`` maps a module-level function over typed task objects
and returns the results in task order: in this process when one worker is enough, else on a
process pool. A task carries everything its run needs (arrays, parameters, no open files, no
build context) and the function writes nothing, so the same pair can go unchanged to another
executor — ``concurrent.futures`` here, Dask distributed on a cluster (``layers.cluster.runner``).
A build hands its scenario builders a :class:`TaskRunner` (``BuildContext.run_tasks``): this
function, or the Dask runner, with the same signature.

Numerical libraries in the worker processes run single-threaded (``NUMBA_NUM_THREADS`` and
``OMP_NUM_THREADS`` = 1): on a few shared cores, threads inside parallel processes oversubscribe
them (see ``layers.flood.kernel``, section Threads).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Protocol, TypeVar

__all__ = ["RunProgress", "TaskRunner", "run_tasks"]

Task = TypeVar("Task")
Result = TypeVar("Result")

RunProgress = Callable[[int, int], None]
"""``progress(finished, total)``: called as runs finish (counts of runs)."""


class TaskRunner(Protocol):
    """Runs ``function(task)`` for every task somewhere; returns the results in task order."""

    def __call__(self, function: Callable[[Any], Any], tasks: Sequence[Any], *, workers: int = 1,
                 cost: Callable[[Any], float] | None = None, start_method: str | None = None,
                 progress: RunProgress | None = None) -> list[Any]:
        """See :func:`run_tasks`."""
        ...


def single_threaded_worker() -> None:
    """Initialise a worker process: one thread for numba and OpenMP."""
    os.environ["NUMBA_NUM_THREADS"] = "1"
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def run_tasks(function: Callable[[Task], Result], tasks: Sequence[Task], *, workers: int = 1,
              cost: Callable[[Task], float] | None = None, start_method: str | None = None,
              progress: RunProgress | None = None) -> list[Result]:
    """Run ``function(task)`` for every task; the results in the order of ``tasks``.

    Parameters
    ----------
    function
        A module-level (picklable) function without side effects.
    tasks
        Picklable task objects.
    workers
        Processes to use; at most one per task. 1 runs the tasks one after another in this
        process.
    cost
        Expected cost of a task (any unit): the pool starts the most expensive tasks first, so
        that a long run does not end up last on one worker.
    start_method
        How the pool starts its processes (``multiprocessing``): default "fork" where there is
        one ("spawn" would re-run an unguarded calling script in every worker). Use "spawn" or
        "forkserver" once this process has started OpenMP threads (AequilibraE does): a forked
        child of such a process can hang in the OpenMP runtime.
    progress
        Called with (finished runs, all runs) after each run.
    """
    report = progress or (lambda finished, total: None)
    workers = min(workers, len(tasks))
    if workers <= 1:
        results = []
        for task in tasks:
            results.append(function(task))
            report(len(results), len(tasks))
        return results
    order = list(range(len(tasks)))
    if cost is not None:
        order.sort(key=lambda k: -cost(tasks[k]))
    method = start_method or ("fork" if "fork" in get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method),
                             initializer=single_threaded_worker) as pool:
        futures = {pool.submit(function, tasks[k]): k for k in order}
        done = {}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            report(len(done), len(tasks))
    return [done[k] for k in range(len(tasks))]
