"""The ``twin`` command: build a city's layers, serve the viewer.

    twin build [CITY] [--force]       build (or reuse) the web layers of CITY
               [--scheduler ADDR]     ... with the model runs on this Dask scheduler (default:
                                      TWIN_DASK_SCHEDULER, else a LocalCluster on 127.0.0.1)
    twin serve [CITY] [--port 8050]   build if needed, then run the viewer under gunicorn
    twin init FOLDER [--name NAME]    make a city folder with a commented city.toml
               [--kiosk] [--idle S]   ... as an unattended kiosk (attract loop after S seconds idle)
    twin stand install [CITY] --user USER [--dry-run]
                                      set up this PC as a trade-fair stand (systemd units, kiosk
                                      browser, operator PIN; README "Trade-fair stand")

CITY is a folder with city.toml or the name of an embedded sample city (default: musterstadt).
"""

from __future__ import annotations

import argparse
import os
import sys

from layers.cluster import ClusterError
from layers.errors import InputError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twin", description="urban-twin: 3D digital-twin viewer for cities.")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the web layers of a city")
    build.add_argument("city", nargs="?", default=None, help="city folder or sample city name (default: musterstadt)")
    build.add_argument("--force", action="store_true", help="rebuild even if the inputs did not change")
    build.add_argument("--scheduler", default=None, metavar="ADDR",
                       help="where the model runs go: tls://host:8786, tcp://127.0.0.1:8786, local (a Dask "
                       "LocalCluster on 127.0.0.1) or processes (default: TWIN_DASK_SCHEDULER, else local)")
    init = sub.add_parser("init", help="make a city folder with a commented city.toml")
    init.add_argument("folder", help="the new city folder")
    init.add_argument("--name", default=None, help="the city's display name (default: from the folder name)")
    serve = sub.add_parser("serve", help="build if needed and run the viewer under gunicorn")
    serve.add_argument("city", nargs="?", default=None)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8050")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    serve.add_argument("--kiosk", action="store_true",
                       help="start in kiosk mode (touch first, idle reset, attract loop; sets TWIN_MODE=kiosk)")
    serve.add_argument("--idle", type=float, default=None, metavar="SECONDS",
                       help="kiosk idle time before the attract loop starts (default 90; sets TWIN_IDLE_S)")
    stand = sub.add_parser("stand", help="set up a trade-fair stand PC (Debian/Ubuntu, systemd)")
    stand_sub = stand.add_subparsers(dest="stand_command", required=True)
    install = stand_sub.add_parser("install", help="write and enable the stand's systemd units, PAM, polkit and "
                                   "browser policy files (as root)")
    install.add_argument("city", nargs="?", default="musterstadt", help="city folder or sample city name")
    install.add_argument("--user", required=True, help="the stand user that runs the viewer and the browser")
    install.add_argument("--port", type=int, default=8050)
    install.add_argument("--idle", type=float, default=90.0, metavar="SECONDS")
    install.add_argument("--browser", default="/usr/bin/chromium", help="Chromium or Google Chrome executable")
    install.add_argument("--tty", default="tty1", help="the console the kiosk takes (default tty1)")
    install.add_argument("--root", default="/", help="write under this folder instead of / (and enable nothing)")
    install.add_argument("--dry-run", action="store_true", help="say what would be written and run; change nothing")
    return parser


def _stand(args: argparse.Namespace) -> int:
    from pathlib import Path

    from viewer.stand import StandConfig, install

    city = str(Path(args.city).resolve()) if Path(args.city).is_dir() else args.city
    root = Path(args.root)
    if root == Path("/") and not args.dry_run and os.geteuid() != 0:
        print("twin: `twin stand install` writes to /etc: run it with sudo (or try --dry-run).", file=sys.stderr)
        return 2
    config = StandConfig(user=args.user, city=city, port=args.port, idle_s=args.idle, browser=args.browser,
                         tty=args.tty)
    for line in install(config, root=root, dry_run=args.dry_run):
        print(line)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``twin`` console script."""
    args = _parser().parse_args(argv)
    if args.command == "stand":
        return _stand(args)
    if args.command == "init":
        from layers.importers.template import init_city

        try:
            path = init_city(args.folder, name=args.name)
        except InputError as err:
            print(f"twin: {err}", file=sys.stderr)
            return 2
        print(f"Wrote {path}. Put your data beside it, edit [inputs], then: twin build {args.folder}")
        return 0
    if args.city:
        os.environ["TWIN_CITY"] = args.city
    from layers.build import build_city
    from layers.settings import build_root, default_city

    try:
        result = build_city(default_city(), force=getattr(args, "force", False), progress=True,
                            scheduler=getattr(args, "scheduler", None))
    except (InputError, ClusterError) as err:
        print(f"twin: the city could not be built.\n{err}", file=sys.stderr)
        print("The previous good build (if any) is unchanged.", file=sys.stderr)
        return 2
    state = "unchanged, reused" if result.cached else f"built in {result.seconds:.1f} s"
    print(f"{result.manifest['city']['name']}: {state} → {result.path}")
    if args.command == "build":
        return 0
    os.environ["TWIN_BUILD_ROOT"] = str(build_root())
    os.environ.update(HOST=args.host, PORT=str(args.port), WEB_CONCURRENCY=str(args.workers))
    if args.kiosk:
        os.environ["TWIN_MODE"] = "kiosk"
    if args.idle is not None:
        if not 1 <= args.idle <= 86400:
            print("twin: --idle takes seconds between 1 and 86400.", file=sys.stderr)
            return 2
        os.environ["TWIN_IDLE_S"] = f"{args.idle:g}"
    host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    print(f"Viewer: http://{host}:{args.port}/  (Ctrl+C stops)")
    sys.stdout.flush()
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:viewer.gunicorn_conf", "viewer.app:server"]
    os.execv(sys.executable, gunicorn)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
