"""Colours, widths and labels of the base layers (the legend is built from the same tables).

Colours come from colour-blind-safe qualitative palettes (Okabe–Ito / Paul Tol "light") so
categories stay apart for people with red–green colour vision deficiency.
"""

from __future__ import annotations

__all__ = ["BUILDING_USE", "ROAD_CLASS", "WATER_COLOUR", "label"]


def label(de: str, en: str) -> dict[str, str]:
    """A label in German (default) and English."""
    return {"de": de, "en": en}


# use → (RGB, label)
BUILDING_USE: dict[str, tuple[tuple[int, int, int], dict[str, str]]] = {
    "residential": ((238, 221, 136), label("Wohnen", "Residential")),
    "mixed": ((255, 170, 187), label("Wohnen & Gewerbe", "Mixed use")),
    "commercial": ((119, 170, 221), label("Gewerbe & Handel", "Commercial")),
    "industrial": ((187, 204, 51), label("Industrie", "Industrial")),
    "public": ((238, 136, 102), label("Öffentlich", "Public")),
    "ancillary": ((170, 170, 170), label("Nebengebäude, Garagen, Überdachungen", "Garages, sheds, roofs")),
    "other": ((221, 221, 221), label("Sonstige", "Other")),
}

# class → (RGB, width (m), label); drawn widest first
ROAD_CLASS: dict[str, tuple[tuple[int, int, int], float, dict[str, str]]] = {
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
