"""The web process never builds (issue 12, item 5): gunicorn started with the Procfile's command
over a city without a build stops at once with a message saying where ``twin build`` runs, and
builds nothing; a bad ``TWIN_FRAME_ANCESTORS`` stops it the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.browser import REPO, free_port, procfile_command


def _gunicorn(city: Path, build_root: Path, **env: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, TWIN_CITY=str(city), TWIN_BUILD_ROOT=str(build_root), PORT=str(free_port()),
                       HOST="127.0.0.1", WEB_CONCURRENCY="1", **env)
    return subprocess.run([sys.executable, "-m", *procfile_command()], env=environment, cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)


def test_web_server_without_a_build_stops_and_builds_nothing(city_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "builds"
    root.mkdir()
    done = _gunicorn(city_copy, root)
    assert done.returncode != 0
    message = " ".join(done.stderr.split())
    assert "No build of" in message and f"run `twin build {city_copy}` first" in message
    assert "Booting worker" not in done.stderr   # stopped before it bound the port and forked
    assert list(root.iterdir()) == []            # and no model ran


def test_bad_frame_ancestors_stop_the_server(tiny_city_dir: Path, tiny_build) -> None:
    done = _gunicorn(tiny_city_dir, tiny_build.path.parent, TWIN_FRAME_ANCESTORS="https://a.de; script-src *")
    assert done.returncode != 0
    assert "TWIN_FRAME_ANCESTORS" in done.stderr and "is not a CSP source" in done.stderr
