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
from dataclasses import dataclass

from pyramid.config import Configurator
from pyramid.request import Request

# Buckets idle this long are full again and can be forgotten.
_FORGET_AFTER_S = 300.0
_SWEEP_EVERY = 1024


class RateLimiter:
    """Token buckets keyed by strings; ``rate_per_minute`` 0 or less means no limit.

    ``period_seconds`` stretches the window: a limiter of 3 over 3600 s allows three
    requests an hour (the name keeps its first meaning, a count per period).
    """

    def __init__(
        self,
        rate_per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        period_seconds: float = 60.0,
    ) -> None:
        self.rate_per_minute = rate_per_minute
        self._period = period_seconds
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
        per_second = capacity / self._period
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
        forget_after = max(_FORGET_AFTER_S, self._period)
        stale = [k for k, (_t, last) in self._buckets.items() if now - last > forget_after]
        for key in stale:
            del self._buckets[key]


LOGIN_LIMITS_KEY = "baladiya.login_limits"
# The location picker's public questions (place search, inside the commune), per client.
PLACES_LIMITER_KEY = "baladiya.places_limiter"


@dataclass(frozen=True)
class LoginLimits:
    """The log-in defences, one limiter each, the way Warehouse registers its own.

    Log-in and second-factor attempts are counted per e-mail address (or account) and
    per client address across accounts (password spraying); reset requests per address
    and per client. Each answers the same whether an account exists or not.
    """

    login_per_address: RateLimiter
    login_per_client: RateLimiter
    reset_per_address: RateLimiter
    reset_per_client: RateLimiter

    def login_wait(self, request: Request, address: str) -> int | None:
        """Spend one log-in (or code) attempt; seconds to wait when over a limit."""
        return _first_wait(
            (self.login_per_address, address.strip().lower()),
            (self.login_per_client, request.client_addr or ""),
        )

    def reset_wait(self, request: Request, address: str) -> int | None:
        """Spend one password-reset request; seconds to wait when over a limit."""
        return _first_wait(
            (self.reset_per_address, address.strip().lower()),
            (self.reset_per_client, request.client_addr or ""),
        )


def _first_wait(*checks: tuple[RateLimiter, str]) -> int | None:
    waits = [wait for limiter, key in checks if (wait := limiter.hit(key)) is not None]
    return max(waits) if waits else None


def login_limits(request: Request) -> LoginLimits:
    limits: LoginLimits = request.registry[LOGIN_LIMITS_KEY]
    return limits


def places_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.registry[PLACES_LIMITER_KEY]
    return limiter


def includeme(config: Configurator) -> None:
    """Build the log-in and place-search limiters from settings (``0`` turns one off)."""
    settings = config.get_settings()
    hour = 3600.0
    config.registry[LOGIN_LIMITS_KEY] = LoginLimits(
        login_per_address=RateLimiter(settings["baladiya.core.login_rate_per_address"]),
        login_per_client=RateLimiter(settings["baladiya.core.login_rate_per_client"]),
        reset_per_address=RateLimiter(
            settings["baladiya.core.reset_rate_per_address"], period_seconds=hour
        ),
        reset_per_client=RateLimiter(
            settings["baladiya.core.reset_rate_per_client"], period_seconds=hour
        ),
    )
    config.registry[PLACES_LIMITER_KEY] = RateLimiter(
        settings["baladiya.core.places_rate_per_client"]
    )
