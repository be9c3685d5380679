"""The build manifest: the one contract between ``layers`` (writer) and ``viewer`` (reader).

``manifest.json`` sits in the build folder beside the artifacts it names (paths relative to it)::

    {
      "version": 1,
      "city": {"name", "synthetic", "description", "crs"},
      "bounds": [west, south, east, north],           # WGS84 degrees, of the terrain
      "home": {"longitude", "latitude", "zoom", "pitch", "bearing"},
      "groups": [{"id", "label": {"de", "en"}}],      # panel groups, in order
      "layers": [{"id", "kind", "group", "label", "visible", "data", "legend", ...}],
      "scenarios": [{"id", "group", "label", "layers": [layer ids], "metrics": {...},
                     "baseline": scenario id or null}],
      "build": {"input_hash", "seconds", "import": [notes], "dropped": {kind: {"count", "ids", "fields"}},
                "story": [notices]},                  # what the import dropped and the story lost
      "story": "story.json"                           # optional: the validated story (layers.story)
    }

A layer with ``"extends": "<layer id>"`` and an ``"attributes"`` table adds its rows to a tapped
feature of that layer while it is visible (e.g. the water depth at a building).

Scenario builders (``layers.scenario_api``) add their own groups (e.g. ``starkregen``,
``verkehr``), layers and scenarios. A scenario entry::

    {"id": "starkregen-extrem", "group": "starkregen", "label": {...}, "layers": ["flood-extrem"],
     "baseline": null or the id of the scenario it is compared with,
     "metrics": [{"key": "buildings_affected", "label": {...}, "value": 412, "unit": "",
                  "delta": null or change against the baseline (same unit)}]}

``kind`` says how the viewer draws a layer: ``terrain``, ``buildings``, ``roads``, ``water`` now;
scenario models add their own kinds (e.g. ``flood-depth``, ``traffic-links``) together with the
viewer code that draws them. Unknown keys are allowed (forward compatible); the keys above are
required and checked by ``validate_manifest``.
"""

from __future__ import annotations

import json
from pathlib import Path

from layers.style import label

__all__ = ["MANIFEST_NAME", "MANIFEST_VERSION", "BASE_GROUPS", "read_manifest", "validate_manifest"]

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
BASE_GROUPS = [
    {"id": "basis", "label": label("Basis", "Base")},
]
REQUIRED = ("version", "city", "bounds", "home", "groups", "layers", "scenarios")
LAYER_REQUIRED = ("id", "kind", "group", "label", "visible", "data")


def validate_manifest(manifest: dict, *, path: Path | None = None) -> dict:
    """Check the manifest's required keys and cross references; return it unchanged.

    Raises
    ------
    ValueError
        Naming the manifest file and the key that is missing or wrong.
    """
    where = f"{path}: " if path else ""
    missing = [k for k in REQUIRED if k not in manifest]
    if missing:
        raise ValueError(f"{where}manifest lacks {', '.join(missing)}. Rebuild the city with `twin build`.")
    if manifest["version"] != MANIFEST_VERSION:
        raise ValueError(f"{where}manifest version {manifest['version']} is not {MANIFEST_VERSION}. "
                         "Rebuild the city with this version of urban-twin (`twin build --force`).")
    groups = {g["id"] for g in manifest["groups"]}
    ids = set()
    for layer in manifest["layers"]:
        lacking = [k for k in LAYER_REQUIRED if k not in layer]
        if lacking:
            raise ValueError(f"{where}layer {layer.get('id', '?')} lacks {', '.join(lacking)}.")
        if layer["group"] not in groups:
            raise ValueError(f"{where}layer {layer['id']} names the unknown group {layer['group']}.")
        if layer["id"] in ids:
            raise ValueError(f"{where}layer id {layer['id']} occurs twice.")
        ids.add(layer["id"])
    for scenario in manifest["scenarios"]:
        unknown = [lid for lid in scenario.get("layers", []) if lid not in ids]
        if unknown:
            raise ValueError(f"{where}scenario {scenario.get('id')} names unknown layer(s) {', '.join(unknown)}.")
    return manifest


def read_manifest(build_dir: Path) -> dict:
    """Read and validate ``manifest.json`` of a build folder."""
    path = Path(build_dir) / MANIFEST_NAME
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist. Build the city first: `twin build [CITY]`.")
    return validate_manifest(json.loads(path.read_text(encoding="utf-8")), path=path)
