"""Group commit: many requests' reports written in one transaction, each acknowledged after it.

A commit per request would spend the whole ingest budget on fsyncs. Requests hand their
items to one writer thread, which takes everything queued (up to `max_items`), commits
it in one transaction and then resolves every waiting request with its own result. A
lone request waits no longer than the commit itself: the writer never sleeps to fill a
batch; batches grow by themselves under load.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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
        self._queue: queue.SimpleQueue[_Job[In, Out] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()

    async def submit(self, items: Sequence[In]) -> list[Out]:
        """Commit `items` with whatever else is waiting; return their results in order."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Out]] = loop.create_future()
        self._queue.put(_Job(items, loop, future))
        return await future

    def close(self) -> None:
        """Finish what is queued, then stop the writer thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            jobs, size, stop = [first], len(first.items), False
            while size < self._max_items:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                jobs.append(job)
                size += len(job.items)
            self._write(jobs)
            if stop:
                return

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
            jobs[0].loop.call_soon_threadsafe(_fail, jobs[0].future, err)
            return
        self._on_batch(len(items))
        start = 0
        for job in jobs:
            part = results[start : start + len(job.items)]
            start += len(job.items)
            job.loop.call_soon_threadsafe(_succeed, job.future, part)


def _succeed(future: asyncio.Future[list[Out]], value: list[Out]) -> None:
    if not future.done():
        future.set_result(value)


def _fail(future: asyncio.Future[list[Out]], err: Exception) -> None:
    if not future.done():
        future.set_exception(err)
