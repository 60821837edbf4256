"""The icmp prober: one echo request, in the first mode this process may use.

Modes, tried in this order once per address family and then cached for the process:
"datagram" (unprivileged ICMP socket: Linux within net.ipv4.ping_group_range, macOS),
"raw" (root or CAP_NET_RAW) and "command" (the OS `ping`, on a helper thread). Windows
has no datagram ICMP sockets, and its firewall may drop echo replies to raw sockets even
for an Administrator, so there `ping.exe` (which uses the ICMP API) comes first and raw
second.
"""

from __future__ import annotations

import functools
import itertools
import os
import socket
import sys
import time

from agent.config import ModuleConfig
from agent.net.address import Address, bare_host, resolve_steps
from agent.net.sockets import receive
from agent.net.steps import Offload
from agent.probes.icmppacket import Icmp, echo_request, parse_icmp
from agent.probes.loop import SampleTask
from agent.probes.result import Sample, failed

_IDENT = int.from_bytes(os.urandom(2), "big")
_SEQUENCE = itertools.count(int.from_bytes(os.urandom(2), "big"))
_PROTOCOL: dict[int, int] = {
    socket.AF_INET: socket.IPPROTO_ICMP,
    socket.AF_INET6: getattr(socket, "IPPROTO_ICMPV6", 58),
}
_SOCKET_TYPES = {"datagram": socket.SOCK_DGRAM, "raw": socket.SOCK_RAW}


def icmp_sample(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
    """Ping `target` (a host or IP, no port); rtt is request to reply, in seconds."""
    # A malformed target raises here, before the probe loop runs it.
    return _ping(bare_host(target), deadline)


def _ping(host: str, deadline: float) -> SampleTask:
    try:
        address = (yield from resolve_steps(host, 0, socket.SOCK_DGRAM))[0]
    except OSError as err:
        return failed(err)
    mode = choose_mode(address.family, sys.platform)
    if mode is None:
        error = "no ICMP mode: unprivileged and raw sockets refused and no ping command"
        return Sample("permission_denied", error=error)
    if mode == "command":
        from agent.probes.pingcommand import ping_command

        ping = functools.partial(ping_command, str(address.sockaddr[0]), address.family, deadline)
        try:
            sample: Sample = yield Offload(ping)
        except TimeoutError:
            return Sample("timeout", error="ping gave no reply before the deadline", mode=mode)
        return sample
    return (yield from echo(address, mode))


@functools.cache
def choose_mode(family: int, platform: str) -> str | None:
    """Return the first ICMP mode this process may use for `family` on `platform`, or None."""
    order = ("command", "raw") if platform == "win32" else ("datagram", "raw", "command")
    return next((mode for mode in order if _usable(mode, family)), None)


def _usable(mode: str, family: int) -> bool:
    if mode == "command":
        import shutil

        return shutil.which("ping") is not None
    try:
        socket.socket(family, _SOCKET_TYPES[mode], _PROTOCOL[family]).close()
    except OSError:
        return False
    return True


def echo(address: Address, mode: str) -> SampleTask:
    """Send one echo request to `address` over a `mode` socket and await its reply."""
    v6 = address.family == socket.AF_INET6
    seq = next(_SEQUENCE) & 0xFFFF
    payload = b"wardwatch" + os.urandom(8)
    try:
        with socket.socket(address.family, _SOCKET_TYPES[mode], _PROTOCOL[address.family]) as s:
            s.setblocking(False)
            started = time.perf_counter()
            s.sendto(echo_request(_IDENT, seq, payload, v6=v6), address.sockaddr)
            while True:
                icmp = parse_icmp((yield from receive(s)), v6=v6)
                if icmp is not None and _answers(icmp, mode, seq, payload):
                    return _sample(icmp, time.perf_counter() - started, mode)
    except OSError as err:
        return failed(err, mode=mode)


def _answers(icmp: Icmp, mode: str, seq: int, payload: bytes) -> bool:
    # A datagram socket gets only its own echoes, but the kernel chose their id.
    same_ident = mode == "datagram" or icmp.ident == _IDENT
    same_payload = icmp.kind == "unreachable" or icmp.payload == payload
    return icmp.seq == seq and same_ident and same_payload


def _sample(icmp: Icmp, rtt_seconds: float, mode: str) -> Sample:
    if icmp.kind == "reply":
        return Sample("success", rtt_seconds, mode=mode)
    error = f"destination unreachable (ICMP code {icmp.code})"
    return Sample("network_unreachable", error=error, mode=mode)
