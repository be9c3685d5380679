"""The sample city's story (``story.json``): both what-ifs in nine slides, German and English.

Cameras point at places the generator designed (the old town inside the ring, the sunken market
square, the railway underpass, the low street by the river with its emergency flow path from
``sample_city._measures``), so a regenerated city keeps a story that fits it. Slide texts name no
model results: the key figures beside each slide come from the build. Layer and
scenario ids are those of the scenario builders in ``layers/flood`` and ``layers/traffic``; the
build validates them (``layers.story``) and drops the slides of a scenario model a city disables.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

__all__ = ["story_json"]

BASE = ["terrain", "water", "roads", "buildings"]


def _camera(lonlat: tuple[float, float], zoom: float, pitch: float, bearing: float) -> dict:
    return {"longitude": round(lonlat[0], 6), "latitude": round(lonlat[1], 6), "zoom": zoom, "pitch": pitch,
            "bearing": bearing}


def _text(de: str, en: str) -> dict:
    return {"de": de, "en": en}


def story_json(center_xy: Sequence[float], depressions: Sequence, to_lonlat: Callable[[float, float], tuple]) -> str:
    """The story as JSON text.

    Parameters
    ----------
    center_xy
        The town centre (old town inside the ring), working CRS (m).
    depressions
        The DEM's designed depressions (``name``, ``x``, ``y``).
    to_lonlat
        Working CRS (m) → WGS84 (longitude, latitude).
    """
    places = {d.name: (d.x, d.y) for d in depressions}
    centre = to_lonlat(*center_xy)
    square = to_lonlat(*places.get("market_square", center_xy))
    underpass = to_lonlat(*places.get("underpass", center_xy))
    low_street = to_lonlat(*places.get("low_street", center_xy))
    slides = [
        {"id": "stadt",
         "title": _text("Musterstadt: der digitale Zwilling", "Musterstadt: the digital twin"),
         "text": _text("Eine synthetische Beispielstadt: Altstadt im Ring, Fluss Mulde im Süden, Bahn im Norden. "
                       "Wir fragen zweimal: Was wäre, wenn …?",
                       "A synthetic sample district: the old town inside the ring, the river Mulde to the south, "
                       "the railway to the north. We ask twice: what if …?"),
         "camera": _camera(centre, 14.6, 50.0, -20.0), "layers": BASE},
        {"id": "verkehr-heute",
         "title": _text("Verkehr heute", "Traffic today"),
         "text": _text("Die Auslastung der Straßen in der Morgenspitze (6–9 Uhr), berechnet mit einem "
                       "Verkehrsmodell (Gleichgewichtsumlegung) für jede Tageszeit. Dunkel: überlastet.",
                       "Road load in the morning peak (6–9 am), computed by a traffic model (equilibrium "
                       "assignment) for every time of day. Dark: over capacity."),
         "camera": _camera(centre, 15.0, 45.0, -10.0), "layers": ["terrain", "water", "buildings", "traffic_basis"],
         "scenarios": ["verkehr-basis"], "hour": 8},
        {"id": "tempo30",
         "title": _text("Was wäre, wenn … Tempo 30 in der Innenstadt?",
                        "What if … Tempo 30 in the town centre?"),
         "text": _text("Blau: weniger Verkehr, rot: mehr. Der Ring wird ruhiger, der Verkehr weicht auf die "
                       "Umgehung und den äußeren Ring aus. Die Kennzahlen zeigen Fahrzeit und Lärm.",
                       "Blue: less traffic, red: more. The ring road calms down; traffic moves to the bypass and "
                       "the outer ring. The key figures show travel time and noise."),
         "camera": _camera(centre, 15.2, 50.0, 15.0),
         "layers": ["terrain", "water", "buildings", "traffic_tempo30_innenstadt_diff"],
         "scenarios": ["verkehr-tempo30-innenstadt"],
         "swipe": {"left": ["traffic_basis"], "right": ["traffic_tempo30_innenstadt"]}, "hour": 8},
        {"id": "tempo30-nachts",
         "title": _text("Tempo 30 nachts (22–6 Uhr)", "Tempo 30 at night (10 pm–6 am)"),
         "text": _text("Womit Lärmaktionspläne meist beginnen: Tempo 30 nur nachts. Nachts ist wenig los, Tempo 30 "
                       "verlängert nur wenige Fahrten; tagsüber ändert sich nichts. Blau: weniger "
                       "Verkehr, rot: mehr. Die Kennzahlen zeigen Sekunden pro Fahrt und den Lärm in der Nacht.",
                       "Where noise action plans usually start: Tempo 30 at night only. Roads are quiet at "
                       "night, so Tempo 30 lengthens few trips; nothing changes by day. Blue: less "
                       "traffic, red: more. The key figures show seconds per trip and the night-time noise."),
         "camera": _camera(centre, 15.2, 50.0, 15.0),
         "layers": ["terrain", "water", "buildings", "traffic_tempo30_nachts_diff"],
         "scenarios": ["verkehr-tempo30-nachts"], "hour": 23},
        {"id": "starkregen",
         "title": _text("Was wäre, wenn … Starkregen fällt? Selten: 29 mm in einer Stunde",
                        "What if … heavy rain falls? Rare: 29 mm in one hour"),
         "text": _text("Ein Regen, wie er etwa alle 30 Jahre vorkommt. Ein 2D-Strömungsmodell auf dem "
                       "Geländemodell zeigt, wo sich das Wasser sammelt: im abgesenkten Marktplatz.",
                       "Rain as it falls about once in 30 years. A 2D flow model on the terrain shows where the "
                       "water collects: in the sunken market square."),
         "camera": _camera(square, 16.0, 55.0, -30.0), "layers": [*BASE, "flood-selten"],
         "scenarios": ["starkregen-selten"], "flood_time": "max"},
        {"id": "extrem-steigt",
         "title": _text("Extremer Starkregen: das Wasser steigt", "Extreme heavy rain: the water rises"),
         "text": _text("100 mm in einer Stunde. Nach 20 Minuten stehen die ersten Straßen unter Wasser.",
                       "100 mm in one hour. After 20 minutes the first streets are under water."),
         "camera": _camera(square, 15.6, 55.0, 10.0), "layers": [*BASE, "flood-extrem"],
         "scenarios": ["starkregen-extrem"], "flood_time": 20},
        {"id": "extrem-max",
         "title": _text("Extremer Starkregen: der Höchststand", "Extreme heavy rain: the peak"),
         "text": _text("Der höchste Wasserstand während des Ereignisses. Besonders tief: die Bahnunterführung "
                       "an der Bahnhofstraße. Gebäude sind nach der Wassertiefe an ihren Wänden eingefärbt.",
                       "The highest water level during the event. Deepest: the railway underpass on "
                       "Bahnhofstraße. Buildings are coloured by the water depth at their walls."),
         "camera": _camera(underpass, 15.8, 55.0, 40.0), "layers": [*BASE, "flood-extrem"],
         "scenarios": ["starkregen-extrem"], "flood_time": "max"},
        {"id": "notwasserweg",
         "title": _text("Was hilft? Ein Notwasserweg von der Uferstraße zur Mulde",
                        "What helps? An emergency flow path from Uferstraße to the river"),
         "text": _text("Die Uferstraße liegt tiefer als die Aue zwischen ihr und dem Fluss: Das Wasser bleibt "
                       "stehen. Ein Notwasserweg (grün) profiliert die Straße als Rinne und führt sie quer durch die "
                       "Aue zur Mulde. Links ohne, rechts mit ihm (außergewöhnlicher Regen). Violett: sein "
                       "Wirkungsbereich; die Kennzahlen zeigen dort vorher und nachher.",
                       "Uferstraße lies lower than the floodplain between it and the river: the water stays. An "
                       "emergency flow path (green) profiles the street as a trough and leads it across the meadow "
                       "to the river. Left without, right with it (exceptional rain). Purple: its area of effect; "
                       "the key figures show before and after there."),
         "camera": _camera(low_street, 16.6, 50.0, -25.0),
         "layers": [*BASE, "flood-aussergewoehnlich-notweg", "flood-measure-notweg"],
         "scenarios": ["starkregen-aussergewoehnlich-notweg"], "flood_time": "max",
         "swipe": {"left": ["flood-aussergewoehnlich", "flood-measure-notweg"],
                   "right": ["flood-aussergewoehnlich-notweg", "flood-measure-notweg"]}},
        {"id": "entsiegelung",
         "title": _text("Was hilft? Entsiegelung in der Altstadt", "What helps? Unsealing in the old town"),
         "text": _text("Links ohne, rechts mit Maßnahme: Die Hälfte der versiegelten Flächen in der Altstadt wird "
                       "entsiegelt, mehr Regen versickert. Die Kennzahlen zeigen die Änderung.",
                       "Left without, right with the measure: half of the sealed surfaces in the old town are "
                       "unsealed, more rain soaks away. The key figures show the change."),
         "camera": _camera(square, 15.4, 50.0, -15.0), "layers": [*BASE, "flood-extrem-entsiegelung"],
         "scenarios": ["starkregen-extrem-entsiegelung"], "flood_time": "max",
         "swipe": {"left": ["flood-extrem"], "right": ["flood-extrem-entsiegelung"]}},
        {"id": "ende",
         "title": _text("Selbst ausprobieren", "Try it yourself"),
         "text": _text("Schalten Sie rechts Ebenen und Szenarien ein und aus, tippen Sie auf Gebäude und Straßen. "
                       "Alle Ergebnisse sind mit echten Modellen für diese synthetische Stadt berechnet.",
                       "Switch layers and scenarios on the right, tap buildings and roads. Every result is "
                       "computed by real models for this synthetic city."),
         "camera": _camera(centre, 14.8, 45.0, -20.0), "layers": BASE},
    ]
    story = {
        "title": _text("Musterstadt: zwei Fragen an die Stadt", "Musterstadt: two questions for the city"),
        "autoplay_s": 12,
        "questions": [
            {"label": _text("Was wäre, wenn … Tempo 30?", "What if … Tempo 30?"), "slide": "tempo30"},
            {"label": _text("Was wäre, wenn … Starkregen?", "What if … heavy rain?"), "slide": "starkregen"},
        ],
        "slides": slides,
    }
    return json.dumps(story, ensure_ascii=False, indent=1) + "\n"
