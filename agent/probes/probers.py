"""The probers by name: each takes (target, module, deadline) and returns a sample task."""

from __future__ import annotations

from collections.abc import Callable

from agent.config import ModuleConfig
from agent.net.address import bare_host, split_host_port
from agent.net.httprequest import parse_url
from agent.probes.dns import SYSTEM_TARGET, dns_sample
from agent.probes.dnsmessage import encode_name
from agent.probes.http import http_sample
from agent.probes.icmp import icmp_sample
from agent.probes.loop import SampleTask
from agent.probes.tcp import tcp_sample

# A sample task for the probe loop (agent/probes/loop.py); a bad target raises at once.
Prober = Callable[[str, ModuleConfig, float], SampleTask]

PROBERS: dict[str, Prober] = {
    "icmp": icmp_sample,
    "tcp": tcp_sample,
    "http": http_sample,
    "dns": dns_sample,
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
