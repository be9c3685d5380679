"""All UI strings in one catalogue, German first, and number formatting per language."""

from __future__ import annotations

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "t", "pick", "format_number", "js_catalogue"]

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

CATALOGUE: dict[str, dict[str, str]] = {
    "app_title": {"de": "Digitaler Zwilling", "en": "Digital twin"},
    "synthetic": {"de": "synthetische Beispielstadt", "en": "synthetic sample city"},
    "layers": {"de": "Ebenen", "en": "Layers"},
    "legend": {"de": "Legende", "en": "Legend"},
    "home": {"de": "Startansicht", "en": "Home view"},
    "info": {"de": "Auswahl", "en": "Selection"},
    "info_hint": {"de": "Tippen Sie auf ein Gebäude oder eine Straße.", "en": "Tap a building or a road."},
    "scenarios": {"de": "Szenarien", "en": "Scenarios"},
    "metrics": {"de": "Kennzahlen", "en": "Key figures"},
    "no_scenarios": {"de": "Noch keine Szenarien berechnet.", "en": "No scenarios computed yet."},
    "unknown_feature": {"de": "Zu diesem Objekt sind keine Angaben gespeichert.",
                        "en": "No attributes are stored for this feature."},
    "language": {"de": "English", "en": "Deutsch"},
    "map_label": {"de": "3D-Karte der Stadt", "en": "3D map of the city"},
    "yes": {"de": "ja", "en": "yes"},
    "no": {"de": "nein", "en": "no"},
    "use_residential": {"de": "Wohnen", "en": "residential"},
    "use_commercial": {"de": "Gewerbe & Handel", "en": "commercial"},
    "use_industrial": {"de": "Industrie", "en": "industrial"},
    "use_public": {"de": "öffentlich", "en": "public"},
    # --- flood player (assets/flood.js) ---
    "flood_play": {"de": "Abspielen", "en": "Play"},
    "flood_pause": {"de": "Anhalten", "en": "Pause"},
    "flood_time": {"de": "Zeit", "en": "Time"},
    "flood_max": {"de": "Maximum", "en": "Maximum"},
    "flood_min": {"de": "min", "en": "min"},
    "flood_player": {"de": "Zeitverlauf Starkregen", "en": "Heavy-rain time course"},
    # --- compare, URL state, export (viewer/compare*, assets/compare.js) ---
    # --- story and kiosk (viewer/story*, assets/story.js, assets/kiosk.js) ---
    # --- import (layers/importers, twin init) ---
}

# Strings the browser glue needs (assets/*.js read them via urbanTwin.t(key)).
JS_PREFIXES = ("flood_", "js_", "compare_", "story_", "kiosk_")


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The UI string ``key`` in ``lang`` (German if the language is unknown)."""
    entry = CATALOGUE[key]
    return entry.get(lang, entry[DEFAULT_LANGUAGE])


def pick(labels: dict[str, str], lang: str = DEFAULT_LANGUAGE) -> str:
    """Choose a manifest label ({"de": ..., "en": ...}) in ``lang``."""
    return labels.get(lang) or labels.get(DEFAULT_LANGUAGE) or next(iter(labels.values()), "")


def js_catalogue(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The strings of the browser glue in ``lang`` (sent once with the page)."""
    return {key: t(key, lang) for key in CATALOGUE if key.startswith(JS_PREFIXES)}


def format_number(value: float | int, lang: str = DEFAULT_LANGUAGE, *, decimals: int | None = None) -> str:
    """Format a number with the language's separators (German: 12.345,6; English: 12,345.6)."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
