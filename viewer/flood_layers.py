"""Draw the heavy-rain layers (manifest kinds ``flood-depth`` and ``flood-measure``; see
``layers.flood.scenario``).

A flood layer is a second TerrainLayer over the terrain's own elevation image, lifted a little,
with the classed depth PNG (transparent where dry) as its texture. Both images share the
terrain's bounds, so the water lands on the same texture coordinates as the ground under it.
``assets/02-terrain-loader.js`` gives every ``TerrainLayer`` its main-thread mesh loader,
``assets/10-flood.js`` steps the texture through the frames on the clock and
``assets/11-flood-buildings.js`` colours the buildings; what they need
travels in the layer's ``floodMeta`` prop (URLs, frame times, depth classes, building colours).

A class map (``flood-class``: flow velocity, hazard, change of max depth; see
``layers.flood.class_maps``) is drawn the same way with the run's maxima as its texture and no
``floodMeta`` (the building colours keep following the depth layers). Velocity and hazard also
list their overlay per frame time in a ``floodFrames`` prop (URLs, frame times), which
``assets/10-flood.js`` steps on the clock as it steps the depth.
Depth and class maps with point values are pickable, so a tap on open ground shows the values
there (``viewer.point_values``).

A measure layer (``flood-measure``) is a PathLayer of outlines: the measure and its area of effect
(``layers.flood.artifacts.measure_layer``), draped on the DEM and lifted above the water surface.
"""

from __future__ import annotations

import pydeck as pdk
from pydeck.types import String

from viewer.artifact_url import artifact_url

__all__ = ["layer_spec", "FLOOD_LIFT_M"]

# The water surface floats this far (m) above the terrain mesh: above the roads (drawn 1.0 m above
# the DEM, see layers.base_layers.ROAD_LIFT_M), so flooded streets show water, not asphalt.
FLOOD_LIFT_M = 1.2


def layer_spec(entry: dict, base: str) -> pdk.Layer:
    """The pydeck layer for a manifest entry of kind ``flood-depth`` or ``flood-measure``."""
    if entry["kind"] == "flood-measure":
        return pdk.Layer(
            "PathLayer", id=entry["id"], visible=bool(entry.get("visible", False)),
            data=artifact_url(base, entry["data"]), get_path="p", get_color="c", get_width="w",
            width_units=String("meters"), width_min_pixels=2, cap_rounded=True, joint_rounded=True, pickable=False,
        )
    if entry["kind"] not in ("flood-depth", "flood-class"):
        raise ValueError(f"Manifest layer {entry['id']!r} has the kind {entry['kind']!r}, which viewer.flood_layers "
                         "cannot draw (only 'flood-depth', 'flood-class' and 'flood-measure'). Update urban-twin.")
    data = entry["data"]
    decoder = dict(entry["decoder"])
    decoder["offset"] = float(decoder["offset"]) + FLOOD_LIFT_M
    if entry["kind"] == "flood-class":
        texture = artifact_url(base, data["texture"])
        if not data.get("frames"):
            return _draped(entry, base, decoder, texture=texture)
        frames = {"texture": texture, "frames": [artifact_url(base, name) for name in data["frames"]],
                  "frameTimesS": list(data["frame_times_s"])}
        return _draped(entry, base, decoder, texture=texture, flood_frames=frames)
    meta = {
        "eventId": entry["id"],
        "texture": artifact_url(base, data["texture"]),
        "frames": [artifact_url(base, name) for name in data.get("frames", [])],
        "frameTimesS": list(data.get("frame_times_s", [])),
        "buildings": artifact_url(base, data["buildings"]) if data.get("buildings") else None,
        "classes": list(entry.get("depth_classes_m", [])),
        "buildingColors": entry.get("building_colors", []),
    }
    return _draped(entry, base, decoder, texture=meta["texture"], flood_meta=meta)


def _draped(entry: dict, base: str, decoder: dict, *, texture: str, **props: object) -> pdk.Layer:
    """A TerrainLayer over the terrain's elevation with ``texture`` (a paletted overlay) lifted by the decoder.

    With point values (the manifest's ``point``) it is pickable in 3D: a tap on open ground reports
    the lon/lat where the ray meets the draped mesh, not where it meets sea level, and
    ``assets/09-dash.js`` asks for the values there (``viewer.point_values``).
    """
    points = "point" in entry
    if points:
        props["point_values"] = True
    return pdk.Layer(
        "TerrainLayer", id=entry["id"], visible=bool(entry.get("visible", False)),
        elevation_data=String(artifact_url(base, entry["data"]["elevation"])),
        texture=String(texture),
        bounds=entry["bounds"], elevation_decoder=decoder,
        mesh_max_error=0.5, color=[255, 255, 255], opacity=1.0, pickable=String("3d") if points else False,
        # loaders.gl would otherwise fetch its terrain worker from a CDN (assets/03-map.js swaps in its own).
        load_options={"worker": False},
        # Transparent (dry) pixels must not write depth, or they would hide what is drawn later.
        parameters={"depthWriteEnabled": False},
        material={"ambient": 0.8, "diffuse": 0.3, "shininess": 32, "specularColor": [60, 60, 60]},
        **props,
    )
