"""The in-process token buckets: a burst up to the rate, then one request per refill."""

from __future__ import annotations

import threading

from municipality.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_spends_its_minute_then_waits_for_a_refill():
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.hit("ip:1") for _i in range(3)] == [None, None, None]
    assert limiter.hit("ip:1") == 20
    clock.now += 19
    assert limiter.hit("ip:1") == 1
    clock.now += 1
    assert limiter.hit("ip:1") is None
    assert limiter.hit("ip:1") == 20


def test_keys_are_counted_apart_and_refill_up_to_the_rate_only():
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert limiter.hit("a") is None
    assert limiter.hit("a") is None
    assert limiter.hit("a") is not None
    assert limiter.hit("b") is None
    clock.now += 3600
    assert [limiter.hit("a") for _i in range(3)] == [None, None, 30]


def test_zero_means_no_limit():
    limiter = RateLimiter(0)
    assert not limiter.enabled
    assert all(limiter.hit("a") is None for _i in range(1000))


def test_concurrent_hits_never_spend_more_than_the_rate():
    limiter = RateLimiter(50, clock=Clock())
    allowed: list[bool] = []

    def spend() -> None:
        for _i in range(20):
            allowed.append(limiter.hit("shared") is None)

    threads = [threading.Thread(target=spend) for _i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 50
