"""Manifest → deck.gl JSON (via pydeck) whose layer data are artifact URLs.

Pure functions, no Dash: the viewer sends the JSON once; the browser keeps it and toggles
``visible``/``opacity`` itself, so a layer's data are fetched once (stable ids, same URL).
"""

from __future__ import annotations

import json

import pydeck as pdk
from pydeck.types import String

from layers.camera import CAMERA_RANGES
from viewer import flood_layers, noise_layers, traffic_layers
from viewer.artifact_url import artifact_url

__all__ = ["CONTROLLER", "KIND_MODULES", "deck_json", "layer_spec"]

# pydeck turns plain strings into "@@=" expressions (accessors such as "p" → datum.p); literal
# strings (URLs, units) are wrapped in ``String``.

# Mouse and touch: drag pans, right-drag / two-finger twist rotates, pinch zooms, keyboard moves.
CONTROLLER = {"dragRotate": True, "touchRotate": True, "touchZoom": True, "doubleClickZoom": True,
              "keyboard": True, "inertia": 300, "scrollZoom": {"speed": 0.01, "smooth": True}}


# Scenario layer kinds are drawn by their own modules: kind "flood-depth" → viewer.flood_layers.
# Each module defines ``layer_spec(entry: dict, base: str) -> pdk.Layer``.
KIND_MODULES = {"flood-": flood_layers, "traffic-": traffic_layers, "noise-": noise_layers}


def layer_spec(entry: dict, base: str) -> pdk.Layer:
    """The pydeck layer for one manifest entry (``base`` is the URL prefix of the artifacts)."""
    kind, lid, visible = entry["kind"], entry["id"], bool(entry.get("visible", True))
    if kind == "terrain":
        return pdk.Layer(
            "TerrainLayer", id=lid, visible=visible,
            elevation_data=String(artifact_url(base, entry["data"]["elevation"])),
            texture=String(artifact_url(base, entry["data"]["texture"])),
            bounds=entry["bounds"], elevation_decoder=entry["decoder"],
            mesh_max_error=0.5, color=[255, 255, 255],
            # loaders.gl would otherwise fetch its terrain worker from a CDN: decode on the main thread.
            load_options={"worker": False},
            material={"ambient": 0.55, "diffuse": 0.5, "shininess": 8, "specularColor": [40, 40, 40]},
        )
    if kind == "buildings" and entry.get("geometry") == "surfaces":
        # Roof and wall faces as 3D polygons (layers.roofs); assets/08-faces.js turns the records into
        # one object per face (dataTransform) and colours them by part times the face's shade.
        return pdk.Layer(
            "SolidPolygonLayer", id=lid, visible=visible, data=artifact_url(base, entry["data"]),
            get_polygon="p", extruded=False, _full3d=True, filled=True, pickable=True, auto_highlight=True,
            highlight_color=[0, 90, 200, 200], opacity=1.0,
        )
    if kind == "buildings":
        return pdk.Layer(
            "PolygonLayer", id=lid, visible=visible, data=artifact_url(base, entry["data"]),
            get_polygon="p", get_elevation="h", get_fill_color="c",
            extruded=True, wireframe=False, stroked=False, pickable=True, auto_highlight=True,
            highlight_color=[0, 90, 200, 200], opacity=1.0,
            material={"ambient": 0.45, "diffuse": 0.6, "shininess": 24, "specularColor": [60, 64, 70]},
        )
    if kind == "roads":
        return pdk.Layer(
            "PathLayer", id=lid, visible=visible, data=artifact_url(base, entry["data"]),
            get_path="p", get_color="c", get_width="w", width_units=String("meters"), width_min_pixels=1.5,
            cap_rounded=True, joint_rounded=True, pickable=True, auto_highlight=True,
            highlight_color=[0, 90, 200, 220],
        )
    if kind == "water":
        return pdk.Layer(
            "PolygonLayer", id=lid, visible=visible, data=artifact_url(base, entry["data"]),
            get_polygon="p", get_fill_color=entry["legend"]["items"][0]["color"] + [215],
            stroked=False, filled=True, extruded=False, pickable=False,
        )
    for prefix, module in KIND_MODULES.items():
        if kind.startswith(prefix):
            return module.layer_spec(entry, base)
    raise ValueError(f"Manifest layer {lid!r} has the kind {kind!r}, which this viewer cannot draw. "
                     "Update urban-twin or rebuild the city with a matching version.")


def deck_json(manifest: dict, *, base: str) -> dict:
    """The deck.gl JSON for a manifest: all layers (visibility from the manifest), the home view,
    no base map (nothing is fetched from the internet).
    """
    home = manifest["home"]
    view_state = pdk.ViewState(longitude=home["longitude"], latitude=home["latitude"], zoom=home["zoom"],
                               pitch=home["pitch"], bearing=home["bearing"], min_zoom=CAMERA_RANGES["zoom"][0],
                               max_zoom=CAMERA_RANGES["zoom"][1], max_pitch=CAMERA_RANGES["pitch"][1])
    deck = pdk.Deck(
        layers=[layer_spec(entry, base) for entry in manifest["layers"]],
        initial_view_state=view_state,
        views=[pdk.View(type="MapView", controller=CONTROLLER)],
        map_provider=None, map_style=None,
    )
    spec = json.loads(deck.to_json())
    spec.pop("mapStyle", None)
    spec.pop("mapProvider", None)
    return spec
