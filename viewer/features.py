"""Feature attributes shown on tap: read once per worker from the build, looked up per click."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from dash import html

from viewer.i18n import CATALOGUE, format_number, pick, t, unit_label

__all__ = ["AttributeTables", "feature_table"]


class AttributeTables:
    """The ``*_attributes.json`` tables of a build, loaded lazily, once per process."""

    def __init__(self, build_dir: Path, manifest: dict) -> None:
        self._files = {layer["id"]: build_dir / layer["attributes"]
                       for layer in manifest["layers"] if "attributes" in layer}
        self._fields = {layer["id"]: layer.get("fields", []) for layer in manifest["layers"]}
        self._labels = {layer["id"]: layer["label"] for layer in manifest["layers"]}
        self._extends = {layer["id"]: layer["extends"] for layer in manifest["layers"] if "extends" in layer}
        self._slice_files = {(layer["id"], s["key"]): build_dir / s["attributes"]
                             for layer in manifest["layers"] for s in layer.get("slices", []) if "attributes" in s}

    @lru_cache(maxsize=16)  # noqa: B019 - one instance per process, lives as long as the app
    def table(self, layer_id: str, slice_key: str | None = None) -> dict:
        """The attribute table of ``layer_id`` (in time slice ``slice_key``, if the layer has that slice):
        {"fields": [...], "rows": {feature id: [values]}}.
        """
        path = self._slice_files.get((layer_id, slice_key), self._files[layer_id])
        return json.loads(path.read_text(encoding="utf-8"))

    def lookup(self, layer_id: str, feature_id: str, visible: list[str] | tuple[str, ...] = (), *,
               slice_key: str | None = None) -> tuple[dict, list[dict], list] | None:
        """(layer label, field descriptors, values) of one feature, or None if unknown; a layer computed
        through the day answers from the table of the time slice ``slice_key`` (the one the map draws).

        Rows of visible layers that declare ``"extends": layer_id`` in the manifest (e.g. a
        heavy-rain layer adds the water depth at a tapped building) are appended; a feature missing
        from such a table gets the table's ``default`` row, if it has one.
        """
        found = self._lookup_one(layer_id, feature_id, slice_key)
        if found is None:
            return None
        for other in visible:
            if self._extends.get(other) != layer_id or other not in self._files:
                continue
            table = self.table(other)
            values = table["rows"].get(str(feature_id), table.get("default"))
            if values is None:
                continue
            by_key = {f["key"]: f for f in self._fields[other]}
            found[1].extend(by_key.get(key, {"key": key, "label": {"de": key, "en": key},
                                             "unit": ""}) for key in table["fields"])
            found[2].extend(values)
        return found

    def _lookup_one(self, layer_id: str, feature_id: str, slice_key: str | None
                    ) -> tuple[dict, list[dict], list] | None:
        if layer_id not in self._files:
            return None
        table = self.table(layer_id, slice_key)
        values = table["rows"].get(str(feature_id))
        if values is None:
            return None
        by_key = {f["key"]: f for f in self._fields[layer_id]}
        fields = [by_key.get(key, {"key": key, "label": {"de": key, "en": key}, "unit": ""}) for key in table["fields"]]
        return self._labels[layer_id], fields, list(values)


def _format_value(key: str, value: object, lang: str) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    if key == "use" and f"use_{value}" in CATALOGUE:
        return t(f"use_{value}", lang)
    return str(value)


def feature_table(found: tuple[dict, list[dict], list] | None, lang: str) -> list:
    """Dash children describing a feature.

    Every value is passed as text, so Dash escapes it (a name like ``<img src=x onerror=alert(1)>``
    is shown, never run).
    """
    if found is None:
        return [html.P(t("unknown_feature", lang), className="hint")]
    layer_label, fields, values = found
    rows = []
    for field, value in zip(fields, values):
        unit = unit_label(field.get("unit"), lang)
        text = _format_value(field["key"], value, lang) + (f" {unit}" if unit and value not in (None, "") else "")
        rows.append(html.Tr([html.Th(pick(field["label"], lang), scope="row"), html.Td(text)]))
    return [html.H3(pick(layer_label, lang)), html.Table(html.Tbody(rows), className="feature-table")]
