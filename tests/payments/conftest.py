"""The providers' simulator and an application that uses it, both over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from municipality.app import make_config
from payments.gateway import Gateway, gateway
from payments.simulator import Simulator
from tests.conftest import app_settings
from tests.servers import served


@dataclass
class Sim:
    """The running simulator: its state, its address, and its control endpoints."""

    simulator: Simulator
    url: str

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = httpx.post(f"{self.url}/_sim/{path}", json=body or {}, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def stats(self) -> dict[str, Any]:
        return httpx.get(f"{self.url}/_sim/stats", timeout=10).json()["stats"]


@pytest.fixture(scope="module")
def running_sim() -> Iterator[Sim]:
    simulator = Simulator(seed=7)
    with served(simulator, threads=8) as url:
        yield Sim(simulator, url)
        simulator.close()


@pytest.fixture
def sim(running_sim: Sim) -> Iterator[Sim]:
    """The simulator, emptied and without faults for each test."""
    running_sim.control("faults", {**_CLEAN_FAULTS})
    running_sim.control("reset")
    return running_sim


_CLEAN_FAULTS = {
    "latency": 0,
    "error_rate": 0,
    "timeout_rate": 0,
    "drop_rate": 0,
    "callback_repeats": 0,
    "callback_loss_rate": 0,
    "callback_delay": 0,
    "timeout_seconds": 2,
    "auto_settle": "",
    "reversal_outcome": "",
}


class LateApp:
    """A WSGI app bound once its own address is known (it goes into its settings)."""

    app: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.app(environ, start_response)


@dataclass
class Served:
    """The application over HTTP, talking to the simulator."""

    url: str
    registry: Any

    @property
    def gateway(self) -> Gateway:
        return gateway(self.registry)


@pytest.fixture(scope="module")
def served_app(
    engine: Engine, running_sim: Sim, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    later = LateApp()
    with served(later, threads=12) as url:
        settings = app_settings(
            engine,
            Path(tmp_path_factory.mktemp("payments-app")),
            **{
                "baladiya.core.public_url": url,
                "baladiya.payments.provider_url": running_sim.url,
                "baladiya.payments.timeout_ms": "1500",
            },
        )
        later.app = make_config(settings).make_wsgi_app()
        yield Served(url, later.app.registry)
        gateway(later.app.registry).close()
