"""Building function codes of city models → our use classes (they drive residents, jobs and so the
traffic demand).

Use classes: ``residential``, ``mixed`` (homes and workplaces, counted half each), ``commercial``,
``industrial``, ``public``, ``ancillary`` (garages, carports, roofs, sheds, barns, garden and
weekend houses: neither residents nor jobs) and ``other`` (unknown).

Two code lists are in use:

* **AdV / ALKIS** (the German state LoD2 data): ``<object type>_<code>``. Object type ``31001`` is
  AX_Gebaeude with the codes of AX_Gebaeudefunktion (``31001_1000`` Wohngebäude, ``…_1010``
  Wohnhaus, ``…_2463`` Garage, ``…_2723`` Schuppen, ``…_3021`` allgemein bildende Schule, ...).
  Other object types are structures, not buildings: ``51009_1610`` (AX_SonstigesBauwerk,
  Überdachung), ``51009_1611`` (Carport), ``51001`` (Turm), ``53001`` (Bauwerk im
  Verkehrsbereich), ... — all ancillary. Source: AdV, GeoInfoDok 7.1, ALKIS-Objektartenkatalog
  (AX_Gebaeude.gebaeudefunktion, AX_SonstigesBauwerkOderSonstigeEinrichtung.bauwerksfunktion).
* **SIG3D** (the code list that CityGML 1.0 / 2.0 propose, Annex C: ``1000`` residential building,
  ``1120`` office building, ``1630`` garage, ...; steps of ten up to ``2700``), used when a code
  has no AdV prefix and the element's ``codeSpace`` names the SIG3D / CityGML list.

A bare code without prefix and code space is read as AdV (what German data carry). Words
(``residential``, ``Wohnhaus``, ``garage``) are matched by keyword.
"""

from __future__ import annotations

import re

__all__ = ["function_use", "USES", "NON_DWELLING_USES"]

USES = ("residential", "mixed", "commercial", "industrial", "public", "ancillary", "other")
NON_DWELLING_USES = ("ancillary",)  # neither residents nor jobs

# ALKIS AX_Gebaeudefunktion (31001_xxxx): exceptions first, then ranges.
_ALKIS_CODES: dict[int, str] = {
    **{c: "residential" for c in (1000, 1010, 1020, 1021, 1022, 1023, 1024, 1025, 1210, 1220, 1221, 1222, 1223,
                                  3064, 3066)},  # 3064 Obdachlosenheim, 3066 Asylbewerberheim: people live there
    **{c: "mixed" for c in (1100, 1110, 1120, 1121, 1122, 1123, 1130, 1131, 2310, 2320, 3100)},
    **{c: "ancillary" for c in (
        1310, 1311, 1312, 1313,              # Freizeit-, Ferien-, Wochenend-, Gartenhaus: no permanent residents
        2082,                                # Hütte ohne Übernachtung
        2412, 2444,                          # Wartehalle, Bootshaus
        2460, 2461, 2462, 2463, 2464, 2465,  # Parkhaus, Parkdeck, Garage, Fahrzeughalle, Tiefgarage
        2513, 2523, 2612, 2621,              # Wasserbehälter, Umformer, Toilette, Müllbunker
        2721, 2723, 2724, 2726, 2727, 2728,  # Scheune, Schuppen, Stall, Scheune und Stall, Tiergroßhaltung, Reithalle
        2732, 2735, 2740, 2741, 2742,        # Almhütte, Jagdhütte, Treib- und Gewächshäuser
        3074, 3281)},                        # Schutzbunker, Schutzhütte
    2130: "commercial", 2131: "commercial",  # Tankstelle, Waschanlage
    9998: "other",                           # nach Quellenlage nicht zu spezifizieren
}
_ALKIS_RANGES = ((2000, 2100, "commercial"), (2100, 2300, "industrial"), (2400, 2700, "industrial"),
                 (2700, 2800, "industrial"), (3000, 4000, "public"))

# SIG3D / CityGML 2.0 Annex C _AbstractBuilding function (steps of ten).
_SIG3D_CODES: dict[int, str] = {
    **{c: "mixed" for c in (1030, 1040, 1050, 1060, 1080)},
    **{c: "ancillary" for c in (1100, 1110, 1490, 1590, 1610, 1620, 1630, 1640, 1650, 1690, 1830, 1840, 1880,
                                1890, 1900, 1910, 1920, 1940, 1950, 2430, 2620, 2640)},
    **{c: "residential" for c in (2370, 2390)},  # homeless shelter, asylum seekers' home
    2700: "other",
}
_SIG3D_RANGES = ((1000, 1100, "residential"), (1120, 1310, "commercial"), (1310, 1960, "industrial"),
                 (1960, 2700, "public"))

_KEYWORDS = (
    ("ancillary", ("garage", "carport", "shed", "schuppen", "scheune", "barn", "stall", "überdachung", "roof",
                   "canopy", "gartenhaus", "gewächshaus", "greenhouse", "parking", "parkhaus")),
    ("mixed", ("mixed", "gemischt", "wohn- und geschäft", "wohn- und büro")),
    ("residential", ("residential", "wohn", "house", "dwelling", "apartment")),
    ("industrial", ("industrial", "industrie", "fabrik", "factory", "werkstatt", "warehouse", "lager")),
    ("commercial", ("commercial", "retail", "office", "büro", "geschäft", "handel", "shop", "hotel", "gewerbe")),
    ("public", ("public", "öffentlich", "school", "schule", "church", "kirche", "hospital", "krankenhaus",
                "verwaltung", "kindergarten", "university", "hochschule")),
)
_ADV_CODE = re.compile(r"^(\d{5})_(\d{4})$")
_BARE_CODE = re.compile(r"^\d{4}$")


def _from_table(code: int, codes: dict[int, str], ranges: tuple[tuple[int, int, str], ...]) -> str | None:
    if code in codes:
        return codes[code]
    return next((use for low, high, use in ranges if low <= code < high), None)


def function_use(value: object, *, code_space: str | None = None) -> str:
    """The use class of a building function value (an AdV code ``31001_1000``, a bare code, or words).

    Parameters
    ----------
    value
        The function as the file gives it (a list: its first entry).
    code_space
        The ``codeSpace`` of the CityGML element, if any (a SIG3D / CityGML list switches bare
        codes to that list).

    Returns
    -------
    One of ``USES``; ``other`` when unknown.
    """
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None:
        return "other"
    text = str(value).strip()
    if not text:
        return "other"
    match = _ADV_CODE.match(text)
    if match:
        kind, code = match.group(1), int(match.group(2))
        if kind == "31001":
            return _from_table(code, _ALKIS_CODES, _ALKIS_RANGES) or "other"
        if kind[:2] in ("51", "53"):  # Bauwerke: canopies, carports, towers, bridges, walls ...
            return "ancillary"
        return "other"
    if _BARE_CODE.match(text):
        code = int(text)
        space = (code_space or "").lower()
        if "sig3d" in space or ("citygml" in space and "adv" not in space):
            return _from_table(code, _SIG3D_CODES, _SIG3D_RANGES) or "other"
        return _from_table(code, _ALKIS_CODES, _ALKIS_RANGES) or "other"
    lower = text.lower()
    for use, words in _KEYWORDS:
        if any(word in lower for word in words):
            return use
    return "other"
