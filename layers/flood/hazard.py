"""Flow-velocity classes, the depth × velocity hazard rating and the change of max depth.

Velocity classes (m/s) are those of the heavy-rain hazard maps of Baden-Württemberg: < 0.2,
0.2–0.5, 0.5–2.0 and > 2.0 m/s (LUBW 2016, Leitfaden Kommunales Starkregenrisikomanagement in
Baden-Württemberg, Anhang "Starkregengefahrenkarten: Fließgeschwindigkeit").

Hazard combines depth d (m) and velocity v (m/s) in the flood hazard rating of the Defra /
Environment Agency research on flood risks to people (Ramsbottom, Wade et al. 2006, FD2321/TR2,
"Flood Risks to People Phase 2", eq. 3.1; FD2320 guidance):

    HR = d · (v + 0.5) + DF

with the debris factor DF of its table for urban land: 0 where d ≤ 0.25 m and v ≤ 2 m/s, 1 elsewhere
(the table's 0.5 belongs to pasture/arable land deeper than 0.75 m or faster than 2 m/s and to
woodland at 0.25–0.75 m, not to a city). Checked against the risk-to-life method of Jacobs' Flood
Modeller (help.floodmodeller.com, "Risk to life calculations"), which takes the same formula and
urban factor from Defra 2008, "Assessing and valuing the risk to life from flooding for use in
appraisal of risk management measures" (DF = 0 if d ≤ 0.25 m, 1 if d > 0.25 m or v > 2 m/s),
and its four classes: < 0.75 low ("caution"), 0.75–1.25 moderate ("danger for some":
children, the elderly), 1.25–2.0 significant ("danger for most"), > 2.0 extreme ("danger for
all"). It is used here because it is published as one formula with thresholds from tests of people
standing in flowing water and is the rating of England's surface-water (pluvial) hazard maps; the
German state guidelines we could check publish depth and velocity as two separate maps.

The change of max depth between a measure and its event is classed with a "no change" band of
:data:`NO_CHANGE_M` (1 cm: building tables report depths in whole cm, and smaller differences
are below what the model's mass balance and a 2 m DEM can tell apart); water counts as "wet" from
the maps' first depth class (what the depth map shows at all).
"""

from __future__ import annotations

import numpy as np

from layers.style import decimal_text, label

__all__ = ["CHANGE_LABELS", "HAZARD_CLASSES", "HAZARD_LABELS", "NO_CHANGE_M", "STRONG_CHANGE_M",
           "VELOCITY_CLASSES_M_S", "depth_change_class", "hazard_class", "hazard_rating", "velocity_class",
           "velocity_labels"]

VELOCITY_CLASSES_M_S = (0.2, 0.5, 2.0)
"""Upper bounds of the lower velocity classes (m/s), LUBW 2016."""
HAZARD_CLASSES = (0.75, 1.25, 2.0)
"""Upper bounds of the lower hazard-rating classes, FD2321/TR2 table 3.2."""
DEBRIS_DEPTH_M = 0.25
"""Above this depth (m) or above :data:`DEBRIS_VELOCITY_M_S` the urban debris factor is 1."""
DEBRIS_VELOCITY_M_S = 2.0
NO_CHANGE_M = 0.01
"""A change of max depth below this (m) counts as no change."""
STRONG_CHANGE_M = 0.10
"""Changes from this size (m) on get the darker colours."""

HAZARD_LABELS = (
    label("gering (Vorsicht)", "low (caution)"),
    label("mäßig (Gefahr für manche: Kinder, Ältere)", "moderate (danger for some: children, the elderly)"),
    label("erheblich (Gefahr für die meisten)", "significant (danger for most)"),
    label("extrem (Gefahr für alle)", "extreme (danger for all)"),
)
CHANGE_LABELS = (
    label("neu trocken", "newly dry"),
    label(f"flacher um ≥ {STRONG_CHANGE_M * 100:.0f} cm", f"shallower by ≥ {STRONG_CHANGE_M * 100:.0f} cm"),
    label(f"flacher um {NO_CHANGE_M * 100:.0f}–{STRONG_CHANGE_M * 100:.0f} cm",
          f"shallower by {NO_CHANGE_M * 100:.0f}–{STRONG_CHANGE_M * 100:.0f} cm"),
    label(f"tiefer um {NO_CHANGE_M * 100:.0f}–{STRONG_CHANGE_M * 100:.0f} cm",
          f"deeper by {NO_CHANGE_M * 100:.0f}–{STRONG_CHANGE_M * 100:.0f} cm"),
    label(f"tiefer um ≥ {STRONG_CHANGE_M * 100:.0f} cm", f"deeper by ≥ {STRONG_CHANGE_M * 100:.0f} cm"),
    label("neu nass", "newly wet"),
)
"""Labels of the change classes 1–6 of :func:`depth_change_class` (0: no change or dry)."""


def velocity_labels() -> list[dict[str, str]]:
    """Legend labels of the velocity classes 1–4 ("< 0,2 m/s", ..., "> 2,0 m/s")."""
    b = VELOCITY_CLASSES_M_S
    de = [decimal_text(v, "de") for v in b]
    en = [decimal_text(v, "en") for v in b]
    return ([label(f"< {de[0]} m/s", f"< {en[0]} m/s")]
            + [label(f"{de[k]}–{de[k + 1]} m/s", f"{en[k]}–{en[k + 1]} m/s") for k in range(len(b) - 1)]
            + [label(f"> {de[-1]} m/s", f"> {en[-1]} m/s")])


def velocity_class(velocity_m_s: np.ndarray, depth_m: np.ndarray, *, wet_m: float) -> np.ndarray:
    """Velocity class (uint8) per cell: 0 where the max depth (m) is below ``wet_m``, else 1–4 for
    < 0.2, 0.2–0.5, 0.5–2.0, ≥ 2.0 m/s (a speed on a class bound goes to the upper class).
    """
    classes = np.digitize(np.nan_to_num(velocity_m_s, nan=0.0), VELOCITY_CLASSES_M_S) + 1
    return np.where(np.asarray(depth_m) >= wet_m, classes, 0).astype("uint8")


def hazard_rating(depth_m: np.ndarray, velocity_m_s: np.ndarray) -> np.ndarray:
    """The flood hazard rating HR = d (v + 0.5) + DF (dimensionless; FD2321/TR2, urban debris factor)."""
    d = np.asarray(depth_m, dtype=float)
    v = np.nan_to_num(np.asarray(velocity_m_s, dtype=float), nan=0.0)
    debris = np.where((d > DEBRIS_DEPTH_M) | (v > DEBRIS_VELOCITY_M_S), 1.0, 0.0)
    return np.where(d > 0, d * (v + 0.5) + debris, 0.0)


def hazard_class(depth_m: np.ndarray, velocity_m_s: np.ndarray, *, wet_m: float) -> np.ndarray:
    """Hazard class (uint8) per cell: 0 where the max depth (m) is below ``wet_m``, else 1–4 (low,
    moderate, significant, extreme; a rating on a class bound goes to the upper class).

    Depth and velocity are both the run's maxima, which may occur at different times: the rating
    is an upper bound of the rating at any moment (as on published hazard maps made from maxima).
    """
    classes = np.digitize(hazard_rating(depth_m, velocity_m_s), HAZARD_CLASSES) + 1
    return np.where(np.asarray(depth_m) >= wet_m, classes, 0).astype("uint8")


def depth_change_class(before_m: np.ndarray, after_m: np.ndarray, *, wet_m: float) -> np.ndarray:
    """Change class (uint8) of max depth from ``before_m`` (the event) to ``after_m`` (with a measure).

    0: no change (|Δ| < :data:`NO_CHANGE_M`) or dry in both; 1 newly dry (≥ ``wet_m`` before, below
    after); 2 shallower by ≥ :data:`STRONG_CHANGE_M`; 3 shallower by less; 4 deeper by less; 5 deeper
    by ≥ :data:`STRONG_CHANGE_M`; 6 newly wet. "Shallower"/"deeper" need water ≥ ``wet_m`` before
    and after.
    """
    before, after = np.asarray(before_m, float), np.asarray(after_m, float)
    delta = after - before
    wet_before, wet_after = before >= wet_m, after >= wet_m
    changed = np.abs(delta) >= NO_CHANGE_M
    strong = np.abs(delta) >= STRONG_CHANGE_M
    both = wet_before & wet_after & changed
    out = np.zeros(before.shape, "uint8")
    out[both & (delta < 0) & strong] = 2
    out[both & (delta < 0) & ~strong] = 3
    out[both & (delta > 0) & ~strong] = 4
    out[both & (delta > 0) & strong] = 5
    out[wet_before & ~wet_after & changed] = 1
    out[~wet_before & wet_after & changed] = 6
    return out
