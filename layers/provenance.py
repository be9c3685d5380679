"""Where a city's inputs come from, and the attribution every view and export carries.

``city.toml`` names the source and licence of each input in a ``[sources.<kind>]`` table::

    [sources.buildings]
    source = "Stadt Musterhausen, Vermessungsamt: Hausumringe 2025"
    licence = "dl-de/by-2-0"
    url = "https://www.govdata.de/dl-de/by-2-0"     # optional

Open data licences require the attribution (Datenlizenz Deutschland – Namensnennung 2.0 §2,
ODbL 1.0 §4.3), so it goes on the map, on every printed page and into every export's sidecar.
Inputs read from an OpenStreetMap extract get OpenStreetMap's source and licence unless the city
names others (:data:`layers.importers.osm_tags.OSM_SOURCE`); a synthetic city's inputs are marked
as invented. An input without either is listed as of unknown source — the build says so.
"""

from __future__ import annotations

from layers.config import CONFIG_NAME, CityConfig
from layers.errors import InputError
from layers.importers.osm_tags import OSM_SOURCE
from layers.style import label

__all__ = ["SYNTHETIC_SOURCE", "UNKNOWN_SOURCE", "input_sources", "attribution", "provenance_entry", "unsourced"]

SYNTHETIC_SOURCE = {"source": "Synthetische Beispieldaten (urban-twin, erfunden; kein realer Ort)",
                    "licence": "MIT-Lizenz von urban-twin", "url": ""}
UNKNOWN_SOURCE = {"source": "", "licence": "", "url": ""}
SOURCE_KEYS = ("source", "licence", "url")


def _from_osm(config: CityConfig, kind: str) -> bool:
    options = config.input_options.get(kind, {})
    path = config.inputs.get(kind)
    return options.get("format") == "osm" or (path is not None and path.name.endswith((".osm.pbf", ".osm")))


def input_sources(config: CityConfig) -> list[dict]:
    """``{"kind", "file", "source", "licence", "url"}`` of each input of ``config``, in input order.

    Raises
    ------
    InputError
        A ``[sources.<kind>]`` table for an input the city does not name, or a value that is not text.
    """
    path = config.folder / CONFIG_NAME
    table = config.raw.get("sources", {})
    if not isinstance(table, dict):
        raise InputError(path, "[sources] must be a table of tables.",
                         'Write [sources.buildings] with source = "..." and licence = "...".', field="sources")
    unknown = sorted(set(table) - set(config.inputs))
    if unknown:
        raise InputError(path, f"[sources] names input(s) the city does not have: {', '.join(unknown)}.",
                         f"Use only the inputs named under [inputs]: {', '.join(config.inputs)}.",
                         field=f"sources.{unknown[0]}")
    entries = []
    for kind, file in config.inputs.items():
        given = table.get(kind, {})
        if not isinstance(given, dict):
            raise InputError(path, f"sources.{kind} is not a table.",
                             f'Write [sources.{kind}] with source = "..." and licence = "...".',
                             field=f"sources.{kind}")
        for key, value in given.items():
            if key not in SOURCE_KEYS or not isinstance(value, str):
                raise InputError(path, f"sources.{kind}.{key} is not one of source, licence, url given as text.",
                                 f'Write source = "...", licence = "..." and optionally url = "..." under '
                                 f"[sources.{kind}].", field=f"sources.{kind}.{key}")
        default = (OSM_SOURCE if _from_osm(config, kind) else SYNTHETIC_SOURCE if config.synthetic
                   else UNKNOWN_SOURCE)
        entries.append({"kind": kind, "file": file.name, **{k: given.get(k, default[k]).strip() for k in SOURCE_KEYS}})
    return entries


def attribution(sources: list[dict]) -> dict[str, str]:
    """The one-line attribution (German and English): each distinct source with its licence."""
    named: list[str] = []
    for entry in sources:
        text = f"{entry['source']} ({entry['licence']})" if entry["licence"] else entry["source"]
        if entry["source"] and text not in named:
            named.append(text)
    unknown = any(not entry["source"] for entry in sources)
    lead = label("Daten: ", "Data: ")
    tail = label("; weitere Daten: Quelle nicht angegeben", "; other data: source not given") if unknown \
        else label("", "")
    return {lang: lead[lang] + " · ".join(named) + tail[lang] for lang in ("de", "en")}


def provenance_entry(config: CityConfig) -> dict:
    """The manifest's ``provenance``: the inputs with source and licence, and the attribution."""
    sources = input_sources(config)
    return {"inputs": sources, "attribution": attribution(sources)}


def unsourced(sources: list[dict]) -> list[str]:
    """The input kinds without a named source (for the build's notes)."""
    return [entry["kind"] for entry in sources if not entry["source"]]
