"""The files, manifest entries and key figures of the noise at home of one traffic variant (``noise_<variant>``).

``noise_<variant>_tag.json``, ``noise_<variant>_nacht.json``
    The colour of each residential building (``[{"i": building id, "c": [r, g, b]}, ...]``) by the change
    of the level at its loudest façade by day (6–22 h) or at night (22–6 h) in a diverging scheme
    (``layers.style.noise_change_colours``). The viewer recolours the one buildings layer with them
    (``assets/13-noise-buildings.js``, as the heavy-rain layers do): roofs stay roofs, no second set of
    boxes is drawn; buildings without residents turn white (:data:`NO_RESIDENTS`), so no use colour
    reads as a change.
``noise_<variant>_attributes.json``
    Per building: day and night level today and in the variant and their change (dB(A)); appended to a
    tapped building while the layer is shown (``extends``). No residents per building (``layers.privacy``):
    only sums.

Manifest: one layer of kind ``noise-buildings`` per variant in the traffic group, hidden at first, whose
``slices`` follow the traffic's time slices (each names the file of the period holding its hours, so the
clock switches day and night); the variant's scenario gets ``noise``: residents per 5 dB band, day
and night, before and after, and its card two key figures. Everything is labelled "RLS-19-based,
indicative" (``layers.style.NOISE_LABEL``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from layers.noise.exposure import Exposure, Homes
from layers.noise.levels import PERIODS, band_labels
from layers.noise.propagation import RECEIVER_HEIGHT_M, SEARCH_RADIUS_M
from layers.scenario_api import Metric, rounded
from layers.style import NOISE_LABEL, label, noise_change_colours, noise_change_legend
from layers.web import write_json

__all__ = ["FIELDS", "KIND", "NO_RESIDENTS", "noise_layer", "noise_metrics", "noise_summary"]

KIND = "noise-buildings"
NO_RESIDENTS = (250, 250, 250)  # buildings without residents: white, so no use colour reads as a change
FIELDS = [(f"{what}_{period.key}", label(f"{de_what} {period.label['de']}", f"{en_what} {period.label['en']}"),
           "dB(A)")
          for period in PERIODS
          for what, de_what, en_what in (("before", "Pegel heute,", "Level today,"),
                                         ("after", "Pegel im Szenario,", "Level in the scenario,"),
                                         ("change", "Änderung,", "Change,"))]
THRESHOLDS_DB = {"tag": 65.0, "nacht": 55.0}  # the usual triggers of German noise action plans


def _change(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        change = after - before
    return np.where(np.isfinite(before) & np.isfinite(after), change, np.nan)


def _level(value: float, decimals: int = 1) -> float | None:
    return rounded(value, decimals) if np.isfinite(value) else None


def noise_layer(out: Path, slug: str, variant_label: dict, scenario_id: str, group: str, where: Homes,
                before: Exposure, after: Exposure, slices: Sequence) -> dict:
    """Write the variant's building colours and table; its manifest layer.

    Parameters
    ----------
    slices
        The traffic's time slices (``key``, ``start_h``, ``end_h``, ``label``, ``hours``).
    """
    files = {}
    for period in PERIODS:
        colours = noise_change_colours(_change(before.levels[period.key], after.levels[period.key])).tolist()
        name = f"noise_{slug}_{period.key}.json"
        write_json(out / name, [{"i": str(ident), "c": colour} for ident, colour in zip(where.ids, colours,
                                                                                           strict=True)])
        files[period.key] = name
    rows = {}
    for row, ident in enumerate(where.ids):
        values = []
        for period in PERIODS:
            b, a = before.levels[period.key][row], after.levels[period.key][row]
            values += [_level(b), _level(a), _level(_change(np.array([b]), np.array([a]))[0])]
        rows[str(ident)] = values
    attributes = f"noise_{slug}_attributes.json"
    write_json(out / attributes, {"fields": [key for key, _, _ in FIELDS], "rows": rows}, gzip_twin=False)
    by_period = {period.key: period for period in PERIODS}
    slice_files = []
    for time_slice in slices:
        period = max(PERIODS, key=lambda p: len(by_period[p.key].hours.intersection(time_slice.hours)))
        slice_files.append({"key": time_slice.key, "label": time_slice.label, "start": time_slice.start_h,
                            "end": time_slice.end_h, "data": files[period.key], "period": period.key})
    default = slice_files[0]
    return {"id": f"noise_{slug}", "kind": KIND, "group": group,
            "label": {lang: f"{text}: " + ("Lärm an der Fassade" if lang == "de" else "noise at the façade")
                      + f" ({NOISE_LABEL[lang]})" for lang, text in variant_label.items()},
            "visible": False, "data": default["data"], "attributes": attributes, "slices": slice_files,
            "extends": "buildings", "other_colour": list(NO_RESIDENTS),
            "fields": [{"key": k, "unit": unit,
                        "label": {lang: f"{lab[lang]} ({variant_label[lang]}; {NOISE_LABEL[lang]})"
                                  for lang in ("de", "en")}} for k, lab, unit in FIELDS],
            "legend": _legend(), "scenario": scenario_id, "count": len(where.ids),
            "stats": {"receivers": len(where.receivers), "search_radius_m": SEARCH_RADIUS_M,
                      "receiver_height_m": RECEIVER_HEIGHT_M, "residents": int(round(where.residents.sum()))}}


def _legend() -> dict:
    legend = noise_change_legend()
    legend["items"].append({"label": label("ohne Einwohner", "no residents"), "color": list(NO_RESIDENTS)})
    return legend


def noise_summary(where: Homes, before: Exposure, after: Exposure) -> dict:
    """The scenario's ``noise``: per period its bands (labels, dB(A)) and the residents in each, before and
    after; the residents whose home gets at least 1 dB quieter or louder, and the residents' mean change (dB).
    """
    periods = []
    for period in PERIODS:
        change = _change(before.levels[period.key], after.levels[period.key])
        known = np.isfinite(change)
        people = where.residents[known]
        periods.append({
            "key": period.key, "label": period.label, "bands": band_labels(period.bands_from_db),
            "before": [int(round(v)) for v in before.bands[period.key]],
            "after": [int(round(v)) for v in after.bands[period.key]],
            "quieter_1db": int(round(people[change[known] <= -1.0].sum())),
            "louder_1db": int(round(people[change[known] >= 1.0].sum())),
            "mean_change_db": rounded(float(np.average(change[known], weights=people)) if people.sum() > 0
                                      else None, 2)})
    return {"label": NOISE_LABEL, "unit": "dB(A)", "periods": periods}


def _at_least(exposure: Exposure, period_key: str, where: Homes) -> float:
    return float(where.residents[exposure.levels[period_key] >= THRESHOLDS_DB[period_key]].sum())


def noise_metrics(where: Homes, before: Exposure, after: Exposure) -> list[Metric]:
    """Key figures: residents at or above 65 dB(A) by day and 55 dB(A) at night, with the change against today."""
    metrics = []
    for period in PERIODS:
        threshold, now, then = THRESHOLDS_DB[period.key], _at_least(after, period.key, where), \
            _at_least(before, period.key, where)
        when = {"tag": ("tags", "by day"), "nacht": ("nachts", "at night")}[period.key]
        metrics.append(Metric(f"residents_{period.key}_{threshold:.0f}db",
                              label(f"Einwohner ab {threshold:.0f} dB(A) {when[0]} ({NOISE_LABEL['de']})",
                                    f"Residents at {threshold:.0f} dB(A) or more {when[1]} ({NOISE_LABEL['en']})"),
                              now, "", 0, now - then))
    return metrics
