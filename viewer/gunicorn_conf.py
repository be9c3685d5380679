"""gunicorn settings for the viewer (``gunicorn -c python:viewer.gunicorn_conf viewer.app:server``).

The web process never builds a city (that runs the models: minutes of numba and AequilibraE). The
master only checks that a build exists before it binds its port and stops with a clear message if
there is none; ``twin build`` makes it beforehand (``twin serve`` builds first). The check reads
the build folders only (``layers.build_folders``), so the workers forked from the master never hold
the build pipeline's libraries (geopandas, rasterio, numba: hundreds of MB per worker). Each worker
then reads the finished manifest once. Never Dash's debug mode.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gunicorn.arbiter import Arbiter

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # unset: no access log (fast), "-" for stdout


def on_starting(server: Arbiter) -> None:
    """Stop before binding the port unless the city has a finished build (nothing is built here).

    Raises
    ------
    SystemExit
        Exit code 3, after logging why: no build of the city (naming ``twin build``), a city
        folder that cannot be read, or a bad ``TWIN_FRAME_ANCESTORS``.
    """
    from layers.build_folders import current_build
    from layers.errors import InputError
    from layers.settings import default_city
    from viewer.app import missing_build_message
    from viewer.security import frame_ancestors

    city = default_city()
    try:
        frame_ancestors()  # a bad TWIN_FRAME_ANCESTORS stops here, not in every worker
        found = current_build(city)
    except (InputError, ValueError) as err:
        server.log.error("urban-twin cannot start: %s", err)
        raise SystemExit(3) from None
    if found is None:
        server.log.error("urban-twin cannot start: %s", missing_build_message(city))
        raise SystemExit(3)
    server.log.info("serving the city build %s", found)
