"""The noise at home of a traffic variant as a file for GIS (``layers.exports``): one feature per
residential building (its footprint in the working CRS) with the day and night level at its loudest
façade today and in the variant and their change (dB(A)), unrounded — the tap table's figures.
No residents per building (``layers.privacy``). Labelled "RLS-19-based, indicative".
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from layers.exports import VectorExport
from layers.noise.exposure import Exposure, Homes
from layers.noise.levels import PERIODS
from layers.style import NOISE_LABEL

__all__ = ["noise_export"]

_WHAT = {"before": ("Pegel heute", "Level today"), "after": ("Pegel im Szenario", "Level in the scenario"),
         "change": ("Änderung", "Change")}


def noise_export(where: Homes, before: Exposure, after: Exposure, crs: object, variant_label: dict) -> VectorExport:
    """The buildings' levels (``<what>_<period>_dba``: before, after, change; day ``tag``, night ``nacht``)."""
    columns: dict[str, object] = {"building_id": where.ids}
    fields = {"building_id": {"unit": "", "de": "Gebäude-ID", "en": "Building id"}}
    for period in PERIODS:
        b, a = before.levels[period.key], after.levels[period.key]
        with np.errstate(invalid="ignore"):
            values = {"before": b, "after": a, "change": np.where(np.isfinite(a) & np.isfinite(b), a - b, np.nan)}
        for what, (de, en) in _WHAT.items():
            key = f"{what}_{period.key}_dba"
            columns[key] = np.where(np.isfinite(values[what]), values[what], np.nan)
            fields[key] = {"unit": "dB(A)", "de": f"{de}, {period.label['de']} ({NOISE_LABEL['de']})",
                           "en": f"{en}, {period.label['en']} ({NOISE_LABEL['en']})"}
    frame = gpd.GeoDataFrame(columns, geometry=list(where.footprints), crs=crs)
    title = {lang: (f"Wohngebäude: Lärm an der lautesten Fassade, {text} – vorher/nachher ({NOISE_LABEL[lang]})"
                    if lang == "de" else
                    f"Homes: noise at the loudest façade, {text} – before/after ({NOISE_LABEL[lang]})")
             for lang, text in variant_label.items()}
    return VectorExport("noise_buildings", title, frame, fields)
