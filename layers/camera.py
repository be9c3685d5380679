"""The camera the viewer's map allows, shared by everything that places it.

``viewer/deckspec.py`` gives the map these limits (min_zoom 12, max_zoom 20, max_pitch 80); story
slides (``layers.story``), the URL's ``cam=`` parameter (``viewer/urlstate.py``), ``[view]`` in
city.toml (``layers.config_values``) and the display simplification (``layers.display_geometry``,
a quarter pixel at the highest zoom) read them from here. The keys are in the order of ``cam=``.
"""

from __future__ import annotations

__all__ = ["CAMERA_RANGES"]

CAMERA_RANGES = {"longitude": (-180.0, 180.0), "latitude": (-85.0, 85.0), "zoom": (12.0, 20.0),
                 "pitch": (0.0, 80.0), "bearing": (-360.0, 360.0)}
"""Lowest and highest value of each camera parameter (degrees; deck.gl zoom)."""
