"""The kiosk's operator exit: a route that stops the stand, for staff who know its PIN.

A web page cannot close the kiosk browser, and systemd restarts the browser and the server when
they die (viewer/stand/). So the exit asks the system to stop both units: ``POST /operator/exit``
with ``{"pin": "…"}`` runs the stop command (``TWIN_OPERATOR_STOP``, default ``systemctl stop
--no-block`` of the stand's units — a stopped unit is not restarted). ``GET /operator/exit`` says
whether the exit is there for the asking browser (``{"available": …}``, always 200, so a kiosk
without an exit logs no failed request), and the kiosk offers its PIN pad only where it is.

It answers only the stand itself:

* the peer is a loopback address and the request names a loopback host (``Host``: a page of
  another site that rebinds its DNS name to 127.0.0.1 is refused), carries no proxy headers
  (``Forwarded``, ``X-Forwarded-For``, ``X-Real-IP``: a reverse proxy on the stand would make every
  visitor look local), and a browser's ``Origin``, if sent, is this server;
* the PIN (4–12 digits, read once from ``TWIN_OPERATOR_PIN_FILE``) is compared in constant time
  (``hmac.compare_digest`` of SHA-256 digests, so not even its length leaks);
* at most 5 attempts per 5 minutes, counted in a file all workers share (viewer/attempts.py);
* the PIN travels in a JSON body, never in the URL, so no access log can hold it; nothing here
  logs it. Without a PIN file every POST is answered 404.

References: OWASP Authentication Cheat Sheet (rate limiting, generic failure messages); Python
``hmac.compare_digest``; RFC 7239 (Forwarded).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import math
import re
import stat
import subprocess
from pathlib import Path

import flask

from layers.settings import operator_pin_file, operator_state_dir, operator_stop_command
from viewer.attempts import AttemptWindow

__all__ = ["register_operator", "read_pin", "EXIT_URL", "ATTEMPTS", "WINDOW_S"]

EXIT_URL = "/operator/exit"
ATTEMPTS = 5
WINDOW_S = 300.0
STOP_WAIT_S = 5.0
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP")
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
PIN_PATTERN = re.compile(r"^[0-9]{4,12}$")

log = logging.getLogger("urban_twin.operator")


def read_pin(path: Path) -> str:
    """The PIN in ``path``: 4–12 digits (surrounding whitespace ignored).

    Raises
    ------
    ValueError
        If the file is missing, unreadable or holds anything else; the message names the file and
        the fix, never its content.
    """
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"TWIN_OPERATOR_PIN_FILE={path}: cannot read it ({type(err).__name__}). Write 4–12 digits "
                         "into it, readable by the server's user only (chmod 600).") from None
    if not PIN_PATTERN.match(text):
        raise ValueError(f"TWIN_OPERATOR_PIN_FILE={path}: it must hold the PIN, 4–12 digits and nothing else "
                         "(`twin stand install` writes one).")
    return text


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _host_name(host: str) -> str:
    """The name of a ``Host`` header without its port (``[::1]:8050`` → ``::1``)."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def from_the_stand(request: flask.Request) -> bool:
    """Whether a request comes from this machine, directly (see the module docstring)."""
    if not _is_loopback(request.remote_addr):
        return False
    if any(name in request.headers for name in PROXY_HEADERS):
        return False
    if _host_name(request.host.lower()) not in LOOPBACK_NAMES:
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def _answer(code: int, **body: object) -> flask.Response:
    response = flask.jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


def _run_stop(command: list[str]) -> tuple[bool, str]:
    """Start the stop command in its own session (it may stop this very server); wait a few
    seconds for it: (started and did not fail, what to tell the operator).
    """
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True, close_fds=True)
    except OSError as err:
        return False, f"the stop command {command[0]!r} could not start ({err.strerror}); set TWIN_OPERATOR_STOP"
    try:
        _, err = process.communicate(timeout=STOP_WAIT_S)
    except subprocess.TimeoutExpired:
        return True, "stopping"   # still running: a stop that takes its time, or this server going down
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        return False, (f"the stop command exited with {process.returncode}"
                       + (f": {detail[0][:200]}" if detail else "")
                       + " (is the stand's polkit rule installed? see `twin stand install --dry-run`)")
    return True, "stopping"


def register_operator(server: flask.Flask) -> None:
    """Add ``GET``/``POST /operator/exit`` to the Flask server (settings read once, here)."""
    pin_file = operator_pin_file()
    pin_digest: bytes | None = None
    if pin_file is not None:
        try:
            pin_digest = _digest(read_pin(pin_file))
            if pin_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                log.warning("%s can be read by other users: chmod 600 it.", pin_file)
        except ValueError as err:
            log.error("operator exit switched off: %s", err)
    command = operator_stop_command()
    attempts = AttemptWindow(operator_state_dir() / ".operator-attempts", limit=ATTEMPTS, window_s=WINDOW_S)

    @server.route(EXIT_URL, methods=["GET", "POST"])
    def operator_exit():
        if flask.request.method == "GET":   # always 200: the kiosk asks on every page, quietly
            return _answer(200, available=pin_digest is not None and from_the_stand(flask.request))
        if pin_digest is None:
            flask.abort(404)
        if not from_the_stand(flask.request):
            return _answer(403, error="only on the stand itself")
        body = flask.request.get_json(silent=True) if flask.request.is_json else None
        if not isinstance(body, dict) or not isinstance(body.get("pin"), str):
            return _answer(400, error='send JSON {"pin": "<digits>"}')
        wait_s = attempts.try_attempt()
        if wait_s > 0:
            response = _answer(429, error="too many attempts", retry_after_s=math.ceil(wait_s))
            response.headers["Retry-After"] = str(math.ceil(wait_s))
            return response
        if not hmac.compare_digest(_digest(body["pin"]), pin_digest):
            log.warning("operator exit: wrong PIN")
            return _answer(403, error="wrong PIN")
        attempts.clear()
        ok, message = _run_stop(command)
        if not ok:
            log.error("operator exit: %s", message)
            return _answer(500, error=message)
        log.warning("operator exit: PIN accepted, stopping the stand (%s)", command[0])
        return _answer(202, status=message)
