"""Tempo-30 traffic model core: network, demand, equilibrium assignment, scenarios.

Pure Python (no Dash).  Units: lengths m, speeds km/h, times s (free-flow and
congested link times), volumes and capacities veh/h, noise dB(A).
"""

# assign first: it sets OMP_WAIT_POLICY=PASSIVE / AEQ_SHOW_PROGRESS=FALSE before any OpenMP runtime loads
from layers.noise.emission import car_emission_level, noise_change_db

from .assign import AssignmentResult, ConvergenceReport, assign, assign_links, beckmann_objective, bpr_time
from .demand import Demand, DemandError, DemandParameters, build_demand, furness
from .network import (
    DEFAULT_CAPACITY_PER_LANE,
    NetworkConnectivityError,
    NetworkError,
    RoadNetwork,
    network_from_roads,
)
from .scenarios import (
    SCENARIOS,
    ScenarioComparison,
    compare,
    links_in_zone,
    run_scenarios,
    tempo30_innenstadt,
    tempo30_nebenstrassen,
)
from .speeds import MaxspeedError, parse_maxspeed

__all__ = [
    "AssignmentResult",
    "ConvergenceReport",
    "DEFAULT_CAPACITY_PER_LANE",
    "Demand",
    "DemandError",
    "DemandParameters",
    "MaxspeedError",
    "NetworkConnectivityError",
    "NetworkError",
    "RoadNetwork",
    "SCENARIOS",
    "ScenarioComparison",
    "assign",
    "assign_links",
    "beckmann_objective",
    "bpr_time",
    "build_demand",
    "car_emission_level",
    "compare",
    "furness",
    "links_in_zone",
    "network_from_roads",
    "noise_change_db",
    "parse_maxspeed",
    "run_scenarios",
    "tempo30_innenstadt",
    "tempo30_nebenstrassen",
]
