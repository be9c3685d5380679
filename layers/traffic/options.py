"""The options of the traffic scenarios (``[scenarios.verkehr]`` in city.toml), typed.

``zone`` ["Innenstadt"]
    The ``name`` of a polygon in the zones layer: where the Tempo-30 variants apply.
``workers`` [2]
    Parallel assignments (worker processes of the build's executor; each runs AequilibraE on one
    core): the time slices' runs of today at once, then the variants' at once.

The runs whose difference is shown (a variant and today's run of its slice) are converged to a
relative gap of :data:`RGAP` = 1e-6: at 1e-4, link flows on a 2,950-link network still differed
from the equilibrium by up to 43 % on busy links, so a difference layer of loosely converged runs
shows solver noise, not the policy. A run of today compared with nothing converges to
:data:`RGAP_ALONE` = 1e-5.

The variants: Tempo 30 on every street of the zone, on its side streets only, and on every street
of the zone at night only (22–6 h, the variant German noise action plans usually start with): a
variant names the time slices (``layers.traffic.slices``) its limit applies in.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from layers.errors import InputError
from layers.scenario_api import BuildContext
from layers.scenario_options import OptionReader
from layers.style import label
from layers.traffic.slices import NIGHT, SLICES, TimeSlice

__all__ = ["DEFAULT_ZONE", "KEY", "RGAP", "RGAP_ALONE", "TrafficOptions", "TrafficVariant", "traffic_options",
           "zone_geometry"]

KEY = "verkehr"
DEFAULT_ZONE = "Innenstadt"
OPTIONS = ("zone", "workers")
RGAP = 1e-6
RGAP_ALONE = 1e-5
DEFAULT_WORKERS = 2


@dataclass(frozen=True)
class TrafficVariant:
    """A what-if of the road network, compared with today's.

    Attributes
    ----------
    key
        The variant's key in :data:`layers.traffic.SCENARIOS` (what it does to the network).
    slug
        Its part of file and layer names (``tempo30_innenstadt``).
    label
        German and English name.
    slices
        Keys of the time slices its limit applies in; None: all day.
    """

    key: str
    slug: str
    label: dict[str, str]
    slices: tuple[str, ...] | None = None

    def applies_in(self, slice_key: str) -> bool:
        """Whether its limit holds in the time slice ``slice_key``."""
        return self.slices is None or slice_key in self.slices

    @property
    def scenario_id(self) -> str:
        """The manifest id of its scenario (``verkehr-tempo30-innenstadt``)."""
        return f"{KEY}-{self.slug.replace('_', '-')}"


@dataclass(frozen=True)
class TrafficOptions:
    """The traffic options of a city: the Tempo-30 zone, the variants, the time slices, the convergence
    targets (a run compared with another, a run alone) and the parallel assignments.
    """

    zone_name: str
    variants: tuple[TrafficVariant, ...]
    rgap: float = RGAP
    rgap_alone: float = RGAP_ALONE
    slices: tuple[TimeSlice, ...] = SLICES
    workers: int = DEFAULT_WORKERS


def tempo30_variants(zone: str) -> tuple[TrafficVariant, ...]:
    """Tempo 30 in the whole zone, on its side streets only, and in the whole zone at night only."""
    return (
        TrafficVariant("Tempo 30 Innenstadt", "tempo30_innenstadt", label(f"Tempo 30 {zone}", f"Tempo 30 in {zone}")),
        TrafficVariant("Tempo 30 in Nebenstraßen", "tempo30_nebenstrassen",
                       label(f"Tempo 30 in Nebenstraßen ({zone})", f"Tempo 30 on side streets ({zone})")),
        TrafficVariant("Tempo 30 Innenstadt", "tempo30_nachts",
                       label("Tempo 30 nachts (22–6 Uhr)", "Tempo 30 at night (10 pm–6 am)"), slices=(NIGHT,)),
    )


def traffic_options(context: BuildContext) -> TrafficOptions:
    """Read and check ``[scenarios.verkehr]`` of the city being built.

    Raises
    ------
    InputError
        An unknown key or a zone that is not a name (naming city.toml and the field).
    """
    reader = OptionReader.of(context, KEY)
    options = context.options(KEY)
    reader.unknown_keys(options, OPTIONS, f'zone = "{DEFAULT_ZONE}"')
    zone = options.get("zone", DEFAULT_ZONE)
    if not isinstance(zone, str) or not zone.strip():
        raise reader.error("zone", f"[scenarios.verkehr] zone = {zone!r} is not a zone name.",
                           f'Write the name of a polygon in the zones file, e.g. zone = "{DEFAULT_ZONE}".')
    zone = zone.strip()
    workers = int(reader.number(options, "workers", DEFAULT_WORKERS, "workers", minimum=1))
    return TrafficOptions(zone_name=zone, variants=tempo30_variants(zone), workers=workers)


def zone_geometry(context: BuildContext, zone_name: str) -> object:
    """The (unioned) polygon of the zone named ``zone_name``.

    Raises
    ------
    InputError
        No zones file, no ``name`` field, or no polygon of that name.
    """
    reader = OptionReader.of(context, KEY)
    zones = context.layers.get("zones")
    if zones is None:
        raise InputError(reader.toml, f"The traffic scenarios need the zone '{zone_name}', but no zones file is named.",
                         f'Add zones = "zones.fgb" under [inputs] (polygons with a name field, one named '
                         f'"{zone_name}"), or remove "verkehr" from [scenarios] enabled.', field="inputs.zones")
    if "name" not in zones.frame:
        raise InputError(zones.path, "The zones file has no name field, so the Tempo-30 zone cannot be found.",
                         f'Add a text field "name" and name the Tempo-30 zone "{zone_name}".', field="name")
    names = zones.frame["name"].astype(str)
    chosen = zones.frame.geometry[names == zone_name]
    if chosen.empty:
        known = ", ".join(sorted(set(names))[:12])
        raise reader.error("zone", f"The zone '{zone_name}' is not in {zones.path.name} (zones there: {known}).",
                           f'Set zone = "<one of those names>" under [scenarios.verkehr], or add a polygon named '
                           f'"{zone_name}" to {zones.path.name}.')
    return shapely.union_all(chosen.values)
