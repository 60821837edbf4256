"""The `network` collector: interfaces (speed in bits/s), their addresses, default route."""

from __future__ import annotations

import dataclasses
import os
from typing import Any

from agent.collectors import addresses_linux, netif_linux
from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source
from agent.paths import PathsConfig


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Describe this machine's network interfaces and default route."""
    return read_network(ctx.source, ctx.paths)


collect = collector(
    "network",
    linux=collect_linux,
    win32="agent.collectors.network_windows:collect",
)


def read_network(source: Source, paths: PathsConfig) -> dict[str, Any]:
    """Read interfaces from sysfs, their addresses from the source and procfs, the route."""
    addresses = addresses_linux.read_addresses(source, paths.procfs)
    route = netif_linux.parse_route(source.read_text(os.path.join(paths.procfs, "net/route")) or "")
    interfaces = [
        {**dataclasses.asdict(iface), "addresses": addresses.get(iface.name, [])}
        for iface in netif_linux.read_interfaces(source, paths.sysfs)
    ]
    return {
        "interfaces": interfaces,
        "default_gateway": route.gateway if route else None,
        "default_interface": route.interface if route else None,
    }
