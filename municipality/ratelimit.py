"""Rate limits: a token bucket per key (a client, an IP address), kept in this process.

Each key may spend ``rate_per_minute`` requests a minute, with bursts up to the same
number; a request over the limit is told how many seconds to wait (``Retry-After``).
The buckets live in the process's memory: right for one process (SQLite, or a single
app server). Several processes behind a proxy each count on their own, so the
effective limit is multiplied by their number; limit at the proxy as well there.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

# Buckets idle this long are full again and can be forgotten.
_FORGET_AFTER_S = 300.0
_SWEEP_EVERY = 1024


class RateLimiter:
    """Token buckets keyed by strings; ``rate_per_minute`` 0 or less means no limit."""

    def __init__(
        self, rate_per_minute: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate_per_minute = rate_per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._calls = 0

    @property
    def enabled(self) -> bool:
        return self.rate_per_minute > 0

    def hit(self, key: str) -> int | None:
        """Spend one request of ``key``: ``None`` if allowed, else seconds to wait (>= 1)."""
        if not self.enabled:
            return None
        capacity = float(self.rate_per_minute)
        per_second = capacity / 60.0
        now = self._clock()
        with self._lock:
            self._calls += 1
            if self._calls % _SWEEP_EVERY == 0:
                self._sweep(now)
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * per_second)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / per_second))

    def _sweep(self, now: float) -> None:
        stale = [k for k, (_t, last) in self._buckets.items() if now - last > _FORGET_AFTER_S]
        for key in stale:
            del self._buckets[key]
