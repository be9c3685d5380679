#!/usr/bin/env bash
# urban-twin set-up and entry points. Both commands install what they need on a fresh machine.
#
#   ./dev.sh serve [CITY]   venv + dependencies, build the city (default: the sample city), run the
#                           viewer under gunicorn at http://localhost:8050
#   ./dev.sh test [ARGS]    venv + test dependencies + Debian chromium, cage, xwayland, curl and
#                           systemd (apt-get, only when absent), then the whole test suite (pytest ARGS)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV=.venv

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  # Reinstall only when pyproject.toml changed (the stamp holds its hash).
  local stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".[test]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

ensure_debian_packages() {
  # Programs the tests run for real: chromium for the browser tests; cage, Xwayland and curl for
  # the stand's browser unit (run on cage's headless backend in tests/e2e/test_stand_browser.py);
  # systemd for systemd-analyze, which checks the stand's units (tests/test_stand.py); openssl for
  # the throwaway certificates of the tls:// Dask scheduler (tests/test_cluster_processes.py).
  # Each is looked up first, so a machine that has them runs no apt-get at all. The stand's
  # packages come without recommends (no dbus, timesyncd, seatd daemons); nothing is started:
  # Debian's maintainer scripts start no service where systemd is not running (a container, CI),
  # and on a machine booted with systemd, systemd is already installed.
  local browser="" stand=""
  { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; } || browser="chromium fonts-dejavu-core"
  command -v cage >/dev/null 2>&1 || stand="$stand cage"
  command -v Xwayland >/dev/null 2>&1 || stand="$stand xwayland"
  command -v curl >/dev/null 2>&1 || stand="$stand curl"
  command -v systemd-analyze >/dev/null 2>&1 || stand="$stand systemd"
  command -v openssl >/dev/null 2>&1 || stand="$stand openssl"
  [ -n "$browser$stand" ] || return 0
  echo "Installing Debian packages for the browser and stand tests: $browser$stand ..."
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086 # lists of package names
  [ -z "$browser" ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $browser >/dev/null
  # shellcheck disable=SC2086
  [ -z "$stand" ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $stand >/dev/null
}

case "${1:-}" in
  serve)
    shift
    ensure_venv
    exec "$VENV/bin/twin" serve "$@"
    ;;
  test)
    shift
    ensure_venv
    ensure_debian_packages
    export OMP_WAIT_POLICY=PASSIVE AEQ_SHOW_PROGRESS=FALSE
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh serve [CITY] | ./dev.sh test [pytest args]" >&2
    exit 2
    ;;
esac
