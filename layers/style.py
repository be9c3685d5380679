"""Colours, widths, classes and labels of every layer; legends are built from the same tables.

One place for the look of the map, so that our scenario layers and a city's own results
(``layers.importers.external``) classify and colour the same quantity the same way.

Qualitative palettes are colour-blind safe (Okabe–Ito / Paul Tol "light") so categories stay
apart for people with red–green colour vision deficiency; quantities use sequential
(ColorBrewer "Blues", "YlOrRd", Paul Tol "YlOrBr") or diverging (Paul Tol "BuRd") schemes.
Flood depth classes are those German heavy-rain hazard maps show (0.1 / 0.3 / 0.5 / 1.0 m).

References: Okabe & Ito (2008), Color Universal Design; Tol, Colour schemes (SRON/EPS/TN/09-002);
Brewer & Harrower, ColorBrewer 2.0 (colorbrewer2.org).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "BUILDING_USE",
    "CHANGE_CLASSES",
    "DEPTH_CHANGE_COLOURS",
    "FLOOD_ALPHA",
    "FLOOD_BUILDING_COLOURS",
    "FLOOD_DEPTH_CLASSES_M",
    "FLOOD_DEPTH_COLOURS",
    "HAZARD_COLOURS",
    "MAX_LINK_WIDTH_M",
    "MEASURE_AREA_COLOUR",
    "MEASURE_COLOUR",
    "NEUTRAL_CHANGE_VPH",
    "NEUTRAL_NOISE_DB",
    "NOISE_CHANGE_CLASSES",
    "NOISE_LABEL",
    "ROAD_CLASS",
    "VC_CLASSES",
    "VELOCITY_COLOURS",
    "WATER_COLOUR",
    "change_colours",
    "change_legend",
    "change_width_m",
    "decimal_text",
    "depth_class_labels",
    "label",
    "load_width_m",
    "noise_change_colours",
    "noise_change_legend",
    "spread_palette",
    "vc_colours",
    "vc_legend",
]

RGB = tuple[int, int, int]


def label(de: str, en: str) -> dict[str, str]:
    """A label in German (default) and English."""
    return {"de": de, "en": en}


# ------------------------------------------------------------------------------------ base layers
# use → (RGB, label)
BUILDING_USE: dict[str, tuple[RGB, dict[str, str]]] = {
    "residential": ((238, 221, 136), label("Wohnen", "Residential")),
    "mixed": ((255, 170, 187), label("Wohnen & Gewerbe", "Mixed use")),
    "commercial": ((119, 170, 221), label("Gewerbe & Handel", "Commercial")),
    "industrial": ((187, 204, 51), label("Industrie", "Industrial")),
    "public": ((238, 136, 102), label("Öffentlich", "Public")),
    "ancillary": ((170, 170, 170), label("Nebengebäude, Garagen, Überdachungen", "Garages, sheds, roofs")),
    "other": ((221, 221, 221), label("Sonstige", "Other")),
}

# class → (RGB, width (m), label); drawn widest first
ROAD_CLASS: dict[str, tuple[RGB, float, dict[str, str]]] = {
    "motorway": ((204, 51, 17), 18.0, label("Autobahn", "Motorway")),
    "trunk": ((238, 119, 51), 14.0, label("Bundesstraße", "Trunk road")),
    "primary": ((240, 160, 70), 12.0, label("Hauptstraße", "Primary road")),
    "secondary": ((250, 200, 100), 10.0, label("Nebenhauptstraße", "Secondary road")),
    "tertiary": ((255, 245, 200), 8.0, label("Verbindungsstraße", "Tertiary road")),
    "residential": ((255, 255, 255), 6.0, label("Wohnstraße", "Residential street")),
    "service": ((235, 235, 235), 4.0, label("Erschließungsweg", "Service road")),
    "other": ((230, 230, 230), 5.0, label("Sonstige", "Other")),
}

WATER_COLOUR = (90, 150, 210)

# ------------------------------------------------------------------------------------ heavy rain
FLOOD_DEPTH_CLASSES_M = (0.1, 0.3, 0.5, 1.0)
"""Lower bounds of the depth classes (m) of the maps (German hazard maps: NRW Arbeitshilfe 2018)."""
# Sequential blues (ColorBrewer "Blues"), light = shallow, dark = deep.
FLOOD_DEPTH_COLOURS: tuple[RGB, ...] = ((158, 202, 225), (66, 146, 198), (33, 113, 181), (8, 48, 107))
FLOOD_ALPHA = 215
"""Opacity (0–255) of the water in a depth overlay."""
# Buildings with water at their walls: sequential yellow → red (ColorBrewer "YlOrRd").
FLOOD_BUILDING_COLOURS: tuple[RGB, ...] = ((254, 217, 118), (253, 141, 60), (227, 26, 28), (128, 0, 38))
# A measure's footprint (bright green, clear of blues and the buildings' yellow-red) and its area of
# effect (magenta outline).
MEASURE_COLOUR: RGB = (0, 200, 83)
MEASURE_AREA_COLOUR: RGB = (214, 0, 170)
# Velocity classes < 0.2 / 0.2–0.5 / 0.5–2 / > 2 m/s (layers.flood.hazard): sequential ColorBrewer
# "RdPu", clear of the depth map's blues.
VELOCITY_COLOURS: tuple[RGB, ...] = ((252, 197, 192), (247, 104, 161), (174, 1, 126), (73, 0, 106))
# Hazard classes low / moderate / significant / extreme: sequential ColorBrewer "YlOrRd".
HAZARD_COLOURS: tuple[RGB, ...] = ((255, 237, 160), (254, 178, 76), (240, 59, 32), (128, 0, 38))
# Change of max depth, newly dry … newly wet (layers.flood.hazard.CHANGE_LABELS): diverging
# ColorBrewer "PuOr" (11 classes: 11, 9, 7, 5, 3, 1), purple = less water, orange = more.
DEPTH_CHANGE_COLOURS: tuple[RGB, ...] = ((45, 0, 75), (128, 115, 172), (216, 218, 235), (254, 224, 182),
                                         (224, 130, 20), (127, 59, 8))


def spread_palette(n: int, colours: tuple[RGB, ...]) -> np.ndarray:
    """``n`` colours (uint8, shape (n, 3)) spread evenly over a sequential palette.

    The palette's own colours when ``n`` equals its length; else linear interpolation in RGB
    between neighbouring colours.
    """
    base = np.asarray(colours, dtype=float)
    if n == len(base):
        return base.astype("uint8")
    pos = np.linspace(0, len(base) - 1, n)
    columns = [np.interp(pos, np.arange(len(base)), base[:, c]) for c in range(3)]
    return np.stack(columns, axis=1).round().astype("uint8")


def decimal_text(value: float, lang: str) -> str:
    """``value`` with at least one decimal, and a decimal comma in German (0.1 → "0,1")."""
    short = f"{value:g}"
    decimals = max(1, len(short.split(".")[1]) if "." in short else 1)
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "de" else text


def depth_class_labels(classes: tuple[float, ...]) -> list[dict[str, str]]:
    """Legend labels of depth classes (m): "0,1–0,3 m", ..., "≥ 1,0 m"."""
    labels = []
    for k, low in enumerate(classes):
        de, en = decimal_text(low, "de"), decimal_text(low, "en")
        if k + 1 < len(classes):
            high = classes[k + 1]
            labels.append(label(f"{de}–{decimal_text(high, 'de')} m", f"{en}–{decimal_text(high, 'en')} m"))
        else:
            labels.append(label(f"≥ {de} m", f"≥ {en} m"))
    return labels


# ------------------------------------------------------------------------------------ traffic
MAX_LINK_WIDTH_M = 20.0
NEUTRAL_CHANGE_VPH = 10.0

# (upper bound of v/c, RGB, label); Paul Tol YlOrBr: most streets carry little traffic and stay pale
# (they look like ordinary roads), loaded ones stand out in orange, overloaded ones in dark brown.
VC_CLASSES: list[tuple[float, RGB, dict[str, str]]] = [
    (0.5, (255, 247, 188), label("bis 50 %", "up to 50 %")),
    (0.8, (254, 196, 79), label("50–80 %", "50–80 %")),
    (1.0, (236, 112, 20), label("80–100 %", "80–100 %")),
    (np.inf, (102, 37, 6), label("über 100 % (überlastet)", "over 100 % (over capacity)")),
]
# (upper bound of |change| in veh/h, colour for fewer, colour for more, labels); Paul Tol BuRd.
CHANGE_CLASSES: list[tuple[float, RGB, RGB, dict, dict]] = [
    (NEUTRAL_CHANGE_VPH, (221, 221, 221), (221, 221, 221),
     label("kaum Änderung (±10 Kfz/h)", "little change (±10 veh/h)"), {}),
    (50.0, (146, 197, 222), (244, 165, 130), label("10–50 Kfz/h weniger", "10–50 veh/h fewer"),
     label("10–50 Kfz/h mehr", "10–50 veh/h more")),
    (200.0, (67, 147, 195), (214, 96, 77), label("50–200 Kfz/h weniger", "50–200 veh/h fewer"),
     label("50–200 Kfz/h mehr", "50–200 veh/h more")),
    (np.inf, (33, 102, 172), (178, 24, 43), label("über 200 Kfz/h weniger", "over 200 veh/h fewer"),
     label("über 200 Kfz/h mehr", "over 200 veh/h more")),
]


def vc_colours(vc: np.ndarray) -> np.ndarray:
    """RGB (n, 3) of the v/c classes (≤ 0.5, ≤ 0.8, ≤ 1.0, > 1.0)."""
    bounds = [upper for upper, _, _ in VC_CLASSES[:-1]]
    palette = np.array([rgb for _, rgb, _ in VC_CLASSES])
    return palette[np.digitize(np.asarray(vc, float), bounds, right=True)]


def _diverging_colours(values: np.ndarray, classes: list[tuple]) -> np.ndarray:
    """RGB (n, 3) of signed values in diverging ``classes`` (upper bound of |value|, colour for less, colour
    for more, …): the first class is neutral; NaN counts as neutral.
    """
    value = np.nan_to_num(np.asarray(values, float), nan=0.0)
    step = np.digitize(np.abs(value), [upper for upper, *_ in classes[:-1]], right=True)
    fewer = np.array([c[1] for c in classes])[step]
    more = np.array([c[2] for c in classes])[step]
    return np.where((value > 0)[:, None], more, fewer)


def _diverging_legend(classes: list[tuple], title: dict, note: dict) -> dict:
    fewer = [{"label": c[3], "color": list(c[1])} for c in reversed(classes[1:])]
    neutral = [{"label": classes[0][3], "color": list(classes[0][1])}]
    more = [{"label": c[4], "color": list(c[2])} for c in classes[1:]]
    return {"type": "categorical", "title": title, "note": note, "items": fewer + neutral + more}


def change_colours(change_vph: np.ndarray) -> np.ndarray:
    """RGB (n, 3) of volume changes (veh/h): blue for fewer, red for more, grey for |change| ≤ 10."""
    return _diverging_colours(change_vph, CHANGE_CLASSES)


def load_width_m(volume_vph: np.ndarray) -> np.ndarray:
    """Line width (m) of a load layer: 2 m + 1 m per 150 veh/h, at most 20 m."""
    return np.minimum(2.0 + np.asarray(volume_vph, float) / 150.0, MAX_LINK_WIDTH_M)


def change_width_m(change_vph: np.ndarray) -> np.ndarray:
    """Line width (m) of a difference layer: 2 m + 1 m per 50 veh/h of |change|, at most 20 m."""
    return np.minimum(2.0 + np.abs(np.asarray(change_vph, float)) / 50.0, MAX_LINK_WIDTH_M)


def vc_legend() -> dict:
    """The legend of a load layer: v/c classes, line width = volume."""
    return {"type": "categorical", "title": label("Auslastung v/c", "Load v/c"),
            "note": label("Linienbreite: Verkehrsstärke", "Line width: volume"),
            "items": [{"label": lab, "color": list(rgb)} for _, rgb, lab in VC_CLASSES]}


def change_legend() -> dict:
    """The legend of a difference layer: fewer (blues), little change (grey), more (reds)."""
    return _diverging_legend(CHANGE_CLASSES, label("Änderung der Verkehrsstärke", "Change in volume"),
                             label("Linienbreite: Betrag der Änderung", "Line width: size of the change"))


# ------------------------------------------------------------------------------------ noise
NOISE_LABEL = label("nach RLS-19, orientierend", "RLS-19-based, indicative")
NEUTRAL_NOISE_DB = 0.5
# (upper bound of |change| in dB, colour for quieter, colour for louder, labels): the same Paul Tol BuRd
# steps as the volume changes (colour-blind safe); 1 dB is about what a listener notices side by side,
# 3 dB a halving or doubling of the traffic.
NOISE_CHANGE_CLASSES: list[tuple[float, RGB, RGB, dict, dict]] = [
    (NEUTRAL_NOISE_DB, (221, 221, 221), (221, 221, 221),
     label("kaum Änderung (±0,5 dB)", "little change (±0.5 dB)"), {}),
    (1.0, (146, 197, 222), (244, 165, 130), label("0,5–1 dB leiser", "0.5–1 dB quieter"),
     label("0,5–1 dB lauter", "0.5–1 dB louder")),
    (3.0, (67, 147, 195), (214, 96, 77), label("1–3 dB leiser", "1–3 dB quieter"),
     label("1–3 dB lauter", "1–3 dB louder")),
    (np.inf, (33, 102, 172), (178, 24, 43), label("über 3 dB leiser", "over 3 dB quieter"),
     label("über 3 dB lauter", "over 3 dB louder")),
]


def noise_change_colours(change_db: np.ndarray) -> np.ndarray:
    """RGB (n, 3) of level changes (dB): blue quieter, red louder, grey within ±0.5 dB or unknown (NaN)."""
    return _diverging_colours(change_db, NOISE_CHANGE_CLASSES)


def noise_change_legend() -> dict:
    """The legend of a noise layer: change at the loudest façade, quieter (blues) to louder (reds)."""
    return _diverging_legend(
        NOISE_CHANGE_CLASSES,
        label("Lärmänderung an der lautesten Fassade (nach RLS-19, orientierend)",
              "Noise change at the loudest façade (RLS-19-based, indicative)"),
        label("Tag (6–22 Uhr) oder Nacht (22–6 Uhr), nach der Uhrzeit", "Day (6 am–10 pm) or night (10 pm–6 am), "
              "by the time of day"))
