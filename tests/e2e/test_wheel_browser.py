"""A plain ``pip install`` of the wheel serves the whole page (issue 12, item 4).

The wheel is built from a copy of the sources and installed ``--no-deps`` into a fresh venv, which
finds the dependencies through a plain ``.pth`` line naming the test interpreter's site-packages
(a directory on ``sys.path``: the editable install's hook in there is not run, so the checkout
cannot leak in). gunicorn then runs from that venv, outside the repository; the page must mount,
and both ``viewer`` and the JavaScript served under /assets/ must come from the venv (a marker
appended to the installed copy of a script shows up in the served one).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.e2e.browser import REPO, gunicorn_server, open_map

pytestmark = pytest.mark.browser

MARKER = "/* installed from the wheel (tests/e2e/test_wheel_browser.py) */"
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", ".cache", "__pycache__", "*.egg-info",
                                     ".pytest_cache")


def _run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(python of a fresh venv with the wheel installed, a working folder outside the repository)."""
    if int(version("setuptools").split(".")[0]) < 77:
        pytest.fail("Building the wheel needs setuptools>=77 in the test environment: `./dev.sh test` installs it "
                    "(the [test] extra of pyproject.toml).")
    tmp = tmp_path_factory.mktemp("wheel")
    sources = Path(shutil.copytree(REPO, tmp / "src", ignore=NOT_SOURCES))
    _run(sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--quiet", "-w", tmp / "dist",
         sources, cwd=tmp)
    (wheel,) = (tmp / "dist").glob("urban_twin-*.whl")
    _run(sys.executable, "-m", "venv", "--without-pip", tmp / "venv", cwd=tmp)
    python = tmp / "venv" / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel,
         cwd=tmp)
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp).strip())
    (purelib / "shared_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp / "elsewhere"
    work.mkdir()
    return python, work


def test_wheel_ships_the_browser_code_and_the_page_mounts(installed, chromium, tiny_city_dir, tiny_build) -> None:
    python, work = installed
    venv = python.parent.parent
    where = json.loads(_run(python, "-c", "import json, viewer, viewer.app; print(json.dumps([viewer.__file__, "
                            "str(viewer.app.assets_folder())]))", cwd=work))
    module, assets = (Path(p) for p in where)
    assert module.is_relative_to(venv) and assets.is_relative_to(venv), where
    scripts = sorted(p for p in assets.rglob("*.js"))
    assert scripts, f"the wheel has no browser code in {assets}"
    script = scripts[0]
    script.write_text(script.read_text(encoding="utf-8") + "\n" + MARKER + "\n", encoding="utf-8")

    with gunicorn_server(tiny_city_dir, tiny_build.path.parent, python=python, cwd=work, env={"PYTHONPATH": ""}) as url:
        with urllib.request.urlopen(f"{url}/assets/{script.relative_to(assets).as_posix()}", timeout=30) as response:
            assert MARKER in response.read().decode("utf-8")
        context, page, network, errors = open_map(chromium, url + "/")
        assert page.locator('#map[data-loaded="true"]').count() == 1
        assert network.count(f"/assets/{script.relative_to(assets).as_posix()}") == 1
        assert errors == [] and network.blocked == []
        context.close()
