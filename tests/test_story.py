"""The story file (layers/story.py): validation messages, dropping slides of disabled scenarios,
the artifact and manifest key in a build, a broken story stopping the build before any model runs,
and the sample city's story.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from layers import InputError, build_city
from layers.story import check_story, validate_story
from sample_city import get_path

BOUNDS = [9.97, 51.04, 9.98, 51.05]
MANIFEST = {
    "bounds": BOUNDS,
    "layers": [{"id": i, "kind": k} for i, k in (("terrain", "terrain"), ("roads", "roads"), ("buildings", "buildings"),
                                                 ("flood-extrem", "flood-depth"), ("flood-mass", "flood-depth"))],
    "scenarios": [{"id": "starkregen-extrem"}, {"id": "starkregen-mass"}],
}
BUILDERS = ["starkregen", "verkehr"]
CAMERA = {"longitude": 9.975, "latitude": 51.045, "zoom": 16, "pitch": 40, "bearing": 10}


def _story() -> dict:
    return {
        "title": {"de": "Titel", "en": "Title"},
        "questions": [{"label": {"de": "Was wäre, wenn … Regen?", "en": "What if … rain?"}, "slide": "regen"}],
        "slides": [
            {"title": {"de": "Eins", "en": "One"}, "text": {"de": "Text", "en": "Text"}, "camera": dict(CAMERA),
             "layers": ["terrain", "buildings"]},
            {"id": "regen", "title": {"de": "Zwei", "en": "Two"}, "text": {"de": "T", "en": "T"},
             "camera": dict(CAMERA), "layers": ["terrain", "flood-extrem"], "scenarios": ["starkregen-extrem"],
             "flood_time": 20, "swipe": {"left": ["flood-extrem"], "right": ["flood-mass"]}},
            {"id": "verkehr", "title": {"de": "Drei", "en": "Three"}, "text": {"de": "T", "en": "T"},
             "camera": dict(CAMERA), "layers": ["terrain", "traffic_basis"], "scenario": "verkehr-basis"},
        ],
    }


def _validate(story: dict, enabled: list[str] | None = None, notices: list | None = None) -> dict | None:
    return validate_story(story, Path("/city/story.json"), MANIFEST,
                          enabled=["starkregen"] if enabled is None else enabled,
                          known_builders=BUILDERS, notice=(notices if notices is not None else []).append)


def test_good_story_is_normalised_and_drops_slides_of_disabled_scenarios() -> None:
    notices: list[str] = []
    story = _validate(_story(), notices=notices)
    assert [s["number"] for s in story["slides"]] == [1, 2]   # slide 3 shows the disabled traffic model
    assert story["slides"][0]["camera"] == {"longitude": 9.975, "latitude": 51.045, "zoom": 16.0, "pitch": 40.0,
                                            "bearing": 10.0}
    assert story["slides"][1]["flood_time"] == 20 and story["slides"][1]["swipe"]["right"] == ["flood-mass"]
    assert story["questions"] == [{"label": {"de": "Was wäre, wenn … Regen?", "en": "What if … rain?"},
                                   "slide": "regen"}]
    assert story["autoplay_s"] == 12.0
    assert len(notices) == 1 and "slide 3" in notices[0] and "verkehr" in notices[0] and "story.json" in notices[0]


def _broken(change: Callable[[dict], object]) -> dict:
    story = copy.deepcopy(_story())
    change(story)
    return story


BAD_CASES = {
    "unknown layer": (lambda s: s["slides"][0]["layers"].append("gebaeude"), "slide 1.layers", "gebaeude"),
    "missing language": (lambda s: s["slides"][1]["text"].pop("en"), "slide 2.text.en", "English"),
    "missing camera key": (lambda s: s["slides"][0]["camera"].pop("zoom"), "slide 1.camera.zoom", "zoom"),
    "metres as camera": (lambda s: s["slides"][1]["camera"].update(longitude=569295.0), "slide 2.camera.longitude",
                         "degrees"),
    "camera far away": (lambda s: s["slides"][0]["camera"].update(longitude=13.4, latitude=52.5), "slide 1.camera",
                        "Point the camera at the city"),
    "camera not a number": (lambda s: s["slides"][0]["camera"].update(pitch="steil"), "slide 1.camera.pitch",
                            "not a number"),
    "zoom beyond the map": (lambda s: s["slides"][0]["camera"].update(zoom=22), "slide 1.camera.zoom",
                            "outside 12…20, the range the viewer's map allows"),
    "zoom below the map": (lambda s: s["slides"][1]["camera"].update(zoom=11.5), "slide 2.camera.zoom", "12…20"),
    "pitch beyond the map": (lambda s: s["slides"][2]["camera"].update(pitch=85), "slide 3.camera.pitch", "0…80"),
    "bad flood time": (lambda s: s["slides"][1].update(flood_time="bald"), "slide 2.flood_time", '"max"'),
    "flood time without flood layer": (lambda s: s["slides"][0].update(flood_time="max"), "slide 1.flood_time",
                                       "flood-extrem"),
    "unknown swipe layer": (lambda s: s["slides"][1]["swipe"].update(right=["flood-x"]), "slide 2.swipe.right",
                            "flood-x"),
    "unknown scenario": (lambda s: s["slides"][1].update(scenarios=["starkregen-nix"]), "slide 2.scenarios",
                         "starkregen-nix"),
    "unknown key": (lambda s: s["slides"][0].update(kamera={}), "slide 1", "kamera"),
    "question to nowhere": (lambda s: s["questions"][0].update(slide="sturm"), "question 1.slide", "regen"),
    "no title": (lambda s: s.pop("title"), "title", "the story's title"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_story_names_file_slide_field_and_fix(case: str) -> None:
    change, field, fix_part = BAD_CASES[case]
    with pytest.raises(InputError) as info:
        _validate(_broken(change))
    err = info.value
    assert err.path == Path("/city/story.json") and err.field == field
    assert "story.json" in str(err) and f"[{field}]" in str(err) and "Fix:" in str(err)
    assert fix_part in str(err)


def test_slide_showing_only_a_layer_of_a_disabled_model_is_dropped() -> None:
    notices: list[str] = []
    story = _validate(_broken(lambda s: s["slides"][2].pop("scenario")), notices=notices)   # traffic_basis alone
    assert [s["number"] for s in story["slides"]] == [1, 2]
    assert len(notices) == 1 and "slide 3" in notices[0] and "verkehr" in notices[0]


def test_slide_of_an_event_the_city_leaves_out_is_dropped_and_a_typo_is_not() -> None:
    """The plan names the default events a city does not list (ScenarioPlan.left_out): a slide showing
    one is dropped with its question; an id that no setting gives is still an error.
    """
    notices: list[str] = []
    left_out = ["flood-selten", "starkregen-selten"]
    story = _broken(lambda s: s["slides"][1]["swipe"].update(right=["flood-selten"]))
    resolved = validate_story(
        story,
        Path("/city/story.json"),
        MANIFEST,
        enabled=["starkregen"],
        known_builders=BUILDERS,
        notice=notices.append,
        left_out=left_out,
    )
    assert [s["number"] for s in resolved["slides"]] == [1] and resolved["questions"] == []
    assert "slide 2 (regen) dropped: it shows flood-selten, which this city leaves out" in notices[0]
    assert "[scenarios.starkregen]" in notices[0] and any("question 1 dropped" in n for n in notices)
    typo = _broken(lambda s: s["slides"][1]["swipe"].update(right=["flood-seltn"]))
    with pytest.raises(InputError, match=r"story\.json \[slide 2\.swipe\.right\]: .*unknown layer\(s\) flood-seltn"):
        validate_story(typo, Path("/city/story.json"), MANIFEST, enabled=["starkregen"], known_builders=BUILDERS,
                       notice=notices.append, left_out=left_out)


def _tiny_city_story() -> dict:
    """The test story made to fit the tiny city (tests/tiny_city.py)."""
    story = _story()
    for slide in story["slides"]:
        slide["camera"].update(longitude=9.9729, latitude=51.0443)
    story["slides"][1]["layers"] = ["terrain", "buildings"]   # the tiny city has no flood layers ...
    del story["slides"][1]["flood_time"], story["slides"][1]["swipe"]
    story["slides"][1]["scenarios"] = ["starkregen-extrem"]   # ... and disables every scenario model
    return story


def test_build_copies_the_story_and_names_it_in_the_manifest(city_copy: Path, tmp_path: Path) -> None:
    story = _tiny_city_story()
    (city_copy / "story.json").write_text(json.dumps(story), encoding="utf-8")
    result = build_city(city_copy, build_root=tmp_path / "build", progress=False)
    assert result.manifest["story"] == "story.json"
    built = json.loads((result.path / "story.json").read_text(encoding="utf-8"))
    assert [s["number"] for s in built["slides"]] == [1] and built["questions"] == []
    assert built["source"] == "story.json"

    # The story is an input: changing it rebuilds; a bad one stops the build and keeps the last good one.
    story["slides"][0]["layers"] = ["terrain", "strassen"]
    (city_copy / "story.json").write_text(json.dumps(story), encoding="utf-8")
    with pytest.raises(InputError, match=r"story\.json \[slide 1\.layers\].*strassen"):
        build_city(city_copy, build_root=tmp_path / "build", progress=False)
    assert (tmp_path / "build" / result.path.name / "story.json").is_file()


FAIL_FAST_CASES = {
    "JSON syntax": (lambda text: text[:-1], r"story\.json: This is not valid JSON"),
    "missing language": (lambda text: text.replace('"en": "Two"', '"fr": "Deux"'),
                         r"story\.json \[slide 2\.title\.en\]"),
    "zoom out of range": (lambda text: text.replace('"zoom": 16', '"zoom": 21', 1),
                          r"story\.json \[slide 1\.camera\.zoom\]"),
}


@pytest.mark.parametrize("case", sorted(FAIL_FAST_CASES))
def test_bad_story_stops_the_build_before_any_model_runs(case: str, city_copy: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import layers.build

    root = tmp_path / "build"
    text = json.dumps(_tiny_city_story(), ensure_ascii=False)
    (city_copy / "story.json").write_text(text, encoding="utf-8")
    good = build_city(city_copy, build_root=root, progress=False)

    ran: list[str] = []

    def forbidden(step: str) -> Callable[..., None]:
        def run(*args: object, **kwargs: object) -> None:
            ran.append(step)
            raise RuntimeError(f"{step} ran although the story is broken")
        return run

    monkeypatch.setattr(layers.build, "import_inputs", forbidden("import_inputs"))
    monkeypatch.setattr(layers.build, "runnable_builders",
                        lambda raw, inputs: ({"starkregen": forbidden("scenario model")}, []))
    change, message = FAIL_FAST_CASES[case]
    (city_copy / "story.json").write_text(change(text), encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        build_city(city_copy, build_root=root, progress=False)
    assert ran == [] and "Fix:" in str(info.value)
    assert (root / "tiny-town").resolve() == good.path and (good.path / "story.json").is_file()
    assert sorted(p.name for p in root.iterdir()) == sorted(["tiny-town", good.path.name])   # no temp folder left


def test_story_named_in_city_toml_must_exist(city_copy: Path, tmp_path: Path) -> None:
    toml = city_copy / "city.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[story]\nfile = "praesentation.json"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"praesentation\.json \[story\.file\]"):
        build_city(city_copy, build_root=tmp_path / "build", progress=False)


def test_sample_story_tells_both_what_ifs_in_two_languages() -> None:
    path = get_path("musterstadt") / "story.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert 6 <= len(raw["slides"]) <= 10
    layers = {lid for s in raw["slides"] for lid in s["layers"] + s.get("swipe", {}).get("left", [])}
    assert {"traffic_tempo30_innenstadt_diff", "flood-selten", "flood-extrem", "flood-extrem-entsiegelung",
            "flood-measure-notweg"} <= layers
    assert [q["slide"] for q in raw["questions"]] == ["tempo30", "starkregen"]
    assert len(check_story(raw, path)["slides"]) == 10   # every camera within the viewer's ranges
    # Tempo 30 by day and at night: the slides' hours pick the traffic time slice (22–6 h is night)
    tempo30 = {s["id"]: s.get("hour") for s in raw["slides"] if any("tempo30" in lid for lid in s["layers"])}
    assert tempo30 == {"tempo30": 8, "tempo30-nachts": 23}
    assert any(s.get("flood_time") not in (None, "max") for s in raw["slides"])   # the water rises
    # With the scenario models disabled (as the tests build it) only the city slides remain.
    notices: list[str] = []
    manifest = {"bounds": [9.9705, 51.0425, 10.0056, 51.0647], "scenarios": [],
                "layers": [{"id": i, "kind": i} for i in ("terrain", "water", "roads", "buildings")]}
    story = validate_story(raw, path, manifest, enabled=[], known_builders=BUILDERS, notice=notices.append)
    assert [s["id"] for s in story["slides"]] == ["stadt", "ende"] and story["questions"] == []
    assert len(notices) == 10


def test_slide_hour_is_a_whole_hour_and_needs_a_layer_computed_through_the_day(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    title = {"de": "Geschichte", "en": "Story"}
    slide = {"title": {"de": "Nacht", "en": "Night"}, "text": {"de": "t", "en": "t"},
             "camera": {"longitude": 9.98, "latitude": 51.05, "zoom": 15.0}, "layers": ["terrain"], "hour": 23}
    assert check_story({"title": title, "slides": [slide]}, path)["slides"][0]["hour"] == 23
    for bad in (24, -1, 7.5, "23", True):
        with pytest.raises(InputError, match="hour") as err:
            check_story({"title": title, "slides": [dict(slide, hour=bad)]}, path)
        assert err.value.field == "slide 1.hour"
    manifest = {"bounds": [9.9705, 51.0425, 10.0056, 51.0647], "scenarios": [],
                "layers": [{"id": "terrain", "kind": "terrain"},
                           {"id": "traffic_basis", "kind": "traffic-links", "slices": [{"key": "nacht"}]}]}
    with pytest.raises(InputError, match="no layer computed through the day") as err:
        validate_story({"title": title, "slides": [slide]}, path, manifest, enabled=["verkehr"],
                       known_builders=BUILDERS)
    assert "traffic_basis" in str(err.value) and err.value.field == "slide 1.hour"
    story = validate_story({"title": title, "slides": [dict(slide, layers=["terrain", "traffic_basis"])]}, path,
                           manifest, enabled=["verkehr"], known_builders=BUILDERS)
    assert story["slides"][0]["hour"] == 23


@pytest.mark.slow
def test_sample_story_references_layers_of_the_full_build() -> None:
    cache = Path(__file__).resolve().parents[1] / ".cache" / "test-builds"
    result = build_city("musterstadt", build_root=cache, progress=False)
    assert result.manifest["story"] == "story.json"
    story = json.loads((result.path / "story.json").read_text(encoding="utf-8"))
    assert len(story["slides"]) == 10 and len(story["questions"]) == 2
    ids = {layer["id"] for layer in result.manifest["layers"]}
    for slide in story["slides"]:
        assert set(slide["layers"]) <= ids
        assert set(slide.get("swipe", {}).get("left", []) + slide.get("swipe", {}).get("right", [])) <= ids


def test_serve_kiosk_flags_reach_the_app_environment(monkeypatch: pytest.MonkeyPatch, tiny_build) -> None:
    import os

    import layers.build
    from layers.settings import kiosk_idle_s
    from viewer import cli

    for name in ("TWIN_MODE", "TWIN_IDLE_S", "TWIN_CITY", "TWIN_BUILD_ROOT", "HOST", "PORT", "WEB_CONCURRENCY"):
        # set, then deleted: monkeypatch records the variable only when it exists, and cli.main sets
        # it, so a plain delenv(raising=False) let TWIN_MODE=kiosk leak into later tests
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)   # restored (or removed again) after the test
    monkeypatch.setattr(layers.build, "build_city", lambda *args, **kwargs: tiny_build)

    def fake_execv(path: str, argv: list[str]) -> None:
        raise SystemExit(f"exec {argv[-1]}")

    monkeypatch.setattr(os, "execv", fake_execv)
    with pytest.raises(SystemExit, match="viewer.app:server"):
        cli.main(["serve", "--kiosk", "--idle", "45", "--port", "8099"])
    assert os.environ["TWIN_MODE"] == "kiosk" and os.environ["TWIN_IDLE_S"] == "45"
    assert kiosk_idle_s() == 45.0
    assert cli.main(["serve", "--idle", "0.5"]) == 2   # refused, with a message
    monkeypatch.setenv("TWIN_IDLE_S", "soon")
    assert kiosk_idle_s() == 90.0


# --- resolved against the build's plan, before any model runs (issue 11) ---------------------------------------
ONE_EVENT = """[scenarios]
enabled = ["starkregen"]

[scenarios.starkregen]
resolution_m = 8.0
rain_after_min = 5
workers = 1

[[scenarios.starkregen.events]]
id = "extrem"
depth_mm = 40
duration_min = 10
"""


def _one_event_city(city: Path, layers_of_slide_2: list[str]) -> None:
    """The tiny city with heavy rain for one event (the default "selten" is left out) and a story
    whose second slide shows ``layers_of_slide_2``.
    """
    toml = city / "city.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[scenarios]\nenabled = []   # the unit tests build this city often; scenario tests enable what they need\n",
        ONE_EVENT), encoding="utf-8")
    story = _tiny_city_story()
    story["slides"][1].update(layers=["terrain", *layers_of_slide_2], scenarios=[])
    story["slides"][2].update(layers=["terrain", "flood-extrem"], scenarios=["starkregen-extrem"])
    (city / "story.json").write_text(json.dumps(story), encoding="utf-8")


def _forbid_models(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import layers.scenarios

    ran: list[str] = []

    def flood(context: object) -> None:
        ran.append("starkregen")
        raise RuntimeError("the flood model ran")
    monkeypatch.setitem(layers.scenarios.SCENARIO_BUILDERS, "starkregen", flood)
    return ran


def test_unknown_story_layer_stops_the_build_before_any_model_runs(city_copy: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "build"
    good = build_city(city_copy, build_root=root, progress=False).path
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    _one_event_city(city_copy, ["strassen"])
    ran = _forbid_models(monkeypatch)
    with pytest.raises(
        InputError,
        match=r"story\.json \[slide 2\.layers\]: slide 2\.layers names unknown layer\(s\) "
        r"strassen\. Fix: Use layer ids of this city's build: buildings, flood-extrem",
    ):
        build_city(city_copy, build_root=root, progress=False)
    assert ran == []
    assert (root / "tiny-town").resolve() == good and {p.name: p.read_bytes() for p in good.iterdir()} == before
    assert sorted(p.name for p in root.iterdir()) == sorted(["tiny-town", good.name])


def test_slide_of_an_event_the_city_leaves_out_is_dropped_before_any_model_runs(
        city_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    _one_event_city(city_copy, ["flood-selten"])
    ran = _forbid_models(monkeypatch)
    with pytest.raises(RuntimeError, match="the flood model ran"):
        build_city(city_copy, build_root=tmp_path / "build", progress=False)
    assert ran == ["starkregen"]
    assert "story.json: slide 2 (regen) dropped: it shows flood-selten, which this city leaves out (not listed in " \
           "[scenarios.starkregen])." in capsys.readouterr().out   # said before the model was called


def test_story_with_a_disabled_event_builds_without_its_slide(city_copy: Path, tmp_path: Path) -> None:
    """The issue's case: enabled = ["starkregen"] with one event, a story showing "flood-selten"."""
    _one_event_city(city_copy, ["flood-selten"])
    result = build_city(city_copy, build_root=tmp_path / "build", progress=False)
    story = json.loads((result.path / "story.json").read_text(encoding="utf-8"))
    assert [s["number"] for s in story["slides"]] == [1, 3] and story["questions"] == []
    assert any("slide 2 (regen) dropped: it shows flood-selten" in n for n in result.manifest["build"]["story"])
    assert {"flood-extrem"} == {e["id"] for e in result.manifest["layers"] if e["kind"] == "flood-depth"}
