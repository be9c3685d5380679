"""The operator exit on the real server (gunicorn, two workers, bound to every address): a request
from another address of this machine is refused, one from the loopback with the right PIN runs
the stop command (``touch``: harmless and real), wrong PINs are limited across both workers, and
neither the access log nor the server's log holds the PIN.
"""

from __future__ import annotations

import json
import shlex
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.browser import gunicorn_server
from viewer.operator import ATTEMPTS, EXIT_URL

pytestmark = pytest.mark.browser

PIN = "735190"


def _other_address() -> str | None:
    """A non-loopback IPv4 address of this machine, if it has one."""
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError):
        out = []
    for address in out:
        if ":" not in address and not address.startswith("127."):
            return address
    return None


def _post(url: str, pin: str, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url + EXIT_URL, data=json.dumps({"pin": pin}).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


@pytest.fixture(scope="module")
def stand_server(tiny_city_dir: Path, tiny_build, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("operator")
    (folder / "pin").write_text(PIN)
    (folder / "pin").chmod(0o600)
    env = {"TWIN_OPERATOR_PIN_FILE": str(folder / "pin"), "TWIN_OPERATOR_STATE_DIR": str(folder),
           "TWIN_OPERATOR_STOP": f"touch {shlex.quote(str(folder / 'stopped'))}",
           "GUNICORN_ACCESSLOG": str(folder / "access.log")}
    with gunicorn_server(tiny_city_dir, tiny_build.path.parent, workers=2, host="0.0.0.0", env=env) as url:
        yield url, folder
    # the server's own log (gunicorn_server writes it beside the build)
    logs = "".join(p.read_text(errors="replace") for p in tiny_build.path.parent.glob("gunicorn-*.log"))
    access = (folder / "access.log").read_text()
    assert EXIT_URL in access   # the requests were logged, ...
    assert PIN not in logs and PIN not in access   # ... the PIN was not


def test_another_address_of_this_machine_is_refused(stand_server) -> None:
    url, folder = stand_server
    address = _other_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to send from")
    port = url.rsplit(":", 1)[1]
    with socket.create_connection((address, int(port)), timeout=10):
        pass   # the server listens there too (bound to 0.0.0.0), so a refusal below is the route's
    status, body = _post(f"http://{address}:{port}", PIN)
    assert status == 403 and body == {"error": "only on the stand itself"}
    assert not (folder / "stopped").exists()


def test_loopback_right_pin_stops_and_wrong_pins_are_limited(stand_server) -> None:
    url, folder = stand_server
    assert _post(url, PIN, {"X-Forwarded-For": "192.0.2.9"})[0] == 403
    assert _post(url, "000000")[0] == 403
    assert not (folder / "stopped").exists()
    status, body = _post(url, PIN)
    assert (status, body) == (202, {"status": "stopping"})
    assert (folder / "stopped").exists()
    # The right PIN cleared the count: ATTEMPTS wrong ones, then the window is shut for everyone.
    assert [_post(url, "111111")[0] for _ in range(ATTEMPTS)] == [403] * ATTEMPTS
    (folder / "stopped").unlink()
    assert [_post(url, PIN)[0] for _ in range(3)] == [429] * 3   # any worker: the count is shared
    assert not (folder / "stopped").exists()
