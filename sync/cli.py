"""Commands of the national-platforms package (manifest ``cli``).

``baladiya national-sim`` serves the local simulator of the national platforms; ``make
run`` starts it next to the application with ``--exit-with`` its shell's pid, so it
never outlives the recipe that started it, even when that recipe is killed.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
from typing import Any

from municipality.cli import add_command
from sync import envelope
from sync.simulator import DEFAULT_PORT, DEV_KEY_ID, DEV_SECRET, Faults, Simulator, serve_in_thread

WATCH_SECONDS = 1.0


def _faults(args: argparse.Namespace) -> Faults:
    faults = Faults()
    faults.update(
        {
            "latency": args.latency,
            "error_rate": args.error_rate,
            "timeout_rate": args.timeout_rate,
            "timeout_seconds": args.timeout_seconds,
            "drop_rate": args.drop_rate,
            "malformed_rate": args.malformed_rate,
        }
    )
    return faults


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _wait(watched: int | None) -> None:
    """Block until SIGINT/SIGTERM, or until the watched process (if any) is gone."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(WATCH_SECONDS):
        if watched is not None and not _alive(watched):
            return


def cmd_national_sim(args: argparse.Namespace) -> None:
    keys = envelope.KeyRing.of(args.key_id, args.secret, args.previous_key_id, args.previous_secret)
    advance = None if args.advance_after < 0 else args.advance_after
    simulator = Simulator(keys, advance_after=advance, faults=_faults(args), seed=args.seed)
    running = serve_in_thread(simulator, args.host, args.port, threads=args.threads)
    print(f"national platforms simulator on {running.url}", flush=True)
    try:
        _wait(args.exit_with)
    finally:
        running.stop()


def register(groups: Any) -> None:
    """Add ``national-sim`` to the ``baladiya`` command."""
    p = add_command(
        groups,
        "national-sim",
        cmd_national_sim,
        "serve the national platforms simulator (contracts, envelope, faults)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--key-id", default=os.environ.get("BALADIYA_SYNC_SIM_KEY_ID", DEV_KEY_ID))
    p.add_argument("--secret", default=os.environ.get("BALADIYA_SYNC_SIM_SECRET", DEV_SECRET))
    p.add_argument("--previous-key-id")
    p.add_argument("--previous-secret")
    p.add_argument(
        "--advance-after",
        type=float,
        default=30.0,
        help="seconds before a received complaint is acknowledged nationally (-1: never)",
    )
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    p.add_argument("--error-rate", type=float, default=0.0, help="share answered 503")
    p.add_argument("--timeout-rate", type=float, default=0.0, help="share held too long")
    p.add_argument("--timeout-seconds", type=float, default=30.0)
    p.add_argument("--drop-rate", type=float, default=0.0, help="share closed without answer")
    p.add_argument("--malformed-rate", type=float, default=0.0, help="share answered garbage")
    p.add_argument("--seed", type=int, help="seed of the fault draws (repeatable runs)")
    p.add_argument(
        "--exit-with",
        type=int,
        metavar="PID",
        help="stop when process PID ends (make run passes its shell's)",
    )
