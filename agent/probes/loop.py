"""The probe loop: every target's sample tasks on one thread, over one selector.

A sample task (network steps, `agent/net/steps.py`, that end in a Sample) runs until it
waits for a socket or a blocking call;
the loop resumes it when the socket is ready or the call is done, and throws TimeoutError
into it at its deadline. Blocking calls (name lookups, the OS `ping`) run on helper
threads, created only when a task asks for one: a cycle of IP targets runs on the
calling thread alone. One thread woken once per ready socket costs far less CPU than a
thread per target sleeping between its samples (bench/agent_footprint/README.md).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import selectors
import socket
import time
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TypeAlias

from agent.net.steps import Offload, Readable, Step
from agent.probes.result import Sample, describe

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

# A sample task: network steps (agent/net/steps.py) that end in one Sample.
SampleTask: TypeAlias = Generator[Step, Any, Sample]
HELPER_THREADS = 16
_TIMED_OUT = "no answer before the deadline"
Done = Callable[[Sample], None]


class _Task:
    """One running sample task: its generator, deadline, callback and what it waits on."""

    __slots__ = ("deadline", "done", "future", "sock", "task")

    def __init__(self, task: SampleTask, deadline: float, done: Done) -> None:
        self.task = task
        self.deadline = deadline
        self.done = done
        self.sock: socket.socket | None = None
        self.future: Future[Any] | None = None


class ProbeLoop:
    """Run sample tasks concurrently on the calling thread; `close` abandons the rest."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._tasks: set[_Task] = set()
        self._wake: tuple[socket.socket, socket.socket] | None = None

    @property
    def busy(self) -> bool:
        """Tell whether any task is still running."""
        return bool(self._tasks)

    def start(self, task: SampleTask, deadline: float, done: Done) -> None:
        """Run `task` until its first wait; `done` gets its Sample when it ends."""
        if deadline <= time.monotonic():
            task.close()
            done(Sample("timeout", error="no time left before the deadline"))
            return
        running = _Task(task, deadline, done)
        self._tasks.add(running)
        self._resume(running, None, None)

    def poll(self, until: float) -> None:
        """Wait for ready sockets and calls until `until` (time.monotonic()) at the latest."""
        wake_at = min([until, *(t.deadline for t in self._tasks)])
        ready = self._selector.select(max(wake_at - time.monotonic(), 0.0))
        for key, _events in ready:
            if key.data is None:
                self._finished_calls()
            elif key.data in self._tasks:
                self._resume(key.data, None, None)
        now = time.monotonic()
        for running in [t for t in self._tasks if t.deadline <= now]:
            if running in self._tasks:  # an earlier resumption may have ended it
                self._resume(running, None, TimeoutError(_TIMED_OUT))

    def close(self) -> None:
        """Abandon the running tasks (their sockets close) and release the selector."""
        for running in list(self._tasks):
            self._release(running)
            running.task.close()
        self._tasks.clear()
        self._selector.close()
        if self._wake is not None:
            for sock in self._wake:
                sock.close()

    def _resume(self, running: _Task, value: Any, error: BaseException | None) -> None:
        self._release(running)
        try:
            step = running.task.send(value) if error is None else running.task.throw(error)
        except StopIteration as stop:
            self._end(running, stop.value)
        except TimeoutError as err:
            self._end(running, Sample("timeout", error=describe(err)))
        except Exception as err:  # one broken prober must not stop the others
            log.exception("a probe sample failed")
            self._end(running, Sample("error", error=f"{type(err).__name__}: {err}"))
        else:
            self._wait(running, step)

    def _wait(self, running: _Task, step: Step) -> None:
        if isinstance(step, Offload):
            running.future = self._offload(step.call)
            return
        events = selectors.EVENT_READ if isinstance(step, Readable) else selectors.EVENT_WRITE
        running.sock = step.sock
        self._selector.register(step.sock, events, running)

    def _release(self, running: _Task) -> None:
        if running.sock is not None:
            self._selector.unregister(running.sock)
            running.sock = None
        running.future = None

    def _end(self, running: _Task, sample: Sample) -> None:
        self._tasks.discard(running)
        running.done(sample)

    def _offload(self, call: Callable[[], Any]) -> Future[Any]:
        if self._wake is None:
            self._wake = socket.socketpair()
            for end in self._wake:
                end.setblocking(False)  # a full wake-up buffer already says "look"
            self._selector.register(self._wake[0], selectors.EVENT_READ, None)
        future = _helpers().submit(call)
        future.add_done_callback(functools.partial(_notify, self._wake[1]))
        return future

    def _finished_calls(self) -> None:
        if self._wake is not None:
            with contextlib.suppress(BlockingIOError):
                self._wake[0].recv(4096)
        finished = [(t, t.future) for t in self._tasks if t.future and t.future.done()]
        for running, future in finished:
            error = future.exception()
            self._resume(running, None if error else future.result(), error)


def _notify(wake: socket.socket, _future: Future[Any]) -> None:
    # OSError: the buffer is full (the loop will look anyway) or the loop closed meanwhile.
    with contextlib.suppress(OSError):
        wake.send(b"\0")


@functools.cache
def _helpers() -> ThreadPoolExecutor:
    """Return the process's helper threads, kept across cycles and started on demand."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(HELPER_THREADS, "wardwatch-probe")
