"""deck.gl layers of the traffic scenarios (manifest kinds ``traffic-links`` and ``traffic-trips``).

The artifacts (``layers.traffic.scenario``) are road paths like the base ``roads.json``
({"i": road id, "p": [[lon, lat, z]], "c": [r, g, b], "w": width m}) already lifted a little above
the base roads, so a PathLayer draws them on top; a tap sends the layer id and ``i`` to the
server, which shows the row of the layer's ``attributes`` table (baseline vs scenario).

A layer computed through the day lists one data file per time slice (``slices`` in the manifest);
they travel in the layer's ``trafficMeta`` prop, and ``assets/12-traffic.js`` draws the slice
holding the clock's hour (``layer_spec`` starts with the layer's own file, the first slice's).

Moving vehicles (``traffic-trips``, ``layers.traffic.trips``) are a TripsLayer that starts empty:
its ``tripsMeta`` prop names the link paths and each slice's trips file, and
``assets/13-trips.js`` turns the slice of the clock's hour into paths and timestamps and moves
them with the clock.
"""

from __future__ import annotations

import pydeck as pdk
from pydeck.types import String

from viewer.artifact_url import artifact_url

__all__ = ["layer_spec"]


TRIPS_COLOUR = [196, 22, 86]
TRIPS_TRAIL_S = 3  # s of clock time a vehicle's trail shows (≈ 40 m at 50 km/h)


def trips_spec(entry: dict, base: str) -> pdk.Layer:
    """The (empty) pydeck TripsLayer of one ``traffic-trips`` entry; assets/13-trips.js fills it."""
    meta = {"links": artifact_url(base, entry["links"]), "cycleS": entry["cycle_s"],
            "slices": [{"key": s["key"], "start": s["start"], "end": s["end"], "label": s.get("label"),
                        "data": artifact_url(base, s["data"])} for s in entry["slices"]]}
    return pdk.Layer(
        "TripsLayer", id=entry["id"], visible=bool(entry.get("visible", False)), data=[],
        get_color=TRIPS_COLOUR, width_units=String("meters"), get_width=4, width_min_pixels=3.5,
        cap_rounded=True, joint_rounded=True, trail_length=TRIPS_TRAIL_S, fade_trail=True, current_time=0,
        billboard=False, pickable=False, opacity=1.0, trips_meta=meta,
    )


def layer_spec(entry: dict, base: str) -> pdk.Layer:
    """The pydeck layer of one ``traffic-links`` (PathLayer) or ``traffic-trips`` (TripsLayer) manifest
    entry (``base``: URL prefix of the artifacts).
    """
    if entry["kind"] == "traffic-trips":
        return trips_spec(entry, base)
    if entry["kind"] != "traffic-links":
        raise ValueError(f"Manifest layer {entry['id']!r} has the kind {entry['kind']!r}, which this viewer cannot "
                         "draw. Update urban-twin or rebuild the city with a matching version.")
    meta = {"slices": [{"key": s["key"], "start": s["start"], "end": s["end"], "label": s.get("label"),
                        "data": artifact_url(base, s["data"])} for s in entry.get("slices", [])]}
    return pdk.Layer(
        "PathLayer", id=entry["id"], visible=bool(entry.get("visible", False)), data=artifact_url(base, entry["data"]),
        get_path="p", get_color="c", get_width="w", width_units=String("meters"), width_min_pixels=2,
        width_max_pixels=40, cap_rounded=True, joint_rounded=True, billboard=False,
        pickable=True, auto_highlight=True, highlight_color=[255, 255, 255, 200], opacity=1.0,
        traffic_meta=meta,
    )
