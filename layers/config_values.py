"""Numbers in ``city.toml``: each one a finite number in the range that can be right.

TOML spells ``inf`` and ``nan``, and a slipped key gives ``1e12``; such a value would crash the
build later (JSON has no infinity) or make a model run for ever. :func:`check_config_values`
refuses it when ``city.toml`` is read, before any input is imported, naming the key, the range and
a value that works. The modules that use a value still check what only they know (a flood grid
finer than the DEM, a zone that must exist); this table holds the bounds beyond which no city's
value can be right:

* ground height: the Dead Sea shore (−430 m) to Everest (8,849 m);
* building heights: the tallest building is 828 m (Burj Khalifa); a storey is
  1–20 m (a factory hall storey reaches ~15 m);
* heavy rain: the world records are 305 mm in 1 h and 1,825 mm in 24 h (WMO); a design storm
  lasts at most 7 days (KOSTRA-DWD durations end at 7 d); more than a day of drainage or an
  animation frame per less than a minute would only cost time and memory;
* the home camera: the ranges the viewer's map allows (``layers.camera.CAMERA_RANGES``).
"""

from __future__ import annotations

import math
from pathlib import Path

from layers.camera import CAMERA_RANGES
from layers.errors import InputError

__all__ = ["NUMBER_RANGES", "KINDS_OF_VALUES", "MAX_BUILDING_HEIGHT_M", "check_config_values", "check_number"]

# above the tallest building (828 m); also the feature limit of layers.importers.plausible
MAX_BUILDING_HEIGHT_M = 1000.0

# Key in city.toml ("*": any key of that table; "[]": every entry of that list) → (low, high, unit, example).
# A low of -inf leaves the lower bound to the module that uses the value (it says why, e.g. "must be > 0").
NUMBER_RANGES: dict[str, tuple[float, float, str, float]] = {
    "city.ground_m": (-500.0, 9000.0, "m", 0.0),
    "inputs.*.default_height_m": (1.0, MAX_BUILDING_HEIGHT_M, "m", 9.0),
    "inputs.*.storey_height_m": (1.0, 20.0, "m", 3.2),
    "inputs.dem.resolution_m": (0.1, 1000.0, "m", 2.0),
    "scenarios.starkregen.resolution_m": (-math.inf, 1000.0, "m", 8.0),
    "scenarios.starkregen.rain_after_min": (-math.inf, 1440.0, "min", 60.0),
    "scenarios.starkregen.output_interval_min": (1.0, 1440.0, "min", 5.0),
    "scenarios.starkregen.workers": (-math.inf, 256.0, "", 2.0),
    "scenarios.starkregen.depth_classes_m[]": (-math.inf, 100.0, "m", 0.1),
    "scenarios.starkregen.events[].depth_mm": (-math.inf, 2000.0, "mm", 36.0),
    "scenarios.starkregen.events[].duration_min": (-math.inf, 10080.0, "min", 60.0),
    "scenarios.starkregen.measures[].unseal_share": (-math.inf, 1.0, "", 0.5),
    "scenarios.starkregen.measures[].infiltration_mm_h": (-math.inf, 1000.0, "mm/h", 40.0),
    "scenarios.starkregen.measures[].retention_mm": (-math.inf, 1000.0, "mm", 20.0),
    "scenarios.external[].depth_classes_m[]": (-math.inf, 100.0, "m", 0.1),
}


# Keys whose value must be of one kind (a number of the wrong kind is caught above): (check, what, example).
KINDS_OF_VALUES: dict[str, tuple[object, str, str]] = {
    "city.name": (lambda v: isinstance(v, str), "a text", 'name = "Musterstadt"'),
    "city.crs": (lambda v: isinstance(v, str), "a text", 'crs = "EPSG:25832" or crs = "auto"'),
    "city.description": (lambda v: isinstance(v, str), "a text", 'description = "One line for the about box"'),
    "city.synthetic": (lambda v: isinstance(v, bool), "true or false", "synthetic = false"),
    "inputs.*": (lambda v: isinstance(v, (str, dict)), "a file name or a table",
                 'buildings = "buildings.gpkg" or [inputs.buildings] with path = "..."'),
    "inputs.*.strict": (lambda v: isinstance(v, bool), "true or false", "strict = true"),
    "scenarios.enabled": (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v), "a list of names",
                          'enabled = ["starkregen", "verkehr"]'),
    "story.file": (lambda v: isinstance(v, str), "a file name", 'file = "story.json"'),
}


def _camera_ranges() -> dict[str, tuple[float, float, str, float]]:
    examples = {"longitude": 10.0, "latitude": 51.0, "zoom": 15.0, "pitch": 50.0, "bearing": 0.0}
    units = {"longitude": "°", "latitude": "°", "zoom": "", "pitch": "°", "bearing": "°"}
    return {f"view.{key}": (low, high, units[key], examples[key]) for key, (low, high) in CAMERA_RANGES.items()}


def _lookup(raw: object, parts: list[str], where: str) -> list[tuple[str, object]]:
    """(key as written, value) of every value matching the pattern ``parts`` in ``raw``."""
    if not parts:
        return [(where, raw)]
    head, rest = parts[0], parts[1:]
    many = head.endswith("[]")
    name = head.removesuffix("[]")
    if not isinstance(raw, dict):
        return []
    children = list(raw.items()) if name == "*" else ([(name, raw[name])] if name in raw else [])
    found: list[tuple[str, object]] = []
    for key, child in children:
        path = f"{where}.{key}" if where else key
        if many:
            if isinstance(child, list):
                for k, item in enumerate(child):
                    found += _lookup(item, rest, f"{path}[{k}]")
        else:
            found += _lookup(child, rest, path)
    return found


def check_number(path: Path, key: str, value: object, low: float, high: float, unit: str, example: float) -> float:
    """``value`` as a float, or ``InputError`` naming ``key`` in ``path`` unless it is a finite number
    within ``low`` … ``high`` (``unit``); ``example`` goes into the fix.
    """
    span = (f"up to {high:g}" if low == -math.inf else f"{low:g} … {high:g}") + (f" {unit}" if unit else "")
    fix = (
        f"Write {key.rsplit('.', 1)[-1]} = <a number {'' if low == -math.inf else 'within '}{span}>, e.g. {example:g}."
    )
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(path, f"{key} = {value!r} is not a number.", fix, field=key)
    if not math.isfinite(value):
        raise InputError(path, f"{key} = {value} is not a finite number.", fix, field=key)
    if not low <= value <= high:
        where = f"above {high:g}" + (f" {unit}" if unit else "") if low == -math.inf else f"outside {span}"
        raise InputError(path, f"{key} = {value:g} cannot be right: it lies {where}.", fix, field=key)
    return float(value)


def check_config_values(path: Path, raw: dict) -> None:
    """Check the values of a parsed ``city.toml``: the kinds of :data:`KINDS_OF_VALUES`, every
    number against :data:`NUMBER_RANGES` and the home camera against the map's ranges.

    Raises
    ------
    InputError
        Naming ``path``, the key (``inputs.buildings.default_height_m``, ``scenarios.starkregen.events[0].depth_mm``),
        the range and a value that works.
    """
    for pattern, (is_kind, what, example) in KINDS_OF_VALUES.items():
        for key, value in _lookup(raw, pattern.split("."), ""):
            if not is_kind(value):  # type: ignore[operator]
                raise InputError(path, f"{key} = {value!r} is not {what}.", f"Write e.g. {example}.", field=key)
    for pattern, (low, high, unit, example) in {**NUMBER_RANGES, **_camera_ranges()}.items():
        for key, value in _lookup(raw, pattern.split("."), ""):
            check_number(path, key, value, low, high, unit, example)
