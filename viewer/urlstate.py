"""The shareable view state in the page URL: parsing and validation (pure functions, no Dash).

The browser writes the state with ``history.replaceState`` (assets/40-url.js); a page load reads
it here, so every value that reaches the page has been checked against the manifest. Parameters:

=========  =====================================================  ==============================
name       value                                                  example
=========  =====================================================  ==============================
mode       map | compare | swipe | present | kiosk                ``mode=compare``
lang       de | en                                                ``lang=en``
layers     visible layer ids (the map, or the left side)          ``layers=terrain,buildings``
right      visible layer ids of the right side (compare, swipe)   ``right=terrain,flood-extrem``
cam        longitude,latitude,zoom,pitch,bearing (the ranges of   ``cam=9.98,51.05,15,50,-20``
           a story slide's camera: layers.camera.CAMERA_RANGES,
           near the city: layers.story.near_city)
time       frame of the visible heavy-rain layer (0 … frames;     ``time=3``
           frames = the maximum)
split      swipe divider position, fraction of the map width      ``split=0.4``
opacity    layer:opacity pairs (0–1)                              ``opacity=flood-extrem:0.6``
=========  =====================================================  ==============================

A scenario is shown by making its layers visible, so ``layers``/``right`` also carry the scenarios.
Anything invalid (unknown ids, NaN, out-of-range or huge numbers, markup) is dropped and reported
as a notice naming only the parameter (its value is never echoed). Unknown parameters (e.g. the
story's ``slide``) are left to whoever owns them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping

from layers.camera import CAMERA_RANGES
from layers.story import near_city

__all__ = ["MODES", "DEFAULT_MODE", "UrlState", "parse_url_state", "parse_mode"]

MODES = ("map", "compare", "swipe", "present", "kiosk")
DEFAULT_MODE = "map"
MAX_VALUE_CHARS = 2000
MAX_LAYERS = 64
MAX_FRAME = 10_000
SPLIT_RANGE = (0.05, 0.95)
_NUMBER = re.compile(r"^-?\d{1,4}(\.\d{1,12})?$")   # plain decimals only: no exponents, NaN or Infinity
_LAYER_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")

UrlState = dict  # {"mode", "lang", "layers", "right", "cam", "time", "split", "opacity"} (absent = not given)


def _single(value: object) -> str | None:
    """A query value as one string (Dash passes a list when a parameter repeats: take none of them)."""
    if isinstance(value, str) and len(value) <= MAX_VALUE_CHARS:
        return value
    return None


def _number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_mode(value: object, *, default: str = DEFAULT_MODE) -> str:
    """The mode named by ``value``, or ``default`` if it is not one of :data:`MODES`."""
    return value if isinstance(value, str) and value in MODES else default


def _layer_list(text: str, known: set[str]) -> list[str] | None:
    ids = [part for part in text.split(",") if part != ""]
    if len(ids) > MAX_LAYERS or any(not _LAYER_ID.match(i) or i not in known for i in ids):
        return None
    return list(dict.fromkeys(ids))


def _camera(text: str, bounds: list[float] | None) -> dict | None:
    parts = text.split(",")
    if len(parts) != len(CAMERA_RANGES):
        return None
    values = [_number(p) for p in parts]
    if any(v is None for v in values):
        return None
    camera = dict(zip(CAMERA_RANGES, values))   # longitude, latitude, zoom, pitch, bearing
    if not all(low <= camera[key] <= high for key, (low, high) in CAMERA_RANGES.items()):
        return None
    if bounds and not near_city(camera["longitude"], camera["latitude"], bounds):
        return None
    return camera


def _opacity(text: str, known: set[str]) -> dict[str, float] | None:
    out: dict[str, float] = {}
    for pair in (p for p in text.split(",") if p):
        layer, sep, raw = pair.partition(":")
        value = _number(raw) if sep else None
        if layer not in known or value is None or not 0.0 <= value <= 1.0 or len(out) >= MAX_LAYERS:
            return None
        out[layer] = value
    return out


def parse_url_state(query: Mapping[str, object], manifest: dict, *, default_mode: str = DEFAULT_MODE
                    ) -> tuple[UrlState, list[str]]:
    """Validate the view-state parameters of a page URL against a manifest.

    Returns ``(state, rejected)``: ``state`` holds only valid values (``mode`` always, falling back
    to ``default_mode``), ``rejected`` the names of the parameters that were ignored.
    """
    known = {layer["id"] for layer in manifest["layers"]}
    state: UrlState = {"mode": parse_mode(default_mode)}
    rejected: list[str] = []

    def take(name: str, parse: Callable[[str], object | None]) -> None:
        if name not in query:
            return
        text = _single(query[name])
        value = parse(text) if text is not None else None
        if value is None:
            rejected.append(name)
        else:
            state[name] = value

    take("mode", lambda s: s if s in MODES else None)
    take("lang", lambda s: s if s in ("de", "en") else None)
    take("layers", lambda s: _layer_list(s, known))
    take("right", lambda s: _layer_list(s, known))
    take("cam", lambda s: _camera(s, manifest.get("bounds")))
    take("time", lambda s: int(s) if re.fullmatch(r"[0-9]{1,6}", s) and int(s) <= MAX_FRAME else None)
    take("split", lambda s: (v if (v := _number(s)) is not None and SPLIT_RANGE[0] <= v <= SPLIT_RANGE[1] else None))
    take("opacity", lambda s: _opacity(s, known))
    return state, rejected
