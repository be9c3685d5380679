"""The page layout: mode switch, map, layer panel with groups, legends, feature info, home button,
and the compare tools (side switch, difference panel, opacity, export).

Built per page load from the manifest (read once per worker) and the URL's validated view state
(``viewer.urlstate``): ``lang``, ``mode`` and the visible layers are rendered here; the camera,
right side, time, split and opacity are applied by the browser (assets/, see 00-core.js).
"""

from __future__ import annotations

from dash import dcc, html

from viewer.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_number, js_catalogue, pick, t, unit_label
from viewer.methods import attribution_line, export_links, methods_panel
from viewer.urlstate import MODES

__all__ = ["page_layout", "SWITCH_MODES"]

# The modes offered in the top bar (kiosk is started by `twin serve --kiosk` or ?mode=kiosk).
SWITCH_MODES = ("map", "compare", "swipe", "present")


def _legend(layer: dict, lang: str) -> html.Div:
    legend = layer.get("legend") or {"items": []}
    items = [html.Li([html.Span(className="swatch", style={"backgroundColor": f"rgb({r},{g},{b})"}),
                      html.Span(pick(item["label"], lang))])
             for item in legend["items"] for r, g, b in [item["color"][:3]]]
    # A legend's title and note (e.g. the published scheme of its classes) frame the items.
    title = [html.P(pick(legend["title"], lang), className="legend-title")] if legend.get("title") else []
    note = [html.P(pick(legend["note"], lang), className="legend-note")] if legend.get("note") else []
    # A map stepped on the clock says what it shows: the maxima here, the time (assets/10-flood.js).
    when = [html.P(pick(legend["when"], lang), className="legend-when")] if legend.get("when") else []
    return html.Div([html.H4(pick(layer["label"], lang)), *title, *when, html.Ul(items), *note],
                    id={"type": "legend-item", "layer": layer["id"]}, className="legend-item",
                    hidden=not layer.get("visible", True), **{"data-layer": layer["id"]})


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


# The figures of a time slice shown under a traffic scenario's day figures (the slice of the clock's hour).
SLICE_FIGURES = ("trip_delay_s", "worst_zone_trip_s", "mean_trip_time_s", "trips", "vehicle_hours")


def _metric_rows(metrics: list[dict], lang: str) -> list[html.Tr]:
    rows = []
    for metric in metrics:
        unit = f" {unit_label(metric['unit'], lang)}" if metric.get("unit") else ""
        value = format_number(metric["value"], lang, decimals=metric.get("decimals")) + unit
        delta = metric.get("delta")
        sign = "+" if delta is not None and delta > 0 else ""
        change = "" if delta is None else sign + format_number(delta, lang, decimals=metric.get("decimals")) + unit
        rows.append(html.Tr([html.Th(pick(metric["label"], lang), scope="row"), html.Td(value),
                             html.Td(change, className="delta")]))
    return rows


def _slice_figures(scenario: dict, lang: str) -> list[html.Div]:
    """One block per time slice (hidden; assets/12-traffic.js shows the one of the clock's hour)."""
    blocks = []
    for entry in scenario.get("slices", []):
        metrics = [m for key in SLICE_FIGURES for m in entry.get("metrics", []) if m["key"] == key]
        blocks.append(html.Div([html.H5(pick(entry["label"], lang)),
                                html.Table(html.Tbody(_metric_rows(metrics, lang)), className="metrics-table")],
                               className="slice-figures", hidden=True, **{"data-slice": entry["key"]}))
    return blocks


def _metrics_card(scenario: dict, lang: str) -> html.Div:
    """A card with a scenario's key figures (and their change against its baseline); a scenario computed
    through the day adds the figures of each time slice.
    """
    rows = _metric_rows(scenario.get("metrics", []), lang)
    visible = any(layer_visible for layer_visible in scenario.get("_visible", []))
    return html.Div([html.H4(pick(scenario["label"], lang)), html.Table(html.Tbody(rows), className="metrics-table"),
                     *_slice_figures(scenario, lang), *export_links(scenario, lang)],
                    id={"type": "metrics-card", "scenario": scenario["id"]}, className="metrics-card",
                    hidden=not visible)


def _mode_switch(mode: str, lang: str) -> html.Nav:
    """Links to the modes (the browser adds the rest of the view state to their URLs)."""
    links = [html.A(t(f"compare_mode_{m}", lang), href=f"?mode={m}&lang={lang}", className="mode-link",
                    id=f"mode-link-{m}", **({"aria-current": "page"} if m == mode else {}))
             for m in SWITCH_MODES]
    return html.Nav(links, className="mode-switch", **{"aria-label": t("compare_modes", lang)})


def _ground(layer: dict) -> dict:
    """The terrain's mean ground height (m), which the print view's scale bar measures at."""
    low_high = layer.get("elevation_range_m")
    return {"ground_m": (low_high[0] + low_high[1]) / 2} if low_high else {}


def _layer_meta(manifest: dict, lang: str) -> dict:
    """What the browser modules (assets/) need per layer: label, group, legend with its title and note (in
    ``lang``), downloadable.
    """
    return {layer["id"]: {"label": pick(layer["label"], lang), "group": layer["group"],
                          "download": bool(layer.get("attributes")),
                          **_ground(layer),
                          "legend": [{"label": pick(item["label"], lang), "color": list(item["color"][:3])}
                                     for item in (layer.get("legend") or {"items": []})["items"]],
                          **_legend_texts(layer.get("legend") or {}, lang)}
            for layer in manifest["layers"]}


def _legend_texts(legend: dict, lang: str) -> dict:
    """A legend's optional title (its scheme) and note in ``lang``, as the print view shows them."""
    return {f"legend_{key}": pick(legend[key], lang) for key in ("title", "note") if legend.get(key)}


def _scenario_meta(manifest: dict, lang: str) -> list[dict]:
    """Scenarios with their layers and key figures (labels in ``lang``) for the difference panel."""
    return [{"id": s["id"], "group": s.get("group"), "label": pick(s["label"], lang), "layers": s.get("layers", []),
             "metrics": [{"key": m["key"], "label": pick(m["label"], lang), "value": m["value"],
                          "delta": m.get("delta"), "unit": unit_label(m.get("unit"), lang),
                          "decimals": m.get("decimals")}
                         for m in s.get("metrics", [])]}
            for s in manifest["scenarios"]]


def page_layout(manifest: dict, spec: dict, *, lang: str | None = None, mode: str = "map",
                url_state: dict | None = None, rejected: list[str] | tuple[str, ...] = (),
                idle_s: float = 90.0) -> html.Div:
    """The whole page for one city build in ``lang`` (German by default) and ``mode``.

    ``url_state`` is the validated view state of the URL (viewer.urlstate), ``rejected`` the names
    of URL parameters that were ignored (shown in a notice), ``idle_s`` the kiosk idle time (s)
    before the attract loop (assets/60-kiosk.js; a URL's ``?idle=`` wins).
    """
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    mode = mode if mode in MODES else "map"
    url_state = dict(url_state or {}, mode=mode)
    other = "en" if lang == "de" else "de"
    city = manifest["city"]
    layers = manifest["layers"]
    badge = [html.Span(t("synthetic", lang), className="badge")] if city.get("synthetic") else []
    visible = {layer["id"]: layer.get("visible", True) for layer in layers}
    if "layers" in url_state:
        visible = {layer["id"]: layer["id"] in url_state["layers"] for layer in layers}
    layers = [dict(layer, visible=visible[layer["id"]]) for layer in layers]
    two_sided = mode in ("compare", "swipe")
    notice = html.Div([html.P(t("compare_notice", lang).format(", ".join(rejected)))] if rejected else [],
                      id="url-notice", role="status", className="url-notice", hidden=not rejected)
    side_switch = html.Div(
        [html.Span(t("compare_side", lang), className="side-caption", id="side-caption"),
         html.Button(t("compare_left", lang), id="side-left", className="side-button", type="button",
                     **{"aria-pressed": "true", "data-side": "left"}),
         html.Button(t("compare_right", lang), id="side-right", className="side-button", type="button",
                     **{"aria-pressed": "false", "data-side": "right"})],
        className="side-switch", role="group", hidden=not two_sided, **{"aria-labelledby": "side-caption"})
    tools = [] if mode in ("kiosk",) else [html.Div(className="map-tools", children=[
        html.Button(t("compare_export", lang), id="export-png", className="tool-button", type="button",
                    title=t("compare_export_label", lang), **{"aria-label": t("compare_export_label", lang)}),
        html.A(t("compare_download", lang), id="download-data", className="tool-button", href="#", hidden=True,
               download=""),
        html.Div(className="print-tools", children=[
            html.Select([html.Option("A4", value="a4"), html.Option("A3", value="a3")], id="print-size",
                        className="tool-select", title=t("js_print_size", lang),
                        **{"aria-label": t("js_print_size", lang)}),
            html.Button(t("js_print", lang), id="print-view", className="tool-button", type="button",
                        title=t("js_print_label", lang), **{"aria-label": t("js_print_label", lang)}),
        ]),
    ])]
    scenarios = [dict(s, _visible=[visible.get(lid, False) for lid in s.get("layers", [])])
                 for s in manifest["scenarios"]]
    no_scenarios = [] if scenarios else [html.Fieldset([html.Legend(t("scenarios", lang)),
                                                       html.P(t("no_scenarios", lang), className="hint")],
                                                      className="layer-group")]
    return html.Div(className=f"twin mode-{mode}", lang=lang,
                    **{"data-mode": mode, "data-idle": f"{idle_s:g}"}, children=[
        dcc.Store(id="deck-spec", data=spec),
        dcc.Store(id="url-state", data=url_state),
        dcc.Store(id="layer-meta", data=_layer_meta(manifest, lang)),
        dcc.Store(id="scenario-meta", data=_scenario_meta(manifest, lang)),
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
            *([] if mode == "kiosk" else [_mode_switch(mode, lang)]),
            html.A(t("language", lang), href=f"?mode={mode}&lang={other}", className="lang-switch", lang=other,
                   id="lang-switch"),
        ]),
        html.Main(className="map-area", children=[
            html.Div(id="map", role="application", **{"aria-label": t("map_label", lang)}),
            html.Button(t("home", lang), id="home-button", className="map-button", n_clicks=0,
                        title=t("home", lang)),
            *tools,
            notice,
            html.P(attribution_line(manifest, lang), id="map-attribution", className="map-attribution",
                   **{"data-build": manifest["build"]["input_hash"][:12],
                      "data-date": manifest["build"].get("date", "")}),
        ]),
        html.Aside(className="panel", children=[
            side_switch,
            html.Section([html.H2(t("layers", lang)),
                          *[_group(group, layers, lang) for group in manifest["groups"]], *no_scenarios]),
            html.Section([html.H2(t("metrics", lang)), *[_metrics_card(s, lang) for s in scenarios]],
                         className="metrics", hidden=not scenarios),
            html.Section([html.H2(t("compare_metrics", lang)),
                          html.Div(html.P(t("compare_metrics_hint", lang), className="hint"), id="compare-metrics",
                                   **{"aria-live": "polite"})],
                         className="compare-metrics", hidden=not two_sided),
            html.Details([html.Summary(t("compare_opacity", lang)), html.Div(id="opacity-panel")], className="opacity",
                         id="opacity-section", open=two_sided),
            html.Section([html.H2(t("legend", lang)), *[_legend(layer, lang) for layer in layers]], className="legend"),
            html.Section([html.H2(t("info", lang)),
                          html.Div(html.P(t("info_hint", lang), className="hint"), id="info-panel",
                                   **{"aria-live": "polite"})]),
            methods_panel(manifest, lang),
        ]),
    ])
