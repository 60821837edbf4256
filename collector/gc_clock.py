"""Collect garbage on a clock, not when allocations outrun frees by a small margin.

CPython collects its young generation when the objects allocated less those freed pass a
threshold. A group commit frees its requests' objects at once and the next requests
allocate as many again, so under load at the default threshold every commit set off
collections that walked the requests still waiting. A high threshold alone stops those,
but a quiet collector then lets that many objects pile up and walks them in one long
pause. So while this clock runs the threshold is high and the clock, on the event loop,
collects the young generation every second, the middle one every ten seconds and
everything every ten minutes: a pause walks about a second's survivors, and waiting
requests are walked once a second at most (bench/ingest/README.md, "Garbage collection").
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable

# Collections per tick: the young generation, every 10th tick the middle one, every
# 600th (ten minutes at a second a tick) all three, as CPython's own counts would.
MIDDLE_EVERY, FULL_EVERY = 10, 600
# The young generation's threshold while the clock runs: above a group commit's swing of
# ~28,000 objects, so it only bounds a burst of allocations between two ticks.
THRESHOLD = 100_000


class GcClock:
    """Run garbage collections every `interval_seconds` on the running event loop."""

    def __init__(
        self, interval_seconds: float = 1.0, collect: Callable[[int], int] = gc.collect
    ) -> None:
        self._interval = interval_seconds
        self._collect = collect
        self._ticks = 0
        self._handle: asyncio.TimerHandle | None = None
        self._saved_threshold: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Raise the young generation's threshold and start ticking on the running loop."""
        self._saved_threshold = gc.get_threshold()
        gc.set_threshold(THRESHOLD, *self._saved_threshold[1:])
        self._arm()

    def stop(self) -> None:
        """Stop ticking and give the threshold back."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._saved_threshold is not None:
            gc.set_threshold(*self._saved_threshold)
            self._saved_threshold = None

    def tick(self) -> int:
        """Collect the generation this tick is due for; return it."""
        self._ticks += 1
        generation = 0
        if self._ticks % FULL_EVERY == 0:
            generation = 2
        elif self._ticks % MIDDLE_EVERY == 0:
            generation = 1
        self._collect(generation)
        return generation

    def _arm(self) -> None:
        self._handle = asyncio.get_running_loop().call_later(self._interval, self._run)

    def _run(self) -> None:
        self.tick()
        self._arm()
