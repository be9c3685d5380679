"""deck.gl layers of road noise at home (manifest kind ``noise-buildings``; see ``layers.noise.artifacts``).

A noise layer draws nothing of its own: it recolours the one buildings layer, as the heavy-rain layers
do, so roofs stay roofs and nothing is drawn twice. Its data are the colours of the residential
buildings (``[{"i": building id, "c": [r, g, b]}]``) of the traffic time slice the clock is in: the
layer lists one file per slice (the day's or the night's) in its ``trafficMeta`` prop, so
``assets/12-traffic.js`` switches its data with the clock like the traffic layers, and
``assets/13-noise-buildings.js`` paints the buildings from that file while the layer is visible
(buildings without residents in ``noiseMeta.otherColour``). A tap on a building appends the layer's
``attributes`` row (day and night, today and in the scenario: the manifest's ``extends``).

The deck.gl layer is an empty ScatterplotLayer (radius 0, not pickable): it only carries the
visibility, the slice and the data URL that the panel, the clock and the compare sides already handle
for every layer.
"""

from __future__ import annotations

import pydeck as pdk

from viewer.artifact_url import artifact_url

__all__ = ["layer_spec"]


def layer_spec(entry: dict, base: str) -> pdk.Layer:
    """The pydeck carrier layer of one ``noise-buildings`` manifest entry (``base``: URL prefix of the artifacts)."""
    if entry["kind"] != "noise-buildings":
        raise ValueError(f"Manifest layer {entry['id']!r} has the kind {entry['kind']!r}, which viewer.noise_layers "
                         "cannot draw (only 'noise-buildings'). Update urban-twin.")
    meta = {"slices": [{"key": s["key"], "start": s["start"], "end": s["end"], "label": s.get("label"),
                        "data": artifact_url(base, s["data"])} for s in entry.get("slices", [])]}
    return pdk.Layer(
        "ScatterplotLayer", id=entry["id"], visible=bool(entry.get("visible", False)),
        data=artifact_url(base, entry["data"]), get_position=[0, 0], radius_scale=0, pickable=False,
        traffic_meta=meta, noise_meta={"otherColour": list(entry.get("other_colour", [250, 250, 250]))},
    )
