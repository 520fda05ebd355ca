"""One scheduler process, as `baladiya scheduler` runs it, plus a one-second test job.

Usage: ``python scheduler_process.py DATABASE_URL MESSAGE_LOG JOB_NAME``. The app is
built from settings pointing at DATABASE_URL; the process prints ``ready <runner>`` once
its scheduler has started and shuts it down cleanly on SIGTERM or SIGINT.
"""

from __future__ import annotations

import signal
import sys
import threading

from pyramid.registry import Registry

from municipality.app import make_config
from municipality.scheduler import build_scheduler


def heartbeat(registry: Registry) -> None:
    """The test job: its JobRun row is the evidence that it fired."""


def main(url: str, message_log: str, job: str) -> None:
    config = make_config(
        {
            "sqlalchemy.url": url,
            "baladiya.core.message_log": message_log,
            "baladiya.core.scheduler": "true",
        }
    )
    config.commit()
    scheduler = build_scheduler(config.registry)
    scheduler.add_job(job, heartbeat, 1)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    scheduler.start()
    print("ready", scheduler.runner, flush=True)
    try:
        stop.wait()
    finally:
        scheduler.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:4])
