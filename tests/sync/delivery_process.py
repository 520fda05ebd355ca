"""Delivery workers and schedulers as real processes, forked on demand by one launcher.

Usage: ``python delivery_process.py CONFIG.json``, then commands on standard input, one
a line; each answers one line on standard output:

- ``worker NAME``: fork a delivery worker that runs ``sync.jobs.run`` for every platform
  of the config in a loop; answers ``pid <pid>``.
- ``scheduler NAME``: fork a scheduler process (the application's, as ``baladiya
  scheduler`` builds it) whose platform jobs fire every second; answers ``pid <pid>``.
- ``quit``: kill every child and exit.

Importing the application takes seconds on a busy machine; forking a launcher that has
already imported it makes a fresh worker in milliseconds, so a test can kill -9 and
restart workers fifty times. Each child opens its own database connections (tagged with
the config's ``application_name``) and writes the messages it claims to
``<claim_dir>/<NAME>.log`` (the ``sync.delivery`` debug log), the claim log.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from pyramid.registry import Registry

import sync
from municipality.app import make_config
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_engine, make_session_factory
from municipality.scheduler import build_scheduler
from municipality.settings import apply_defaults
from sync import jobs


def _claim_log(config: dict[str, Any], name: str) -> None:
    handler = logging.FileHandler(Path(config["claim_dir"]) / f"{name}.log")
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("sync.delivery")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False


def _settings(config: dict[str, Any]) -> dict[str, Any]:
    settings = {"baladiya.core.secret": config["app_secret"], **config["settings"]}
    apply_defaults(settings, sync.DEFAULTS)
    return settings


def _url(config: dict[str, Any]) -> str:
    return f"{config['url']}?application_name={config['application_name']}"


def worker(config: dict[str, Any], name: str) -> None:
    """Deliver every platform's messages, round after round, until killed."""
    _claim_log(config, name)
    registry = Registry("delivery-worker")
    registry.settings = _settings(config)
    registry[SESSION_FACTORY_KEY] = make_session_factory(make_engine(_url(config)))
    while True:
        for platform in config["platforms"]:
            try:
                jobs.run(registry, platform, worker=name)
            except Exception:
                logging.getLogger(__name__).exception("run failed")
        time.sleep(0.02)


def scheduler(config: dict[str, Any], name: str) -> None:
    """The application's scheduler, with each platform's job every second."""
    _claim_log(config, name)
    app = make_config(
        {
            "sqlalchemy.url": _url(config),
            "baladiya.core.message_log": str(Path(config["claim_dir"]) / "messages.log"),
            "baladiya.core.scheduler": "true",
            **_settings(config),
        }
    )
    app.commit()
    built = build_scheduler(app.registry)
    for platform in config["platforms"]:
        built.add_job(f"sync.deliver.{platform}", jobs.PlatformJob(platform), 1)
    built.runner = name
    built.start()
    threading.Event().wait()


def _fork(target: Any, config: dict[str, Any], name: str) -> int:
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        try:
            target(config, name)
        finally:
            os._exit(1)
    return pid


def _reap() -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def main(path: str) -> None:
    config = json.loads(Path(path).read_text())
    children: list[int] = []
    print("ready", flush=True)
    for line in sys.stdin:
        _reap()
        command, _space, name = line.strip().partition(" ")
        if command == "quit":
            break
        target = worker if command == "worker" else scheduler
        pid = _fork(target, config, name)
        children.append(pid)
        print(f"pid {pid}", flush=True)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
    _reap()


if __name__ == "__main__":
    main(sys.argv[1])
