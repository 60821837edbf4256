"""The tcp prober against real loopback sockets."""

from __future__ import annotations

import socket
import time

import pytest
from probe_once import probe

from agent.config import ModuleConfig

MODULE = ModuleConfig(prober="tcp", timeout_seconds=2.0)


def soon(seconds: float = 2.0) -> float:
    return time.monotonic() + seconds


def test_listener_is_a_success(silent_listener: int) -> None:
    sample = probe("tcp", f"127.0.0.1:{silent_listener}", MODULE, soon())
    assert sample.result == "success"
    assert sample.rtt_seconds is not None and sample.rtt_seconds > 0
    assert sample.error is None


def test_closed_port_is_refused(closed_port: int) -> None:
    sample = probe("tcp", f"127.0.0.1:{closed_port}", MODULE, soon())
    assert sample.result == "connection_refused"
    assert sample.rtt_seconds is None
    assert sample.error


def test_ipv6_loopback() -> None:
    try:
        server = socket.create_server(("::1", 0), family=socket.AF_INET6)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with server:
        sample = probe("tcp", f"[::1]:{server.getsockname()[1]}", MODULE, soon())
    assert sample.result == "success"


def test_past_deadline_is_a_timeout(silent_listener: int) -> None:
    sample = probe("tcp", f"127.0.0.1:{silent_listener}", MODULE, time.monotonic() - 1)
    assert sample.result == "timeout"


def test_bad_target_raises() -> None:
    with pytest.raises(ValueError):
        probe("tcp", "127.0.0.1", MODULE, soon())
