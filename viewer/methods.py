"""Where the data come from, on the page: the attribution line on the map, the "Methodik und
Datenquellen" panel, and the files for GIS offered on each scenario's card.

All of it comes from the manifest (``provenance``, ``privacy``, each scenario's ``exports``:
``layers.provenance``, ``layers.privacy``, ``layers.exports``); Dash escapes every string, so a
source named in city.toml is shown as text, never as markup.
"""

from __future__ import annotations

from dash import html

from viewer.i18n import pick, t

__all__ = ["EXPORT_URL", "attribution_line", "export_links", "methods_panel"]

EXPORT_URL = "/api/export/"
MODEL_TEXTS = {"starkregen": "methods_flood", "verkehr": "methods_traffic"}


def attribution_line(manifest: dict, lang: str) -> str:
    """The one-line attribution of the city's data in ``lang`` (empty for a build without one)."""
    return pick(manifest.get("provenance", {}).get("attribution", {}), lang)


def export_links(scenario: dict, lang: str) -> list:
    """A list of the scenario's files for GIS (each with its metadata sidecar), or nothing."""
    exports = scenario.get("exports") or []
    if not exports:
        return []
    items = [html.Li([html.A(f"{pick(entry['title'], lang)} ({entry['format']})", href=EXPORT_URL + entry["file"],
                             download=entry["file"], className="export-link"),
                      " · ",
                      html.A(t("exports_sidecar", lang), href=EXPORT_URL + entry["sidecar"], download=entry["sidecar"],
                             className="export-sidecar")])
             for entry in exports]
    return [html.Details([html.Summary(t("exports", lang)), html.Ul(items, className="export-list")],
                         className="exports")]


def methods_panel(manifest: dict, lang: str) -> html.Details:
    """The "Methodik und Datenquellen" panel: inputs with source and licence, the models of this
    build with their validation, the limits of the figures, the build's hash and date.
    """
    provenance = manifest.get("provenance", {})
    unknown = t("methods_unknown", lang)
    rows = [html.Tr([html.Td([entry["kind"], html.Br(), html.Small(entry["file"])]),
                     html.Td([entry["source"] or unknown, html.Br(),
                              html.Small(f"{t('methods_licence', lang)}: {entry['licence'] or unknown}")])])
            for entry in provenance.get("inputs", [])]
    table = html.Table([html.Thead(html.Tr([html.Th(t("methods_input", lang), scope="col"),
                                            html.Th(t("methods_source", lang), scope="col")])),
                        html.Tbody(rows)], className="methods-table")
    groups = {group["id"] for group in manifest.get("groups", [])}
    models = [html.P(t(key, lang)) for group, key in MODEL_TEXTS.items() if group in groups]
    if any(layer.get("kind") == "flood-measure" for layer in manifest.get("layers", [])):
        depth_m = next(layer["affected_depth_m"] for layer in manifest["layers"] if "affected_depth_m" in layer)
        text = t("methods_flood_measures", lang).format(depth_cm=f"{depth_m * 100:g}")
        models.insert(1 if "starkregen" in groups else 0, html.P(text, className="methods-measures"))
    if any(layer.get("kind") == "flood-class" for layer in manifest.get("layers", [])):
        models.insert(1 if "starkregen" in groups else 0, html.P(t("methods_flood_hazard", lang),
                                                                 className="methods-hazard"))
    if any(layer.get("kind") == "noise-buildings" for layer in manifest.get("layers", [])):
        models.append(html.P(t("methods_noise", lang)))
    privacy = [] if manifest.get("privacy", {}).get("residents_jobs", True) else \
        [html.P(t("methods_privacy_off", lang), className="hint")]
    build = manifest.get("build", {})
    stamp = f"{t('methods_build', lang)}: {build.get('input_hash', '')[:12]} · {build.get('date', '')}"
    return html.Details(id="methods", className="methods", children=[
        html.Summary(t("methods", lang)),
        html.H3(t("methods_inputs", lang)), table,
        html.P(attribution_line(manifest, lang), className="methods-attribution"),
        *([html.H3(t("methods_models", lang)), *models] if models else []),
        html.H3(t("methods_limits", lang)), html.P(t("methods_limits_text", lang)), *privacy,
        html.P(stamp, className="hint methods-build"),
    ])
