"""gc_clock: young collections every tick, the middle one every 10th, all every 600th."""

from __future__ import annotations

import asyncio

from collector.gc_clock import FULL_EVERY, MIDDLE_EVERY, GcClock


def test_ticks_collect_the_generation_they_are_due_for() -> None:
    collected: list[int] = []
    clock = GcClock(collect=lambda generation: collected.append(generation) or 0)
    due = [clock.tick() for _ in range(FULL_EVERY)]
    assert due == collected
    assert due.count(2) == 1 and due[-1] == 2
    assert due.count(1) == FULL_EVERY // MIDDLE_EVERY - 1
    assert due[MIDDLE_EVERY - 1] == 1 and due[0] == 0


def test_the_clock_ticks_on_the_running_loop_until_stopped() -> None:
    collected: list[int] = []

    async def run() -> None:
        clock = GcClock(0.01, collect=lambda generation: collected.append(generation) or 0)
        clock.start()
        await asyncio.sleep(0.1)
        clock.stop()
        ticks = len(collected)
        await asyncio.sleep(0.05)
        assert len(collected) == ticks

    asyncio.run(run())
    assert len(collected) >= 3 and set(collected) <= {0, 1}
