"""Shared fixtures: the tiny hand-made city, its build, and copies to break for bad-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from layers import build_city
from tests.tiny_city import write_tiny_city


@pytest.fixture(scope="session")
def tiny_city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny city (read-only by convention: copy it before changing files)."""
    return write_tiny_city(tmp_path_factory.mktemp("tiny") / "tiny")


@pytest.fixture(scope="session")
def tiny_build(tiny_city_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A build of the tiny city (BuildResult)."""
    return build_city(tiny_city_dir, build_root=tmp_path_factory.mktemp("tiny-build"), progress=False)


@pytest.fixture
def city_copy(tiny_city_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny city that a test may break."""
    return Path(shutil.copytree(tiny_city_dir, tmp_path / "city"))
