"""deck.gl layers of road noise at home (manifest kind ``noise-buildings``; see ``layers.noise.artifacts``).

The artifacts are the residential buildings as in ``buildings.json`` ({"i", "p", "h", "c"}), a little
taller, coloured by the change of the level at their loudest façade: a PolygonLayer drawn after the
buildings covers their use colours while it is shown. A tap sends the layer id and ``i``; the server shows
the row of the layer's ``attributes`` (day and night, today and in the scenario).

The layer lists one file per traffic time slice (the day's or the night's, by the slice's hours) in its
``trafficMeta`` prop, so ``assets/12-traffic.js`` switches it with the clock like the traffic layers.
"""

from __future__ import annotations

import pydeck as pdk

from viewer.artifact_url import artifact_url

__all__ = ["layer_spec"]


def layer_spec(entry: dict, base: str) -> pdk.Layer:
    """The pydeck PolygonLayer of one ``noise-buildings`` manifest entry (``base``: URL prefix of the artifacts)."""
    if entry["kind"] != "noise-buildings":
        raise ValueError(f"Manifest layer {entry['id']!r} has the kind {entry['kind']!r}, which viewer.noise_layers "
                         "cannot draw (only 'noise-buildings'). Update urban-twin.")
    meta = {"slices": [{"key": s["key"], "start": s["start"], "end": s["end"], "label": s.get("label"),
                        "data": artifact_url(base, s["data"])} for s in entry.get("slices", [])]}
    return pdk.Layer(
        "PolygonLayer", id=entry["id"], visible=bool(entry.get("visible", False)),
        data=artifact_url(base, entry["data"]),
        get_polygon="p", get_elevation="h", get_fill_color="c",
        extruded=True, wireframe=False, stroked=False, pickable=True, auto_highlight=True,
        highlight_color=[255, 255, 255, 200], opacity=1.0,
        material={"ambient": 0.45, "diffuse": 0.6, "shininess": 24, "specularColor": [60, 64, 70]},
        traffic_meta=meta,
    )
