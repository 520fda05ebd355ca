"""``baladiya payments-sim``: what ``make run`` starts beside the application."""

from __future__ import annotations

import subprocess
import sys

import httpx


def test_the_simulator_serves_with_its_faults_until_the_process_it_watches_ends() -> None:
    """The simulator never outlives the recipe that started it."""
    command = [sys.executable, "-m", "municipality.cli", "payments-sim", "--port", "0"]
    with subprocess.Popen(["sleep", "60"]) as watched:
        options = [
            "--exit-with",
            str(watched.pid),
            "--error-rate",
            "0.5",
            "--auto-settle",
            "success",
        ]
        with subprocess.Popen([*command, *options], stdout=subprocess.PIPE, text=True) as simulator:
            try:
                assert simulator.stdout is not None
                url = simulator.stdout.readline().split(" on ")[-1].strip()
                answer = httpx.get(f"{url}/_sim/stats").json()
                assert answer["faults"]["error_rate"] == 0.5
                assert answer["faults"]["auto_settle"] == "success"
                watched.kill()
                watched.wait()
                assert simulator.wait(timeout=15) == 0
            finally:
                watched.kill()
                simulator.kill()
