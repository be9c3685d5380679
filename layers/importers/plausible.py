"""Plausible feature values: every number a feature brings gets an answer before any model runs.

Each numeric field of a vector input (a building's height, storeys, residents and jobs, its
footprint area; a road's speed limit and lanes) is sorted into one of four answers:

* **not a number at all** (±inf, typically from a division by zero in a GIS field calculator):
  :class:`~layers.errors.InputError` naming the file, the field, the first features and the fix;
* **missing** (NaN, empty): left to the documented fallback — height from storeys or the default
  height (``layers.importers.heights``), residents and jobs 0 — and counted;
* **absurd** (outside :attr:`Plausible.low` … :attr:`Plausible.high`, beyond anything on Earth):
  the feature is dropped and counted with its id in the build output and the manifest
  (``build.dropped``), so that a state data set of 500,000 buildings does not fail on one broken
  record; ``strict = true`` in ``[inputs.<kind>]`` refuses instead;
* **unusual** (outside :attr:`Plausible.usual_low` … :attr:`Plausible.usual_high`, rare but
  real): kept, and counted in a note with the first ids.

The limits, with their references:

* height: the tallest building is 828 m (Burj Khalifa), Germany's tallest 259 m (Commerzbank
  Tower) and tallest structure 368 m (Berliner Fernsehturm);
* storeys: 163 above ground (Burj Khalifa), Germany's most 56 (Commerzbank Tower);
* residents: the largest residential buildings house about 20,000 people (Regent International,
  Hangzhou); jobs: the Pentagon holds about 27,000;
* footprint: the largest buildings cover about 1 km² (Tesla Giga Texas ≈ 0.9 km², Aalsmeer flower
  auction ≈ 0.5 km²); one of less than 0.01 m² is nothing a model or the map can show;
* speed limits: German motorways have none (the model uses 130 km/h); lanes: the widest
  motorways have about 26 lanes in both directions (Katy Freeway, Houston).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.config import CONFIG_NAME
from layers.config_values import MAX_BUILDING_HEIGHT_M
from layers.errors import InputError

__all__ = ["Plausible", "PLAUSIBLE", "check_values", "feature_ids"]

SHOWN_IDS = 5          # ids named in a message or note
MANIFEST_IDS = 1000    # ids of dropped features listed in the manifest (all are counted)


@dataclass(frozen=True)
class Plausible:
    """Where the values of one field lie.

    Attributes
    ----------
    field
        The field (``area_m2`` is the footprint area, measured, not read).
    unit
        Its unit, for messages.
    low, high
        Values outside are absurd: the feature is dropped (or refused with ``strict``).
    usual_low, usual_high
        Values outside are unusual: kept and counted.
    missing
        What an empty value (or one below ``usual_low`` = 0) becomes.
    count_missing
        Note how many features lack the field (where the fallback is not counted elsewhere).
    texts
        The field may hold texts its model parses (OSM ``maxspeed = "DE:urban"``); else a text that
        is not a number is noted and treated as missing.
    """

    field: str
    unit: str
    low: float
    high: float
    usual_low: float
    usual_high: float
    missing: str
    count_missing: bool = False
    texts: bool = False


PLAUSIBLE: dict[str, tuple[Plausible, ...]] = {
    "buildings": (
        Plausible("height_m", "m", -math.inf, MAX_BUILDING_HEIGHT_M, 0.0, 300.0,
                  "storeys × storey_height_m, else default_height_m"),
        Plausible("storeys", "", -math.inf, 200.0, 0.0, 60.0, "default_height_m"),
        Plausible("residents", "", 0.0, 50_000.0, 0.0, 5_000.0, "0", count_missing=True),
        Plausible("jobs", "", 0.0, 100_000.0, 0.0, 20_000.0, "0", count_missing=True),
        Plausible("area_m2", "m²", 0.01, 2_000_000.0, 1.0, 100_000.0, ""),
    ),
    "roads": (
        Plausible("maxspeed", "km/h", 1.0, 400.0, 5.0, 130.0, "the default speed of the road's class", texts=True),
        Plausible("lanes", "", 1.0, 30.0, 1.0, 10.0, "1 lane per direction"),
    ),
}


def feature_ids(frame: pd.DataFrame, kind: str) -> pd.Series:
    """The features' ids as text: the ``id`` field, else ``B000000``, ``R000000``, ... by row (as
    ``layers.base_layers`` numbers features without ids).
    """
    if "id" in frame:
        return frame["id"].astype(str)
    return pd.Series([f"{kind[:1].upper()}{k:06d}" for k in range(len(frame))], index=frame.index)


def _values(frame: gpd.GeoDataFrame, rule: Plausible) -> tuple[pd.Series, pd.Series] | None:
    """The field's values as numbers (NaN where empty or not a number) and the mask of non-empty
    texts that are not numbers.
    """
    if rule.field == "area_m2":
        area = frame.geometry.area
        return area, pd.Series(False, index=frame.index)
    if rule.field not in frame:
        return None
    column = frame[rule.field]
    values = pd.to_numeric(column, errors="coerce").astype(float)
    texts = values.isna() & column.map(lambda v: isinstance(v, str) and v.strip() != "")
    return values, texts


def _span(low: float, high: float, unit: str) -> str:
    text = f"above {high:g}" if low == -math.inf else f"outside {low:g} … {high:g}"
    return f"{text} {unit}" if unit else text


def _first(ids: pd.Series, values: pd.Series, mask: pd.Series, *, raw: pd.Series | None = None) -> str:
    shown_values = (raw if raw is not None else values)[mask].iloc[:SHOWN_IDS]
    shown = [f"{i} ({v!r})" if isinstance(v, str) else f"{i} ({v:g})"
             for i, v in zip(ids[mask].iloc[:SHOWN_IDS], shown_values)]
    more = int(mask.sum()) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def check_values(frame: gpd.GeoDataFrame, path: Path, *, kind: str, strict: bool = False,
                 ) -> tuple[gpd.GeoDataFrame, list[str], dict]:
    """Check the numeric fields of a vector input in the working CRS (m); see the module text.

    Parameters
    ----------
    frame
        The features, after ``layers.inputs.prepare_frame`` (metric CRS, repaired geometries).
    path
        The input file (named in messages).
    kind
        ``buildings``, ``roads``, ... (kinds without rules pass unchanged).
    strict
        Refuse absurd values instead of dropping their features.

    Returns
    -------
    frame, notes, dropped
        The frame without the absurd features (it gains an ``id`` field by row if it had none and
        lost a feature, so that ids stay those of the file's rows), one note per finding, and
        ``{"count": n, "ids": [...], "fields": {field: n}}`` of the dropped features (empty if none).

    Raises
    ------
    InputError
        For ±inf in any checked field, and for absurd values with ``strict``.
    """
    rules = PLAUSIBLE.get(kind, ())
    if not rules:
        return frame, [], {}
    ids = feature_ids(frame, kind)
    notes: list[str] = []
    drop = pd.Series(False, index=frame.index)
    by_field: dict[str, int] = {}
    singular = kind.removesuffix("s")
    option = f"[inputs.{kind}] of {CONFIG_NAME}"
    for rule in rules:
        found = _values(frame, rule)
        if found is None:
            continue
        values, texts = found
        infinite = np.isinf(values)
        if infinite.any():
            raise InputError(path, f"{int(infinite.sum())} {singular}(s) have an infinite {rule.field}: "
                             f"{_first(ids, values, infinite)}.",
                             f"Correct {rule.field} of these features in the file, or empty it ({rule.missing} is "
                             "used then); an infinite number usually comes from a division by zero in a field "
                             "calculation.", field=f"{rule.field} of {ids[infinite].iloc[0]}")
        absurd = (values < rule.low) | (values > rule.high)
        if absurd.any():
            span = _span(rule.low, rule.high, rule.unit)
            if strict:
                raise InputError(path, f"{int(absurd.sum())} {singular}(s) have {rule.field} {span}, beyond any real "
                                 f"{singular}: {_first(ids, values, absurd)}.",
                                 f"Correct {rule.field} of these features, or remove strict = true from {option} to "
                                 "drop such features and count them.", field=f"{rule.field} of {ids[absurd].iloc[0]}")
            by_field[rule.field] = int((absurd & ~drop).sum())
            drop |= absurd
            notes.append(f"{kind}: {int(absurd.sum())} dropped, {rule.field} {span}: {_first(ids, values, absurd)}")
        below = ~absurd & (values < rule.usual_low)
        if below.any():
            treated = f" (treated as missing: {rule.missing})" if rule.usual_low == 0.0 else ""
            notes.append(f"{kind}: {int(below.sum())} with {rule.field} below {rule.usual_low:g} {rule.unit}".rstrip()
                         + f"{treated}: {_first(ids, values, below)}")
        above = ~absurd & (values > rule.usual_high)
        if above.any():
            notes.append(f"{kind}: {int(above.sum())} with an unusual {rule.field} above {rule.usual_high:g} "
                         f"{rule.unit}".rstrip() + f", kept: {_first(ids, values, above)}")
        if texts.any() and not rule.texts:
            notes.append(f"{kind}: {int(texts.sum())} with {rule.field} not a number (treated as missing: "
                         f"{rule.missing}): {_first(ids, values, texts, raw=frame[rule.field])}")
        missing = values.isna() & ~texts
        if rule.count_missing and missing.any():
            notes.append(f"{kind}: {int(missing.sum())} without {rule.field}, counted as {rule.missing} "
                         f"(first: {', '.join(ids[missing].iloc[:SHOWN_IDS])})")
    if not drop.any():
        return frame, notes, {}
    if len(frame) == int(drop.sum()):
        raise InputError(path, f"Every {singular} has an absurd value ({', '.join(by_field)}); nothing would be left.",
                         f"Check the field mapping and the units of the file (fields = {{...}} in {option}).",
                         field=", ".join(by_field))
    kept = frame.loc[~drop].copy()
    if "id" not in kept:
        kept.insert(0, "id", ids[~drop])
    dropped = {"count": int(drop.sum()), "ids": ids[drop].iloc[:MANIFEST_IDS].tolist(), "fields": by_field}
    return kept, notes, dropped
