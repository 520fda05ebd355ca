"""The fallback load generator, for machines without ``wrk``.

It runs in a process of its own (never the server's, so the two do not share a GIL):
one thread per keep-alive connection, each sending the same GET as fast as answers
come back. Python threads cost more per request than ``wrk``, so on a small machine its
numbers are a lower bound; compare ratios measured with the same tool only.

``python -m bench.pyload '{"url": ..., "headers": {...}, "connections": 16,
"seconds": 5, "warmup": 1}'`` prints one JSON line with the counts and latencies.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from typing import Any
from urllib.parse import urlsplit


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted ``values``."""
    if not values:
        return 0.0
    rank = max(0, min(len(values) - 1, round(fraction * len(values) + 0.5) - 1))
    return values[rank]


class Worker(threading.Thread):
    def __init__(
        self,
        host: str,
        port: int,
        path: str,
        headers: dict[str, str],
        start: threading.Barrier,
        measure_from: list[float],
        stop_at: list[float],
    ) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.path, self.headers = host, port, path, headers
        self.barrier, self.measure_from, self.stop_at = start, measure_from, stop_at
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.bytes = 0
        self.errors = 0

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def run(self) -> None:
        connection = self._connect()
        self.barrier.wait()
        while True:
            began = time.perf_counter()
            if began >= self.stop_at[0]:
                break
            try:
                connection.request("GET", self.path, headers=self.headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
                connection = self._connect()
                continue
            ended = time.perf_counter()
            if began >= self.measure_from[0] and ended <= self.stop_at[0]:
                self.latencies.append(ended - began)
                self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                self.bytes += len(body)
        connection.close()


def run(spec: dict[str, Any]) -> dict[str, Any]:
    parts = urlsplit(spec["url"])
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connections = int(spec["connections"])
    barrier = threading.Barrier(connections + 1)
    measure_from = [float("inf")]
    stop_at = [float("inf")]
    workers = [
        Worker(
            parts.hostname or "127.0.0.1",
            parts.port or 80,
            path,
            spec.get("headers", {}),
            barrier,
            measure_from,
            stop_at,
        )
        for _ in range(connections)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    now = time.perf_counter()
    measure_from[0] = now + float(spec.get("warmup", 0))
    stop_at[0] = measure_from[0] + float(spec["seconds"])
    for worker in workers:
        worker.join()
    latencies = sorted(t for w in workers for t in w.latencies)
    statuses: dict[str, int] = {}
    for worker in workers:
        for status, count in worker.statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    return {
        "requests": len(latencies),
        "duration_s": float(spec["seconds"]),
        "bytes": sum(w.bytes for w in workers),
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] if latencies else 0.0) * 1000,
        "socket_errors": sum(w.errors for w in workers),
        "statuses": statuses,
    }


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
