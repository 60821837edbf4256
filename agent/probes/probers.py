"""The probers by name: each takes (target, module, deadline) and returns one Sample."""

from __future__ import annotations

from collections.abc import Callable

from agent.config import ModuleConfig
from agent.probes.address import bare_host, split_host_port
from agent.probes.dns import SYSTEM_TARGET, probe_dns
from agent.probes.dnsmessage import encode_name
from agent.probes.http import parse_url, probe_http
from agent.probes.icmp import probe_icmp
from agent.probes.result import Sample
from agent.probes.tcp import probe_tcp

Prober = Callable[[str, ModuleConfig, float], Sample]

PROBERS: dict[str, Prober] = {
    "icmp": probe_icmp,
    "tcp": probe_tcp,
    "http": probe_http,
    "dns": probe_dns,
}


def check_target(target: str, module: ModuleConfig) -> None:
    """Raise ValueError when `target` (or the module's query) cannot be probed by its prober."""
    if module.prober == "icmp":
        bare_host(target)
    elif module.prober == "tcp":
        split_host_port(target)
    elif module.prober == "http":
        parse_url(target)
    elif module.prober == "dns":
        encode_name(module.query_name)
        if target.strip().lower() != SYSTEM_TARGET:
            split_host_port(target, 53)
