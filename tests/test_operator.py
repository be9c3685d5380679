"""The kiosk's operator exit (viewer/operator.py) on a bare Flask server: only loopback requests
without proxy headers, the PIN compared and rate limited, the right PIN runs the configured stop
command — a real command (``touch``), not a mock of systemd.
"""

from __future__ import annotations

import logging
import shlex
import time
from pathlib import Path

import flask
import pytest

from viewer.attempts import AttemptWindow
from viewer.operator import ATTEMPTS, EXIT_URL, read_pin, register_operator

PIN = "48213579"
LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def stand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """(test client, file the stop command creates) for a server with a PIN file and `touch` as the stop command."""
    pin_file = tmp_path / "pin"
    pin_file.write_text(PIN + "\n")
    pin_file.chmod(0o600)
    stopped = tmp_path / "stopped"
    monkeypatch.setenv("TWIN_OPERATOR_PIN_FILE", str(pin_file))
    monkeypatch.setenv("TWIN_OPERATOR_STOP", f"touch {shlex.quote(str(stopped))}")
    monkeypatch.setenv("TWIN_OPERATOR_STATE_DIR", str(tmp_path))
    server = flask.Flask("stand")
    register_operator(server)
    return server.test_client(), stopped


def _post(client, pin: str, *, environ: dict | None = None, headers: dict | None = None, base: str = "http://127.0.0.1:8050"):
    return client.post(EXIT_URL, json={"pin": pin}, environ_base=environ or LOCAL, headers=headers or {},
                       base_url=base)


def test_right_pin_from_the_loopback_runs_the_stop_command(stand) -> None:
    client, stopped = stand
    info = client.get(EXIT_URL, environ_base=LOCAL, base_url="http://localhost:8050")
    assert info.status_code == 200 and info.get_json()["available"] is True
    assert info.headers["Cache-Control"] == "no-store"
    response = _post(client, PIN)
    assert response.status_code == 202, response.get_json()
    assert stopped.exists()


@pytest.mark.parametrize(("environ", "headers", "base"), [
    ({"REMOTE_ADDR": "192.0.2.7"}, {}, "http://127.0.0.1:8050"),                        # another machine
    ({"REMOTE_ADDR": "::ffff:192.0.2.7"}, {}, "http://127.0.0.1:8050"),
    (LOCAL, {"X-Forwarded-For": "192.0.2.7"}, "http://127.0.0.1:8050"),                 # through a proxy
    (LOCAL, {"Forwarded": "for=192.0.2.7"}, "http://127.0.0.1:8050"),
    (LOCAL, {"X-Real-IP": "192.0.2.7"}, "http://127.0.0.1:8050"),
    (LOCAL, {}, "http://stand.example:8050"),                                           # DNS rebinding
    (LOCAL, {"Origin": "http://evil.example"}, "http://127.0.0.1:8050"),                # another site's page
])
def test_refused_unless_directly_from_the_stand(stand, environ, headers, base) -> None:
    client, stopped = stand
    response = _post(client, PIN, environ=environ, headers=headers, base=base)
    assert response.status_code == 403
    info = client.get(EXIT_URL, environ_base=environ, headers=headers, base_url=base)
    assert info.status_code == 200 and info.get_json() == {"available": False}
    assert not stopped.exists()


def test_ipv6_loopback_and_same_origin_are_the_stand(stand) -> None:
    client, stopped = stand
    response = _post(client, PIN, environ={"REMOTE_ADDR": "::1"}, base="http://[::1]:8050",
                     headers={"Origin": "http://[::1]:8050"})
    assert response.status_code == 202 and stopped.exists()


def test_wrong_pins_are_refused_then_rate_limited(stand, caplog: pytest.LogCaptureFixture) -> None:
    client, stopped = stand
    caplog.set_level(logging.DEBUG)
    for wrong in ["0000", PIN[:-1], PIN + "0", "", "٤٨٢١٣٥٧٩"][:ATTEMPTS]:
        response = _post(client, wrong)
        assert response.status_code == 403 and response.get_json() == {"error": "wrong PIN"}
    # The window is full: even the right PIN is not checked now.
    blocked = _post(client, PIN)
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 300
    assert not stopped.exists()
    assert caplog.records and all(PIN not in record.getMessage() for record in caplog.records)


def test_requests_that_are_not_a_pin_in_json_are_refused(stand) -> None:
    client, stopped = stand
    assert client.post(EXIT_URL, data={"pin": PIN}, environ_base=LOCAL, base_url="http://127.0.0.1").status_code == 400
    assert client.post(EXIT_URL + f"?pin={PIN}", environ_base=LOCAL, base_url="http://127.0.0.1").status_code == 400
    assert client.post(EXIT_URL, json={"pin": int(PIN)}, environ_base=LOCAL,
                       base_url="http://127.0.0.1").status_code == 400
    assert not stopped.exists()


def test_a_failing_stop_command_is_reported(stand, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TWIN_OPERATOR_STOP", "sh -c 'echo Access denied >&2; exit 4'")
    server = flask.Flask("stand-2")
    register_operator(server)
    response = _post(server.test_client(), PIN)
    assert response.status_code == 500
    assert "exited with 4: Access denied" in response.get_json()["error"]
    monkeypatch.setenv("TWIN_OPERATOR_STOP", str(tmp_path / "no-such-command"))
    server = flask.Flask("stand-3")
    register_operator(server)
    response = _post(server.test_client(), PIN)
    assert response.status_code == 500 and "TWIN_OPERATOR_STOP" in response.get_json()["error"]


def test_no_pin_file_no_exit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("TWIN_OPERATOR_PIN_FILE", raising=False)
    server = flask.Flask("plain")
    register_operator(server)
    assert server.test_client().get(EXIT_URL, environ_base=LOCAL).get_json() == {"available": False}
    assert server.test_client().post(EXIT_URL, json={"pin": "1234"}, environ_base=LOCAL).status_code == 404
    # A PIN file that holds no PIN switches the exit off with a message naming the file (not its content).
    bad = tmp_path / "pin"
    bad.write_text("secret words")
    monkeypatch.setenv("TWIN_OPERATOR_PIN_FILE", str(bad))
    server = flask.Flask("bad")
    register_operator(server)
    assert server.test_client().post(EXIT_URL, json={"pin": "secret words"}, environ_base=LOCAL).status_code == 404
    assert any(str(bad) in r.getMessage() and "secret" not in r.getMessage() for r in caplog.records)


def test_read_pin_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read it .*chmod 600"):
        read_pin(tmp_path / "missing")
    (tmp_path / "short").write_text("123")
    with pytest.raises(ValueError, match="4–12 digits"):
        read_pin(tmp_path / "short")
    (tmp_path / "ok").write_text(" 2468\n")
    assert read_pin(tmp_path / "ok") == "2468"


def test_attempt_window_slides_and_is_shared_through_its_file(tmp_path: Path) -> None:
    now = [1000.0]
    first = AttemptWindow(tmp_path / "n", limit=2, window_s=60, clock=lambda: now[0])
    second = AttemptWindow(tmp_path / "n", limit=2, window_s=60, clock=lambda: now[0])   # another worker
    assert first.try_attempt() == 0.0
    now[0] += 10
    assert second.try_attempt() == 0.0
    assert first.try_attempt() == pytest.approx(50.0)     # until the first attempt leaves the window
    now[0] += 51
    assert second.try_attempt() == 0.0
    assert first.try_attempt() == pytest.approx(9.0)
    second.clear()
    assert first.try_attempt() == 0.0
    assert oct((tmp_path / "n").stat().st_mode & 0o777) == "0o600"


def test_attempt_window_survives_a_torn_file(tmp_path: Path) -> None:
    (tmp_path / "n").write_text('[12.5, "x')
    assert AttemptWindow(tmp_path / "n", limit=1, window_s=60, clock=time.time).try_attempt() == 0.0
