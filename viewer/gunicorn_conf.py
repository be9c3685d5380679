"""gunicorn settings for the viewer (``gunicorn -c python:viewer.gunicorn_conf viewer.app:server``).

The master builds the city once before forking workers (cached by input hash, so usually instant);
each worker then reads the finished manifest once. Never Dash's debug mode.
"""

from __future__ import annotations

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # unset: no access log (fast), "-" for stdout


def on_starting(server) -> None:  # noqa: ANN001 - gunicorn's hook signature
    """Build (or reuse) the city before workers start."""
    from layers.build import build_city
    from layers.settings import default_city

    result = build_city(default_city(), progress=False)
    server.log.info("city build %s (%s, %.1f s)", result.path.name, "cached" if result.cached else "built",
                    result.seconds)
