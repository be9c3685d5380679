"""The shareable URL state: valid values pass, invalid or hostile ones are dropped and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.camera import CAMERA_RANGES
from layers.errors import InputError
from layers.story import validate_story
from viewer.deckspec import deck_json
from viewer.urlstate import parse_mode, parse_url_state

MANIFEST = {
    "bounds": [9.97, 51.04, 10.01, 51.06],
    "layers": [{"id": "terrain"}, {"id": "buildings"}, {"id": "flood-extrem"}, {"id": "traffic_basis"}],
}


def test_valid_state_round_trips() -> None:
    state, rejected = parse_url_state({
        "mode": "swipe", "lang": "en", "layers": "terrain,buildings", "right": "terrain,flood-extrem",
        "cam": "9.988077,51.055175,15.5,50,-20", "time": "3", "split": "0.35", "opacity": "flood-extrem:0.6",
    }, MANIFEST)
    assert rejected == []
    assert state == {"mode": "swipe", "lang": "en", "layers": ["terrain", "buildings"],
                     "right": ["terrain", "flood-extrem"],
                     "cam": {"longitude": 9.988077, "latitude": 51.055175, "zoom": 15.5, "pitch": 50.0,
                             "bearing": -20.0},
                     "time": 3, "split": 0.35, "opacity": {"flood-extrem": 0.6}}


def test_defaults_and_unknown_parameters() -> None:
    state, rejected = parse_url_state({"slide": "3", "utm_source": "x"}, MANIFEST, default_mode="kiosk")
    assert state == {"mode": "kiosk"} and rejected == []   # others' parameters are not ours to judge
    assert parse_url_state({"layers": ""}, MANIFEST)[0]["layers"] == []   # "nothing visible" is a state


@pytest.mark.parametrize(("name", "value"), [
    ("mode", "<script>alert(1)</script>"),
    ("mode", "MAP"),
    ("lang", "fr"),
    ("layers", "terrain,<img src=x onerror=alert(1)>"),
    ("layers", "terrain,unknown"),
    ("right", ",".join(["terrain"] * 100)),
    ("cam", "NaN,51.05,15,50,0"),
    ("cam", "9.98,51.05,15,50"),
    ("cam", "Infinity,51.05,15,50,0"),
    ("cam", "1e308,51.05,15,50,0"),
    ("cam", "9.98,51.05,99,50,0"),          # zoom out of range
    ("cam", "9.98,51.05,15,85,0"),          # pitch beyond the map's 80°
    ("cam", "120.0,-30.0,15,50,0"),         # far from the city
    ("cam", "9.98,51.05,15,50,0" + "0" * 3000),
    ("time", "-1"),
    ("time", "99999999999999999999"),
    ("time", "٣"),                          # a non-ASCII digit
    ("split", "2"),
    ("split", "nan"),
    ("opacity", "flood-extrem:7"),
    ("opacity", "nope:0.5"),
    ("opacity", "flood-extrem"),
])
def test_invalid_values_are_dropped_and_named(name: str, value: str) -> None:
    state, rejected = parse_url_state({name: value, "layers": "buildings"} if name != "layers" else {name: value},
                                      MANIFEST)
    assert rejected == [name]
    assert name not in state or name == "mode"
    assert state["mode"] == "map"


def test_repeated_parameter_is_rejected() -> None:
    state, rejected = parse_url_state({"mode": ["compare", "swipe"]}, MANIFEST)
    assert state["mode"] == "map" and rejected == ["mode"]


def test_parse_mode() -> None:
    assert parse_mode("compare") == "compare"
    assert parse_mode("nonsense") == "map"
    assert parse_mode(None, default="kiosk") == "kiosk"


def _story_accepts(camera: dict) -> bool:
    """Whether a story slide may show ``camera`` over the city of MANIFEST."""
    text = {"de": "T", "en": "T"}
    story = {"title": text, "slides": [{"title": text, "text": text, "camera": camera, "layers": ["terrain"]}]}
    try:
        validate_story(story, Path("story.json"), {**MANIFEST, "scenarios": []}, enabled=[], known_builders=[])
    except InputError:
        return False
    return True


@pytest.mark.parametrize(("key", "value", "valid"), [
    ("zoom", 12, True), ("zoom", 20, True), ("zoom", 11.9, False), ("zoom", 20.1, False),
    ("pitch", 0, True), ("pitch", 80, True), ("pitch", -0.1, False), ("pitch", 80.1, False),
    ("bearing", -360, True), ("bearing", 360.5, False),
    ("longitude", 10.029, True), ("longitude", 10.031, False),   # half the city's width beyond its east edge
])
def test_url_camera_accepts_exactly_what_a_story_slide_may_show(key: str, value: float, valid: bool) -> None:
    camera = {"longitude": 9.99, "latitude": 51.05, "zoom": 15.0, "pitch": 50.0, "bearing": 0.0, key: value}
    state, _ = parse_url_state({"cam": ",".join(f"{camera[k]:g}" for k in CAMERA_RANGES)}, MANIFEST)
    assert ("cam" in state) is _story_accepts(camera) is valid


def test_camera_ranges_are_those_of_the_map() -> None:
    home = {"longitude": 9.99, "latitude": 51.05, "zoom": 15.0, "pitch": 50.0, "bearing": 0.0}
    view = deck_json({"home": home, "layers": []}, base="/")["initialViewState"]
    assert (view["minZoom"], view["maxZoom"]) == CAMERA_RANGES["zoom"]
    assert (0, view["maxPitch"]) == CAMERA_RANGES["pitch"]
