"""The stand's browser unit for real, as far as this machine allows: its ExecStartPre and ExecStart
command lines, exactly as rendered, start cage (on its headless backend: there is no screen here)
with Chromium, which opens the viewer in kiosk mode full screen; and the polkit rule, run in a
JavaScript engine, lets the stand user stop its two units and nothing else.

Not tried here (no systemd as PID 1, no seat, no screen): starting the units through systemd, the
logind session of the PAM service, and the managed Chromium policy (it lives in /etc).
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.browser import free_port
from tests.programs import require_programs
from tests.test_stand import exec_start
from viewer.stand import StandConfig, stand_files

pytestmark = pytest.mark.browser

RULES = "/etc/polkit-1/rules.d/50-twin-stand.rules"


def _exec_line(unit: str, key: str) -> list[str]:
    line = exec_start(unit) if key == "ExecStart" else next(
        ln.split("=", 1)[1] for ln in unit.splitlines() if ln.startswith(key + "="))
    return shlex.split(line)


def test_polkit_rule_lets_the_stand_user_stop_its_units_only(chromium) -> None:
    rule = stand_files(StandConfig(user="stand"))[RULES]
    page = chromium.new_page()
    try:
        verdicts = page.evaluate("""([rule, cases]) => {
            const rules = [];
            const polkit = {Result: {YES: "yes", NO: "no", AUTH_ADMIN: "auth_admin", NOT_HANDLED: null},
                            addRule: (fn) => rules.push(fn)};
            new Function("polkit", rule)(polkit);
            return cases.map(([id, user, unit, verb]) => rules[0](
                {id: id, lookup: (key) => ({unit: unit, verb: verb})[key]}, {user: user}));
        }""", [rule, [
            ["org.freedesktop.systemd1.manage-units", "stand", "twin-stand.service", "stop"],
            ["org.freedesktop.systemd1.manage-units", "stand", "twin-stand-browser.service", "stop"],
            ["org.freedesktop.systemd1.manage-units", "stand", "twin-stand-browser.service", "restart"],
            ["org.freedesktop.systemd1.manage-units", "stand", "ssh.service", "stop"],
            ["org.freedesktop.systemd1.manage-units", "guest", "twin-stand.service", "stop"],
            ["org.freedesktop.systemd1.manage-unit-files", "stand", "twin-stand.service", "disable"],
            ["org.freedesktop.login1.reboot", "stand", None, None],
        ]])
    finally:
        page.close()
    assert verdicts == ["yes", "yes", "yes", None, None, None, None]


@pytest.fixture
def stand_user():
    """(command prefix, home) to run the kiosk as a plain user (cage refuses to run as root). The
    home is short and right under /tmp: a Wayland socket path has at most 107 bytes, and the user
    must be able to reach it.
    """
    home = Path(tempfile.mkdtemp(prefix="twin-stand-"))
    (home / "run").mkdir()
    (home / "run").chmod(0o700)
    prefix = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for path in (home, home / "run"):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        prefix = ["runuser", "-u", "nobody", "--"]
    yield prefix, home
    shutil.rmtree(home, ignore_errors=True)


def test_browser_unit_commands_open_the_kiosk_full_screen(chromium, tiny_server, stand_user) -> None:
    require_programs("cage", "Xwayland", "curl", packages="cage xwayland curl")
    prefix, home = stand_user
    port = int(tiny_server.rsplit(":", 1)[1])
    unit = stand_files(StandConfig(user="stand", port=port))["/etc/systemd/system/twin-stand-browser.service"]

    pre = _exec_line(unit, "ExecStartPre")
    assert subprocess.run(pre, timeout=120).returncode == 0   # curl waits for /healthz, then succeeds

    debug_port = free_port()
    argv = [arg.replace("%t", str(home / "run")) for arg in _exec_line(unit, "ExecStart")]
    argv.insert(-1, f"--remote-debugging-port={debug_port}")   # only for this test: to look inside
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(home / "run"), WLR_BACKENDS="headless",
               WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1")
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("DISPLAY", None)
    log = open(home / "cage.log", "wb")
    process = subprocess.Popen([*prefix, "env", *(f"{k}={env[k]}" for k in ("HOME", "XDG_RUNTIME_DIR",
                               "WLR_BACKENDS", "WLR_RENDERER", "WLR_LIBINPUT_NO_DEVICES")), *argv],
                               stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (home / "cage.log").read_text(errors="replace")[-3000:]
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/version", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "Chromium in cage did not start within 90 s"
                time.sleep(0.5)
        # The session's Playwright (the chromium fixture) attaches to the kiosk browser over CDP.
        browser = chromium.browser_type.connect_over_cdp(f"http://127.0.0.1:{debug_port}")
        pages = [p for c in browser.contexts for p in c.pages if p.url.startswith(f"http://127.0.0.1:{port}/")]
        assert len(pages) == 1, [p.url for c in browser.contexts for p in c.pages]
        page = pages[0]
        page.wait_for_function("() => document.querySelector('.twin[data-mode=kiosk]') !== null", timeout=60_000)
        shape = page.evaluate("""() => ({inner: [innerWidth, innerHeight], screen: [screen.width, screen.height],
                                        outer: [outerWidth, outerHeight]})""")
        # Kiosk: the page is the whole screen, no tabs, address bar or window frame.
        assert shape["inner"] == shape["screen"] == shape["outer"], shape
        assert page.url == f"http://127.0.0.1:{port}/?mode=kiosk"
        browser.close()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        log.close()
