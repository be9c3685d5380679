"""The commented ``city.toml`` that ``twin init FOLDER`` writes."""

from __future__ import annotations

from pathlib import Path

from layers.config import CONFIG_NAME
from layers.errors import InputError

__all__ = ["CITY_TEMPLATE", "init_city"]

CITY_TEMPLATE = '''\
# city.toml of "{name}" — made by `twin init`. Paths are relative to this file.
# Then: put your files into this folder, edit [inputs], run `twin build {folder}` and `twin serve {folder}`.

[city]
name = "{name}"
crs = "auto"       # metric working CRS, e.g. "EPSG:25832" (UTM 32N: west Germany) or "EPSG:25833"
                   # (UTM 33N: east Germany); "auto" = the UTM zone of your buildings
description = ""   # one line for the viewer's about box
# ground_m = 0.0   # height of the flat terrain used when no DEM is named (m)

[inputs]
# Quickest start: one OpenStreetMap extract gives buildings, roads, water and land use
# (e.g. cut from a Geofabrik download with `osmium extract -b W,S,E,N`).
osm = "city.osm.pbf"

# Terrain: a GeoTIFF (any CRS), an XYZ grid ("x y z" lines, the DGM1 download) or a folder of tiles.
# Without a DEM the city stands on flat ground (the build says so).
# dem = "dgm1/"
# dem = {{ path = "dgm1/", resolution_m = 4.0 }}   # read it coarser (m) if the build says it is too large

# Your own files replace the OpenStreetMap layers. Simple form:  roads = "roads.gpkg"
# Table form, with the fields mapped to ours (our name = your name) and options:
# [inputs.buildings]
# path = "lod2/"                  # CityGML 1-3 (.gml) / CityJSON (.json, .city.jsonl) tiles, or a GeoPackage, ...
#                                 # (only buildings are required: LoD2 tiles alone make a city)
# format = "citygml"              # osm, vector, citygml, cityjson (usually detected from the name)
# crs = "EPSG:25832"              # only for files that state no (or an unknown) CRS
# layer = "gebaeude"              # the layer of a GeoPackage with several
# fields = {{ id = "gml_id", height_m = "hoehe", storeys = "geschosse", use = "nutzung" }}
# storey_height_m = 3.2           # height = storeys × this where a building has no height
# default_height_m = 9.0          # height where it has neither (each fallback is counted)
# strict = true                   # stop on absurd values (a 10 km height) instead of dropping and counting
#
# Our fields — buildings: id, height_m, storeys, use (residential, mixed, commercial, industrial,
# public, ancillary, other; LoD2 function codes are mapped), residents, jobs, name (residents and
# jobs are estimated from floor area when absent);
# roads: id, class (motorway, trunk, primary, secondary, tertiary, residential, service),
# maxspeed (km/h), lanes, oneway, name; landcover: cover (sealed, green, water); zones: name.
# zones = "zones.gpkg"            # named areas; the traffic scenarios need one called "Innenstadt"
# measures = "massnahmen.gpkg"    # heavy-rain measure sites: areas and lines with a name, used as
#                                 # site = "<name>" in [[scenarios.starkregen.measures]]

# Where each input comes from (shown on the map, on printed pages and in every export; open data
# licences require it). Inputs from the OpenStreetMap extract get "© OpenStreetMap-Mitwirkende" (ODbL).
# [sources.dem]
# source = "Landesamt für Vermessung: DGM1"
# licence = "dl-de/by-2-0"
# url = "https://www.govdata.de/dl-de/by-2-0"

# Residents and jobs per building are estimates; this keeps them out of tap info and downloads:
# [privacy]
# residents_jobs = false

[scenarios]
enabled = []      # add "starkregen" (heavy rain, needs a DEM) and "verkehr" (traffic, needs roads and zones)
                  # and "external" for your own results below

# Your own precomputed results, shown like ours (add "external" to enabled above):
# [[scenarios.external]]
# id = "starkregenkarte"
# kind = "flood-depth"            # a depth GeoTIFF (m), e.g. the official heavy-rain hazard map
# path = "starkregen_extrem_tiefe.tif"
# label_de = "Starkregengefahrenkarte (extrem)"
# label_en = "Heavy-rain hazard map (extreme)"
#
# [[scenarios.external]]
# id = "verkehrsmodell-2030"
# kind = "traffic-links"          # link volumes (veh/h) as GeoPackage lines
# path = "verkehr_2030.gpkg"
# fields = {{ volume_vph = "dtv_h", capacity_vph = "kap" }}

# [view]   # home camera (WGS84 degrees); default: fit the data
# longitude = 10.0
# latitude = 51.0
# zoom = 15.0
# pitch = 50.0
'''


def init_city(folder: Path, *, name: str | None = None) -> Path:
    """Create ``folder`` (if needed) with a commented ``city.toml``; refuse to overwrite one.

    Returns
    -------
    The path of the new city.toml.
    """
    folder = Path(folder)
    target = folder / CONFIG_NAME
    if target.exists():
        raise InputError(target, "A city.toml already exists here.", "Edit it, or choose a new folder for `twin init`.")
    folder.mkdir(parents=True, exist_ok=True)
    title = name or folder.resolve().name.replace("-", " ").replace("_", " ").title()
    target.write_text(CITY_TEMPLATE.format(name=title, folder=folder), encoding="utf-8")
    return target
