"""The viewer without a browser: deck JSON, routes, layout and the feature table."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from dash import html

from tests.tiny_city import XSS_NAME
from viewer.app import assets_folder, create_app
from viewer.deckspec import deck_json
from viewer.features import AttributeTables, feature_table
from viewer.i18n import format_number


@pytest.fixture(scope="module")
def client(tiny_build):
    return create_app(tiny_build.path).server.test_client()


def _prefix(tiny_build) -> str:
    return f"/artifacts/{tiny_build.manifest['build']['input_hash'][:12]}"


def test_deck_json_points_only_at_local_artifacts(tiny_build) -> None:
    spec = deck_json(tiny_build.manifest, base=_prefix(tiny_build))
    text = json.dumps(spec)
    assert "http://" not in text and "https://" not in text  # no base map, no CDN, no tiles
    assert "mapStyle" not in spec and "mapProvider" not in spec
    by_id = {layer["id"]: layer for layer in spec["layers"]}
    assert set(by_id) == {"terrain", "water", "roads", "buildings"}
    assert by_id["buildings"]["data"] == f"{_prefix(tiny_build)}/buildings.json"
    assert by_id["buildings"]["getElevation"] == "@@=h"
    assert by_id["roads"]["widthUnits"] == "meters"
    assert by_id["terrain"]["elevationData"].endswith("/terrain_elevation.png")
    assert spec["views"][0]["controller"]["touchRotate"] is True


def _get(client, url: str, **headers: str):
    """GET and close the (streamed) response, returning status, headers and body."""
    with client.get(url, headers=headers) as response:
        return response.status_code, dict(response.headers), response.get_data()


def test_artifacts_served_gzipped_and_immutable(client, tiny_build) -> None:
    url = f"{_prefix(tiny_build)}/buildings.json"
    z_status, z_headers, z_body = _get(client, url, **{"Accept-Encoding": "gzip, deflate"})
    status, headers, body = _get(client, url)
    assert z_status == status == 200
    assert z_headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in headers
    assert gzip.decompress(z_body) == body
    assert len(z_body) < len(body) / 2
    assert "immutable" in z_headers["Cache-Control"]


@pytest.mark.parametrize("name", ["nothere.json", "manifest.json.gz", "%2e%2e", "..%2fmanifest.json"])
def test_unknown_or_escaping_artifact_is_not_served(client, tiny_build, name: str) -> None:
    status, _, body = _get(client, f"{_prefix(tiny_build)}/{name}")
    # Either a 404, or Dash's page for an unknown path: never a file from the build folder.
    assert status == 404 or (b"input_hash" not in body and b"<!DOCTYPE html>" in body)


def test_deck_bundle_comes_from_the_pydeck_wheel(client) -> None:
    response = client.get("/vendor/deckgl/index.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    body = gzip.decompress(response.data)
    assert b"createDeck" in body and len(body) > 3_000_000
    assert b"sourceMappingURL=index.js.map" not in body


def test_health(client) -> None:
    data = client.get("/healthz").get_json()
    assert data["status"] == "ok" and data["city"] == "Tiny Town" and data["layers"] == 4


def test_api_serves_manifest_and_deck_json(client, tiny_build) -> None:
    status, headers, body = _get(client, "/api/manifest.json")
    assert status == 200 and json.loads(body)["build"] == tiny_build.manifest["build"]
    status, _, body = _get(client, "/api/deck.json")
    ids = [layer["id"] for layer in json.loads(body)["layers"]]
    assert status == 200 and ids == ["terrain", "water", "roads", "buildings"]
    assert _get(client, "/api/secrets.json")[0] == 404


def test_page_references_no_external_script(client) -> None:
    page = client.get("/").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/vendor/deckgl/index.js" in sources
    assert [s for s in sources if s.startswith(("http:", "https:", "//"))] == []


def test_browser_scripts_load_in_the_order_their_names_give(client) -> None:
    """assets/00-core.js documents the load order as the file names' numbers; Dash must serve every
    script of assets/ in that order, after the deck.gl bundle.
    """
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    served = [re.sub(r"^/assets/|\?.*$", "", s) for s in scripts if s.startswith("/assets/")]
    on_disk = sorted(p.name for p in assets_folder().glob("*.js"))
    assert served == on_disk and all(re.match(r"^\d\d-[a-z0-9-]+\.js$", name) for name in served)
    numbers = [int(name[:2]) for name in served]
    assert served[0] == "00-core.js" and numbers == sorted(numbers)
    assert scripts.index("/vendor/deckgl/index.js") < scripts.index(next(s for s in scripts if "/assets/" in s))


def _texts(component) -> list[str]:
    """All string children in a Dash component tree."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if children is None:
        return []
    if not isinstance(children, (list, tuple)):
        children = [children]
    return [text for child in children for text in _texts(child)]


def test_layout_is_german_by_default_and_english_on_request(tiny_build) -> None:
    from viewer.layout import page_layout

    spec = deck_json(tiny_build.manifest, base=_prefix(tiny_build))
    german = _texts(page_layout(tiny_build.manifest, spec))
    english = _texts(page_layout(tiny_build.manifest, spec, lang="en"))
    assert {"Ebenen", "Legende", "Startansicht", "Gebäude"} <= set(german)
    assert {"Layers", "Legend", "Home view", "Buildings"} <= set(english)
    assert "Ebenen" not in english
    assert _texts(page_layout(tiny_build.manifest, spec, lang="xx")) == german  # unknown → German


def test_feature_table_keeps_html_as_text(tiny_build) -> None:
    tables = AttributeTables(tiny_build.path, tiny_build.manifest)
    found = tables.lookup("buildings", "B001")
    assert found is not None
    children = feature_table(found, "de")
    cells = [row.children[1].children for row in children[1].children.children]
    assert XSS_NAME in cells  # passed as a string child: React renders it as text
    assert all(isinstance(cell, str) for cell in cells)
    assert isinstance(children[0], html.H3) and children[0].children == "Gebäude"
    assert tables.lookup("buildings", "nope") is None
    assert feature_table(None, "en")[0].children.startswith("No attributes")


def test_numbers_are_localised() -> None:
    assert format_number(12345.67, "de", decimals=1) == "12.345,7"
    assert format_number(12345.67, "en", decimals=1) == "12,345.7"
    assert format_number(3, "de") == "3"


def _find(component, predicate) -> list:
    """Components in a Dash tree for which ``predicate`` holds."""
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str):
        return found
    if not isinstance(children, (list, tuple)):
        children = [children]
    return found + [c for child in children for c in _find(child, predicate)]


def test_layout_modes_mode_switch_and_url_notice(tiny_build) -> None:
    from viewer.layout import page_layout

    spec = deck_json(tiny_build.manifest, base=_prefix(tiny_build))
    page = page_layout(tiny_build.manifest, spec, mode="compare", url_state={"layers": ["terrain"]},
                       rejected=["cam", "layers"])
    assert page.className == "twin mode-compare" and getattr(page, "data-mode") == "compare"
    links = _find(page, lambda c: "mode-link" in (getattr(c, "className", "") or ""))
    assert [link.children for link in links] == ["Karte", "Vergleich", "Wischen", "Präsentation"]
    assert [getattr(link, "aria-current", None) for link in links] == [None, "page", None, None]
    notice = _find(page, lambda c: getattr(c, "id", None) == "url-notice")[0]
    assert notice.role == "status" and not notice.hidden
    assert _texts(notice) == ["Ungültige Angaben in der Adresse wurden ignoriert: cam, layers"]
    toggles = _find(page, lambda c: isinstance(getattr(c, "id", None), dict) and c.id.get("type") == "layer-toggle")
    assert [v for t in toggles for v in t.value] == ["terrain"]   # the URL's layers are checked
    kiosk = page_layout(tiny_build.manifest, spec, mode="kiosk")
    assert not _find(kiosk, lambda c: "mode-link" in (getattr(c, "className", "") or ""))
    assert getattr(page_layout(tiny_build.manifest, spec, mode="<b>"), "data-mode") == "map"


def test_page_reads_mode_from_url_and_twin_mode(tiny_build, monkeypatch) -> None:
    monkeypatch.setenv("TWIN_MODE", "kiosk")
    app = create_app(tiny_build.path)
    layout = dash_page_layout(app)
    assert getattr(layout(), "data-mode") == "kiosk"
    assert getattr(layout(mode="swipe"), "data-mode") == "swipe"
    hostile = layout(mode="<script>alert(1)</script>", cam="NaN,1,2,3,4", layers="x")
    assert getattr(hostile, "data-mode") == "kiosk"
    assert "mode, layers, cam" in " ".join(_texts(hostile))


def test_kiosk_idle_time_from_twin_idle_s(tiny_build, monkeypatch) -> None:
    monkeypatch.setenv("TWIN_IDLE_S", "45")
    assert getattr(dash_page_layout(create_app(tiny_build.path))(), "data-idle") == "45"
    monkeypatch.setenv("TWIN_IDLE_S", "soon")   # invalid → the 90 s default
    assert getattr(dash_page_layout(create_app(tiny_build.path))(), "data-idle") == "90"


def test_model_units_are_translated_for_english_readers() -> None:
    from viewer.i18n import unit_label

    assert unit_label("Kfz/h", "en") == "veh/h" and unit_label("Kfz/h", "de") == "Kfz/h"
    assert unit_label("km/h", "en") == "km/h" and unit_label(None, "en") == ""
    field = {"key": "volume", "label": {"de": "Verkehrsstärke", "en": "Volume"}, "unit": "Kfz/h"}
    rows = feature_table(({"de": "Straßen", "en": "Roads"}, [field], [1234]), "en")[1].children.children
    assert rows[0].children[1].children == "1,234 veh/h"


def dash_page_layout(app):
    import dash

    return next(page["layout"] for page in dash.page_registry.values() if page["path"] == "/")


def test_layer_downloads(client, tiny_build) -> None:
    response = client.get("/api/download/buildings.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = response.get_data(as_text=True).splitlines()
    assert rows[0].startswith("id,") and len(rows) == 1 + 16
    geo = client.get("/api/download/roads.geojson")
    assert geo.status_code == 200
    collection = json.loads(geo.get_data(as_text=True))
    assert collection["type"] == "FeatureCollection" and collection["features"]
    assert collection["features"][0]["geometry"]["type"] == "LineString"
    for bad in ("nope.csv", "terrain.csv", "buildings.exe", "buildings", "..manifest.json.csv", "<b>.csv"):
        assert client.get(f"/api/download/{bad}").status_code == 404
    assert client.get("/api/download/..%2Fmanifest.json.csv").mimetype == "text/html"   # not a download route


def test_methods_panel_and_attribution_in_both_languages(tiny_build) -> None:
    from viewer.layout import page_layout

    spec = deck_json(tiny_build.manifest, base=_prefix(tiny_build))
    german = _texts(page_layout(tiny_build.manifest, spec))
    english = _texts(page_layout(tiny_build.manifest, spec, lang="en"))
    attribution = tiny_build.manifest["provenance"]["attribution"]
    assert attribution["de"] in german and attribution["en"] in english
    assert attribution["de"].startswith("Daten: Synthetische Beispieldaten")
    assert {"Methodik und Datenquellen", "Eingangsdaten", "Quelle", "Grenzen der Zahlen"} <= set(german)
    assert {"Methods and data sources", "Input data", "Source", "Limits of the figures"} <= set(english)
    # each input with its file, source and licence
    assert {"buildings.fgb", "Lizenz: MIT-Lizenz von urban-twin"} <= set(german)
    assert "Licence: MIT-Lizenz von urban-twin" in english
    # the tiny city runs no scenario: no model is described
    assert not any(text.startswith(("Starkregen:", "Verkehr:")) for text in german)


def test_hostile_source_names_stay_text_in_the_methods_panel(tiny_build) -> None:
    from viewer.layout import page_layout

    manifest = json.loads(json.dumps(tiny_build.manifest))
    manifest["provenance"]["inputs"][0]["source"] = XSS_NAME
    manifest["provenance"]["attribution"] = {"de": XSS_NAME, "en": XSS_NAME}
    page = page_layout(manifest, deck_json(manifest, base=_prefix(tiny_build)))
    texts = _texts(page)
    assert texts.count(XSS_NAME) == 3  # attribution on the map, in the panel, the input's source: all as text


def test_methods_panel_describes_the_measures_with_the_citys_affected_depth() -> None:
    from viewer.methods import methods_panel

    flood = {"id": "flood-stark", "kind": "flood-depth", "affected_depth_m": 0.15}
    manifest = {"groups": [{"id": "starkregen"}], "layers": [flood, {"id": "flood-measure-m", "kind": "flood-measure"}]}
    german = _texts(methods_panel(manifest, "de"))
    english = _texts(methods_panel(manifest, "en"))
    models = [text for text in german if text.startswith(("Starkregen:", "Maßnahmen"))]
    assert [text[:9] for text in models] == ["Starkrege", "Maßnahmen"]   # the model first, then its measures
    assert "ab 15 cm Wasser" in models[1]
    assert any("from 15 cm of water" in text for text in english)
    manifest["layers"] = [flood]   # no measure built: none described
    assert not any(text.startswith("Maßnahmen") for text in _texts(methods_panel(manifest, "de")))


def test_methods_panel_names_the_velocity_and_hazard_schemes_when_the_build_has_them() -> None:
    from viewer.methods import methods_panel

    flood = {"id": "flood-stark", "kind": "flood-depth", "affected_depth_m": 0.1}
    manifest = {"groups": [{"id": "starkregen"}], "layers": [flood]}
    assert not any("FD2320" in text for text in _texts(methods_panel(manifest, "de")))
    manifest["layers"].append({"id": "flood-hazard-stark", "kind": "flood-class"})
    german, english = _texts(methods_panel(manifest, "de")), _texts(methods_panel(manifest, "en"))
    assert any("LUBW-Leitfaden 2016" in text and "FD2320" in text for text in german)
    assert any("LUBW guideline 2016" in text and "FD2320" in text for text in english)
