"""The tcp prober: how long a TCP handshake with "host:port" takes."""

from __future__ import annotations

import socket
import time

from agent.config import ModuleConfig
from agent.probes.address import Address, resolve, split_host_port
from agent.probes.result import Sample, failed


def probe_tcp(target: str, module: ModuleConfig, deadline: float) -> Sample:
    """Connect to `target` ("host:port" or "[v6]:port"); rtt is the connect time in seconds."""
    host, port = split_host_port(target)
    try:
        addresses = resolve(host, port, socket.SOCK_STREAM)
    except OSError as err:
        return failed(err)
    return connect_first(addresses, deadline)


def connect_first(addresses: list[Address], deadline: float) -> Sample:
    """Try each address in turn until one accepts; the last failure is the result."""
    outcome = Sample("error", error="no address to connect to")
    for address in addresses:
        outcome = connect_once(address, deadline)
        if outcome.ok or time.monotonic() >= deadline:
            break
    return outcome


def connect_once(address: Address, deadline: float) -> Sample:
    """Time one TCP connect to `address`, bounded by `deadline` (time.monotonic())."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return Sample("timeout", error="no time left before the deadline")
    with socket.socket(address.family, socket.SOCK_STREAM) as sock:
        sock.settimeout(remaining)
        started = time.perf_counter()
        try:
            sock.connect(address.sockaddr)
        except OSError as err:
            return failed(err)
        rtt = time.perf_counter() - started
    return Sample("success", rtt)
