"""What the running city has done so far: counters the live display and the exit summary read."""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field


@dataclass
class Stats:
    """Counters of one run; `rate()` is acknowledged reports per second over the last 10 s."""

    machines: int = 0
    enrolled: int = 0
    moved: int = 0
    reports_sent: int = 0
    acknowledged: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # by the collector's reason
    enroll_refused: Counter[str] = field(default_factory=Counter)  # by HTTP status
    failures: Counter[str] = field(default_factory=Counter)  # requests with no usable answer
    dropped: int = 0  # reports no agent could keep (its queue was full)
    queued: int = 0  # agents waiting for a connection right now
    last_error: str = ""
    started: float = field(default_factory=time.monotonic)
    _acks: deque[tuple[float, int]] = field(default_factory=deque, repr=False)

    def acked(self, count: int, now: float | None = None) -> None:
        """Count `count` acknowledged reports at monotonic time `now`."""
        moment = time.monotonic() if now is None else now
        self.acknowledged += count
        self._acks.append((moment, count))
        while self._acks and self._acks[0][0] < moment - 10.0:
            self._acks.popleft()

    def rate(self, now: float | None = None) -> float:
        """Return acknowledged reports per second over the last 10 seconds."""
        moment = time.monotonic() if now is None else now
        recent = sum(n for at, n in self._acks if at >= moment - 10.0)
        return recent / min(10.0, max(0.001, moment - self.started))

    @property
    def refused(self) -> int:
        """Return the reports the collector refused, whatever the reason."""
        return sum(self.rejected.values())
