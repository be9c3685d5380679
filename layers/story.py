"""The story of a city: ordered slides for presentation mode and the kiosk's attract loop.

A city may ship a story file (JSON) beside its ``city.toml``: named by ``[story] file = "..."`` or
found as ``story.json``. The build validates it against the manifest (layer ids, languages,
cameras) and copies the normalised story into the build as the artifact ``story.json``; the
manifest names it under the key ``"story"``. The browser (assets/50-story.js, assets/60-kiosk.js) reads
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
         "hour": 23,                          # optional: the clock's hour (0–23); picks the traffic slice
         "swipe": {"left": ["flood-extrem"], "right": ["flood-extrem-entsiegelung"]},  # optional
         "duration_s": 15}                    # optional: this slide's time in the kiosk loop
      ]
    }

Validation runs in two steps. :func:`load_story` checks everything the file alone can tell (JSON
syntax, required fields, types, camera ranges, languages); the build calls it first, so a broken
story fails within a second. :func:`resolve_story` then checks the slides against the layers and
scenarios the build will write (layer and scenario ids, cameras near the city, a heavy-rain layer
for flood_time); the build resolves it against the scenario builders' plans
(``layers.scenario_api``) before any model runs. A slide naming a layer or scenario of a model the
city disables (``[scenarios] enabled``), or one of an enabled model that the city's settings do not
compute (an event it does not list), is dropped with a printed notice; every other problem raises
:class:`~layers.errors.InputError` naming the story file, the slide number, the field and the fix.

The camera ranges (:data:`layers.camera.CAMERA_RANGES`, :func:`near_city`) are those of the viewer's map; the
URL's ``cam=`` parameter (viewer/urlstate.py) uses the same.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from layers.camera import CAMERA_RANGES
from layers.config import CONFIG_NAME, CityConfig
from layers.errors import InputError

__all__ = ["STORY_NAME", "LANGUAGES", "CAMERA_RANGES", "CITY_MARGIN", "StoryFile", "near_city", "find_story",
           "check_story", "load_story", "resolve_story", "validate_story", "story_entry"]

STORY_NAME = "story.json"   # default file name in the city folder and the artifact name
LANGUAGES = ("de", "en")
CITY_MARGIN = 0.5   # a camera may look this fraction of the city's extent beyond its bounds, no further
CAMERA_REQUIRED = ("longitude", "latitude", "zoom")
CAMERA_DEFAULTS = {"pitch": 45.0, "bearing": 0.0}
SLIDE_KEYS = {"id", "title", "text", "camera", "layers", "scenarios", "scenario", "flood_time", "hour", "swipe",
              "duration_s"}
CAMERA_FIX = ('Give camera as {"longitude": 9.98, "latitude": 51.05, "zoom": 15.5, "pitch": 50, "bearing": 0} '
              "(WGS84 degrees, deck.gl zoom).")

Notice = Callable[[str], object]   # print-like: where dropped slides and questions are reported


@dataclass(frozen=True)
class StoryFile:
    """A story file checked on its own (:func:`check_story`), not yet against a build's manifest.

    Attributes
    ----------
    path
        The story file (named in every message).
    story
        The normalised story: ``title``, ``autoplay_s``, ``questions`` and numbered ``slides`` whose
        cameras have their defaults; layer and scenario ids are not yet resolved.
    """

    path: Path
    story: dict


def near_city(longitude: float, latitude: float, bounds: list[float]) -> bool:
    """Whether a camera looks at the city: within its bounds plus :data:`CITY_MARGIN` of its extent.

    Parameters
    ----------
    longitude, latitude
        The point the camera looks at (WGS84 degrees).
    bounds
        The city's ``[west, south, east, north]`` (the manifest's ``bounds``).
    """
    west, south, east, north = bounds
    margin_x, margin_y = (east - west) * CITY_MARGIN, (north - south) * CITY_MARGIN
    return west - margin_x <= longitude <= east + margin_x and south - margin_y <= latitude <= north + margin_y


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


# --- step 1: the file on its own --------------------------------------------------------------------------------


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


def _is_number(value: object) -> bool:
    """A finite JSON number (``true``/``false`` are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _camera_value(value: object, path: Path, where: str, key: str) -> float:
    """One camera value, checked against :data:`CAMERA_RANGES`."""
    field = f"{where}.camera.{key}"
    if not _is_number(value):
        raise InputError(path, f"{field} is not a number ({value!r}).", CAMERA_FIX, field=field)
    low, high = CAMERA_RANGES[key]
    if not low <= value <= high:
        if key in ("longitude", "latitude"):
            raise InputError(path, f"{field} = {value} is outside {low:g}…{high:g}.",
                             CAMERA_FIX + " Projected (metre) coordinates are not accepted.", field=field)
        raise InputError(path, f"{field} = {value} is outside {low:g}…{high:g}, the range the viewer's map allows.",
                         CAMERA_FIX, field=field)
    return float(value)


def _camera(value: object, path: Path, where: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(path, f"{where}.camera is missing or not a table.", CAMERA_FIX, field=f"{where}.camera")
    unknown = sorted(set(value) - set(CAMERA_RANGES))
    if unknown:
        raise InputError(path, f"{where}.camera has unknown key(s) {', '.join(unknown)}.",
                         f"Use only {', '.join(CAMERA_RANGES)}.", field=f"{where}.camera")
    missing = [key for key in CAMERA_REQUIRED if key not in value]
    if missing:
        raise InputError(path, f"{where}.camera lacks {missing[0]}.", CAMERA_FIX, field=f"{where}.camera.{missing[0]}")
    camera = dict(CAMERA_DEFAULTS)
    camera.update({key: _camera_value(value[key], path, where, key) for key in CAMERA_RANGES if key in value})
    return camera


def _id_list(value: object, path: Path, where: str, kind: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"{where} is not a list of {kind} ids.", f'Write {where} as ["id", ...].', field=where)
    return list(value)


def _scenario_list(slide: dict, path: Path, where: str) -> list[str]:
    """The scenarios a slide names (``"scenarios": [...]`` or ``"scenario": "..."``)."""
    named = slide.get("scenarios", slide.get("scenario", []))
    named = [named] if isinstance(named, str) else named
    if not isinstance(named, list) or not all(isinstance(v, str) for v in named):
        raise InputError(path, f"{where}.scenarios is not a list of scenario ids.",
                         'Write "scenarios": ["starkregen-extrem", ...].', field=f"{where}.scenarios")
    return list(named)


def _swipe(value: object, path: Path, where: str) -> dict:
    if not isinstance(value, dict) or set(value) != {"left", "right"}:
        raise InputError(path, f"{where}.swipe needs exactly left and right.",
                         'Write "swipe": {"left": ["before-layer"], "right": ["after-layer"]}.', field=f"{where}.swipe")
    return {side: _id_list(value[side], path, f"{where}.swipe.{side}", "layer") for side in ("left", "right")}


def _flood_time(value: object, path: Path, where: str) -> float | str:
    if not (value == "max" or (_is_number(value) and value >= 0)):
        raise InputError(path, f"{where}.flood_time is {value!r}.",
                         'Give minutes after the start of the rain (e.g. 30) or "max".', field=f"{where}.flood_time")
    return value


def _hour(value: object, path: Path, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
        raise InputError(path, f"{where}.hour is {value!r}.",
                         "Give the hour of the day as a whole number 0…23 (e.g. 23 for the night).",
                         field=f"{where}.hour")
    return value


def _seconds(value: object, path: Path, field: str, fix: str) -> float:
    """A time in seconds between 1 and 600 (``autoplay_s``, ``duration_s``)."""
    if not (_is_number(value) and 1 <= value <= 600):
        raise InputError(path, f"{field} is {value!r}.", fix, field=field)
    return float(value)


def _check_slide(slide: object, path: Path, number: int) -> dict:
    """One slide, checked and normalised on its own (ids not yet resolved)."""
    where = f"slide {number}"
    if not isinstance(slide, dict):
        raise InputError(path, f"{where} is not a JSON object.", "Write each slide as {...}.", field=where)
    unknown_keys = sorted(set(slide) - SLIDE_KEYS)
    if unknown_keys:
        raise InputError(path, f"{where} has unknown key(s) {', '.join(unknown_keys)}.",
                         f"Use only {', '.join(sorted(SLIDE_KEYS))}.", field=where)
    entry: dict = {"number": number}
    if "id" in slide:
        if not isinstance(slide["id"], str) or not slide["id"]:
            raise InputError(path, f"{where}.id is not a text.", 'Give the slide an id like "tempo30".',
                             field=f"{where}.id")
        entry["id"] = slide["id"]
    entry["title"] = _labels(slide.get("title"), path, f"{where}.title", "the slide's title")
    entry["text"] = _labels(slide.get("text"), path, f"{where}.text", "the slide's text")
    entry["camera"] = _camera(slide.get("camera"), path, where)
    if "layers" not in slide:
        raise InputError(path, f"{where} has no layers.", 'Add "layers": ["terrain", "buildings", ...].',
                         field=f"{where}.layers")
    entry["layers"] = _id_list(slide["layers"], path, f"{where}.layers", "layer")
    entry["scenarios"] = _scenario_list(slide, path, where)
    if "swipe" in slide:
        entry["swipe"] = _swipe(slide["swipe"], path, where)
    if "flood_time" in slide:
        entry["flood_time"] = _flood_time(slide["flood_time"], path, where)
    if "hour" in slide:
        entry["hour"] = _hour(slide["hour"], path, where)
    if "duration_s" in slide:
        entry["duration_s"] = _seconds(slide["duration_s"], path, f"{where}.duration_s",
                                       "Give seconds between 1 and 600.")
    return entry


def _slide_ids(slides: list[dict], path: Path) -> list[str]:
    """The slides' ids, each once."""
    ids = [s["id"] for s in slides if "id" in s]
    if len(ids) != len(set(ids)):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise InputError(path, f"Slide id(s) {', '.join(twice)} occur twice.", "Give every slide its own id.",
                         field="slides")
    return ids


def _check_questions(value: object, path: Path, ids: list[str]) -> list[dict]:
    """The kiosk's questions, each pointing at a slide id of the story."""
    value = value or []
    if not isinstance(value, list):
        raise InputError(path, "questions is not a list.", 'Write "questions": [{"label": {...}, "slide": "<id>"}].',
                         field="questions")
    questions = []
    for k, question in enumerate(value, start=1):
        where = f"question {k}"
        if not isinstance(question, dict):
            raise InputError(path, f"{where} is not a JSON object.", 'Write {"label": {...}, "slide": "<id>"}.',
                             field=where)
        label = _labels(question.get("label"), path, f"{where}.label", "the question's label")
        target = question.get("slide")
        if target not in ids:
            raise InputError(path, f"{where}.slide names no slide ({target!r}).",
                             f"Use a slide id of this story: {', '.join(ids) or '(give the slides ids)'}.",
                             field=f"{where}.slide")
        questions.append({"label": label, "slide": target})
    return questions


def check_story(raw: object, path: Path) -> dict:
    """Check a parsed story file on its own: everything that needs no build.

    Parameters
    ----------
    raw
        The parsed story file.
    path
        The story file (named in every message).

    Returns
    -------
    dict
        The normalised story (see :class:`StoryFile`), every slide still in it.

    Raises
    ------
    InputError
        Naming the file, the slide, the field and the fix.
    """
    if not isinstance(raw, dict):
        raise InputError(path, "The story is not a JSON object.",
                         'Start the file with {"title": ..., "slides": [...]}.')
    title = _labels(raw.get("title"), path, "title", "the story's title")
    slides_raw = raw.get("slides")
    if not isinstance(slides_raw, list) or not slides_raw:
        raise InputError(path, "The story has no slides.", 'Add "slides": [{...}, ...].', field="slides")
    slides = [_check_slide(slide, path, number) for number, slide in enumerate(slides_raw, start=1)]
    questions = _check_questions(raw.get("questions"), path, _slide_ids(slides, path))
    autoplay = _seconds(raw.get("autoplay_s", 12), path, "autoplay_s", "Give seconds per slide between 1 and 600.")
    return {"title": title, "autoplay_s": autoplay, "questions": questions, "slides": slides}


def load_story(config: CityConfig) -> StoryFile | None:
    """Read and check the city's story file (None if it has none); fast, so the build calls it first.

    Raises
    ------
    InputError
        If the named file is missing, is not JSON, or fails :func:`check_story`.
    """
    path = find_story(config)
    if path is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(path, f"This is not valid JSON ({err}).", "Correct the syntax at the line named.") from None
    return StoryFile(path, check_story(raw, path))


# --- step 2: against the build's manifest -----------------------------------------------------------------------


def _known(ids: list[str], path: Path, where: str, known: set[str], kind: str) -> None:
    unknown = [v for v in ids if v not in known]
    if unknown:
        raise InputError(path, f"{where} names unknown {kind}(s) {', '.join(unknown)}.",
                         f"Use {kind} ids of this city's build: {', '.join(sorted(known))}.", field=where)


def _owner(ident: str, owners: Mapping[str, tuple[str, ...]]) -> str | None:
    """The scenario builder whose layer or scenario ids start like ``ident`` (None: a base layer or unknown)."""
    return next((key for key, prefixes in owners.items() if ident == key or ident.startswith(prefixes)), None)


def _default_owners(builders: list[str]) -> dict[str, tuple[str, ...]]:
    from layers.scenarios import SCENARIO_OWNS

    return {key: SCENARIO_OWNS.get(key, (key + "-",)) for key in builders}


def _resolve_slide(slide: dict, path: Path, manifest: dict) -> None:
    """Check a kept slide's camera, layers, scenarios and flood time against the manifest."""
    where = f"slide {slide['number']}"
    layers = {layer["id"] for layer in manifest["layers"]}
    bounds = manifest.get("bounds")
    camera = slide["camera"]
    if bounds is not None and not near_city(camera["longitude"], camera["latitude"], bounds):
        west, south, east, north = bounds
        raise InputError(path, f"{where}.camera ({camera['longitude']:.5f}, {camera['latitude']:.5f}) is far "
                         f"outside the city ({west:.5f}…{east:.5f} E, {south:.5f}…{north:.5f} N).",
                         "Point the camera at the city (longitude/latitude in WGS84 degrees).", field=f"{where}.camera")
    _known(slide["layers"], path, f"{where}.layers", layers, "layer")
    _known(slide["scenarios"], path, f"{where}.scenarios", {s["id"] for s in manifest["scenarios"]}, "scenario")
    for side, ids in slide.get("swipe", {}).items():
        _known(ids, path, f"{where}.swipe.{side}", layers, "layer")
    if "flood_time" in slide:
        flood_layers = {layer["id"] for layer in manifest["layers"] if layer.get("kind") == "flood-depth"}
        shown = set(slide["layers"]) | {lid for ids in slide.get("swipe", {}).values() for lid in ids}
        if not shown & flood_layers:
            raise InputError(path, f"{where}.flood_time is set but the slide shows no heavy-rain layer.",
                             f"Add one of {', '.join(sorted(flood_layers)) or '(none in this build)'} to its "
                             "layers, or remove flood_time.", field=f"{where}.flood_time")
    if "hour" in slide:
        sliced = {layer["id"] for layer in manifest["layers"] if layer.get("slices")}
        shown = set(slide["layers"]) | {lid for ids in slide.get("swipe", {}).values() for lid in ids}
        if not shown & sliced:
            raise InputError(path, f"{where}.hour is set but the slide shows no layer computed through the day.",
                             f"Add one of {', '.join(sorted(sliced)) or '(none in this build)'} to its layers, "
                             "or remove hour.", field=f"{where}.hour")


def _why_dropped(slide: dict, enabled: list[str], owners: Mapping[str, tuple[str, ...]],
                 left_out: Collection[str]) -> str | None:
    """Why a slide cannot be shown by this city's build (None: it is resolved as usual): it shows a
    layer or scenario of a model the city disables, or one its model leaves out with this city's
    settings (a default event the city does not list).
    """
    named = list(slide["layers"]) + [lid for ids in slide.get("swipe", {}).values() for lid in ids]
    named += slide["scenarios"]
    off = sorted({b for ident in named if (b := _owner(ident, owners)) is not None and b not in enabled})
    if off:
        return f"it shows the scenario model(s) {', '.join(off)}, which this city disables in [scenarios] enabled"
    absent = [ident for ident in dict.fromkeys(named) if ident in left_out]
    if absent:
        models = sorted({str(_owner(ident, owners)) for ident in absent})
        return (f"it shows {', '.join(absent)}, which this city leaves out (not listed in "
                f"{', '.join(f'[scenarios.{m}]' for m in models)})")
    return None


def resolve_story(checked: StoryFile, manifest: dict, *, enabled: list[str], known_builders: list[str],
                  notice: Notice = print, owners: Mapping[str, tuple[str, ...]] | None = None,
                  left_out: Collection[str] = ()) -> dict | None:
    """Resolve a checked story against a build's manifest; the story to write (None if no slide is left).

    Parameters
    ----------
    checked
        The story file, checked on its own (:func:`load_story`).
    manifest
        The build's manifest, or its plan (``layers``: ``{"id", "kind"}``, ``scenarios``: ``{"id"}``,
        ``bounds``), as the build resolves the story before any model runs.
    enabled, known_builders
        Scenario builders the city enables, and all that exist.
    notice
        Where to report dropped slides and questions.
    owners
        Builder → prefixes of the layer and scenario ids it writes (default:
        ``layers.scenarios.SCENARIO_OWNS``): a slide naming an id of a disabled builder is dropped.
    left_out
        Ids enabled builders write with their default settings but not with this city's
        (``ScenarioPlan.left_out``): a slide naming one is dropped too. Dropped slides take the
        questions leading to them along; any other unknown id is an error.
    """
    path, story = checked.path, checked.story
    owners = _default_owners(known_builders) if owners is None else owners
    slides: list[dict] = []
    dropped: list[str] = []
    for slide in story["slides"]:
        why = _why_dropped(slide, enabled, owners, set(left_out))
        if why:
            dropped.append(slide.get("id") or str(slide["number"]))
            notice(f"{path.name}: slide {slide['number']} ({slide.get('id', 'no id')}) dropped: {why}.")
            continue
        _resolve_slide(slide, path, manifest)
        slides.append(slide)
    questions = []
    for k, question in enumerate(story["questions"], start=1):
        if question["slide"] in dropped:
            notice(f"{path.name}: question {k} dropped: its slide {question['slide']} was dropped.")
        else:
            questions.append(question)
    if not slides:
        notice(f"{path.name}: no slide is left after dropping those of scenarios this city leaves out; "
               "the build has no story.")
        return None
    return {"title": story["title"], "autoplay_s": story["autoplay_s"], "questions": questions, "slides": slides,
            "source": path.name}


def validate_story(raw: object, path: Path, manifest: dict, *, enabled: list[str], known_builders: list[str],
                   notice: Notice = print, left_out: Collection[str] = ()) -> dict | None:
    """Both steps at once: :func:`check_story`, then :func:`resolve_story` (same parameters)."""
    return resolve_story(StoryFile(path, check_story(raw, path)), manifest, enabled=enabled,
                         known_builders=known_builders, notice=notice, left_out=left_out)


def story_entry(resolved: dict | None, out: Path) -> dict:
    """Write a resolved story (:func:`resolve_story`) into the build folder ``out``; the manifest keys
    to add (none without a story).
    """
    if resolved is None:
        return {}
    (out / STORY_NAME).write_text(json.dumps(resolved, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"story": STORY_NAME}
