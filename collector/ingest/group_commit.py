"""Group commit: many requests' reports written in one transaction, each acknowledged after it.

A commit per request would spend the whole ingest budget on fsyncs. Requests hand their
items to one writer thread, which takes everything queued (up to `max_items`), commits
it in one transaction and then resolves every waiting request with its own result. A
lone request waits no longer than the commit itself: the writer never sleeps to fill a
batch; batches grow by themselves under load.

Submissions made during one turn of the event loop are handed to the writer together, at
the start of the next turn (`loop.call_soon`): requests that arrived together share a
transaction even on one core, where a writer woken by the first of them would otherwise
take the GIL and commit it almost alone. Each commit resolves its requests with one
call into their loop, not one wake-up per request.
"""

from __future__ import annotations

import asyncio
import logging
import queue
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
    ) -> None:
        self._commit = commit
        self._max_items = max_items
        self._on_batch = on_batch
        # Jobs submitted in the current turn of each loop, not yet handed to the writer.
        self._pending: dict[asyncio.AbstractEventLoop, list[_Job[In, Out]]] = {}
        self._queue: queue.SimpleQueue[list[_Job[In, Out]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()

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
        """Finish what is queued, then stop the writer thread."""
        for loop in list(self._pending):
            self._hand_over(loop)
        self._queue.put(None)
        self._thread.join()

    def _hand_over(self, loop: asyncio.AbstractEventLoop) -> None:
        jobs = self._pending.pop(loop, None)
        if jobs:
            self._queue.put(jobs)

    def _run(self) -> None:
        backlog: deque[_Job[In, Out]] = deque()
        stop = False
        while True:
            if not backlog:
                if stop:
                    return
                first = self._queue.get()
                if first is None:
                    return
                backlog.extend(first)
            while not stop:  # take whatever else is queued already
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                else:
                    backlog.extend(more)
            jobs = [backlog.popleft()]
            size = len(jobs[0].items)
            while backlog and size + len(backlog[0].items) <= self._max_items:
                job = backlog.popleft()
                jobs.append(job)
                size += len(job.items)
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
