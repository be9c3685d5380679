"""HTTP security headers on every response of the viewer.

The page loads nothing but its own origin (README "Deployment"; checked in the browser with every
mode, tests/e2e/test_security_browser.py), so the Content-Security-Policy allows only ``'self'``:

* scripts: this origin plus Dash's inline renderer and inline clientside callbacks and the page
  shell's watchdog, allowed by their SHA-256 hashes (``dash.Dash.csp_hashes``) — never
  ``'unsafe-inline'``, no ``'unsafe-eval'``: neither Dash 4.4.1 nor the deck.gl bundle evaluates
  strings as code (deck.gl's JSON converter parses ``@@=`` accessors with its own expression
  parser). ``'wasm-unsafe-eval'`` lets the
  bundle's long.js compile its tiny 64-bit-integer WebAssembly module (it falls back to plain JS
  without, but every page would report a violation); it does not allow ``eval``;
* styles: this origin plus ``'unsafe-inline'``: Dash's renderer and dcc add ``<style>`` elements at
  run time (CSS-in-JS) that no hash can name in advance; CSS cannot run script;
* images: this origin and ``data:`` (loaders.gl in the deck.gl bundle probes WebP support with a
  tiny ``data:`` image); workers, fonts and connections: this origin only (loaders.gl runs on the
  main thread here, see assets/twin.js);
* ``frame-ancestors`` from ``TWIN_FRAME_ANCESTORS`` (default ``'self'``: a city that embeds the
  viewer on its own site sets e.g. ``'self' https://www.stadt.de``), ``object-src 'none'``,
  ``base-uri 'self'``, ``form-action 'self'``.

Besides: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (a shared view's
URL is not sent to other sites), and a ``Permissions-Policy`` that switches off what the page
never uses. Reference: MDN, "Content-Security-Policy"; W3C CSP Level 3.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re

import dash
import flask

__all__ = ["FRAME_ANCESTORS_ENV", "content_security_policy", "frame_ancestors", "script_hash", "add_security_headers"]

FRAME_ANCESTORS_ENV = "TWIN_FRAME_ANCESTORS"
DEFAULT_FRAME_ANCESTORS = "'self'"
# A source expression of CSP Level 3: a keyword, a scheme, or scheme://host[:port][/path] (with * wildcards).
_SOURCE = re.compile(r"^(?:'(?:self|none)'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*://)?(?:\*\.)?[a-z0-9.-]+"
                     r"(?::(?:\d{1,5}|\*))?(?:/[^\s;,']*)?)$", re.IGNORECASE)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def frame_ancestors(value: str | None = None) -> str:
    """The ``frame-ancestors`` sources: ``value``, else ``TWIN_FRAME_ANCESTORS``, else ``'self'``.

    Raises
    ------
    ValueError
        If a source is not a CSP source expression (a ``;`` or ``,`` would inject other directives).
    """
    text = (value if value is not None else os.environ.get(FRAME_ANCESTORS_ENV, "")).strip()
    if not text:
        return DEFAULT_FRAME_ANCESTORS
    sources = text.split()
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise ValueError(f"{FRAME_ANCESTORS_ENV}={text!r}: {', '.join(map(repr, bad))} is not a CSP source. "
                         "Give space-separated sources such as \"'self' https://www.stadt.de\" (or \"'none'\").")
    return " ".join(sources)


def content_security_policy(script_hashes: list[str] | tuple[str, ...], *, ancestors: str) -> str:
    """The Content-Security-Policy header value (``script_hashes`` like ``'sha256-…'``)."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", "'wasm-unsafe-eval'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "worker-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def script_hash(script: str) -> str:
    """The CSP source (``'sha256-…'``) that allows one inline script with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def add_security_headers(app: dash.Dash, *, inline_scripts: list[str] | tuple[str, ...] = (),
                         ancestors: str | None = None) -> None:
    """Send the headers above with every response of ``app``'s server; ``inline_scripts`` are our
    own inline scripts beside Dash's (the page shell's watchdog).

    The script hashes are taken when a response leaves, not when the app is made: Dash's page
    router registers its inline clientside callback on the first request.
    """
    ancestors = frame_ancestors(ancestors)
    own = tuple(script_hash(script) for script in inline_scripts)
    cache: dict[int, str] = {}

    def policy() -> str:
        hashes = own + tuple(app.csp_hashes())
        key = hash(hashes)
        if key not in cache:
            cache.clear()
            cache[key] = content_security_policy(hashes, ancestors=ancestors)
        return cache[key]

    @app.server.after_request
    def security_headers(response: flask.Response) -> flask.Response:
        response.headers["Content-Security-Policy"] = policy()
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
