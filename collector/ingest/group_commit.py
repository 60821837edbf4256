"""Group commit: many requests' reports written in one transaction, each acknowledged after it.

A commit per request would spend the whole ingest budget on fsyncs. Requests hand their
items to a writer thread, which takes everything queued (up to `max_items`), commits it
in one transaction and then resolves every waiting request with its own result. A lone
request waits no longer than the commit itself: a writer never sleeps to fill a batch;
batches grow by themselves under load.

Submissions made during one turn of the event loop are handed to the writer together, at
the start of the next turn (`loop.call_soon`): requests that arrived together share a
transaction even on one core, where a writer woken by the first of them would otherwise
take the GIL and commit it almost alone. Each commit resolves its requests with one
call into their loop, not one wake-up per request.

A store that takes concurrent writers (PostgreSQL) gets several writer threads sharing
one backlog: while one transaction waits on the server, the next group is already on its
way, so the event loop does not idle behind one commit's round trips. Writers of the same
agent serialise on its row lock (store/reports.py); the fleet keeps the highest seq,
whichever result lands first.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass(slots=True)
class _Job(Generic[In, Out]):
    items: Sequence[In]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[list[Out]]


class GroupCommitter(Generic[In, Out]):
    """Run `commit(items) -> results` on one thread, batching concurrent submissions."""

    def __init__(
        self,
        commit: Callable[[list[In]], list[Out]],
        max_items: int = 500,
        on_batch: Callable[[int], None] = lambda size: None,
        writers: int = 1,
    ) -> None:
        if writers < 1:
            raise ValueError(f"a group committer needs at least one writer, not {writers}")
        self._commit = commit
        self._max_items = max_items
        self._on_batch = on_batch
        # Jobs submitted in the current turn of each loop, not yet handed to the writers.
        self._pending: dict[asyncio.AbstractEventLoop, list[_Job[In, Out]]] = {}
        # Jobs handed over, oldest first, shared by the writers; guarded by `_ready`.
        self._backlog: deque[_Job[In, Out]] = deque()
        self._ready = threading.Condition(threading.Lock())
        self._closing = False
        self._threads = [
            threading.Thread(target=self._run, name=f"group-commit-{n}", daemon=True)
            for n in range(writers)
        ]
        for thread in self._threads:
            thread.start()

    async def submit(self, items: Sequence[In]) -> list[Out]:
        """Commit `items` with whatever else is waiting; return their results in order."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Out]] = loop.create_future()
        pending = self._pending.get(loop)
        if pending is None:
            pending = self._pending[loop] = []
            loop.call_soon(self._hand_over, loop)
        pending.append(_Job(items, loop, future))
        return await future

    def close(self) -> None:
        """Finish what is queued, then stop the writer threads."""
        for loop in list(self._pending):
            self._hand_over(loop)
        with self._ready:
            self._closing = True
            self._ready.notify_all()
        for thread in self._threads:
            thread.join()

    def _hand_over(self, loop: asyncio.AbstractEventLoop) -> None:
        jobs = self._pending.pop(loop, None)
        if jobs:
            with self._ready:
                self._backlog.extend(jobs)
                self._ready.notify()

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._backlog:
                    if self._closing:
                        return
                    self._ready.wait()
                jobs = [self._backlog.popleft()]
                size = len(jobs[0].items)
                while self._backlog and size + len(self._backlog[0].items) <= self._max_items:
                    job = self._backlog.popleft()
                    jobs.append(job)
                    size += len(job.items)
                if self._backlog:  # more than this writer takes: wake another for the rest
                    self._ready.notify()
            self._write(jobs)

    def _write(self, jobs: list[_Job[In, Out]]) -> None:
        items = [item for job in jobs for item in job.items]
        try:
            results = self._commit(items)
        except Exception as err:  # one request's items must not fail the others': retry alone
            if len(jobs) > 1:
                for job in jobs:
                    self._write([job])
                return
            log.exception("commit of %d items failed", len(items))
            failed: list[_Outcome] = [(jobs[0].future, None, err)]
            jobs[0].loop.call_soon_threadsafe(_settle, failed)
            return
        self._on_batch(len(items))
        by_loop: dict[asyncio.AbstractEventLoop, list[_Outcome]] = {}
        start = 0
        for job in jobs:
            part = results[start : start + len(job.items)]
            start += len(job.items)
            by_loop.setdefault(job.loop, []).append((job.future, part, None))
        for loop, outcomes in by_loop.items():
            loop.call_soon_threadsafe(_settle, outcomes)


# A waiting request's future and what to resolve it with: its results, or the failure.
_Outcome = tuple["asyncio.Future[Any]", Any, "Exception | None"]


def _settle(outcomes: list[_Outcome]) -> None:
    for future, value, err in outcomes:
        if future.done():
            continue
        if err is not None:
            future.set_exception(err)
        else:
            future.set_result(value)
