"""The dns prober against a DNS server on loopback UDP, written in the tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from probe_once import probe

from agent.config import ModuleConfig

DnsServer = Callable[..., str]
ZONE = {"records.example": ["10.0.0.7", "10.0.0.8"], "target.example": ["10.0.0.9"]}


def module(name: str, query_type: Literal["A", "AAAA"] = "A") -> ModuleConfig:
    return ModuleConfig(prober="dns", query_name=name, query_type=query_type)


def soon(seconds: float = 2.0) -> float:
    return time.monotonic() + seconds


def test_answers(dns_server: DnsServer) -> None:
    sample = probe("dns", dns_server(ZONE), module("records.example"), soon())
    assert sample.result == "success", sample.error
    assert sample.rtt_seconds is not None and sample.rtt_seconds > 0
    assert sample.dns is not None
    assert sample.dns.answers == ("10.0.0.7", "10.0.0.8")
    assert sample.dns.rcode == "NOERROR"


def test_cname_chain_with_compression(dns_server: DnsServer) -> None:
    sample = probe("dns", dns_server(ZONE), module("alias.example"), soon())
    assert sample.result == "success", sample.error
    assert sample.dns is not None and sample.dns.answers == ("10.0.0.9",)


def test_nxdomain_is_resolve_failed(dns_server: DnsServer) -> None:
    sample = probe("dns", dns_server(ZONE), module("missing.example"), soon())
    assert sample.result == "resolve_failed"
    assert sample.dns is not None and sample.dns.rcode == "NXDOMAIN"
    assert "NXDOMAIN" in (sample.error or "")


def test_no_records_of_the_type_is_resolve_failed(dns_server: DnsServer) -> None:
    sample = probe("dns", dns_server(ZONE), module("records.example", "AAAA"), soon())
    assert sample.result == "resolve_failed"
    assert sample.dns is not None and sample.dns.rcode == "NOERROR"


def test_silent_server_times_out(dns_server: DnsServer) -> None:
    started = time.monotonic()
    sample = probe("dns", dns_server(behaviour="silent"), module("records.example"), soon(0.3))
    assert sample.result == "timeout"
    assert time.monotonic() - started < 0.8


def test_garbled_and_truncated_are_protocol_errors(dns_server: DnsServer) -> None:
    for behaviour in ("garbled", "truncated"):
        sample = probe("dns", dns_server(ZONE, behaviour), module("records.example"), soon())
        assert sample.result == "protocol_error", behaviour


def test_closed_port_is_refused(closed_port: int) -> None:
    sample = probe("dns", f"127.0.0.1:{closed_port}", module("records.example"), soon())
    assert sample.result == "connection_refused"


def test_system_resolver_reads_hosts() -> None:
    sample = probe("dns", "system", module("localhost"), soon())
    assert sample.result == "success", sample.error
    assert sample.dns is not None and "127.0.0.1" in sample.dns.answers
    assert sample.dns.rcode is None
