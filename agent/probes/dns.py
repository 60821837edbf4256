"""The dns prober: ask a DNS server (UDP) or the OS resolver for the module's query_name.

The target is the server, as in blackbox_exporter: "host[:port]" (port 53 by default) or
"[v6]:port". The target "system" asks the OS resolver instead (getaddrinfo, on a helper
thread: it honours hosts files and cannot be cut short, only abandoned at the deadline).
"""

from __future__ import annotations

import functools
import os
import socket
import time
from typing import Any

from agent.config import ModuleConfig
from agent.net.address import resolve_steps, split_host_port
from agent.net.sockets import receive
from agent.net.steps import Offload, Steps
from agent.probes.dnsmessage import Malformed, Response, build_query, parse_response
from agent.probes.loop import SampleTask
from agent.probes.result import DnsDetail, Sample, describe, failed
from agent.probes.targets import SYSTEM_TARGET


def dns_sample(target: str, module: ModuleConfig, deadline: float) -> SampleTask:
    """Resolve module.query_name at `target`; rtt is query to answer, in seconds."""
    # A malformed target raises here, before the probe loop runs it.
    if target.strip().lower() == SYSTEM_TARGET:
        return _system_resolver(module, deadline)
    query_id = int.from_bytes(os.urandom(2), "big")
    query = build_query(query_id, module.query_name, module.query_type)
    return _query(*split_host_port(target, 53), query, query_id, module)


def judge(response: Response, rtt_seconds: float, module: ModuleConfig) -> Sample:
    """Turn a DNS response into a Sample: NOERROR with addresses is a success."""
    detail = DnsDetail(response.answers, response.rcode)
    asked = f"{module.query_name} {module.query_type}"
    if response.truncated:
        error = f"{asked}: truncated response (TCP retry not supported)"
        return Sample("protocol_error", error=error, dns=detail)
    if response.rcode == "FORMERR":
        return Sample("protocol_error", error=f"{asked}: FORMERR", dns=detail)
    if response.rcode != "NOERROR":
        return Sample("resolve_failed", error=f"{asked}: {response.rcode}", dns=detail)
    if not response.answers:
        return Sample("resolve_failed", error=f"{asked}: no records", dns=detail)
    return Sample("success", rtt_seconds, dns=detail)


def _query(host: str, port: int, query: bytes, query_id: int, module: ModuleConfig) -> SampleTask:
    try:
        server = (yield from resolve_steps(host, port, socket.SOCK_DGRAM))[0]
        with socket.socket(server.family, socket.SOCK_DGRAM) as sock:
            sock.setblocking(False)
            sock.connect(server.sockaddr)
            response, rtt = yield from _ask(sock, query, query_id, module.query_type)
    except Malformed as err:
        return Sample("protocol_error", error=describe(err))
    except OSError as err:
        return failed(err)
    return judge(response, rtt, module)


def _ask(sock: socket.socket, query: bytes, query_id: int, query_type: str) -> Steps:
    """Send `query` and return (the response with its id, seconds until it came)."""
    started = time.perf_counter()
    sock.send(query)
    while True:
        message = yield from receive(sock)
        if message[:2] == query_id.to_bytes(2, "big"):
            return parse_response(message, query_type), time.perf_counter() - started


def _system_resolver(module: ModuleConfig, deadline: float) -> SampleTask:
    """Resolve module.query_name with getaddrinfo; rtt is the lookup time, in seconds."""
    family = socket.AF_INET if module.query_type == "A" else socket.AF_INET6
    try:
        infos, rtt = yield Offload(functools.partial(_lookup, module.query_name, family))
    except TimeoutError:
        return Sample("timeout", error="the system resolver gave no answer before the deadline")
    except OSError as err:
        return failed(err, dns=DnsDetail((), None))
    answers = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if time.monotonic() > deadline:
        return Sample("timeout", error="the system resolver answered after the deadline")
    return Sample("success", rtt, dns=DnsDetail(answers, None))


def _lookup(name: str, family: int) -> tuple[list[tuple[Any, ...]], float]:
    started = time.perf_counter()
    infos = socket.getaddrinfo(name, None, family, socket.SOCK_STREAM)
    return infos, time.perf_counter() - started
