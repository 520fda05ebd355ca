"""Commands of the national-platforms package (manifest ``cli``).

``baladiya national-sim`` serves the local simulator of the national platforms; ``make
run`` starts it next to the application with ``--exit-with`` its shell's pid, so it
never outlives the recipe that started it, even when that recipe is killed.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from municipality.cli import add_command
from municipality.simulation import add_fault_arguments, faults_from, wait_for_stop
from sync import envelope
from sync.simulator import DEFAULT_PORT, DEV_KEY_ID, DEV_SECRET, Faults, Simulator, serve_in_thread


def cmd_national_sim(args: argparse.Namespace) -> None:
    keys = envelope.KeyRing.of(args.key_id, args.secret, args.previous_key_id, args.previous_secret)
    advance = None if args.advance_after < 0 else args.advance_after
    simulator = Simulator(
        keys, advance_after=advance, faults=faults_from(args, Faults()), seed=args.seed
    )
    running = serve_in_thread(simulator, args.host, args.port, threads=args.threads)
    print(f"national platforms simulator on {running.url}", flush=True)
    try:
        wait_for_stop(args.exit_with)
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
    add_fault_arguments(p)
    p.add_argument("--malformed-rate", type=float, default=0.0, help="share answered garbage")
