"""Turn the CRS names found in CityGML / CityJSON files into something PROJ understands, and
suggest a CRS for data that name none (or an unknown one).

German state data name their CRS in the AdV style, e.g. ``urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH``
(horizontal ETRS89 / UTM 32N + DHHN2016 heights), or as versioned OGC compound URNs such as
``urn:ogc:def:crs,crs:EPSG:6.12:25833,crs:EPSG:6.12:5783`` (Sachsen, Rheinland-Pfalz); CityJSON
uses OGC URLs such as ``https://www.opengis.net/def/crs/EPSG/0/7415``. Only the horizontal part
matters here (heights stay as the file gives them).

Suggestions (``suggest_crs``) come from what the data say about their place: the coordinate ranges
(degrees, Dutch RD, Swiss LV95/LV03, Gauss-Krüger with its zone digit, UTM with a zone prefix) and,
for plain UTM coordinates — which look the same in every zone — hints such as an AdV tile name
(``LoD2_33_384_5820_1_BE``), the state prefix of ALKIS ids (``DEBE…``: Berlin publishes in UTM 33N)
or the CRS of the city's other inputs. References: AdV, "Festlegungen zum Raumbezug" (CRS names
``urn:adv:crs:…``); OGC 07-092r3 (URNs) and OGC 11-135 (http URIs, ``def/crs-compound``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from pyproj import CRS
from pyproj.exceptions import CRSError

__all__ = ["horizontal_crs", "lat_lon_order", "is_geographic", "suggest_crs", "CrsSuggestion", "STATE_UTM_ZONE"]

_ADV_UTM = re.compile(r"ETRS89_UTM(\d{2})", re.IGNORECASE)
_ADV_GK = re.compile(r"DE_DHDN_3GK(\d)", re.IGNORECASE)
_ADV_GK_42_83 = re.compile(r"DE_42/83_3?GK(\d)", re.IGNORECASE)
_ADV_GK_RD_83 = re.compile(r"DE_RD/83_3?GK(\d)", re.IGNORECASE)
_EPSG_CODE = re.compile(r"EPSG(?:/\d+(?:\.\d+)*/|:[\d.]*:|::?|:)(\d{4,6})", re.IGNORECASE)

# AdV state abbreviation (as in ALKIS ids "DENW…" and tile names "…_NW") → the UTM zone the state
# publishes in: Berlin, Brandenburg, Mecklenburg-Vorpommern and Sachsen use zone 33, all others 32.
STATE_UTM_ZONE = {"BE": 33, "BB": 33, "MV": 33, "SN": 33, "BW": 32, "BY": 32, "HB": 32, "HE": 32, "HH": 32,
                  "NI": 32, "NW": 32, "RP": 32, "SL": 32, "SH": 32, "ST": 32, "TH": 32}
STATE_NAMES = {"BE": "Berlin", "BB": "Brandenburg", "MV": "Mecklenburg-Vorpommern", "SN": "Sachsen",
               "BW": "Baden-Württemberg", "BY": "Bayern", "HB": "Bremen", "HE": "Hessen", "HH": "Hamburg",
               "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz", "SL": "Saarland",
               "SH": "Schleswig-Holstein", "ST": "Sachsen-Anhalt", "TH": "Thüringen"}
# Amtlicher Gemeindeschlüssel: its first two digits are the state.
AGS_STATE = {"01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
             "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH"}
_STATES = "|".join(STATE_UTM_ZONE)
_ALKIS_ID = re.compile(rf"^DE({_STATES})", re.IGNORECASE)
_TILE_NAME = re.compile(r"(?:^|[_\-])(3[123])[_\-]?\d{3}[_\-]\d{4}(?:[_\-]|$)")
_STATE_SUFFIX = re.compile(rf"_({_STATES})(?:\.|$)", re.IGNORECASE)
_UTM_EPSG = re.compile(r"EPSG:(258|326)(\d{2})$")


def _epsg_of(crs: CRS) -> str | None:
    """``EPSG:<code>`` of the horizontal part of ``crs``."""
    if crs.is_compound and crs.sub_crs_list:
        crs = crs.sub_crs_list[0]
    code = crs.to_epsg()
    return f"EPSG:{code}" if code else None


def horizontal_crs(name: str | None) -> str | None:
    """``EPSG:<code>`` of the horizontal CRS named by ``name``, or None if it cannot be recognised.

    Understands AdV names (UTM zones, DHDN / 42/83 / RD/83 Gauss-Krüger zones, with or without a
    height system after ``*``), EPSG codes (``EPSG:25832``, ``EPSG:25832+7837``), OGC URNs with and
    without a version (``urn:ogc:def:crs:EPSG:6.12:25833``), OGC compound URNs and URIs, and OGC
    http(s) URLs.

    Examples
    --------
    >>> horizontal_crs("urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH")
    'EPSG:25832'
    >>> horizontal_crs("urn:ogc:def:crs,crs:EPSG:6.12:25833,crs:EPSG:6.12:5783")
    'EPSG:25833'
    >>> horizontal_crs("https://www.opengis.net/def/crs/EPSG/0/7415")
    'EPSG:28992'
    """
    if not name or not name.strip():
        return None
    name = name.strip()
    match = _ADV_UTM.search(name)
    if match:
        return f"EPSG:258{match.group(1)}"
    for pattern, codes in ((_ADV_GK, {2: 31466, 3: 31467, 4: 31468, 5: 31469}),
                           (_ADV_GK_42_83, {3: 5673, 4: 2398, 5: 2399}), (_ADV_GK_RD_83, {4: 3398, 5: 3399})):
        match = pattern.search(name)
        if match:
            code = codes.get(int(match.group(1)))
            return f"EPSG:{code}" if code else None
    if "crs-compound" in name:  # OGC 11-135: .../def/crs-compound?1=<horizontal URL>&2=<vertical URL>
        first = parse_qs(urlparse(name).query).get("1")
        return horizontal_crs(first[0]) if first else None
    if name.lower().startswith("urn:ogc:def:crs,"):  # compound URN: the first component is horizontal
        return horizontal_crs("urn:ogc:def:" + name.split(",")[1])
    try:
        return _epsg_of(CRS.from_user_input(name))
    except CRSError:
        pass
    match = _EPSG_CODE.search(name)
    if not match:
        return None
    try:
        return _epsg_of(CRS.from_epsg(int(match.group(1))))
    except CRSError:
        return None


def lat_lon_order(crs: str | None) -> bool:
    """True for a geographic CRS whose official axis order is latitude first (EPSG:4326, 4258,
    6697, ...): GML coordinates in such a CRS come as (lat, lon) and must be swapped.
    """
    if not crs:
        return False
    try:
        parsed = CRS.from_user_input(crs)
    except CRSError:
        return False
    return parsed.is_geographic and parsed.axis_info[0].direction.lower() == "north"


def is_geographic(crs: str | None) -> bool:
    """True if ``crs`` is in degrees (longitude / latitude)."""
    if not crs:
        return False
    try:
        return bool(CRS.from_user_input(crs).is_geographic)
    except CRSError:
        return False


@dataclass(frozen=True)
class CrsSuggestion:
    """A CRS to try, and why (one phrase, shown in the error message)."""

    crs: str
    why: str
    guess: bool = False  # True when the data do not tell (plain UTM coordinates without hints)

    def as_fix(self, setting: str) -> str:
        """The fix sentence (``Add crs = "<crs>" to <setting> (<why>).``)."""
        return f'Add crs = "{self.crs}" to {setting} ({self.why}).'


def _state_hint(hints: Iterable[str]) -> tuple[str, str] | None:
    """(state abbreviation, what gave it away) from ids, file names or municipality keys."""
    for hint in hints:
        text = str(hint)
        match = _ALKIS_ID.match(text)
        if match:
            return match.group(1).upper(), f"the ids start with {text[:4]}"
        match = _STATE_SUFFIX.search(text)
        if match:
            return match.group(1).upper(), f"the file name {text} ends with the state code {match.group(1).upper()}"
        if re.fullmatch(r"\d{8}", text) and text[:2] in AGS_STATE:
            return AGS_STATE[text[:2]], f"the municipality key {text}"
    return None


def _utm_zone_hint(hints: list[str]) -> CrsSuggestion | None:
    for hint in hints:
        match = _TILE_NAME.search(str(hint))
        if match:
            zone = int(match.group(1))
            return CrsSuggestion(f"EPSG:258{zone}", f"the tile name {hint} carries UTM zone {zone}")
    state = _state_hint(hints)
    if state:
        code, what = state
        zone = STATE_UTM_ZONE[code]
        return CrsSuggestion(f"EPSG:258{zone}", f"{what}: {STATE_NAMES[code]} publishes in ETRS89 / UTM {zone}N")
    for hint in hints:
        match = _UTM_EPSG.match(str(hint))
        if match:
            return CrsSuggestion(str(hint), f"the city's other inputs are in {hint}")
    return None


def suggest_crs(bounds: tuple[float, float, float, float] | None, *, hints: Iterable[str] = ()) -> CrsSuggestion:
    """The CRS that data with these coordinates most likely use.

    Parameters
    ----------
    bounds
        (min x, min y, max x, max y) of the coordinates as they stand in the file, or None.
    hints
        Strings that may reveal the place: file names, feature ids, municipality keys (AGS), the
        CRS of the city's other inputs (``EPSG:…``).

    Returns
    -------
    The suggestion; for plain UTM coordinates without hints, zone 32 with the zone-33 states named.
    """
    hints = [h for h in hints if h]
    if bounds is None or not all(abs(v) < 1e12 for v in bounds):
        return _utm_zone_hint(hints) or CrsSuggestion("EPSG:25832", "ETRS89 / UTM 32N; EPSG:25833 for Berlin, "
                                                      "Brandenburg, Mecklenburg-Vorpommern and Sachsen", guess=True)
    x = (bounds[0] + bounds[2]) / 2
    y = (bounds[1] + bounds[3]) / 2
    if abs(x) <= 180 and abs(y) <= 90:
        if 45 <= x <= 56 and 5 <= y <= 16:  # Germany with latitude first
            return CrsSuggestion("EPSG:4326", "the coordinates are degrees, latitude first")
        return CrsSuggestion("EPSG:4326", "the coordinates are longitude/latitude degrees")
    if 31_000_000 <= x < 34_000_000 and 5_000_000 <= y < 6_200_000:  # UTM easting with the zone in front
        zone = int(x // 1_000_000)
        code = {31: 5649, 32: 4647, 33: 5650}[zone]
        return CrsSuggestion(f"EPSG:{code}", f"eastings of eight digits start with the UTM zone {zone}")
    if 2_480_000 <= x < 2_840_000 and 1_070_000 <= y < 1_300_000:
        return CrsSuggestion("EPSG:2056", "the coordinates fit the Swiss LV95 grid")
    if 2_400_000 <= x < 5_700_000 and 5_200_000 <= y < 6_200_000:  # Gauss-Krüger: first digit = zone
        zone = int(x // 1_000_000)
        return CrsSuggestion(f"EPSG:{31464 + zone}", f"Gauss-Krüger eastings whose first digit is the zone {zone}")
    if 480_000 <= x < 840_000 and 70_000 <= y < 300_000:
        return CrsSuggestion("EPSG:21781", "the coordinates fit the Swiss LV03 grid")
    if 0 <= x < 300_000 and 300_000 <= y < 625_000:
        return CrsSuggestion("EPSG:28992", "the coordinates fit the Dutch RD New grid (Amersfoort)")
    if 100_000 <= x < 900_000 and 0 <= y < 9_400_000:
        hinted = _utm_zone_hint(hints)
        if hinted:
            return hinted
        return CrsSuggestion("EPSG:25832", "UTM coordinates look alike in every zone: EPSG:25832 for most of "
                             "Germany, EPSG:25833 for Berlin, Brandenburg, Mecklenburg-Vorpommern and Sachsen, "
                             "EPSG:25831 for the Netherlands and Belgium", guess=True)
    return _utm_zone_hint(hints) or CrsSuggestion("EPSG:<code>", "the EPSG code of the coordinates' projected CRS, "
                                                  "in metres", guess=True)
