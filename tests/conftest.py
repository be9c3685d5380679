"""Shared fixtures: the tiny hand-made city, its build, copies to break for bad-input tests, and the
flood-enabled tiny city and its build (one build per session for every module that uses them).
"""

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


@pytest.fixture(scope="session")
def flood_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny city with heavy-rain scenarios (tests/test_flood_scenario.py: FLOOD_OPTIONS)."""
    from tests.test_flood_scenario import write_flood_city

    return write_flood_city(tmp_path_factory.mktemp("flood") / "floodtown")


@pytest.fixture(scope="session")
def flood_build(flood_city: Path, tmp_path_factory: pytest.TempPathFactory):
    """A build of the flood-enabled tiny city (BuildResult)."""
    return build_city(flood_city, build_root=tmp_path_factory.mktemp("flood-build"), progress=False)
