"""One server process: waitress with 4 threads, serving the floor or the Baladiya app.

``python -m bench.serve floor --port N`` serves a bare Pyramid app whose only view
returns a short text: the most any Pyramid app can do on this machine. ``write-floor``
serves the bare filing of :mod:`bench.writefloor`, ``ogc-floor`` the bare OGC items
page of :mod:`bench.ogcfloor`. ``python -m
bench.serve app --port N --url DB --workdir DIR`` serves Baladiya with production-like
settings (templates not reloaded, no scheduler) on the benchmark database.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

import waitress
from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.response import Response

HOST = "127.0.0.1"
THREADS = 4
SECRET = "benchmark-secret-" + "x" * 32


def floor_app() -> Any:
    """A bare Pyramid app with a single view, the yardstick for the real pages."""

    def hello(_request: Request) -> Response:
        return Response("Hello from Pyramid\n", content_type="text/plain", charset="utf-8")

    with Configurator() as config:
        config.add_route("floor", "/")
        config.add_view(hello, route_name="floor")
        return config.make_wsgi_app()


def app_settings(url: str, workdir: Path) -> dict[str, Any]:
    """Settings as an operator would run the app, minus the scheduler (it is not measured)."""
    return {
        "sqlalchemy.url": url,
        "pyramid.reload_templates": "false",
        "pyramid.default_locale_name": "fr",
        "baladiya.core.secret": SECRET,
        "baladiya.core.scheduler": "false",
        "baladiya.core.message_log": str(workdir / "messages.log"),
        "baladiya.modules.available": "notices complaints",
    }


def baladiya_app(url: str, workdir: Path, overrides: dict[str, str] | None = None) -> Any:
    """The app as ``baladiya serve`` runs it, access log included (to the server's log)."""
    from municipality.app import make_config
    from municipality.logs import configure_logging

    config = make_config({**app_settings(url, workdir), **(overrides or {})})
    configure_logging(json_logs=config.get_settings()["baladiya.core.json_logs"])
    return config.make_wsgi_app()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("which", choices=["floor", "write-floor", "ogc-floor", "app"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--url", help="database URL (app and the floors that read or write)")
    parser.add_argument("--workdir", type=Path, help="scratch directory (app only)")
    parser.add_argument(
        "--setting", action="append", default=[], help="KEY=VALUE over the settings (app only)"
    )
    args = parser.parse_args(argv)
    if args.which == "floor":
        app = floor_app()
    elif args.which == "write-floor":
        if not args.url:
            parser.error("write-floor needs --url")
        from bench.database import COMMUNE
        from bench.writefloor import write_floor_app

        app = write_floor_app(args.url, COMMUNE)
    elif args.which == "ogc-floor":
        if not args.url:
            parser.error("ogc-floor needs --url")
        from bench.database import COMMUNE
        from bench.ogcfloor import ogc_floor_app

        app = ogc_floor_app(args.url, COMMUNE)
    else:
        if not args.url or not args.workdir:
            parser.error("app needs --url and --workdir")
        overrides = dict(item.split("=", 1) for item in args.setting)
        app = baladiya_app(args.url, args.workdir, overrides)
    # Waitress warns when its queue grows, which is the point of a load test.
    logging.getLogger("waitress").setLevel(logging.ERROR)
    waitress.serve(app, host=HOST, port=args.port, threads=THREADS, _quiet=True)


if __name__ == "__main__":
    main()
