"""Parse OpenStreetMap ``maxspeed`` values into km/h.

Accepted forms (case-insensitive, surrounding whitespace ignored):

* numbers (``int``/``float``) and numeric strings: ``50``, ``"50"``, ``"50 km/h"``,
  ``"50 kmh"`` -> km/h as given;
* miles per hour: ``"30 mph"`` -> 30 x 1.609344 = 48.28 km/h;
* German implicit limits (StVO): ``"DE:urban"`` -> 50, ``"DE:rural"`` -> 100,
  ``"DE:zone30"``/``"DE:zone:30"`` -> 30, ``"DE:zone20"``/``"DE:zone:20"`` -> 20,
  ``"DE:living_street"`` and ``"walk"`` -> 7 (see below), ``"DE:bicycle_road"`` -> 30,
  ``"DE:motorway"`` and ``"none"`` -> 130;
* several values separated by ``";"`` (e.g. lane- or time-dependent limits) ->
  the *lowest* one, a conservative choice for a peak-hour model.

Documented assumptions
----------------------
``"walk"`` / living street (Schrittgeschwindigkeit)
    StVO gives no number; German courts have put walking pace at 4-7 km/h (some
    up to 10 km/h).  We use the upper value, :data:`WALK_SPEED_KMH` = 7 km/h.
``"none"`` / ``"DE:motorway"``
    No legal limit (Autobahn).  We use the advisory speed (Richtgeschwindigkeit)
    :data:`NO_LIMIT_SPEED_KMH` = 130 km/h, which is what route choice models
    usually assume for unlimited German motorways.

Anything else (``"signals"``, ``"variable"``, ``"fast"``, negative or zero numbers)
raises :class:`MaxspeedError` naming the feature id, the value and how to fix it.
Missing values (``None``, NaN, ``""``) are *not* parsed here; callers decide on a
fallback (see :func:`layers.traffic.network.network_from_roads`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = [
    "KMH_PER_MPH",
    "WALK_SPEED_KMH",
    "NO_LIMIT_SPEED_KMH",
    "MaxspeedError",
    "is_missing",
    "parse_maxspeed",
    "parse_maxspeeds",
]

#: km/h per mile per hour (exact, international mile).
KMH_PER_MPH: float = 1.609344
#: Value used for ``"walk"`` and living streets, km/h.
WALK_SPEED_KMH: float = 7.0
#: Value used for ``"none"`` (no limit) and ``"DE:motorway"``, km/h.
NO_LIMIT_SPEED_KMH: float = 130.0

_KEYWORDS: dict[str, float] = {
    "de:urban": 50.0,
    "de:rural": 100.0,
    "de:zone30": 30.0,
    "de:zone:30": 30.0,
    "de:zone20": 20.0,
    "de:zone:20": 20.0,
    "de:zone10": 10.0,
    "de:zone:10": 10.0,
    "de:bicycle_road": 30.0,
    "de:living_street": WALK_SPEED_KMH,
    "walk": WALK_SPEED_KMH,
    "de:motorway": NO_LIMIT_SPEED_KMH,
    "none": NO_LIMIT_SPEED_KMH,
}

_NUMBER_RE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(km/h|kmh|kph|mph|knots)?$")

_FIX = (
    "Fix: set 'maxspeed' to a number in km/h (e.g. 50), '<n> mph', or one of "
    "'DE:urban', 'DE:rural', 'DE:zone30', 'walk', 'none'; or remove the value so "
    "that the class default speed is used."
)


class MaxspeedError(ValueError):
    """Raised when one or more ``maxspeed`` values cannot be interpreted."""


def is_missing(value: Any) -> bool:
    """Return True for ``None``, NaN/NA and empty strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    import pandas as pd

    try:
        res = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(res, (bool, np.bool_)) and bool(res)


def _parse_single(token: str) -> float | None:
    t = token.strip().lower()
    if t in _KEYWORDS:
        return _KEYWORDS[t]
    m = _NUMBER_RE.match(t)
    if not m:
        return None
    number = float(m.group(1).replace(",", "."))
    unit = m.group(2)
    if unit == "mph":
        number *= KMH_PER_MPH
    elif unit == "knots":
        number *= 1.852
    return number


def parse_maxspeed(value: Any, *, feature_id: Any = None) -> float:
    """Convert one ``maxspeed`` value to km/h.

    Parameters
    ----------
    value : int, float or str
        Raw ``maxspeed`` value (see module docstring for accepted forms).
    feature_id : optional
        Id of the road feature, used only in the error message.

    Returns
    -------
    float
        Speed limit in km/h (> 0).

    Raises
    ------
    MaxspeedError
        If the value is missing, unparseable or not positive.
    """
    where = f"road id={feature_id!r}: " if feature_id is not None else ""
    if is_missing(value):
        raise MaxspeedError(f"{where}maxspeed is missing. {_FIX}")
    if isinstance(value, bool):
        raise MaxspeedError(f"{where}maxspeed {value!r} is a boolean, not a speed. {_FIX}")
    if isinstance(value, (int, float)) or hasattr(value, "__float__") and not isinstance(value, str):
        speed = float(value)
    else:
        parts = [p for p in str(value).split(";") if p.strip()]
        speeds = [_parse_single(p) for p in parts]
        if not speeds or any(s is None for s in speeds):
            raise MaxspeedError(f"{where}cannot parse maxspeed {value!r}. {_FIX}")
        speed = min(speeds)  # type: ignore[type-var]
    if not math.isfinite(speed) or speed <= 0:
        raise MaxspeedError(f"{where}maxspeed {value!r} is not a positive speed. {_FIX}")
    return float(speed)


def parse_maxspeeds(
    values: Iterable[Any],
    ids: Iterable[Any],
    *,
    default_by_class: Mapping[str, float] | None = None,
    classes: Iterable[str] | None = None,
) -> list[float]:
    """Parse many values at once and report *all* bad ones in one error.

    Parameters
    ----------
    values : iterable
        Raw ``maxspeed`` values.
    ids : iterable
        Feature ids (same length), used in error messages.
    default_by_class : mapping of str to float, optional
        Fallback speed (km/h) per road class for *missing* values.  Without it,
        missing values are errors.
    classes : iterable of str, optional
        Road class per feature; required with ``default_by_class``.

    Returns
    -------
    list of float
        Speeds in km/h.

    Raises
    ------
    MaxspeedError
        Listing every feature whose value could not be used.
    """
    values = list(values)
    ids = list(ids)
    cls = list(classes) if classes is not None else [None] * len(values)
    out: list[float] = []
    problems: list[str] = []
    for v, fid, c in zip(values, ids, cls):
        if is_missing(v) and default_by_class is not None and c in default_by_class:
            out.append(float(default_by_class[c]))
            continue
        try:
            out.append(parse_maxspeed(v, feature_id=fid))
        except MaxspeedError:
            problems.append(f"  road id={fid!r}: maxspeed={v!r}")
            out.append(float("nan"))
    if problems:
        shown = "\n".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise MaxspeedError(
            f"{len(problems)} road(s) have an unusable maxspeed:\n{shown}{more}\n{_FIX}"
        )
    return out
