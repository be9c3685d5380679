"""The set-up of a trade-fair stand PC (Debian 12+ / Ubuntu 24.04+): boot straight into the kiosk.

The templates beside this module, rendered for one stand by :func:`stand_files` and written by
:func:`install` (``twin stand install``; README "Trade-fair stand"):

=================================================  ================================================
``/etc/systemd/system/twin-stand.service``         the viewer, ``twin serve --kiosk`` on 127.0.0.1
``/etc/systemd/system/twin-stand-browser.service``  Chromium ``--kiosk`` in cage on tty1
``/etc/pam.d/twin-stand``                          the browser's session: systemd opens it for the
                                                   stand user without a password (the autologin)
``/etc/polkit-1/rules.d/50-twin-stand.rules``      the stand user may stop/start these two units
``/etc/chromium/policies/managed/twin-stand.json``  Chromium policy: only the viewer's origin, no
``/etc/opt/chrome/policies/managed/…``             downloads, printing, dev tools, sign-in, translate
``/etc/twin-stand/pin``                            the operator PIN (root only; the viewer gets it as
                                                   a systemd credential, viewer/operator.py)
=================================================  ================================================

Both units restart whatever kills them (``Restart=always``, no start limit); only ``systemctl
stop`` — the operator exit — ends them. cage (a Wayland compositor for one full-screen
application) has no idle blanking or screen saver, so nothing blanks the screen. The browser flags
and why each is there: :data:`CHROMIUM_FLAGS`. References: systemd.exec(5) and systemd.service(5);
cage's wiki "Starting Cage on boot with systemd"; Chromium's policy list (chromeenterprise.google
/policies); polkit(8).
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shlex
import shutil
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from layers.settings import STAND_UNITS

__all__ = ["StandConfig", "CHROMIUM_FLAGS", "stand_files", "install", "PIN_FILE"]

PIN_FILE = "/etc/twin-stand/pin"
PIN_DIGITS = 6
APT_PACKAGES = "cage xwayland chromium curl polkitd"

# (flag, why) — what a stand needs from Chromium beyond --kiosk.
CHROMIUM_FLAGS: tuple[tuple[str, str], ...] = (
    ("--kiosk", "full screen without tabs, address bar or menus; F11 and the window keys do nothing"),
    ("--ozone-platform=wayland", "draw on cage's Wayland display"),
    ("--user-data-dir=%t/twin-stand-browser/profile", "a fresh profile in RAM on every start: no "
     "'restore pages?' after a power cut, no cache growing all week (systemd's RuntimeDirectory)"),
    ("--hide-crash-restore-bubble", "no restore prompt either, should a profile survive a crash"),
    ("--no-first-run", "no welcome or first-run dialogs"),
    ("--no-default-browser-check", "no 'make Chromium your default browser' bar"),
    ("--disable-component-update", "no component downloads or update dialogs (the stand is offline)"),
    ("--check-for-update-interval=31536000", "no update check for a year (Google Chrome's nag)"),
    ("--simulate-outdated-no-au=Tue, 31 Dec 2099 23:59:59 GMT", "no 'Chrome is out of date' bubble"),
    ("--overscroll-history-navigation=0", "no swipe-back/forward navigation from an edge swipe"),
    ("--disable-pinch", "no pinch-zoom of the page (the map zooms itself)"),
    ("--disable-features=Translate,MediaRouter", "no translate bar, no cast dialog"),
    ("--deny-permission-prompts", "no permission prompts (location, notifications, camera)"),
    ("--disable-print-preview", "no print dialog (printing is also off by policy)"),
    ("--password-store=basic", "no keyring unlock dialog: the session has no keyring"),
    ("--noerrdialogs", "no error dialogs"),
    ("--disk-cache-size=104857600", "at most 100 MB of cache in RAM"),
    ("--enable-unsafe-swiftshader", "should the GPU fail for good (Chromium blocks it after repeated GPU "
     "crashes), WebGL falls back to software: a slow map, not a black one (safe enough here: the policy "
     "lets the browser open only the viewer's own pages)"),
)


@dataclass(frozen=True)
class StandConfig:
    """One stand: who runs it, what it shows, which programs it uses.

    Parameters
    ----------
    user
        The stand user (a plain account: ``adduser --disabled-password stand``).
    city
        City folder (absolute) or sample city name.
    port
        The viewer's port on 127.0.0.1.
    idle_s
        Kiosk idle time (s) before the attract loop.
    python
        The Python that has urban-twin installed (default: this one).
    """

    user: str
    city: str = "musterstadt"
    port: int = 8050
    idle_s: float = 90.0
    python: str = sys.executable
    browser: str = "/usr/bin/chromium"
    cage: str = "/usr/bin/cage"
    curl: str = "/usr/bin/curl"
    tty: str = "tty1"

    @property
    def origin(self) -> str:
        """The viewer's address on the stand (loopback)."""
        return f"http://127.0.0.1:{self.port}"


def _quote(arg: str) -> str:
    """One argument for an Exec line (systemd's quoting is close to the shell's double quotes)."""
    return f'"{arg}"' if any(c in arg for c in " \t'\"\\;$") else arg


def _template(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def stand_files(config: StandConfig) -> dict[str, str]:
    """The files of a stand: absolute destination path → content."""
    values = {
        "@USER@": config.user, "@CITY@": _quote(config.city), "@PORT@": str(config.port),
        "@IDLE_S@": f"{config.idle_s:g}", "@PYTHON@": _quote(config.python), "@BROWSER@": _quote(config.browser),
        "@CAGE@": _quote(config.cage), "@CURL@": _quote(config.curl), "@TTY@": config.tty,
        "@ORIGIN@": config.origin, "@URL@": config.origin + "/?mode=kiosk",
        "@FLAGS@": " \\\n    ".join(_quote(flag) for flag, _ in CHROMIUM_FLAGS),
    }
    policy = _template("chromium-policy.json")
    sources = {
        "/etc/systemd/system/twin-stand.service": _template("twin-stand.service"),
        "/etc/systemd/system/twin-stand-browser.service": _template("twin-stand-browser.service"),
        "/etc/pam.d/twin-stand": _template("twin-stand.pam"),
        "/etc/polkit-1/rules.d/50-twin-stand.rules": _template("twin-stand.rules"),
        "/etc/chromium/policies/managed/twin-stand.json": policy,
        "/etc/opt/chrome/policies/managed/twin-stand.json": policy,
    }
    files = {}
    for path, text in sources.items():
        for key, value in values.items():
            text = text.replace(key, value)
        left = re.findall(r"@[A-Z_]+@", text)
        if left:
            raise ValueError(f"{path}: placeholders {left} were left unfilled")
        files[path] = text
    return files


def install(config: StandConfig, *, root: Path = Path("/"), dry_run: bool = False) -> list[str]:
    """Write the stand's files under ``root`` (and enable the units when ``root`` is ``/``).

    Returns what was done (or would be done, with ``dry_run``: then with each file's content), line
    by line, including what the administrator still has to do. The PIN is never in it.
    """
    lines = []
    verb = "would write" if dry_run else "wrote"
    for path, text in stand_files(config).items():
        target = root / path.lstrip("/")
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            target.chmod(0o644)
        lines.append(f"{verb} {target}")
        if dry_run:
            lines += ["    " + line for line in text.splitlines()]
    pin = root / PIN_FILE.lstrip("/")
    if pin.exists():
        lines.append(f"kept the operator PIN in {pin}")
    else:
        if not dry_run:
            pin.parent.mkdir(parents=True, exist_ok=True)
            pin.parent.chmod(0o700)
            fd = os.open(pin, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(f"{secrets.randbelow(10 ** PIN_DIGITS):0{PIN_DIGITS}d}\n")
        lines.append(f"{verb} a random {PIN_DIGITS}-digit operator PIN to {pin} (read it: sudo cat {pin}; "
                     "change it: write 4–12 digits there, then sudo systemctl restart twin-stand)")
    commands = [["systemctl", "daemon-reload"], ["systemctl", "enable", *reversed(STAND_UNITS)]]
    if root == Path("/") and not dry_run:
        import subprocess

        for command in commands:
            subprocess.run(command, check=True)
            lines.append("ran " + shlex.join(command))
    else:
        lines += [f"{'would run' if dry_run else 'then run'}: sudo " + shlex.join(c) for c in commands]
    lines += _checks(config, root)
    return lines


def _checks(config: StandConfig, root: Path) -> list[str]:
    """What the administrator still has to do on this machine."""
    todo = []
    try:
        pwd.getpwnam(config.user)
    except KeyError:
        todo.append(f"to do: create the stand user: sudo adduser --disabled-password --gecos '' {config.user}")
    missing = [p for p in (config.cage, config.browser, config.curl) if not shutil.which(p)]
    if missing:
        todo.append(f"to do: install {', '.join(missing)}: sudo apt-get install {APT_PACKAGES}")
    if (root / "etc/systemd/system/display-manager.service").exists():
        todo.append("to do: a display manager would take the screen: sudo systemctl disable display-manager.service")
    todo.append("the first start builds the city if needed (minutes; watch it: journalctl -fu twin-stand)")
    todo.append("then reboot, or: sudo systemctl start " + " ".join(reversed(STAND_UNITS)))
    return todo
