"""The Dash app over one city build (stateless: per-user state lives in the browser).

``create_app`` reads the manifest once; gunicorn imports ``viewer.app:server``, which creates the
app on first access (PEP 562), so importing this module has no side effects.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash
from dash import ALL, ClientsideFunction, Input, Output, State

from layers.build import current_build
from layers.manifest import read_manifest
from layers.settings import default_city, kiosk_idle_s
from viewer.deckspec import deck_json
from viewer.features import AttributeTables, feature_table
from viewer.layout import page_layout
from viewer.operator import register_operator
from viewer.routes import DECK_BUNDLE_URL, register_routes
from viewer.urlstate import parse_mode, parse_url_state

__all__ = ["create_app", "ASSETS"]

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def _find_build(build_dir: Path | None) -> Path:
    if build_dir is not None:
        return Path(build_dir)
    found = current_build(default_city())
    if found is None:
        raise RuntimeError(f"No build of {default_city()!r} exists yet. Run `twin build {default_city()}` "
                           "(or `twin serve`, which builds first).")
    return found


def create_app(build_dir: Path | None = None, *, mode: str | None = None) -> dash.Dash:
    """Create the viewer for a build folder (default: the current build of ``TWIN_CITY``).

    ``mode`` is the mode of a URL without ``?mode=`` (default: the ``TWIN_MODE`` environment
    variable, read once here — ``twin serve --kiosk`` sets it — else "map").
    """
    default_mode = parse_mode(mode if mode is not None else os.environ.get("TWIN_MODE", ""))
    idle_s = kiosk_idle_s()  # TWIN_IDLE_S (twin serve --idle), read once
    build_dir = _find_build(build_dir)
    manifest = read_manifest(build_dir)
    artifact_prefix = f"/artifacts/{manifest['build']['input_hash'][:12]}"
    spec = deck_json(manifest, base=artifact_prefix)
    tables = AttributeTables(build_dir, manifest)

    app = dash.Dash(
        __name__, use_pages=True, pages_folder="", assets_folder=str(ASSETS),
        external_scripts=[DECK_BUNDLE_URL],  # served by this app from the pydeck wheel
        title=f"{manifest['city']['name']} · urban-twin",
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1, user-scalable=no"}],
        serve_locally=True, compress=False,
    )
    app.config.suppress_callback_exceptions = True

    def layout(**query: object) -> object:
        # Dash passes the URL's query parameters; everything is validated against the manifest.
        state, rejected = parse_url_state(query, manifest, default_mode=default_mode)
        return page_layout(manifest, spec, lang=state.get("lang"), mode=state["mode"], url_state=state,
                           rejected=rejected, idle_s=idle_s)

    dash.register_page("map", path="/", layout=layout, title=app.title)
    app.layout = dash.page_container
    register_routes(app.server, build_dir=build_dir, manifest=manifest, spec=spec, artifact_prefix=artifact_prefix,
                    tables=tables)
    register_operator(app.server)  # the kiosk's operator exit (loopback + PIN; off without TWIN_OPERATOR_PIN_FILE)

    app.clientside_callback(ClientsideFunction("urbanTwin", "mount"),
                            Output("mount-status", "data"), Input("deck-spec", "data"), State("ui-text", "data"),
                            State("url-state", "data"), State("layer-meta", "data"), State("scenario-meta", "data"))
    app.clientside_callback(ClientsideFunction("urbanTwin", "setVisible"),
                            Output({"type": "legend-item", "layer": ALL}, "hidden"),
                            Output({"type": "metrics-card", "scenario": ALL}, "hidden"),
                            Input({"type": "layer-toggle", "group": ALL}, "value"),
                            State("scenario-layers", "data"),
                            prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("urbanTwin", "home"),
                            Output("home-status", "data"), Input("home-button", "n_clicks"),
                            State("home-view", "data"), prevent_initial_call=True)

    @app.callback(Output("info-panel", "children"), Input("selected-feature", "data"), State("ui-lang", "data"),
                  prevent_initial_call=True)
    def show_feature(selected: dict | None, lang: str | None) -> list:
        if not selected:
            return dash.no_update
        visible = [str(v) for v in selected.get("visible") or []]
        return feature_table(tables.lookup(str(selected.get("layer")), str(selected.get("id")), visible), lang or "de")

    return app


def __getattr__(name: str) -> object:
    """``viewer.app:server`` for gunicorn: the Flask server of the app for ``TWIN_CITY``."""
    if name == "server":
        global server
        server = create_app().server
        return server
    raise AttributeError(name)
