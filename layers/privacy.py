"""Personal data switches of a city: residents and jobs per building.

Residents and jobs per building are estimates from floor area (``layers.importers.heights``) or a
city's own figures; either way a building's figure can point at the people living in it. A city
that must not publish them writes in ``city.toml``::

    [privacy]
    residents_jobs = false   # neither shown on tap nor downloadable (default: true)

With the switch off, the building table the viewer taps and downloads carries neither field, and
no export lists them per building. Sums over many buildings (residents affected by a heavy-rain
event) stay on the metrics card: they name no household.
"""

from __future__ import annotations

from layers.config import CONFIG_NAME, CityConfig
from layers.errors import InputError

__all__ = ["PERSONAL_FIELDS", "personal_fields_shown", "privacy_entry"]

PERSONAL_FIELDS = ("residents", "jobs")


def personal_fields_shown(config: CityConfig) -> bool:
    """Whether residents and jobs per building may be shown and downloaded (``[privacy] residents_jobs``).

    Raises
    ------
    InputError
        If ``[privacy]`` holds other keys or the switch is not true or false.
    """
    table = config.raw.get("privacy", {})
    path = config.folder / CONFIG_NAME
    if not isinstance(table, dict) or set(table) - {"residents_jobs"}:
        raise InputError(path, "[privacy] knows only residents_jobs.",
                         "Write residents_jobs = false under [privacy] to hide residents and jobs per building.",
                         field="privacy")
    value = table.get("residents_jobs", True)
    if not isinstance(value, bool):
        raise InputError(path, f"privacy.residents_jobs is {value!r}, not true or false.",
                         "Write residents_jobs = false (hide) or true (show).", field="privacy.residents_jobs")
    return value


def privacy_entry(config: CityConfig) -> dict:
    """The manifest's ``privacy``: ``{"residents_jobs": bool}``."""
    return {"residents_jobs": personal_fields_shown(config)}
