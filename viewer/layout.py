"""The page layout: map, layer panel with groups, legends, feature info and home button.

Built per page load from the manifest (read once per worker) and the URL's ``lang``.
"""

from __future__ import annotations

from dash import dcc, html

from viewer.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_number, js_catalogue, pick, t

__all__ = ["page_layout"]


def _legend(layer: dict, lang: str) -> html.Div:
    legend = layer.get("legend") or {"items": []}
    items = [html.Li([html.Span(className="swatch", style={"backgroundColor": f"rgb({r},{g},{b})"}),
                      html.Span(pick(item["label"], lang))])
             for item in legend["items"] for r, g, b in [item["color"][:3]]]
    return html.Div([html.H4(pick(layer["label"], lang)), html.Ul(items)],
                    id={"type": "legend-item", "layer": layer["id"]}, className="legend-item",
                    hidden=not layer.get("visible", True))


def _group(group: dict, layers: list[dict], lang: str) -> html.Fieldset:
    members = [layer for layer in layers if layer["group"] == group["id"]]
    if members:
        body = dcc.Checklist(
            id={"type": "layer-toggle", "group": group["id"]},
            options=[{"label": pick(layer["label"], lang), "value": layer["id"]} for layer in members],
            value=[layer["id"] for layer in members if layer.get("visible", True)],
            className="toggles", inputClassName="toggle-input", labelClassName="toggle-label",
        )
    else:
        body = html.P(t("no_scenarios", lang), className="hint")
    return html.Fieldset([html.Legend(pick(group["label"], lang)), body], className="layer-group")


def _metrics_card(scenario: dict, lang: str) -> html.Div:
    """A card with a scenario's key figures (and their change against its baseline)."""
    rows = []
    for metric in scenario.get("metrics", []):
        unit = f" {metric['unit']}" if metric.get("unit") else ""
        value = format_number(metric["value"], lang, decimals=metric.get("decimals")) + unit
        delta = metric.get("delta")
        change = "" if delta is None else ("+" if delta > 0 else "") + format_number(delta, lang, decimals=metric.get("decimals")) + unit
        rows.append(html.Tr([html.Th(pick(metric["label"], lang), scope="row"), html.Td(value),
                             html.Td(change, className="delta")]))
    visible = any(layer_visible for layer_visible in scenario.get("_visible", []))
    return html.Div([html.H4(pick(scenario["label"], lang)), html.Table(html.Tbody(rows), className="metrics-table")],
                    id={"type": "metrics-card", "scenario": scenario["id"]}, className="metrics-card", hidden=not visible)


def page_layout(manifest: dict, spec: dict, *, lang: str | None = None) -> html.Div:
    """The whole page for one city build in ``lang`` (German by default)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    other = "en" if lang == "de" else "de"
    city = manifest["city"]
    layers = manifest["layers"]
    badge = [html.Span(t("synthetic", lang), className="badge")] if city.get("synthetic") else []
    visible = {layer["id"]: layer.get("visible", True) for layer in layers}
    scenarios = [dict(s, _visible=[visible.get(lid, False) for lid in s.get("layers", [])]) for s in manifest["scenarios"]]
    no_scenarios = [] if scenarios else [html.Fieldset([html.Legend(t("scenarios", lang)),
                                                       html.P(t("no_scenarios", lang), className="hint")],
                                                      className="layer-group")]
    return html.Div(className="twin", lang=lang, children=[
        dcc.Store(id="deck-spec", data=spec),
        dcc.Store(id="home-view", data=spec["initialViewState"]),
        dcc.Store(id="selected-feature"),
        dcc.Store(id="ui-lang", data=lang),
        dcc.Store(id="ui-text", data=js_catalogue(lang)),
        dcc.Store(id="mount-status"),
        dcc.Store(id="home-status"),
        dcc.Store(id="scenario-layers", data={s["id"]: s.get("layers", []) for s in manifest["scenarios"]}),
        html.Header(className="topbar", children=[
            html.H1([html.Span(t("app_title", lang) + " · "), html.Strong(city["name"])]),
            *badge,
            html.A(t("language", lang), href=f"?lang={other}", className="lang-switch", lang=other),
        ]),
        html.Main(className="map-area", children=[
            html.Div(id="map", role="application", **{"aria-label": t("map_label", lang)}),
            html.Button(t("home", lang), id="home-button", className="map-button", n_clicks=0,
                        title=t("home", lang)),
        ]),
        html.Aside(className="panel", children=[
            html.Section([html.H2(t("layers", lang)),
                          *[_group(group, layers, lang) for group in manifest["groups"]], *no_scenarios]),
            html.Section([html.H2(t("metrics", lang)), *[_metrics_card(s, lang) for s in scenarios]],
                         className="metrics", hidden=not scenarios),
            html.Section([html.H2(t("legend", lang)), *[_legend(layer, lang) for layer in layers]], className="legend"),
            html.Section([html.H2(t("info", lang)),
                          html.Div(html.P(t("info_hint", lang), className="hint"), id="info-panel",
                                   **{"aria-live": "polite"})]),
        ]),
    ])
