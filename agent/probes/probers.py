"""The probers by name: each takes (target, module, deadline) and returns a sample task."""

from __future__ import annotations

from collections.abc import Callable

from agent.config import ModuleConfig
from agent.probes.dns import dns_sample
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
