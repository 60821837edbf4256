"""Whether a configured target can be probed by its prober: checked when the config loads."""

from __future__ import annotations

from agent.net.address import bare_host, split_host_port
from agent.net.httprequest import parse_url
from agent.probes.dnsmessage import encode_name

SYSTEM_TARGET = "system"  # a dns target that means the machine's own resolver


def check_target(target: str, prober: str, query_name: str = "") -> None:
    """Raise ValueError when `target` (or a dns module's `query_name`) cannot be probed."""
    if prober == "icmp":
        bare_host(target)
    elif prober == "tcp":
        split_host_port(target)
    elif prober == "http":
        parse_url(target)
    elif prober == "dns":
        encode_name(query_name)
        if target.strip().lower() != SYSTEM_TARGET:
            split_host_port(target, 53)
