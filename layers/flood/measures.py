"""The heavy-rain measures by their ``type`` in city.toml (``[[scenarios.starkregen.measures]]``).

=====================  ==========================================  ==============================
type                   what                                        module
=====================  ==========================================  ==============================
``unseal``             sealed open ground made permeable           :mod:`~layers.flood.surface_measures`
``green_roofs``        roofs that hold the first mm of rain        :mod:`~layers.flood.surface_measures`
``retention``          a site lowered to store a volume            :mod:`~layers.flood.terrain_measures`
``flow_path``          an emergency flow path (Notwasserweg)       :mod:`~layers.flood.terrain_measures`
``swales``             swale–trench systems (Mulden-Rigolen)       :mod:`~layers.flood.terrain_measures`
``object_protection``  barriers at the buildings' entrances        :mod:`~layers.flood.object_protection`
=====================  ==========================================  ==============================

A new kind is one more class (see :mod:`layers.flood.measure_base`) listed in :data:`MEASURE_TYPES`;
options, runs, artifacts and metrics need no change.
"""

from __future__ import annotations

from layers.flood.measure_base import PLACE_LAYERS, FloodMeasure, GridChange, MeasurePlace
from layers.flood.object_protection import ObjectProtection
from layers.flood.surface_measures import GREEN_ROOF_USES, GreenRoofs, Unsealing
from layers.flood.terrain_measures import FlowPath, RetentionArea, Swales

__all__ = ["GREEN_ROOF_USES", "MEASURE_TYPES", "PLACE_LAYERS", "FloodMeasure", "GridChange", "MeasurePlace"]

MEASURE_TYPES: dict[str, type[FloodMeasure]] = {
    cls.type: cls for cls in (Unsealing, GreenRoofs, RetentionArea, FlowPath, Swales, ObjectProtection)}
"""The measure types by their ``type`` in city.toml (the first is the default)."""
