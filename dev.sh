#!/usr/bin/env bash
# urban-twin set-up and entry points. Both commands install what they need on a fresh machine.
#
#   ./dev.sh serve [CITY]   venv + dependencies, build the city (default: the sample city), run the
#                           viewer under gunicorn at http://localhost:8050
#   ./dev.sh test [ARGS]    venv + test dependencies + Debian chromium, cage (apt-get, when absent),
#                           then the whole test suite (pytest ARGS)
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

ensure_chromium() {
  # chromium for the browser tests; cage, Xwayland and curl for the stand's browser unit (run
  # on cage's headless backend in tests/e2e/test_stand_browser.py); systemd-analyze checks its units.
  local missing=""
  { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; } || missing="chromium fonts-dejavu-core"
  command -v cage >/dev/null 2>&1 || missing="$missing cage"
  command -v Xwayland >/dev/null 2>&1 || missing="$missing xwayland"
  command -v curl >/dev/null 2>&1 || missing="$missing curl"
  command -v systemd-analyze >/dev/null 2>&1 || missing="$missing systemd"
  if [ -n "$missing" ]; then
    echo "Installing Debian packages for the browser and stand tests:$missing ..."
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # a list of package names
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
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
    ensure_chromium
    export OMP_WAIT_POLICY=PASSIVE AEQ_SHOW_PROGRESS=FALSE
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh serve [CITY] | ./dev.sh test [pytest args]" >&2
    exit 2
    ;;
esac
