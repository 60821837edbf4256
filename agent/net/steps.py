"""What network steps wait for: a socket to become readable or writable, or a blocking call.

Network work is written as generators that yield one of these and return their result.
Whoever runs them (the probe loop, `agent/probes/loop.py`, for many at once; or
`agent/net/blocking.py` for one in place) resumes them when the wait is over, with the
call's result or its exception thrown in, and throws TimeoutError in at a deadline.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Generator
from typing import Any, NamedTuple, TypeAlias


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
