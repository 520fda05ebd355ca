"""E-mail and SMS leave through the outbox to a messaging adapter.

In development and tests the adapter appends each message as a JSON line to a log
file, which the demo can show; a production deployment registers a real gateway
under the same destination name.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from pyramid.config import Configurator
from pyramid.registry import Registry

from municipality.models import OutboxMessage

DESTINATION = "messaging"
DELIVERERS_KEY = "baladiya.deliverers"
_write_lock = threading.Lock()


class LogMessenger:
    """Writes messages to a JSON-lines file instead of sending them."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, message: OutboxMessage) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"id": str(message.public_id), **message.payload}, ensure_ascii=False)
        with _write_lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def add_deliverer(config: Configurator, destination: str, deliverer: object) -> None:
    """Register the adapter that delivers outbox messages of ``destination``."""
    config.registry.setdefault(DELIVERERS_KEY, {})[destination] = deliverer


def deliverers(registry: Registry) -> dict:
    return dict(registry.get(DELIVERERS_KEY, {}))


def includeme(config: Configurator) -> None:
    config.add_directive("add_outbox_deliverer", add_deliverer)
    path = Path(config.get_settings()["baladiya.core.message_log"])
    config.add_outbox_deliverer(DESTINATION, LogMessenger(path))
