"""What the simulators of outside partners share (the national platforms, the payment
providers): their faults, the flags that set them, and the wait that ends a simulator
with the process that started it (``make run`` passes its shell's pid, so a simulator
never outlives the recipe, even one that was killed).
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

WATCH_SECONDS = 1.0


@dataclass
class Faults:
    """What goes wrong, and how often (rates are probabilities per request, 0 to 1).

    A simulator adds its own kinds of fault by extending this class; a field that is not
    a number checks its values in :meth:`checked`.
    """

    latency: float = 0.0
    error_rate: float = 0.0
    timeout_rate: float = 0.0
    timeout_seconds: float = 30.0
    drop_rate: float = 0.0

    def update(self, values: Mapping[str, Any]) -> None:
        """Set the given fields; an unknown name or a bad value is a ``ValueError``."""
        known = {f.name for f in fields(self)}
        for name, value in values.items():
            if name not in known:
                raise ValueError(f"unknown fault {name!r}")
            setattr(self, name, self.checked(name, value))

    def checked(self, name: str, value: Any) -> Any:
        number = float(value)
        if number < 0 or (name.endswith("_rate") and number > 1):
            raise ValueError(f"{name} out of range")
        return number


F = TypeVar("F", bound=Faults)


def add_fault_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags every simulator takes: the common faults, the seed and ``--exit-with``."""
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share answered 503")
    parser.add_argument("--timeout-rate", type=float, default=0.0, help="share held too long")
    parser.add_argument("--timeout-seconds", type=float, default=30.0)
    parser.add_argument("--drop-rate", type=float, default=0.0, help="share closed unanswered")
    parser.add_argument("--seed", type=int, help="seed of the fault draws (repeatable runs)")
    parser.add_argument(
        "--exit-with",
        type=int,
        metavar="PID",
        help="stop when process PID ends (make run passes its shell's)",
    )


def faults_from(args: argparse.Namespace, faults: F) -> F:
    """``faults`` set from the command's flags, one per field."""
    faults.update({f.name: getattr(args, f.name) for f in fields(faults)})
    return faults


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def wait_for_stop(watched: int | None) -> None:
    """Block until SIGINT or SIGTERM, or until the watched process (if any) is gone."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(WATCH_SECONDS):
        if watched is not None and not alive(watched):
            return
