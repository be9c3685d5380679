"""Where the data come from (``[sources]``, layers.provenance) and personal data (``[privacy]``,
layers.privacy): what the manifest, the tap tables and the exports carry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layers import InputError, build_city, load_config
from layers.provenance import attribution, input_sources
from tests.test_flood_scenario import write_flood_city


def _append(city: Path, text: str) -> Path:
    toml = city / "city.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + text, encoding="utf-8")
    return city


def test_sources_come_from_city_toml_with_defaults_for_osm_and_synthetic(city_copy: Path) -> None:
    (city_copy / "extract.osm.pbf").write_bytes(b"")  # load_config only checks that the file exists
    toml = (city_copy / "city.toml").read_text(encoding="utf-8")
    toml = toml.replace('synthetic = true\n', 'synthetic = false\n')
    toml = toml.replace('water = "water.fgb"\n', 'water = "extract.osm.pbf"\n')
    (city_copy / "city.toml").write_text(toml, encoding="utf-8")
    _append(city_copy, '\n[sources.buildings]\nsource = "Stadt Tiny, Vermessungsamt"\nlicence = "dl-de/by-2-0"\n')
    sources = {entry["kind"]: entry for entry in input_sources(load_config(city_copy))}
    assert sources["buildings"]["source"] == "Stadt Tiny, Vermessungsamt"
    assert sources["buildings"]["licence"] == "dl-de/by-2-0"
    assert sources["water"]["source"] == "© OpenStreetMap-Mitwirkende" and sources["water"]["licence"] == "ODbL 1.0"
    assert sources["dem"]["source"] == ""  # a real city's input without a source stays unnamed, not invented
    text = attribution(list(sources.values()))
    assert text["de"] == ("Daten: Stadt Tiny, Vermessungsamt (dl-de/by-2-0) · © OpenStreetMap-Mitwirkende "
                          "(ODbL 1.0); weitere Daten: Quelle nicht angegeben")
    assert text["en"].startswith("Data: Stadt Tiny") and text["en"].endswith("other data: source not given")


@pytest.mark.parametrize(("text", "field"), [
    ('\n[sources.railways]\nsource = "x"\n', "sources.railways"),          # the city has no railways input
    ('\n[sources.buildings]\nsource = 3\n', "sources.buildings.source"),   # not text
    ('\n[sources.buildings]\nauthor = "x"\n', "sources.buildings.author"),  # unknown key
])
def test_bad_sources_name_the_field(city_copy: Path, text: str, field: str) -> None:
    with pytest.raises(InputError) as caught:
        input_sources(load_config(_append(city_copy, text)))
    assert caught.value.field == field and "city.toml" in str(caught.value)


def test_synthetic_city_says_so_in_the_manifest(tiny_build) -> None:
    provenance = tiny_build.manifest["provenance"]
    assert all("Synthetische" in entry["source"] for entry in provenance["inputs"])
    assert "Synthetische Beispieldaten" in provenance["attribution"]["de"]
    assert tiny_build.manifest["privacy"] == {"residents_jobs": True}
    table = json.loads((tiny_build.path / "buildings_attributes.json").read_text(encoding="utf-8"))
    assert {"residents", "jobs"} <= set(table["fields"])


def test_privacy_switch_keeps_residents_and_jobs_out_of_taps_and_exports(tmp_path: Path) -> None:
    city = _append(write_flood_city(tmp_path / "private"), "\n[privacy]\nresidents_jobs = false\n")
    result = build_city(city, build_root=tmp_path / "build", progress=False)
    assert result.manifest["privacy"] == {"residents_jobs": False}
    buildings = next(layer for layer in result.manifest["layers"] if layer["id"] == "buildings")
    assert not {"residents", "jobs"} & {f["key"] for f in buildings["fields"]}
    table = json.loads((result.path / "buildings_attributes.json").read_text(encoding="utf-8"))
    assert not {"residents", "jobs"} & set(table["fields"]) and "height_m" in table["fields"]
    import pyogrio

    scenario = next(s for s in result.manifest["scenarios"] if s["id"] == "starkregen-stark")
    gpkg = next(e["file"] for e in scenario["exports"] if e["file"].endswith(".gpkg"))
    columns = set(pyogrio.read_dataframe(result.path / gpkg).columns)
    assert "depth_at_walls_m" in columns and not any("resident" in c or "job" in c for c in columns)


def test_privacy_switch_must_be_true_or_false(city_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        build_city(_append(city_copy, '\n[privacy]\nresidents_jobs = "no"\n'), build_root=tmp_path / "b",
                   progress=False)
    assert caught.value.field == "privacy.residents_jobs"
