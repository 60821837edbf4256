"""A token bucket per agent: a burst for replaying a backlog, then a steady rate."""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """Allow each key `burst` reports at once and `per_second` after that."""

    def __init__(
        self, burst: float, per_second: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._burst = burst
        self._rate = per_second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated)

    def take(self, key: str, count: int) -> float:
        """Spend `count` tokens of `key`; return 0 if allowed, else seconds to wait."""
        now = self._clock()
        tokens, updated = self._buckets.get(key, (self._burst, now))
        tokens = min(self._burst, tokens + (now - updated) * self._rate)
        if tokens < count:
            self._buckets[key] = (tokens, now)
            return (count - tokens) / self._rate
        self._buckets[key] = (tokens - count, now)
        return 0.0
