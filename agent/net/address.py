"""Parse probe targets ("host:port", "[::1]:port", "host") and resolve them to addresses."""

from __future__ import annotations

import functools
import socket
from typing import Any, NamedTuple

from agent.net.steps import Offload, Steps


class Address(NamedTuple):
    """One resolved address: the family and the sockaddr to connect or send to."""

    family: int
    sockaddr: Any


def split_host_port(target: str, default_port: int | None = None) -> tuple[str, int]:
    """Split "host:port" or "[v6]:port" (port optional when `default_port` is given)."""
    host, port_text = _split(target.strip())
    if not host:
        raise ValueError(f"target {target!r} has no host")
    if port_text is None:
        if default_port is None:
            raise ValueError(f"target {target!r} needs a port (host:port or [v6]:port)")
        return host, default_port
    return host, _port(target, port_text)


def bare_host(target: str) -> str:
    """Return the host of a port-less target, unbracketing "[::1]"."""
    host = target.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host or any(c in host for c in "[]/ ") or (host.count(":") == 1):
        raise ValueError(f"target {target!r} is not a host name or IP address")
    return host


def resolve(host: str, port: int, socktype: int) -> list[Address]:
    """Resolve `host` with the OS resolver; raises socket.gaierror when it cannot."""
    return _addresses(socket.getaddrinfo(host, port, socket.AF_UNSPEC, socktype))


def resolve_steps(host: str, port: int, socktype: int) -> Steps:
    """Return `resolve`'s addresses without blocking the probe loop.

    An IP address is read at once; a name is looked up on a helper thread (the OS resolver
    may take seconds), so that its wait holds up no other target.
    """
    try:
        numeric = socket.getaddrinfo(host, port, 0, socktype, 0, socket.AI_NUMERICHOST)
    except socket.gaierror:
        return (yield Offload(functools.partial(resolve, host, port, socktype)))
    return _addresses(numeric)


def _addresses(infos: list[tuple[Any, ...]]) -> list[Address]:
    seen: list[Address] = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = Address(int(family), sockaddr)
        if address not in seen:
            seen.append(address)
    return seen


def _split(target: str) -> tuple[str, str | None]:
    if target.startswith("["):
        end = target.find("]")
        if end < 0 or (end + 1 < len(target) and target[end + 1] != ":"):
            raise ValueError(f"target {target!r}: expected [address]:port")
        rest = target[end + 2 :]
        return target[1:end], (rest if end + 1 < len(target) else None)
    if target.count(":") > 1:
        raise ValueError(f"target {target!r}: write an IPv6 address as [address]:port")
    host, sep, port = target.partition(":")
    return host, (port if sep else None)


def _port(target: str, text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"target {target!r}: port must be 1..65535, got {text!r}")
    return int(text)
