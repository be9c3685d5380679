"""gunicorn settings for the viewer (``gunicorn -c python:viewer.gunicorn_conf viewer.app:server``).

The master builds the city once before forking workers (cached by input hash, so usually instant);
each worker then reads the finished manifest once. The build runs in a child process of the master,
so that the workers forked from the master never hold the build pipeline's libraries (geopandas,
rasterio, numba: hundreds of MB per worker). Never Dash's debug mode.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gunicorn.arbiter import Arbiter
    from gunicorn.glogging import Logger

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # unset: no access log (fast), "-" for stdout


def build(log: Logger) -> None:
    """Build (or reuse) the city of ``TWIN_CITY`` and log where it is."""
    from layers.build import build_city
    from layers.settings import default_city

    result = build_city(default_city(), progress=False)
    log.info("city build %s (%s, %.1f s)", result.path.name, "cached" if result.cached else "built", result.seconds)


def on_starting(server: Arbiter) -> None:
    """Build (or reuse) the city in a child process before workers start.

    Raises
    ------
    RuntimeError
        If the build failed (its error is printed above), so that gunicorn does not start.
    """
    # fork (not spawn): the child needs no re-import of gunicorn's entry point, and the master has
    # no threads yet.
    child = multiprocessing.get_context("fork").Process(target=build, args=(server.log,), name="twin-build")
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"The city could not be built (exit code {child.exitcode}); see the error above. "
                           "Fix the input it names, then start the server again.")
