"""The per-agent token bucket, on an injected clock."""

from __future__ import annotations

import pytest

from collector.ingest.rate_limit import RateLimiter


class Clock:
    """A monotonic clock the test moves by hand, in seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_full_burst_is_allowed_at_once(clock: Clock) -> None:
    limiter = RateLimiter(burst=10, per_second=2.0, clock=clock)

    assert limiter.take("a", 6) == 0.0
    assert limiter.take("a", 4) == 0.0


def test_over_the_burst_says_how_long_to_wait(clock: Clock) -> None:
    limiter = RateLimiter(burst=10, per_second=2.0, clock=clock)
    limiter.take("a", 10)

    assert limiter.take("a", 3) == pytest.approx(1.5)


def test_a_refused_take_spends_nothing(clock: Clock) -> None:
    limiter = RateLimiter(burst=10, per_second=2.0, clock=clock)
    limiter.take("a", 8)
    assert limiter.take("a", 5) > 0

    assert limiter.take("a", 2) == 0.0


def test_tokens_come_back_at_the_rate(clock: Clock) -> None:
    limiter = RateLimiter(burst=10, per_second=2.0, clock=clock)
    limiter.take("a", 10)

    clock.now += 1.5
    assert limiter.take("a", 3) == 0.0
    assert limiter.take("a", 1) == pytest.approx(0.5)


def test_tokens_never_exceed_the_burst(clock: Clock) -> None:
    limiter = RateLimiter(burst=10, per_second=2.0, clock=clock)
    limiter.take("a", 1)

    clock.now += 3600
    assert limiter.take("a", 10) == 0.0
    assert limiter.take("a", 1) > 0


def test_each_agent_has_its_own_bucket(clock: Clock) -> None:
    limiter = RateLimiter(burst=5, per_second=1.0, clock=clock)
    limiter.take("greedy", 5)

    assert limiter.take("greedy", 1) > 0
    assert limiter.take("quiet", 5) == 0.0
