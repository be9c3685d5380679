"""The Dash app over one city build (stateless: per-user state lives in the browser).

``create_app`` reads the manifest once; gunicorn imports ``viewer.app:server``, which creates the
app on first access (PEP 562), so importing this module has no side effects. The web process only
opens an existing build (``twin build`` makes it; README "Deployment").

The HTML shell is Dash's, with the page's language on ``<html lang>``, the title escaped (Dash
puts ``title`` into ``<title>`` as it is, and a city's name is data) and a zoomable viewport except
in the kiosk (an unattended touchscreen must not be pinch-zoomed out of its layout).
"""

from __future__ import annotations

import html
import math
import os
import re
from pathlib import Path

import dash
import flask
from dash import ALL, ClientsideFunction, Input, Output, State

from layers.build_folders import current_build
from layers.manifest import read_manifest
from layers.settings import build_root, default_city, kiosk_idle_s
from viewer.deckspec import deck_json
from viewer.features import AttributeTables, feature_table
from viewer.i18n import DEFAULT_LANGUAGE, LANGUAGES
from viewer.layout import page_layout
from viewer.operator import register_operator
from viewer.point_values import PointValues, point_table
from viewer.routes import DECK_BUNDLE_URL, register_routes
from viewer.security import add_security_headers
from viewer.urlstate import parse_mode, parse_url_state

__all__ = ["create_app", "assets_folder", "missing_build_message", "watchdog_s", "VIEWPORT", "KIOSK_VIEWPORT"]

VIEWPORT = "width=device-width, initial-scale=1"
WATCHDOG_S = 60.0    # seconds a first load may make no progress at all (assets/inline/watchdog.js)
KIOSK_VIEWPORT = VIEWPORT + ", maximum-scale=1, user-scalable=no"
# Dash's page shell with the language on <html> and the first-load watchdog running before any other
# script is requested ({%lang%}, {%watchdog_s%} and {%watchdog%} are ours; the rest are Dash's).
INDEX = """<!DOCTYPE html>
<html lang="{%lang%}">
    <head>
        {%metas%}
        <meta name="urban-twin-watchdog" content="{%watchdog_s%}">
        <script>{%watchdog%}</script>
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


_PLACEHOLDER = re.compile(r"\{%(\w+)%\}")


def assets_folder() -> Path:
    """The browser code: the top-level ``assets/`` of a source checkout, else the copy that the
    wheel ships inside this package (``viewer/assets``, see setup.py).
    """
    package = Path(__file__).resolve().parent
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "assets").is_dir():
        return checkout / "assets"
    return package / "assets"


def watchdog_s() -> float:
    """Seconds a first load may go without progress (no request done, no frame, no computing) and
    without its first frame before the page reloads itself (``TWIN_WATCHDOG_S``, default 60;
    0 = never; assets/inline/watchdog.js).
    """
    text = os.environ.get("TWIN_WATCHDOG_S", "").strip()
    try:
        value = float(text) if text else WATCHDOG_S
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86400:
        raise ValueError(f"TWIN_WATCHDOG_S={text!r} is not a number of seconds between 0 and 86400. "
                         "Give e.g. TWIN_WATCHDOG_S=60 (0 switches the first-load watchdog off).")
    return value


def missing_build_message(city: str) -> str:
    """What to do when the web process finds no build of ``city`` (it never builds one itself)."""
    return (f"No build of {city!r} exists under {build_root()}. The web server only opens a finished build "
            f"and never runs the models: run `twin build {city}` first, where the web processes will read "
            "it (the same TWIN_BUILD_ROOT, e.g. at image build time), or use `twin serve`, which builds first.")


def _find_build(build_dir: Path | None) -> Path:
    if build_dir is not None:
        return Path(build_dir)
    found = current_build(default_city())
    if found is None:
        raise RuntimeError(missing_build_message(default_city()))
    return found


class _TwinDash(dash.Dash):
    """Dash with the request's language on ``<html>``, an escaped title, a per-mode viewport and
    the first-load watchdog inlined into ``<head>``.

    The placeholders are filled in one pass, so text that looks like one (a city called
    ``{%scripts%}``) stays text; Dash's own ``interpolate_str`` replaces them one after another.
    """

    default_mode = "map"
    watchdog_js = ""      # assets/inline/watchdog.js
    watchdog_s = 0.0

    def interpolate_index(self, **kwargs: str) -> str:
        args = flask.request.args if flask.has_request_context() else {}
        values = dict(kwargs, title=html.escape(kwargs.get("title", "")),
                      lang=args.get("lang") if args.get("lang") in LANGUAGES else DEFAULT_LANGUAGE,
                      watchdog=self.watchdog_js, watchdog_s=f"{self.watchdog_s:g}")
        if parse_mode(args.get("mode"), default=self.default_mode) == "kiosk":
            values["metas"] = values.get("metas", "").replace(f'content="{VIEWPORT}"', f'content="{KIOSK_VIEWPORT}"')
        return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), self.index_string)


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
    points = PointValues(build_dir, manifest)

    app = _TwinDash(
        __name__, use_pages=True, pages_folder="", assets_folder=str(assets_folder()),
        external_scripts=[DECK_BUNDLE_URL],  # served by this app from the pydeck wheel
        title=f"{manifest['city']['name']} · urban-twin",  # escaped by _TwinDash.interpolate_index
        meta_tags=[{"name": "viewport", "content": VIEWPORT}],
        index_string=INDEX, serve_locally=True, compress=False,
        assets_path_ignore=["^inline$"],   # scripts the page shell inlines itself (see INDEX)
    )
    app.default_mode = default_mode
    app.watchdog_js = (assets_folder() / "inline" / "watchdog.js").read_text(encoding="utf-8")
    app.watchdog_s = watchdog_s()
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
    add_security_headers(app, inline_scripts=[app.watchdog_js])
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
        if selected.get("point") is not None:
            lon, lat = _lon_lat(selected["point"])
            return point_table(points.lookup(lon, lat, visible), lon, lat, lang or "de")
        slice_key = selected.get("slice")
        found = tables.lookup(str(selected.get("layer")), str(selected.get("id")), visible,
                              slice_key=str(slice_key) if slice_key else None)
        return feature_table(found, lang or "de")

    _set_up_before_serving(app)
    return app


def _lon_lat(point: object) -> tuple[float, float]:
    """(lon, lat) of a tap's ``point`` ([lon, lat, ...] from the browser); NaN where it is not numbers."""
    try:
        lon, lat = (float(v) for v in list(point)[:2])
    except (TypeError, ValueError):
        return math.nan, math.nan
    return lon, lat


def _set_up_before_serving(app: dash.Dash) -> None:
    """Run Dash's first-request set-up now, in this one thread, before gunicorn's threads serve.

    Dash 4.4.1 sets itself up on its first request and marks that done before it has registered
    its scripts; a fresh worker's other threads then answered the page's first script requests
    with 500 ("dash" is not a registered library). When that script was the renderer the page
    never started — the dead first load of issue 12 (bench/README.md, "First load").
    """
    with app.server.test_client().get("/") as response:
        if response.status_code != 200:
            raise RuntimeError(f"The viewer's page could not be rendered (HTTP {response.status_code}); "
                               "see the error above in the server log.")


def __getattr__(name: str) -> object:
    """``viewer.app:server`` for gunicorn: the Flask server of the app for ``TWIN_CITY``."""
    if name == "server":
        global server
        server = create_app().server
        return server
    raise AttributeError(name)
