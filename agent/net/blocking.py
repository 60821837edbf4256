"""Run network steps on the calling thread, waiting in place: for one exchange at a time.

The transport's POST uses the same steps as the probes (`agent/net/sockets.py`), without
a loop: each step waits on its own socket, and a blocking call is simply made.
"""

from __future__ import annotations

import selectors
import time
from typing import Any

from agent.net.steps import Offload, Readable, Steps


def run_in_place(steps: Steps, deadline: float) -> Any:
    """Run `steps` to their end and return their value; TimeoutError once `deadline` passes."""
    value: Any = None
    error: BaseException | None = None
    with selectors.DefaultSelector() as selector:
        while True:
            try:
                step = steps.send(value) if error is None else steps.throw(error)
            except StopIteration as stop:
                return stop.value
            value, error = None, None
            if isinstance(step, Offload):
                try:
                    value = step.call()
                except Exception as err:  # handed back to the steps, as a loop would
                    error = err
                continue
            events = selectors.EVENT_READ if isinstance(step, Readable) else selectors.EVENT_WRITE
            selector.register(step.sock, events)
            ready = selector.select(max(deadline - time.monotonic(), 0.0))
            selector.unregister(step.sock)
            if not ready:
                error = TimeoutError("no answer before the deadline")
