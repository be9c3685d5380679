"""Flask routes beside the Dash app: artifacts, the deck.gl bundle, layer downloads, a health check.

Artifacts are served from the build folder with their precomputed gzip twins (no compression
work per request) and cached immutably: their URL contains the build's input hash. Only the files
the page itself loads are served there (those the deck JSON points at, and the story); attribute
tables stay on the server — a tap asks for one row, a download goes through /api/download/.
The deck.gl bundle comes from inside the installed pydeck wheel — never from a CDN.
"""

from __future__ import annotations

import gzip
import json
import math
import mimetypes
from functools import lru_cache
from pathlib import Path

import flask
import pydeck

from viewer.export import DOWNLOAD_FORMATS, EXPORT_TYPES, Downloads, export_files
from viewer.features import AttributeTables
from viewer.methods import EXPORT_URL

__all__ = ["register_routes", "page_artifacts", "DECK_BUNDLE", "DECK_BUNDLE_URL"]

DECK_BUNDLE = Path(pydeck.__file__).parent / "nbextension" / "static" / "index.js"
DECK_BUNDLE_URL = "/vendor/deckgl/index.js"
IMMUTABLE = "public, max-age=31536000, immutable"


@lru_cache(maxsize=1)
def _deck_bundle() -> tuple[bytes, bytes]:
    """The bundle, plain and gzipped, read and compressed once per worker process."""
    if not DECK_BUNDLE.is_file():
        raise FileNotFoundError(f"{DECK_BUNDLE} is missing: reinstall pydeck==0.9.3 (it ships the deck.gl bundle).")
    raw = DECK_BUNDLE.read_bytes()
    # The bundle names a source map that is not served; drop the comment so browsers don't ask.
    raw = raw.replace(b"//# sourceMappingURL=index.js.map", b"")
    return raw, gzip.compress(raw, compresslevel=6, mtime=0)


def _respond(raw_path: Path | None, data: tuple[bytes, bytes] | None, mimetype: str, cache: str) -> flask.Response:
    accepts_gzip = "gzip" in flask.request.headers.get("Accept-Encoding", "")
    if data is not None:
        body = data[1] if accepts_gzip else data[0]
        response = flask.Response(body, mimetype=mimetype)
        if accepts_gzip:
            response.headers["Content-Encoding"] = "gzip"
    else:
        gz = raw_path.with_name(raw_path.name + ".gz")
        if accepts_gzip and gz.is_file():
            response = flask.send_file(gz, mimetype=mimetype, conditional=True, etag=True)
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = flask.send_file(raw_path, mimetype=mimetype, conditional=True, etag=True)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = cache
    return response


def _count(value: object) -> int:
    """A count from a client's report, 0 to 1,000,000 (anything else: 0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return 0
    return min(int(value), 1_000_000)


def page_artifacts(spec: dict, manifest: dict, *, artifact_prefix: str) -> set[str]:
    """Names of the build files the page loads: every artifact URL in the deck JSON (layer data,
    textures, flood frames and building depths) and the story file.
    """
    prefix = artifact_prefix.rstrip("/") + "/"
    found: set[str] = set()
    pending: list[object] = [spec]
    while pending:
        value = pending.pop()
        if isinstance(value, str) and value.startswith(prefix):
            found.add(value[len(prefix):])
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    if manifest.get("story"):
        found.add(str(manifest["story"]))
    return found


def register_routes(server: flask.Flask, *, build_dir: Path, manifest: dict, spec: dict, artifact_prefix: str,
                    tables: AttributeTables) -> None:
    """Add /artifacts/<hash>/<file> (the files the page loads), the deck.gl bundle, /healthz, the
    manifest and deck JSON under /api/, /api/download/<layer id>.csv|.geojson[?slice=<time slice>]
    (404 for unknown ids and slices), /api/export/<file> (the files for GIS the manifest lists, 404
    for any other name) and /api/watchdog (the page's first-load watchdog reports a reload) to the
    Flask server.
    """
    build_dir = build_dir.resolve()
    present = {p.name for p in build_dir.iterdir() if p.is_file()}
    allowed = page_artifacts(spec, manifest, artifact_prefix=artifact_prefix) & present

    @server.route(f"{artifact_prefix}/<name>")
    def artifact(name: str) -> flask.Response:
        if name not in allowed:
            flask.abort(404)
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return _respond(build_dir / name, None, mimetype, IMMUTABLE)

    @server.route(DECK_BUNDLE_URL)
    def deck_bundle() -> flask.Response:
        return _respond(None, _deck_bundle(), "text/javascript", "public, max-age=86400")

    health = {"status": "ok", "city": manifest["city"]["name"], "build": manifest["build"]["input_hash"][:12],
              "layers": len(manifest["layers"])}

    @server.route("/healthz")
    def healthz() -> flask.Response:
        return flask.jsonify(health)

    # Serialised once: the manifest (for tools and other front ends) and the deck JSON the page uses.
    documents = {name: (raw, gzip.compress(raw, mtime=0)) for name, raw in {
        "manifest.json": json.dumps(manifest, ensure_ascii=False).encode("utf-8"),
        "deck.json": json.dumps(spec, ensure_ascii=False).encode("utf-8"),
    }.items()}

    downloads = Downloads(build_dir, manifest, tables)

    @server.route("/api/download/<name>")
    def download(name: str) -> flask.Response:
        layer_id, _, fmt = name.rpartition(".")
        slice_key = flask.request.args.get("slice") or None  # a traffic layer's time slice
        body = downloads.document(layer_id, fmt, slice_key) if fmt in DOWNLOAD_FORMATS else None
        if body is None:
            flask.abort(404)
        # content_type, not mimetype: Flask would add a second "; charset=utf-8" to a text/* type.
        response = flask.Response(body, content_type=DOWNLOAD_FORMATS[fmt])
        filename = f"{layer_id}_{slice_key}" if slice_key else layer_id
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        response.headers["Cache-Control"] = "no-cache"
        return response

    exports = {name for name in export_files(manifest) if (build_dir / name).is_file()}

    @server.route(f"{EXPORT_URL}<name>")
    def export(name: str) -> flask.Response:
        # Only the files the manifest lists as a scenario's exports (and their sidecars).
        if name not in exports:
            flask.abort(404)
        response = flask.send_file(build_dir / name, mimetype=EXPORT_TYPES[name.rsplit(".", 1)[-1]],
                                   as_attachment=True, download_name=name, conditional=True, etag=True)
        response.headers["Cache-Control"] = "no-cache"
        return response

    @server.route("/api/watchdog", methods=["POST"])
    def watchdog():
        # The page reloaded itself for want of a first frame (assets/inline/watchdog.js): one log line.
        facts = flask.request.get_json(silent=True, force=True) if (flask.request.content_length or 0) <= 2048 else None
        if not isinstance(facts, dict):
            flask.abort(400)
        number = {key: _count(facts.get(key)) for key in ("reloads", "inARow", "afterS", "frames", "resources")}
        server.logger.warning(
            "first-load watchdog: %s after %d s without a first frame (reload %d, %d in a row); the map %s, "
            "%d frames drawn, %d resources loaded",
            "gave up" if facts.get("gaveUp") is True else "reloaded the page", number["afterS"], number["reloads"],
            number["inARow"], "was mounted" if facts.get("mounted") is True else "was not mounted", number["frames"],
            number["resources"])
        return "", 204

    @server.route("/api/<name>")
    def api(name: str) -> flask.Response:
        if name not in documents:
            flask.abort(404)
        return _respond(None, documents[name], "application/json", "no-cache")
