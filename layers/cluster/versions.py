"""Which urban-twin code a process runs, so that a build refuses workers running another one.

A run's result depends on the model code, not only on the package's version number (an edited
checkout still says 0.1.0), so the version is the package version plus a SHA-256 of the source
of ``layers`` — the same digest the build's input hash covers. Workers report theirs through
``Client.run`` when the build connects (:func:`worker_versions`), and every run checks it again
on the worker that runs it (:func:`run_checked`), which catches a worker that joined later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

__all__ = ["WorkerVersionError", "code_digest", "code_version", "run_checked"]

LAYERS = Path(__file__).resolve().parent.parent


class WorkerVersionError(RuntimeError):
    """A run reached a worker that runs other urban-twin code than the build's."""


@cache
def code_digest() -> str:
    """SHA-256 (hex) over the source files of ``layers``, in path order."""
    digest = hashlib.sha256()
    for source in sorted(LAYERS.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


@cache
def code_version() -> str:
    """``urban-twin <version>+<first 12 hex digits of the code digest>`` of this process."""
    try:
        number = version("urban-twin")
    except PackageNotFoundError:
        number = "not-installed"
    return f"urban-twin {number}+{code_digest()[:12]}"


def run_checked(function: Callable[[Any], Any], task: Any, expected: str) -> Any:
    """Run ``function(task)`` on a worker whose :func:`code_version` is ``expected``.

    Raises
    ------
    WorkerVersionError
        This worker runs other code.
    """
    found = code_version()
    if found != expected:
        raise WorkerVersionError(f"this worker runs {found}, the build {expected}")
    return function(task)
