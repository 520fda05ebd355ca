"""The pieces the simulators of outside partners share."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

from municipality import simulation


@dataclass
class PartnerFaults(simulation.Faults):
    garbled_rate: float = 0.0


def test_faults_take_known_values_in_range():
    faults = PartnerFaults()
    faults.update({"latency": "0.5", "garbled_rate": 0.25})
    assert (faults.latency, faults.garbled_rate) == (0.5, 0.25)
    with pytest.raises(ValueError, match="unknown fault"):
        faults.update({"gremlins": 1})
    with pytest.raises(ValueError, match="out of range"):
        faults.update({"error_rate": 1.5})
    with pytest.raises(ValueError, match="out of range"):
        faults.update({"latency": -1})


def test_the_flags_set_every_fault_of_a_simulator():
    parser = argparse.ArgumentParser()
    simulation.add_fault_arguments(parser)
    parser.add_argument("--garbled-rate", type=float, default=0.0)
    args = parser.parse_args(["--drop-rate", "0.1", "--garbled-rate", "0.2", "--exit-with", "1"])
    faults = simulation.faults_from(args, PartnerFaults())
    assert (faults.drop_rate, faults.garbled_rate, faults.timeout_seconds) == (0.1, 0.2, 30.0)
    assert args.exit_with == 1


def test_a_simulator_stops_once_the_process_it_watches_is_gone():
    watched = subprocess.Popen([sys.executable, "-c", "pass"])
    watched.wait()
    started = time.monotonic()
    simulation.wait_for_stop(watched.pid)
    assert time.monotonic() - started < 5 * simulation.WATCH_SECONDS
    assert not simulation.alive(watched.pid)
