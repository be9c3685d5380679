"""The moving-vehicle layers of the traffic runs: files and manifest entries (kind ``traffic-trips``).

One layer per network the build shows (today, each Tempo-30 variant), hidden at first; like the
load layers it lists one file per time slice (``slices``: key, start, end, data), the run that
stands for the network in that slice (a variant whose limit does not hold shares today's file).
The vehicles are sampled by :mod:`layers.traffic.trips`; ``links`` names the shared link paths.
"""

from __future__ import annotations

from layers.scenario_api import BuildContext
from layers.style import label
from layers.traffic.artifacts import GROUP, RoadPaths
from layers.traffic.assign import AssignmentResult
from layers.traffic.slices import TimeSlice
from layers.traffic.trips import CYCLE_S, link_geometry, sample_trips, trips_payload
from layers.web import write_json

__all__ = ["KIND", "LINKS_FILE", "TRIPS_LIFT_M", "trip_layers"]

KIND = "traffic-trips"
LINKS_FILE = "traffic_trips_links.json"
TRIPS_LIFT_M = 1.2  # above the load and difference layers


def _file_key(run_id: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in run_id.lower()).strip("_")


def trip_layers(context: BuildContext, paths: RoadPaths, runs: dict[str, tuple[TimeSlice, AssignmentResult]],
                networks: dict[str, dict[str, str]], labels: dict[str, dict], scenario_ids: dict[str, str],
                *, scale: float = 1.0) -> list[dict]:
    """Write the link paths and every run's trips once; return one layer entry per network.

    Parameters
    ----------
    runs
        Run id → (its time slice, its assignment).
    networks
        Network slug (``basis``, a variant's slug) → {slice key: run id}.
    labels, scenario_ids
        Per network slug: its label ({"de", "en"}) and its scenario id.
    scale
        Vehicles drawn per modelled vehicle.
    """
    out = context.out
    first = next(iter(runs.values()))[1].road_links
    road_paths = {}
    for ident, path in zip(paths.parts["id"].astype(str), paths.lifted(TRIPS_LIFT_M)):
        road_paths.setdefault(ident, path)
    write_json(out / LINKS_FILE, link_geometry(first, road_paths))
    files = {}
    for rid, (_, result) in runs.items():
        sample = sample_trips(result.links, cycle_s=CYCLE_S, scale=scale, seed=rid)
        name = f"traffic_trips_{_file_key(rid)}.json"
        write_json(out / name, trips_payload(sample))
        files[rid] = (name, len(sample.links))
    slices = {time_slice.key: time_slice for time_slice, _ in runs.values()}
    layers = []
    for slug, by_slice in networks.items():
        lab = labels[slug]
        entries = [{"key": key, "start": slices[key].start_h, "end": slices[key].end_h, "label": slices[key].label,
                    "data": files[rid][0], "trips": files[rid][1]} for key, rid in by_slice.items()]
        layers.append({
            "id": f"traffic_{slug}_trips", "kind": KIND, "group": GROUP["id"], "visible": False,
            "label": {lang: f"{text}: " + ("Fahrzeuge in Bewegung" if lang == "de" else "vehicles in motion")
                      for lang, text in lab.items()},
            "data": entries[0]["data"], "links": LINKS_FILE, "slices": entries, "scenario": scenario_ids[slug],
            "cycle_s": CYCLE_S, "scale": scale,
            "legend": {"type": "categorical", "title": label("Fahrzeuge", "Vehicles"),
                       "note": label("Stichprobe aus den Verkehrsstärken des Modells: ein Punkt je Fahrzeug, "
                                     "mit der Geschwindigkeit im Stau",
                                     "Sampled from the model's link volumes: one dot per vehicle, at its "
                                     "congested speed"),
                       "items": [{"label": label("Fahrzeug", "Vehicle"), "color": [196, 22, 86]}]},
        })
    return layers
