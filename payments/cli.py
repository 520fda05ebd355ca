"""``baladiya payments-sim``: the payment providers' simulator (manifest ``cli``).

``make run`` starts it next to the application with ``--exit-with`` its shell's pid, so
it never outlives the recipe that started it, even when that recipe is killed.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time
from typing import Any

from municipality.cli import add_command
from payments.simulator import DEFAULT_PORT, DEV_SECRET, Faults, Simulator

WATCH_SECONDS = 1.0


def _watch(pid: int) -> None:
    """End this process (as Ctrl-C would) once process ``pid`` is gone."""
    while True:
        time.sleep(WATCH_SECONDS)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os.kill(os.getpid(), signal.SIGINT)
            return
        except PermissionError:  # alive, someone else's
            continue


def cmd_payments_sim(args: argparse.Namespace) -> None:
    import waitress.server

    faults = Faults()
    faults.update(
        {
            "latency": args.latency,
            "error_rate": args.error_rate,
            "timeout_rate": args.timeout_rate,
            "timeout_seconds": args.timeout_seconds,
            "drop_rate": args.drop_rate,
            "callback_repeats": args.callback_repeats,
            "callback_loss_rate": args.callback_loss_rate,
            "callback_delay": args.callback_delay,
            "auto_settle": args.auto_settle,
        }
    )
    simulator = Simulator(args.secret, faults, seed=args.seed)
    server = waitress.server.create_server(
        simulator, host=args.host, port=args.port, threads=args.threads
    )
    print(f"payment providers simulator on http://{args.host}:{server.effective_port}", flush=True)
    if args.exit_with is not None:
        threading.Thread(target=_watch, args=(args.exit_with,), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
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
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    p.add_argument("--error-rate", type=float, default=0.0, help="share answered 503")
    p.add_argument("--timeout-rate", type=float, default=0.0, help="share held too long")
    p.add_argument("--timeout-seconds", type=float, default=30.0)
    p.add_argument("--drop-rate", type=float, default=0.0, help="share closed without answer")
    p.add_argument("--callback-repeats", type=int, default=0, help="extra copies of each callback")
    p.add_argument("--callback-loss-rate", type=float, default=0.0, help="share never called back")
    p.add_argument("--callback-delay", type=float, default=0.0, help="seconds before calling back")
    p.add_argument(
        "--auto-settle",
        choices=["", "success", "failure"],
        default="",
        help="settle each payment at once, without a payer",
    )
    p.add_argument("--seed", type=int, help="seed of the fault draws (repeatable runs)")
    p.add_argument(
        "--exit-with",
        type=int,
        metavar="PID",
        help="stop when process PID ends (make run passes its shell's)",
    )
