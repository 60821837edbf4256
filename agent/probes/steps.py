"""What a sample task waits for: a socket to become readable or writable, or a blocking call.

A sample task is a generator: it yields one of these steps, the probe loop
(`agent/probes/loop.py`) resumes it when the step is done (with the call's result, or its
exception thrown in), and it returns the Sample. A task past its deadline has
TimeoutError thrown in at the step it waits on.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Generator
from typing import Any, NamedTuple, TypeAlias

from agent.probes.result import Sample


class Readable(NamedTuple):
    """Resume the task once `sock` has data (or its peer closed)."""

    sock: socket.socket


class Writable(NamedTuple):
    """Resume the task once `sock` can send (a non-blocking connect has completed)."""

    sock: socket.socket


class Offload(NamedTuple):
    """Run `call` on a helper thread (getaddrinfo, the ping command) and send its result."""

    call: Callable[[], Any]


Step: TypeAlias = Readable | Writable | Offload
Steps: TypeAlias = Generator[Step, Any, Any]
SampleTask: TypeAlias = Generator[Step, Any, Sample]
