"""The dns prober: ask a DNS server (UDP) or the OS resolver for the module's query_name.

The target is the server, as in blackbox_exporter: "host[:port]" (port 53 by default) or
"[v6]:port". The target "system" asks the OS resolver instead (getaddrinfo, which honours
hosts files and cannot be cut short: only the runner's deadline bounds it).
"""

from __future__ import annotations

import os
import socket
import time

from agent.config import ModuleConfig
from agent.probes.address import Address, resolve, split_host_port
from agent.probes.dnsmessage import Malformed, Response, build_query, parse_response
from agent.probes.result import DnsDetail, Sample, describe, failed

SYSTEM_TARGET = "system"
_RECEIVE_BYTES = 4096


def probe_dns(target: str, module: ModuleConfig, deadline: float) -> Sample:
    """Resolve module.query_name once at `target`; rtt is query to answer, in seconds."""
    if target.strip().lower() == SYSTEM_TARGET:
        return probe_system_resolver(module, deadline)
    host, port = split_host_port(target, 53)
    try:
        server = resolve(host, port, socket.SOCK_DGRAM)[0]
    except OSError as err:
        return failed(err)
    query_id = int.from_bytes(os.urandom(2), "big")
    query = build_query(query_id, module.query_name, module.query_type)
    try:
        response, rtt = _ask(server, query, query_id, module.query_type, deadline)
    except Malformed as err:
        return Sample("protocol_error", error=describe(err))
    except OSError as err:
        return failed(err)
    return judge(response, rtt, module)


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


def probe_system_resolver(module: ModuleConfig, deadline: float) -> Sample:
    """Resolve module.query_name with getaddrinfo; rtt is the lookup time, in seconds."""
    family = socket.AF_INET if module.query_type == "A" else socket.AF_INET6
    started = time.perf_counter()
    try:
        infos = socket.getaddrinfo(module.query_name, None, family, socket.SOCK_STREAM)
    except OSError as err:
        return failed(err, dns=DnsDetail((), None))
    rtt = time.perf_counter() - started
    answers = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if time.monotonic() > deadline:
        return Sample("timeout", error="the system resolver answered after the deadline")
    return Sample("success", rtt, dns=DnsDetail(answers, None))


def _ask(
    server: Address, query: bytes, query_id: int, query_type: str, deadline: float
) -> tuple[Response, float]:
    with socket.socket(server.family, socket.SOCK_DGRAM) as sock:
        sock.connect(server.sockaddr)
        started = time.perf_counter()
        sock.send(query)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer before the deadline")
            sock.settimeout(remaining)
            message = sock.recv(_RECEIVE_BYTES)
            if message[:2] == query_id.to_bytes(2, "big"):
                return parse_response(message, query_type), time.perf_counter() - started
