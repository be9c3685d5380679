"""Programs outside Python that some tests run for real (Chromium, cage, systemd-analyze, ...).

``./dev.sh test`` installs them with apt-get, so a missing one is a set-up fault: under CI
(``CI`` set) the test fails and names the package; elsewhere it is skipped with the same words.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

__all__ = ["require_programs"]


def require_programs(*programs: str, packages: str) -> None:
    """Skip (fail under CI) unless every program exists, as a command name or an absolute path.

    Parameters
    ----------
    programs
        Command names looked up on ``PATH``, or absolute paths.
    packages
        The Debian packages that provide them, for the message.
    """
    missing = [p for p in programs if not (Path(p).is_file() if p.startswith("/") else shutil.which(p))]
    if not missing:
        return
    reason = (f"{', '.join(missing)} not installed: apt-get install {packages} "
              "(`./dev.sh test` installs it when absent)")
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)
