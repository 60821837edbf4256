"""Group commit: concurrent requests share transactions, each gets its own results in order."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from itertools import chain

import pytest

from collector.ingest.group_commit import GroupCommitter


class Store:
    """A fake store: records each commit's items; an item "poison" fails its transaction."""

    def __init__(self, delay_seconds: float = 0.0) -> None:
        self.delay_seconds = delay_seconds
        self.attempts: list[list[str]] = []
        self.commits: list[list[str]] = []
        self.gate = threading.Event()
        self.gate.set()

    def commit(self, items: list[str]) -> list[str]:
        self.gate.wait(10)
        time.sleep(self.delay_seconds)  # a transaction takes time: others queue meanwhile
        self.attempts.append(list(items))
        if "poison" in items:
            raise ValueError("constraint violated by poison")
        self.commits.append(list(items))
        return [item.upper() for item in items]


@pytest.fixture
def store() -> Store:
    return Store(delay_seconds=0.005)


@pytest.fixture
def committer(store: Store) -> Iterator[GroupCommitter[str, str]]:
    sizes: list[int] = []
    group = GroupCommitter(store.commit, max_items=1000, on_batch=sizes.append)
    group.sizes = sizes  # type: ignore[attr-defined]  # the test reads what on_batch saw
    yield group
    group.close()


async def _submit_all(group: GroupCommitter[str, str], jobs: list[list[str]]) -> list[object]:
    return await asyncio.gather(*(group.submit(job) for job in jobs), return_exceptions=True)


def test_concurrent_submits_share_transactions(
    store: Store, committer: GroupCommitter[str, str]
) -> None:
    jobs = [[f"r{n}-a", f"r{n}-b", f"r{n}-c"] for n in range(60)]

    results = asyncio.run(_submit_all(committer, jobs))

    assert results == [[item.upper() for item in job] for job in jobs]
    assert len(store.commits) < len(jobs) / 3
    assert sorted(chain(*store.commits)) == sorted(chain(*jobs))
    assert committer.sizes == [len(c) for c in store.commits]  # type: ignore[attr-defined]


def test_a_lone_submit_is_committed_alone(
    store: Store, committer: GroupCommitter[str, str]
) -> None:
    assert asyncio.run(committer.submit(["only"])) == ["ONLY"]
    assert store.commits == [["only"]]


def test_a_batch_never_takes_more_than_max_items() -> None:
    store = Store(delay_seconds=0.002)
    group: GroupCommitter[str, str] = GroupCommitter(store.commit, max_items=4)
    try:
        results = asyncio.run(_submit_all(group, [[f"r{n}"] for n in range(40)]))
    finally:
        group.close()

    assert results == [[f"R{n}"] for n in range(40)]
    assert max(len(c) for c in store.commits) <= 4


def test_one_callers_failing_item_fails_only_that_caller(
    store: Store, committer: GroupCommitter[str, str]
) -> None:
    store.gate.clear()  # the writer holds a first job while the next three queue up

    async def scenario() -> list[object]:
        first = asyncio.ensure_future(committer.submit(["first"]))
        await asyncio.sleep(0.02)
        pending = asyncio.gather(
            committer.submit(["a1", "a2"]),
            committer.submit(["b1", "poison"]),
            committer.submit(["c1"]),
            return_exceptions=True,
        )
        await asyncio.sleep(0.02)
        store.gate.set()
        assert await first == ["FIRST"]
        return await pending

    a, b, c = asyncio.run(scenario())

    assert (a, c) == (["A1", "A2"], ["C1"])
    assert isinstance(b, ValueError) and "poison" in str(b)
    together = {"a1", "a2", "b1", "poison", "c1"}
    assert any(together <= set(attempt) for attempt in store.attempts)  # one batch at first
    assert store.commits[-2:] == [["a1", "a2"], ["c1"]]  # then each job retried alone


def test_close_commits_everything_queued_first(store: Store) -> None:
    group: GroupCommitter[str, str] = GroupCommitter(store.commit, max_items=2)
    store.gate.clear()

    async def scenario() -> list[object]:
        pending = asyncio.gather(*(group.submit([f"r{n}"]) for n in range(10)))
        await asyncio.sleep(0.02)  # every job is queued behind the held writer
        closing = asyncio.get_running_loop().run_in_executor(None, group.close)
        store.gate.set()
        await closing
        return await pending

    results = asyncio.run(scenario())

    assert results == [[f"R{n}"] for n in range(10)]
    assert sorted(chain(*store.commits)) == sorted(f"r{n}" for n in range(10))


def test_writers_commit_side_by_side() -> None:
    # Each commit waits until two are in flight at once: one writer would never get there.
    both = threading.Barrier(2, timeout=5)
    committed: list[list[str]] = []

    def commit(items: list[str]) -> list[str]:
        both.wait()
        committed.append(items)
        return [item.upper() for item in items]

    group: GroupCommitter[str, str] = GroupCommitter(commit, max_items=1, writers=2)

    async def scenario() -> list[list[str]]:
        return await asyncio.gather(group.submit(["a"]), group.submit(["b"]))

    try:
        assert asyncio.run(scenario()) == [["A"], ["B"]]
    finally:
        group.close()
    assert sorted(committed) == [["a"], ["b"]]


def test_close_finishes_the_queue_and_stops_every_writer(store: Store) -> None:
    before = set(threading.enumerate())
    group: GroupCommitter[str, str] = GroupCommitter(store.commit, max_items=1, writers=3)
    assert len(set(threading.enumerate()) - before) == 3
    store.gate.clear()

    async def scenario() -> list[object]:
        pending = asyncio.gather(*(group.submit([f"r{n}"]) for n in range(12)))
        await asyncio.sleep(0.02)
        closing = asyncio.get_running_loop().run_in_executor(None, group.close)
        store.gate.set()
        await closing
        return await pending

    assert asyncio.run(scenario()) == [[f"R{n}"] for n in range(12)]
    assert set(threading.enumerate()) <= before


def test_a_committer_needs_a_writer(store: Store) -> None:
    with pytest.raises(ValueError, match="at least one writer"):
        GroupCommitter(store.commit, writers=0)
