"""OpenStreetMap tag values → our attributes (pure functions, no I/O).

Units: heights in m, speeds in km/h.
"""

from __future__ import annotations

import math
import re

__all__ = ["OSM_SOURCE", "parse_height_m", "parse_levels", "parse_maxspeed_kmh", "parse_lanes", "parse_oneway",
           "road_class", "building_use", "land_cover", "MPH_KMH"]

# What an input read from OpenStreetMap says about itself (ODbL 1.0 §4.3 asks for this attribution;
# https://www.openstreetmap.org/copyright/de). layers.provenance fills it in for OSM inputs.
OSM_SOURCE = {"source": "© OpenStreetMap-Mitwirkende", "licence": "ODbL 1.0",
              "url": "https://www.openstreetmap.org/copyright"}
MPH_KMH = 1.609344
FEET_M = 0.3048
# Implicit limits ("<country>:<type>"); https://wiki.openstreetmap.org/wiki/Default_speed_limits
IMPLICIT_KMH = {"urban": 50.0, "rural": 100.0, "motorway": 130.0, "trunk": 100.0, "living_street": 7.0,
                "zone30": 30.0, "zone20": 20.0, "zone10": 10.0, "bicycle_road": 30.0, "walk": 7.0}
RURAL_BY_COUNTRY = {"FI": 80.0, "CH": 80.0, "NL": 80.0, "FR": 80.0, "DK": 80.0, "SE": 70.0, "NO": 80.0}
# maxspeed=none (no limit, e.g. German Autobahn): the advisory speed 130 km/h is used.
NO_LIMIT_KMH = 130.0
WALK_KMH = 7.0  # "Schrittgeschwindigkeit"

_NUMBER = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(m|meter|metres?|ft|feet|')?\s*$", re.IGNORECASE)
_SPEED = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(mph|km/h|kmh|kph)?\s*$", re.IGNORECASE)
_ZONE = re.compile(r"^([A-Z]{2}):zone:?(\d+)$", re.IGNORECASE)


def _first(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).split(";")[0].strip()
    return text or None


def parse_height_m(value: object) -> float | None:
    """``height`` tag → m (``"12"``, ``"12.5 m"``, ``"12,5"``, ``"40 ft"``); None if absent or unusable."""
    text = _first(value)
    if text is None:
        return None
    match = _NUMBER.match(text)
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    if match.group(2) and match.group(2).lower() in ("ft", "feet", "'"):
        number *= FEET_M
    return number if 0 < number < 1000 else None


def parse_levels(value: object) -> float | None:
    """``building:levels`` → number of storeys above ground; None if absent or unusable."""
    text = _first(value)
    try:
        number = float(text.replace(",", ".")) if text else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 200 else None


def parse_maxspeed_kmh(value: object) -> float | None:
    """``maxspeed`` → km/h: numbers, ``"30 mph"``, ``"DE:urban"`` (50), ``"DE:rural"`` (100),
    ``"DE:zone30"`` / ``"DE:zone:30"`` (30), ``"walk"`` (7), ``"none"`` (130, the advisory speed).
    None if absent or not understood.
    """
    text = _first(value)
    if text is None:
        return None
    lower = text.lower()
    if lower == "none":
        return NO_LIMIT_KMH
    if lower == "walk":
        return WALK_KMH
    match = _SPEED.match(text)
    if match:
        number = float(match.group(1).replace(",", "."))
        return round(number * MPH_KMH, 1) if (match.group(2) or "").lower() == "mph" else number
    match = _ZONE.match(text)
    if match:
        return float(match.group(2))
    if ":" in text:
        country, kind = text.split(":", 1)
        kind = kind.lower()
        if kind == "rural":
            return RURAL_BY_COUNTRY.get(country.upper(), IMPLICIT_KMH["rural"])
        return IMPLICIT_KMH.get(kind)
    return None


def parse_lanes(value: object) -> float | None:
    """``lanes`` → total number of lanes; None if absent or unusable."""
    text = _first(value)
    try:
        number = float(text) if text else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 20 else None


def parse_oneway(value: object) -> tuple[bool, bool]:
    """``oneway`` → (one-way?, reversed?): ``yes``/``true``/``1`` → (True, False), ``-1`` → (True,
    True: traffic runs against the drawing direction), anything else → (False, False).
    """
    text = (_first(value) or "").lower()
    if text in ("yes", "true", "1"):
        return True, False
    if text in ("-1", "reverse"):
        return True, True
    return False, False


_CLASSES = {"motorway": "motorway", "trunk": "trunk", "primary": "primary", "secondary": "secondary",
            "tertiary": "tertiary", "residential": "residential", "unclassified": "residential",
            "living_street": "residential", "service": "service"}


def road_class(highway: object) -> str:
    """``highway`` → our road class (``motorway`` … ``service``; links join their road's class; else ``other``)."""
    text = (_first(highway) or "").lower().removesuffix("_link")
    return _CLASSES.get(text, "other")


_USE = {
    "residential": {"residential", "apartments", "house", "detached", "semidetached_house", "terrace", "dormitory",
                    "bungalow", "farm", "houseboat", "static_caravan"},
    "commercial": {"commercial", "retail", "office", "kiosk", "supermarket", "hotel", "shop", "bank"},
    "industrial": {"industrial", "warehouse", "factory", "manufacture", "hangar", "storage_tank", "service"},
    "public": {"public", "civic", "government", "school", "university", "college", "kindergarten", "hospital",
               "church", "cathedral", "chapel", "mosque", "synagogue", "temple", "museum", "train_station",
               "transportation", "fire_station", "library", "townhall", "sports_hall", "stadium"},
}


def building_use(building: object, *, amenity: object = None, shop: object = None, office: object = None) -> str:
    """``building`` (+ ``amenity``/``shop``/``office`` for ``building=yes``) → our use class."""
    text = (_first(building) or "yes").lower()
    for use, values in _USE.items():
        if text in values:
            return use
    if _first(shop) or _first(office):
        return "commercial"
    if _first(amenity):
        return "public"
    return "other"


_COVER = {
    "green": {"grass", "meadow", "forest", "wood", "park", "recreation_ground", "cemetery", "farmland", "orchard",
              "allotments", "village_green", "vineyard", "scrub", "heath", "grassland", "wetland", "garden",
              "greenfield", "plant_nursery", "farmyard"},
    "sealed": {"residential", "commercial", "retail", "industrial", "civil", "construction", "railway", "garages",
               "military", "brownfield", "port", "parking", "education", "religious"},
    "water": {"basin", "reservoir", "water", "pond"},
}


def land_cover(value: object) -> str | None:
    """``landuse`` / ``natural`` / ``leisure`` value → ``green``, ``sealed`` or ``water`` (None: not land cover)."""
    text = (_first(value) or "").lower()
    for cover, values in _COVER.items():
        if text in values:
            return cover
    return None
