"""``baladiya payments-sim``: the payment providers' simulator (manifest ``cli``).

``make run`` starts it next to the application with ``--exit-with`` its shell's pid, so
it never outlives the recipe that started it, even when that recipe is killed.
"""

from __future__ import annotations

import argparse
import os
import threading
from typing import Any

from municipality.cli import add_command
from municipality.simulation import add_fault_arguments, faults_from, wait_for_stop
from payments.simulator import DEFAULT_PORT, DEV_SECRET, Faults, Simulator


def cmd_payments_sim(args: argparse.Namespace) -> None:
    import waitress.server

    simulator = Simulator(args.secret, faults_from(args, Faults()), seed=args.seed)
    server = waitress.server.create_server(
        simulator, host=args.host, port=args.port, threads=args.threads
    )
    print(f"payment providers simulator on http://{args.host}:{server.effective_port}", flush=True)
    threading.Thread(target=server.run, name="payments-sim", daemon=True).start()
    try:
        wait_for_stop(args.exit_with)
    finally:
        simulator.close()
        server.close()


def register(groups: Any) -> None:
    """Add ``payments-sim`` to the ``baladiya`` command."""
    p = add_command(
        groups,
        "payments-sim",
        cmd_payments_sim,
        "serve the payment providers simulator (GSMA, Orange Money, card, statements)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--secret", default=os.environ.get("BALADIYA_PAYMENTS_SIM_SECRET", DEV_SECRET))
    add_fault_arguments(p)
    p.add_argument("--callback-repeats", type=int, default=0, help="extra copies of each callback")
    p.add_argument("--callback-loss-rate", type=float, default=0.0, help="share never called back")
    p.add_argument("--callback-delay", type=float, default=0.0, help="seconds before calling back")
    p.add_argument(
        "--auto-settle",
        choices=["", "success", "failure"],
        default="",
        help="settle each payment at once, without a payer",
    )
    p.add_argument(
        "--reversal-outcome",
        choices=["", "refused"],
        default="",
        help="refuse every reversal (a merchant account without the funds)",
    )
