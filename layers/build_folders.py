"""Where builds live: one folder per input hash, and per city a symlink to its current good build.

Layout of the build root::

    build/
      musterstadt-3fa2c1d9e0ab/    artifacts + manifest.json of one input hash
      musterstadt -> musterstadt-3fa2c1d9e0ab      (symlink, swapped atomically)

Light on purpose (standard library only): a web worker finds the build it serves with
:func:`current_build` without importing the build pipeline (``layers.build``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from layers.config import load_config
from layers.manifest import MANIFEST_NAME
from layers.settings import build_root as default_build_root

__all__ = ["KEEP_BUILDS", "current_build", "point_link", "prune_builds"]

KEEP_BUILDS = 2  # per city: the current build and the one before it


def current_build(city: str | Path, *, build_root: Path | None = None) -> Path | None:
    """The folder of the city's current good build, or None."""
    config = load_config(city)
    link = Path(build_root or default_build_root()) / config.slug
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        if (target / MANIFEST_NAME).is_file():
            return target
    return None


def point_link(link: Path, target: Path) -> None:
    """Atomically make ``link`` a symlink to ``target`` (relative, so the root can move)."""
    tmp_link = link.with_name(f".{link.name}.link-{os.getpid()}")
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(target.name)
    os.replace(tmp_link, link)


def prune_builds(root: Path, slug: str, *, keep: Path) -> None:
    """Remove a city's older builds, keeping ``keep`` and the :data:`KEEP_BUILDS` - 1 newest others."""
    builds = sorted((p for p in root.glob(f"{slug}-*") if p.is_dir() and not p.is_symlink() and p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEEP_BUILDS - 1:]:
        shutil.rmtree(old, ignore_errors=True)
