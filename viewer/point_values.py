"""Values at a tapped point of open ground: the heavy-rain maps' value and class under the finger.

A manifest layer with a ``point`` entry (``layers.flood.point_values``: depth, flow velocity, hazard
rating, change of max depth) names a small grid of values and classes on the lon/lat grid of its
overlay, spanning the layer's ``bounds``. The grids are read once per process, lazily; a tap
looks up the pixel under its lon/lat in every visible such layer. The class is named by the
layer's legend item (the colour the map shows there).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from dash import html

from viewer.i18n import format_number, pick, t, unit_label

__all__ = ["PointValue", "PointValues", "point_table"]

PointValue = tuple[dict, float, str, int, dict | None]
"""(value label, value in its unit, unit, decimals, the class's legend label or None where not shown)."""


class PointValues:
    """The point grids of a build's layers, loaded lazily, once per process."""

    def __init__(self, build_dir: Path, manifest: dict) -> None:
        self._build_dir = build_dir
        self._layers = {layer["id"]: layer for layer in manifest["layers"] if "point" in layer}

    @lru_cache(maxsize=32)  # noqa: B019 - one instance per process, lives as long as the app
    def grid(self, layer_id: str) -> tuple[np.ndarray, np.ndarray]:
        """(values in steps, classes) of ``layer_id``'s point file."""
        with np.load(self._build_dir / self._layers[layer_id]["point"]["data"], allow_pickle=False) as data:
            return data["value"], data["class"]

    def lookup(self, lon: float, lat: float, visible: list[str] | tuple[str, ...]) -> list[PointValue]:
        """The values at (``lon``, ``lat``, degrees) of the ``visible`` layers that have point grids,
        in the given order; a point outside a layer's bounds gives nothing for it.
        """
        found = []
        for layer_id in visible:
            layer = self._layers.get(layer_id)
            if layer is None or not (math.isfinite(lon) and math.isfinite(lat)):
                continue
            values, classes = self.grid(layer_id)
            west, south, east, north = layer["bounds"]
            rows, cols = values.shape
            col = math.floor((lon - west) / (east - west) * cols)
            row = math.floor((north - lat) / (north - south) * rows)
            if not (0 <= row < rows and 0 <= col < cols):
                continue
            point, klass = layer["point"], int(classes[row, col])
            items = layer.get("legend", {}).get("items", [])
            legend = items[klass - 1]["label"] if 0 < klass <= len(items) else None
            step = float(point["step"])
            decimals = max(0, -math.floor(math.log10(step) + 1e-9))
            found.append((point["label"], float(values[row, col]) * step, point["unit"], decimals, legend))
        return found


def point_table(found: list[PointValue], lon: float, lat: float, lang: str) -> list:
    """Dash children of the values at a point (text only: Dash escapes it)."""
    title = html.H3(t("point_title", lang))
    where = html.P(f"{format_number(lat, lang, decimals=5)}° N, {format_number(lon, lang, decimals=5)}° E",
                   className="hint")
    if not found:
        return [title, where, html.P(t("point_none", lang), className="hint")]
    rows = []
    for value_label, value, unit, decimals, legend in found:
        if legend is None:
            text = t("point_not_shown", lang)
        else:
            unit_text = unit_label(unit, lang)
            text = format_number(value, lang, decimals=decimals) + (f" {unit_text}" if unit_text else "")
            text += f" · {pick(legend, lang)}"
        rows.append(html.Tr([html.Th(pick(value_label, lang), scope="row"), html.Td(text)]))
    return [title, where, html.Table(html.Tbody(rows), className="feature-table")]
