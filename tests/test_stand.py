"""The stand set-up (viewer/stand/): the systemd units pass ``systemd-analyze verify``, every
Chromium flag is a switch the installed Chromium knows, the policy and the installer behave.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
from pathlib import Path

import pytest

from tests.programs import require_programs
from viewer.cli import main as twin
from viewer.stand import CHROMIUM_FLAGS, PIN_FILE, StandConfig, stand_files

CHROMIUM_BINARY = Path("/usr/lib/chromium/chromium")   # Debian's binary behind the /usr/bin/chromium wrapper
UNITS = "/etc/systemd/system/"


def _config(**kw: object) -> StandConfig:
    return StandConfig(user=pwd.getpwuid(os.getuid()).pw_name, **kw)


def exec_start(unit: str) -> str:
    """The ExecStart= line of a unit, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", unit)
    return next(line.split("=", 1)[1] for line in text.splitlines() if line.startswith("ExecStart="))


def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify checks that every command of the units exists, so those must be installed too
    require_programs("systemd-analyze", "/usr/bin/cage", "/usr/bin/chromium", "/usr/bin/curl",
                     packages="systemd cage chromium curl")
    for path, text in stand_files(_config()).items():
        if path.startswith(UNITS):
            (tmp_path / Path(path).name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "twin-stand.service", "twin-stand-browser.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, SYSTEMD_UNIT_PATH=f"{tmp_path}:"),
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_a_unit_error_fails_verify(tmp_path: Path) -> None:
    """The check above can fail: a wrong command path is reported."""
    require_programs("systemd-analyze", packages="systemd")
    text = stand_files(_config(python="/nonexistent/python"))[UNITS + "twin-stand.service"]
    (tmp_path / "twin-stand.service").write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", "twin-stand.service"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "/nonexistent/python" in result.stderr


def test_every_chromium_flag_is_a_switch_of_this_chromium() -> None:
    require_programs(str(CHROMIUM_BINARY), packages="chromium")
    binary = CHROMIUM_BINARY.read_bytes()
    for flag, why in CHROMIUM_FLAGS:
        name, _, value = flag[2:].partition("=")
        assert name.encode() in binary, f"{flag}: not a switch of this Chromium ({why})"
        if name == "disable-features":
            for feature in value.split(","):
                assert re.search(rb'[^A-Za-z]' + feature.encode() + rb'[^A-Za-z]', binary), feature
    unit = stand_files(_config())[UNITS + "twin-stand-browser.service"]
    assert all(flag in exec_start(unit) for flag, _ in CHROMIUM_FLAGS)
    assert exec_start(unit).endswith(" http://127.0.0.1:8050/?mode=kiosk")


def test_browser_policy_allows_only_the_viewer(tmp_path: Path) -> None:
    files = stand_files(_config(port=8123))
    policy = json.loads(files["/etc/chromium/policies/managed/twin-stand.json"])
    assert policy["URLBlocklist"] == ["*"] and policy["URLAllowlist"] == ["http://127.0.0.1:8123"]
    assert policy["DownloadRestrictions"] == 3 and policy["PrintingEnabled"] is False
    assert (
        files["/etc/opt/chrome/policies/managed/twin-stand.json"]
        == files["/etc/chromium/policies/managed/twin-stand.json"]
    )


def test_install_writes_a_private_pin_once_and_never_shows_it(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert twin(["stand", "install", "--user", "stand", "--root", str(tmp_path), "--port", "8123"]) == 0
    pin = tmp_path / PIN_FILE.lstrip("/")
    value = pin.read_text().strip()
    assert re.fullmatch(r"[0-9]{6}", value)
    assert pin.stat().st_mode & 0o777 == 0o600 and pin.parent.stat().st_mode & 0o777 == 0o700
    out = capsys.readouterr().out
    assert value not in out and "then run: sudo systemctl enable" in out
    unit = (tmp_path / "etc/systemd/system/twin-stand.service").read_text()
    assert "--port 8123" in unit and "LoadCredential=operator-pin:/etc/twin-stand/pin" in unit
    # A second install keeps the PIN the staff know.
    assert twin(["stand", "install", "--user", "stand", "--root", str(tmp_path)]) == 0
    assert pin.read_text().strip() == value and "kept the operator PIN" in capsys.readouterr().out


def test_dry_run_writes_nothing_and_shows_the_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert twin(["stand", "install", "--user", "stand", "--root", str(tmp_path), "--dry-run"]) == 0
    assert list(tmp_path.iterdir()) == []
    out = capsys.readouterr().out
    assert "would write" in out and "    ExecStart=" in out and "would run: sudo systemctl daemon-reload" in out
