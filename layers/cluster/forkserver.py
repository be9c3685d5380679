"""Start the local cluster's workers from a fork server that has imported the model modules once.

Dask's nannies start worker processes with ``spawn`` by default: every worker is a fresh
interpreter that imports Dask, numpy, pandas, geopandas, scipy, numba and the model code again
(3–5 s of CPU each on this project's 2-core machine), while the process pool of
``layers.executor`` forks children that inherit the build's imports. With the ``forkserver``
method (``distributed.worker.multiprocessing-method``, https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods)
one clean server process imports those modules once and every worker is forked from it, in a
fraction of a second; a later local cluster in the same process (the next build of ``twin
serve``, the tests) forks from the same server. The server is not forked from the build process,
so the OpenMP threads AequilibraE leaves in the build cannot hang a worker.

The server imports with the build's own ``layers`` (the folder that holds it is put first on its
``PYTHONPATH``), so a worker's code is the build's (``layers.cluster.versions`` checks it per run
anyway), and with the workers' one-thread environment (``WORKER_ENV``), which numba and OpenMP read
when they are first imported.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from multiprocessing import forkserver
from pathlib import Path

import dask

__all__ = ["METHOD", "start_forkserver"]

METHOD = "forkserver"
BASE_MODULES = ("distributed",)
"""Imported by the server before the model modules (Dask's worker itself)."""

LAYERS_HOME = str(Path(__file__).resolve().parents[2])
"""The folder holding the ``layers`` package this build runs."""

_lock = threading.Lock()


@contextmanager
def _environ(values: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def start_forkserver(preload: Sequence[str], env: Mapping[str, str]) -> None:
    """Start the fork server (once per process) with Dask and ``preload`` imported, under ``env``.

    From then on this process's nannies start their workers from it
    (``distributed.worker.multiprocessing-method`` set for the process, so that a worker a nanny
    restarts after a crash, which happens at any time on Dask's event loop, is forked too).

    A server already running is kept (its imports stay what they were; a worker imports anything
    else it needs itself, through Dask's ``preload``). A module the server cannot import is skipped
    by ``multiprocessing``; the worker then imports it, and its error shows there.
    """
    with _lock:
        context = multiprocessing.get_context(METHOD)
        dask.config.set({"distributed.worker.multiprocessing-method": METHOD})
        from distributed.utils import get_mp_context
        get_mp_context()   # Dask sets its own preload list the first time; ours replaces it below
        context.set_forkserver_preload([*BASE_MODULES, *preload])
        path = os.pathsep.join(p for p in (LAYERS_HOME, os.environ.get("PYTHONPATH", "")) if p)
        with _environ({**env, "PYTHONPATH": path}):
            forkserver.ensure_running()
