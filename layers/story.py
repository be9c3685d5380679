"""The story of a city: ordered slides for presentation mode and the kiosk's attract loop.

A city may ship a story file (JSON) beside its ``city.toml``: named by ``[story] file = "..."`` or
found as ``story.json``. The build validates it against the manifest (layer ids, languages,
cameras) and copies the normalised story into the build as the artifact ``story.json``; the
manifest names it under the key ``"story"``. The browser (assets/story.js, assets/kiosk.js) reads
it from the artifact URL. Format::

    {
      "title": {"de": "...", "en": "..."},
      "autoplay_s": 12,                       # optional: seconds per slide in the kiosk loop
      "questions": [                          # optional: kiosk entry points ("Was wäre, wenn …?")
        {"label": {"de": "...", "en": "..."}, "slide": "<slide id>"}
      ],
      "slides": [
        {"id": "tempo30",                     # optional, for questions
         "title": {"de": "...", "en": "..."},
         "text": {"de": "...", "en": "..."},
         "camera": {"longitude": 9.98, "latitude": 51.05, "zoom": 15.5,   # WGS84 degrees
                    "pitch": 50, "bearing": -20},                         # degrees (optional)
         "layers": ["terrain", "roads", "traffic_tempo30_innenstadt_diff"],
         "scenarios": ["verkehr-tempo30-innenstadt"],   # optional; "scenario": "..." works too
         "flood_time": "max",                 # optional: minutes after rain start, or "max"
         "swipe": {"left": ["flood-extrem"], "right": ["flood-extrem-entsiegelung"]},  # optional
         "duration_s": 15}                    # optional: this slide's time in the kiosk loop
      ]
    }

A slide naming a scenario of a model the city has disabled (``[scenarios] enabled``) is dropped
with a printed notice; every other problem raises :class:`~layers.errors.InputError` naming the
story file, the slide number, the field and the fix.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from layers.config import CONFIG_NAME, CityConfig
from layers.errors import InputError

__all__ = ["STORY_NAME", "LANGUAGES", "find_story", "validate_story", "story_entry"]

STORY_NAME = "story.json"   # default file name in the city folder and the artifact name
LANGUAGES = ("de", "en")
CAMERA_RANGES = {"longitude": (-180.0, 180.0), "latitude": (-85.0, 85.0), "zoom": (0.0, 24.0),
                 "pitch": (0.0, 85.0), "bearing": (-360.0, 360.0)}
CAMERA_REQUIRED = ("longitude", "latitude", "zoom")
CAMERA_DEFAULTS = {"pitch": 45.0, "bearing": 0.0}
SLIDE_KEYS = {"id", "title", "text", "camera", "layers", "scenarios", "scenario", "flood_time", "swipe", "duration_s"}


def find_story(config: CityConfig) -> Path | None:
    """The city's story file: ``[story] file`` in city.toml, else ``story.json`` if present."""
    table = config.raw.get("story", {})
    name = table.get("file") if isinstance(table, dict) else None
    if name:
        path = (config.folder / str(name)).resolve()
        if not path.is_file():
            raise InputError(path, f"The story file named in {CONFIG_NAME} does not exist.",
                             f"Put the file there or correct story.file in {config.folder / CONFIG_NAME}.",
                             field="story.file")
        return path
    path = config.folder / STORY_NAME
    return path if path.is_file() else None


def _labels(value: object, path: Path, where: str, fix_what: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(path, f"{where} is missing or not a table of languages.",
                         f'Give {fix_what} as {{"de": "...", "en": "..."}}.', field=where)
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise InputError(path, f"{where} has no '{lang}' text.",
                             f'Add "{lang}": "..." to {fix_what} (every text is needed in German and English).',
                             field=f"{where}.{lang}")
    return {lang: value[lang] for lang in LANGUAGES}


def _camera(value: object, path: Path, where: str, bounds: list[float] | None) -> dict:
    fix = ('Give camera as {"longitude": 9.98, "latitude": 51.05, "zoom": 15.5, "pitch": 50, "bearing": 0} '
           "(WGS84 degrees, deck.gl zoom).")
    if not isinstance(value, dict):
        raise InputError(path, f"{where}.camera is missing or not a table.", fix, field=f"{where}.camera")
    unknown = sorted(set(value) - set(CAMERA_RANGES))
    if unknown:
        raise InputError(path, f"{where}.camera has unknown key(s) {', '.join(unknown)}.",
                         f"Use only {', '.join(CAMERA_RANGES)}.", field=f"{where}.camera")
    camera = dict(CAMERA_DEFAULTS)
    for key, (low, high) in CAMERA_RANGES.items():
        if key not in value:
            if key in CAMERA_REQUIRED:
                raise InputError(path, f"{where}.camera lacks {key}.", fix, field=f"{where}.camera.{key}")
            continue
        number = value[key]
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            raise InputError(path, f"{where}.camera.{key} is not a number ({number!r}).", fix,
                             field=f"{where}.camera.{key}")
        if not low <= number <= high:
            raise InputError(path, f"{where}.camera.{key} = {number} is outside {low:g}…{high:g}.",
                             fix + " Projected (metre) coordinates are not accepted.", field=f"{where}.camera.{key}")
        camera[key] = float(number)
    if bounds is not None:
        west, south, east, north = bounds
        margin_x, margin_y = east - west, north - south
        if not (west - margin_x <= camera["longitude"] <= east + margin_x
                and south - margin_y <= camera["latitude"] <= north + margin_y):
            raise InputError(path, f"{where}.camera ({camera['longitude']:.5f}, {camera['latitude']:.5f}) is far "
                             f"outside the city ({west:.5f}…{east:.5f} E, {south:.5f}…{north:.5f} N).",
                             "Point the camera at the city (longitude/latitude in WGS84 degrees).",
                             field=f"{where}.camera")
    return camera


def _ids(value: object, path: Path, where: str, known: set[str], kind: str, hint: str = "") -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"{where} is not a list of {kind} ids.", f'Write {where} as ["id", ...].', field=where)
    unknown = [v for v in value if v not in known]
    if unknown:
        raise InputError(path, f"{where} names unknown {kind}(s) {', '.join(unknown)}.",
                         f"Use {kind} ids of this city's build: {', '.join(sorted(known))}.{hint}", field=where)
    return list(value)


def _builder_of(scenario_id: str, builders: list[str]) -> str | None:
    return next((key for key in builders if scenario_id == key or scenario_id.startswith(key + "-")), None)


def validate_story(raw: object, path: Path, manifest: dict, *, enabled: list[str], known_builders: list[str],
                   notice=print) -> dict | None:  # noqa: ANN001 - a print-like callable
    """Validate a story against a manifest; return the normalised story (None if no slide is left).

    Parameters
    ----------
    raw
        The parsed story file.
    path
        The story file (named in every message).
    manifest
        The build's manifest (layers, scenarios, bounds).
    enabled, known_builders
        Scenario builders the city enables, and all that exist: a slide naming a scenario of a
        known but disabled builder is dropped with a notice.
    """
    if not isinstance(raw, dict):
        raise InputError(path, "The story is not a JSON object.", 'Start the file with {"title": ..., "slides": [...]}.')
    title = _labels(raw.get("title"), path, "title", "the story's title")
    slides_raw = raw.get("slides")
    if not isinstance(slides_raw, list) or not slides_raw:
        raise InputError(path, "The story has no slides.", 'Add "slides": [{...}, ...].', field="slides")
    layers = {layer["id"]: layer for layer in manifest["layers"]}
    scenarios = {s["id"] for s in manifest["scenarios"]}
    flood_layers = {lid for lid, layer in layers.items() if layer.get("kind") == "flood-depth"}
    disabled = [b for b in known_builders if b not in enabled]
    hint = (f" If a layer belongs to a scenario this city disables ({', '.join(disabled)}), name that scenario in "
            "the slide's \"scenarios\" so the slide is dropped." if disabled else "")
    slides: list[dict] = []
    dropped: list[str] = []
    for number, slide in enumerate(slides_raw, start=1):
        where = f"slide {number}"
        if not isinstance(slide, dict):
            raise InputError(path, f"{where} is not a JSON object.", "Write each slide as {...}.", field=where)
        unknown_keys = sorted(set(slide) - SLIDE_KEYS)
        if unknown_keys:
            raise InputError(path, f"{where} has unknown key(s) {', '.join(unknown_keys)}.",
                             f"Use only {', '.join(sorted(SLIDE_KEYS))}.", field=where)
        named = slide.get("scenarios", slide.get("scenario", []))
        named = [named] if isinstance(named, str) else named
        if not isinstance(named, list) or not all(isinstance(v, str) for v in named):
            raise InputError(path, f"{where}.scenarios is not a list of scenario ids.",
                             'Write "scenarios": ["starkregen-extrem", ...].', field=f"{where}.scenarios")
        off = sorted({b for s in named if (b := _builder_of(s, known_builders)) in disabled})
        if off:
            dropped.append(slide.get("id") or str(number))
            notice(f"{path.name}: {where} ({slide.get('id', 'no id')}) dropped: it shows the scenario model(s) "
                   f"{', '.join(off)}, which this city disables in [scenarios] enabled.")
            continue
        entry: dict = {"number": number}
        if "id" in slide:
            if not isinstance(slide["id"], str) or not slide["id"]:
                raise InputError(path, f"{where}.id is not a text.", 'Give the slide an id like "tempo30".',
                                 field=f"{where}.id")
            entry["id"] = slide["id"]
        entry["title"] = _labels(slide.get("title"), path, f"{where}.title", "the slide's title")
        entry["text"] = _labels(slide.get("text"), path, f"{where}.text", "the slide's text")
        entry["camera"] = _camera(slide.get("camera"), path, where, manifest.get("bounds"))
        if "layers" not in slide:
            raise InputError(path, f"{where} has no layers.", 'Add "layers": ["terrain", "buildings", ...].',
                             field=f"{where}.layers")
        entry["layers"] = _ids(slide["layers"], path, f"{where}.layers", set(layers), "layer", hint)
        entry["scenarios"] = _ids(named, path, f"{where}.scenarios", scenarios, "scenario")
        if "swipe" in slide:
            swipe = slide["swipe"]
            if not isinstance(swipe, dict) or set(swipe) != {"left", "right"}:
                raise InputError(path, f"{where}.swipe needs exactly left and right.",
                                 'Write "swipe": {"left": ["before-layer"], "right": ["after-layer"]}.',
                                 field=f"{where}.swipe")
            entry["swipe"] = {side: _ids(swipe[side], path, f"{where}.swipe.{side}", set(layers), "layer", hint)
                              for side in ("left", "right")}
        if "flood_time" in slide:
            time = slide["flood_time"]
            shown = set(entry["layers"]) | {lid for side in entry.get("swipe", {}).values() for lid in side}
            if not (time == "max" or (isinstance(time, (int, float)) and not isinstance(time, bool)
                                      and math.isfinite(time) and time >= 0)):
                raise InputError(path, f"{where}.flood_time is {time!r}.",
                                 'Give minutes after the start of the rain (e.g. 30) or "max".',
                                 field=f"{where}.flood_time")
            if not shown & flood_layers:
                raise InputError(path, f"{where}.flood_time is set but the slide shows no heavy-rain layer.",
                                 f"Add one of {', '.join(sorted(flood_layers)) or '(none in this build)'} to its "
                                 "layers, or remove flood_time.", field=f"{where}.flood_time")
            entry["flood_time"] = time
        if "duration_s" in slide:
            duration = slide["duration_s"]
            if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 1 <= duration <= 600:
                raise InputError(path, f"{where}.duration_s is {duration!r}.", "Give seconds between 1 and 600.",
                                 field=f"{where}.duration_s")
            entry["duration_s"] = float(duration)
        slides.append(entry)

    ids = [s["id"] for s in slides if "id" in s]
    if len(ids) != len(set(ids)):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise InputError(path, f"Slide id(s) {', '.join(twice)} occur twice.", "Give every slide its own id.",
                         field="slides")
    questions = []
    for k, question in enumerate(raw.get("questions", []) or [], start=1):
        where = f"question {k}"
        if not isinstance(question, dict):
            raise InputError(path, f"{where} is not a JSON object.", 'Write {"label": {...}, "slide": "<id>"}.',
                             field=where)
        label = _labels(question.get("label"), path, f"{where}.label", "the question's label")
        target = question.get("slide")
        if target in dropped:
            notice(f"{path.name}: {where} dropped: its slide {target} was dropped.")
            continue
        if target not in ids:
            raise InputError(path, f"{where}.slide names no slide ({target!r}).",
                             f"Use a slide id of this story: {', '.join(ids) or '(give the slides ids)'}.",
                             field=f"{where}.slide")
        questions.append({"label": label, "slide": target})
    autoplay = raw.get("autoplay_s", 12)
    if isinstance(autoplay, bool) or not isinstance(autoplay, (int, float)) or not 1 <= autoplay <= 600:
        raise InputError(path, f"autoplay_s is {autoplay!r}.", "Give seconds per slide between 1 and 600.",
                         field="autoplay_s")
    if not slides:
        notice(f"{path.name}: no slide is left after dropping those of disabled scenarios; the build has no story.")
        return None
    return {"title": title, "autoplay_s": float(autoplay), "questions": questions, "slides": slides,
            "source": path.name}


def story_entry(config: CityConfig, manifest: dict, out: Path) -> dict:
    """Validate the city's story (if any) and write it into the build; the manifest keys to add."""
    from layers.scenarios import SCENARIO_BUILDERS, enabled_builders

    path = find_story(config)
    if path is None:
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(path, f"This is not valid JSON ({err}).", "Correct the syntax at the line named.") from None
    story = validate_story(raw, path, manifest, enabled=list(enabled_builders(config.raw)),
                           known_builders=list(SCENARIO_BUILDERS))
    if story is None:
        return {}
    (out / STORY_NAME).write_text(json.dumps(story, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"story": STORY_NAME}
