"""The application served over real HTTP on 127.0.0.1, for clients that need a socket.

Waitress has no stop call: closing its socket while its loop sits in ``select`` makes
the loop fail on a closed descriptor, and connections a client left open outlive the
test. So the loop here runs one step at a time until told to stop, and only then are
the listening socket and every remaining connection closed, from this thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from waitress import create_server

STEP_SECONDS = 0.05


@contextmanager
def served(app: Any, threads: int = 4) -> Iterator[str]:
    """Serve ``app`` on a free port for the duration of the block; yields its base URL."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            server.asyncore.loop(timeout=STEP_SECONDS, map=server._map, count=1)

    thread = threading.Thread(target=loop, name="test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=10)
        for channel in list(server._map.values()):
            channel.close()
        server.task_dispatcher.shutdown()
    assert not thread.is_alive(), "the server did not stop"
