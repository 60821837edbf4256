"""The `network` collector: interfaces (speed in bits/s), their addresses, default route."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any

from agent.collectors import addresses_linux, netif_linux
from agent.collectors import kernelfiles_linux as kf
from agent.collectors.registry import Context, collector
from agent.config import PathsConfig
from agent.errors import NotApplicable


@collector("network")
def collect(ctx: Context) -> dict[str, Any]:
    """Describe this machine's network interfaces and default route."""
    if ctx.platform == "win32":
        from agent.collectors import network_windows

        return network_windows.collect(ctx)
    if ctx.platform != "linux":
        raise NotApplicable(f"no network reader for platform {ctx.platform}")
    return read_network(ctx.paths)


def read_network(paths: PathsConfig, ifconf: Callable[[], bytes] | None = None) -> dict[str, Any]:
    """Read interfaces from sysfs, their addresses from the kernel and procfs, the route.

    `ifconf` stands in for the kernel's SIOCGIFCONF answer in tests.
    """
    addresses = addresses_linux.read_addresses(paths.procfs, ifconf)
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
