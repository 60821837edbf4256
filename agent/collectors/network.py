"""The `network` collector: interfaces (speed in bits/s), their addresses, default route."""

from __future__ import annotations

import dataclasses
import os
import socket
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import psutil

from agent.collectors import kernelfiles_linux as kf
from agent.collectors import netif_linux
from agent.collectors.registry import Context, collector
from agent.config import PathsConfig
from agent.errors import NotApplicable

AddressTable = Mapping[str, Sequence[Any]]  # psutil.net_if_addrs(): name -> [snicaddr]


@collector("network")
def collect(ctx: Context) -> dict[str, Any]:
    """Describe this machine's network interfaces and default route."""
    if ctx.platform == "win32":
        from agent.collectors import network_windows

        return network_windows.collect(ctx)
    if ctx.platform != "linux":
        raise NotApplicable(f"no network reader for platform {ctx.platform}")
    return read_network(ctx.paths)


def read_network(
    paths: PathsConfig, if_addrs: Callable[[], AddressTable] = psutil.net_if_addrs
) -> dict[str, Any]:
    """Read interfaces from sysfs, their IP addresses from `if_addrs`, the route from procfs."""
    addresses = addresses_by_interface(if_addrs())
    route = netif_linux.parse_route(kf.read_text(os.path.join(paths.procfs, "net/route")) or "")
    interfaces = [
        {**dataclasses.asdict(iface), "addresses": addresses.get(iface.name, [])}
        for iface in netif_linux.read_interfaces(paths.sysfs)
    ]
    return {
        "interfaces": interfaces,
        "default_gateway": route.gateway if route else None,
        "default_interface": route.interface if route else None,
    }


def addresses_by_interface(table: AddressTable) -> dict[str, list[str]]:
    """List each interface's IPv4 and IPv6 addresses (no prefix, no %zone) from psutil."""
    families = (socket.AF_INET, socket.AF_INET6)
    return {
        name: [a.address.split("%")[0] for a in entries if a.family in families]
        for name, entries in table.items()
    }
