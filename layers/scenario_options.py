"""Read a scenario's options table (``[scenarios.<key>]`` of city.toml) into typed values.

Every error is an ``InputError`` naming city.toml, the field (``scenarios.<key>.<where>``) and the
fix, so that adapters state only what they accept.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from layers.config import CONFIG_NAME
from layers.errors import InputError
from layers.scenario_api import BuildContext
from layers.style import label

__all__ = ["SCENARIO_ID", "OptionReader", "table_label"]

SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""Ids of events, measures and variants: lower-case letters, digits and "-" (they end up in file names)."""


@dataclass(frozen=True)
class OptionReader:
    """Reads the options of one scenario builder (``key``) from city.toml (``toml``)."""

    toml: Path
    key: str

    @classmethod
    def of(cls, context: BuildContext, key: str) -> OptionReader:
        """The reader of ``[scenarios.<key>]`` of the city being built."""
        return cls(context.config.folder / CONFIG_NAME, key)

    def error(self, where: str, problem: str, fix: str) -> InputError:
        """An ``InputError`` about ``scenarios.<key>.<where>``."""
        return InputError(self.toml, problem, fix, field=f"scenarios.{self.key}.{where}")

    def number(self, table: dict, name: str, default: float | None, where: str, *, positive: bool = True,
               minimum: float | None = None) -> float:
        """``table[name]`` as a finite float (``default`` when absent; None: required)."""
        value = table.get(name, default)
        if value is None:
            raise self.error(where, f"{name} is missing.", f"Add {name} = <number> to {where}.")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.error(where, f"{name} = {value!r} is not a number.",
                             f"Write {name} as a number, e.g. {default or 1}.")
        if positive and value <= 0:
            raise self.error(where, f"{name} = {value} must be > 0.",
                             f"Give {name} a positive value, e.g. {default or 1}.")
        if minimum is not None and value < minimum:
            raise self.error(where, f"{name} = {value} is below {minimum}.", f"Give {name} ≥ {minimum}.")
        return float(value)

    def unknown_keys(self, table: dict, known: tuple[str, ...], example: str) -> None:
        """Refuse keys of ``table`` that are not in ``known`` (a typo would silently do nothing)."""
        unknown = sorted(set(table) - set(known))
        if unknown:
            raise InputError(self.toml, f"[scenarios.{self.key}] has the unknown key(s) {', '.join(unknown)}.",
                             f"Use only {', '.join(known)} (e.g. {example}).",
                             field=f"scenarios.{self.key}.{unknown[0]}")


def table_label(table: dict, de: str, en: str) -> dict[str, str]:
    """The label of an entry: ``label_de`` / ``label_en`` from its table, else the defaults given."""
    return label(str(table.get("label_de", de)), str(table.get("label_en", table.get("label_de", en))))
