"""city.toml: loading, and clear messages for what people get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers import InputError, load_config


def test_loads_tiny_city(tiny_city_dir: Path) -> None:
    config = load_config(tiny_city_dir)
    assert config.name == "Tiny Town"
    assert config.slug == "tiny-town"
    assert set(config.inputs) == {"dem", "buildings", "roads", "water", "landcover"}
    assert config.inputs["dem"] == tiny_city_dir / "dem.tif"
    assert config.home is not None and config.home.zoom == 16.5


def test_accepts_path_to_city_toml(tiny_city_dir: Path) -> None:
    assert load_config(tiny_city_dir / "city.toml").folder == tiny_city_dir


def _edit(city: Path, old: str, new: str) -> None:
    path = city / "city.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_missing_input_file_names_file_and_key(city_copy: Path) -> None:
    (city_copy / "roads.fgb").unlink()
    with pytest.raises(InputError, match=r"roads\.fgb.*inputs\.roads.*does not exist.*Fix:"):
        load_config(city_copy)


def test_unknown_input_kind_is_named(city_copy: Path) -> None:
    _edit(city_copy, 'water = "water.fgb"', 'watr = "water.fgb"')
    with pytest.raises(InputError, match="Unknown input kind.*watr"):
        load_config(city_copy)


def test_missing_crs_setting(city_copy: Path) -> None:
    _edit(city_copy, 'crs = "EPSG:25832"\n', "")
    with pytest.raises(InputError, match=r"city\.crs.*No working CRS"):
        load_config(city_copy)


def test_broken_toml_names_the_file(city_copy: Path) -> None:
    _edit(city_copy, 'name = "Tiny Town"', 'name = "Tiny Town')
    with pytest.raises(InputError, match=r"city\.toml: This is not valid TOML"):
        load_config(city_copy)


def test_unknown_sample_city_lists_available() -> None:
    with pytest.raises(InputError, match="musterstadt"):
        load_config("atlantis")
