"""A web worker serves a build without importing the build pipeline's heavy libraries.

The worker is a fresh interpreter doing what gunicorn does: load ``viewer.gunicorn_conf`` and
run its ``on_starting`` (what the master does before it forks the workers), import ``viewer.app:server``,
then serve the page, Dash's layout and callbacks (a tap on a building with a flood layer
visible), the manifest, an artifact and a download. Afterwards none of the libraries only the
build needs may be in ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_ONLY = ("geopandas", "rasterio", "numba", "pyogrio", "shapely", "pandas", "scipy", "aequilibrae",
              "layers.build", "layers.importers", "layers.flood", "layers.traffic", "layers.cluster", "dask",
              "distributed")

WORKER = """
import json, sys

import viewer.gunicorn_conf as conf

class Log:
    def info(self, *args):
        print("log:", args[0] % args[1:], file=sys.stderr)

class Server:
    log = Log()

conf.on_starting(Server())  # what gunicorn's master runs before forking the workers

from viewer.app import server  # what each worker imports: viewer.app:server

manifest = json.loads(server.test_client().get("/api/manifest.json").data)
client = server.test_client()
statuses = {}
for url in ["/", "/_dash-layout", "/_dash-dependencies", "/healthz", "/api/deck.json"]:
    statuses[url] = client.get(url).status_code
prefix = "/artifacts/" + manifest["build"]["input_hash"][:12]
flood = next(layer for layer in manifest["layers"] if layer["kind"] == "flood-depth")
statuses["artifact"] = client.get(prefix + "/" + flood["data"]["buildings"]).status_code
statuses["download"] = client.get("/api/download/buildings.csv").status_code
tap = {"output": "info-panel.children", "outputs": {"id": "info-panel", "property": "children"},
       "inputs": [{"id": "selected-feature", "property": "data",
                   "value": {"layer": "buildings", "id": sys.argv[1], "visible": [flood["id"]]}}],
       "state": [{"id": "ui-lang", "property": "data", "value": "de"}],
       "changedPropIds": ["selected-feature.data"]}
answer = client.post("/_dash-update-component", json=tap)
statuses["tap"] = answer.status_code
print(json.dumps({"statuses": statuses, "tap": answer.get_data(as_text=True),
                  "modules": sorted(name for name in sys.modules)}))
"""


def test_a_web_worker_imports_no_build_library(flood_city: Path, flood_build) -> None:
    build = flood_build.path
    wet = json.loads(next(build.glob("flood_*_buildings.json")).read_text(encoding="utf-8"))
    building = next(iter(wet))  # a building with water at its walls: the tap shows its flood row
    env = dict(os.environ, TWIN_CITY=str(flood_city), TWIN_BUILD_ROOT=str(build.parent), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", WORKER, building], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(report["statuses"].values()) == {200}, report["statuses"]
    tap = json.dumps(json.loads(report["tap"]), ensure_ascii=False)
    assert "Wassertiefe am Gebäude" in tap  # the flood layer's row reached the tapped building
    loaded = [name for name in BUILD_ONLY if name in report["modules"]]
    assert loaded == [], f"a web worker imported {loaded}"

