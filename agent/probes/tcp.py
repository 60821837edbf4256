"""The tcp prober: how long a TCP handshake with "host:port" takes."""

from __future__ import annotations

import socket

from agent.config import ModuleConfig
from agent.net import sockets
from agent.net.address import resolve_steps, split_host_port
from agent.probes.loop import SampleTask
from agent.probes.result import Sample, failed


def tcp_sample(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
    """Connect to `target` ("host:port" or "[v6]:port"); rtt is the connect time, in seconds."""
    # A malformed target raises here, before the probe loop runs it.
    return _handshake(*split_host_port(target))


def _handshake(host: str, port: int) -> SampleTask:
    try:
        addresses = yield from resolve_steps(host, port, socket.SOCK_STREAM)
        sock, rtt = yield from sockets.connect(addresses)
    except OSError as err:
        return failed(err)
    sock.close()
    return Sample("success", rtt)
