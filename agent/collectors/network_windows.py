"""The `network` collector on Windows: psutil's adapters, Get-NetAdapter and the route table.

psutil names the adapters (their aliases, "Wi-Fi"), says which are up and gives MACs,
addresses and MTU. Speed and duplex come from Get-NetAdapter: psutil on Windows hard-codes
duplex "full" and reads the speed from a 32-bit counter in some releases (10 Gb/s shows
as 4294 Mb/s).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

import psutil

from agent.collectors import cim
from agent.collectors.registry import Context

QUERIES = {
    "net_adapter": "Get-NetAdapter | Select-Object Name,InterfaceDescription,MacAddress,"
    "PermanentAddress,PnPDeviceID,Virtual,HardwareInterface,Speed,FullDuplex",
    "default_route": "Get-NetRoute -DestinationPrefix 0.0.0.0/0 -PolicyStore ActiveStore "
    "-ErrorAction SilentlyContinue | Select-Object NextHop,InterfaceAlias,RouteMetric,"
    "InterfaceMetric",
}
# Each property's CIM type: a value of another type is read as unknown (cim.typed).
TYPES: dict[str, cim.Types] = {
    "net_adapter": {
        "Name": str,
        "InterfaceDescription": str,
        "MacAddress": str,
        "PermanentAddress": str,
        "PnPDeviceID": str,
        "Virtual": bool,
        "HardwareInterface": bool,
        "Speed": int,
        "FullDuplex": bool,
    },
    "default_route": {
        "NextHop": str,
        "InterfaceAlias": str,
        "RouteMetric": int,
        "InterfaceMetric": int,
    },
}

NDIS_SPEED_UNKNOWN = 2**63  # Speed at or above this is NDIS_LINK_SPEED_UNKNOWN (-1 as UInt64)
NO_GATEWAY = {"0.0.0.0", ""}  # an on-link default route (PPP, some VPNs) has no next hop

Sample = dict[str, Any]


def _family(value: int) -> str:
    names = {int(psutil.AF_LINK): "link", socket.AF_INET: "ipv4", socket.AF_INET6: "ipv6"}
    return names.get(int(value), str(int(value)))


def read_interfaces() -> Sample:
    """Read psutil's per-adapter stats and addresses (families as words) as plain dicts."""
    stats = {
        name: {"isup": s.isup, "duplex": int(s.duplex), "speed": s.speed, "mtu": s.mtu}
        for name, s in psutil.net_if_stats().items()
    }
    addrs = {
        name: [{"family": _family(a.family), "address": a.address} for a in entries]
        for name, entries in psutil.net_if_addrs().items()
    }
    return {"stats": stats, "addrs": addrs}


def mac(value: str | None) -> str | None:
    """Write a MAC as lower-case colon pairs ("AA-BB-.." or "AABB.." in); None when blank."""
    digits = "".join(ch for ch in (value or "") if ch.isalnum()).lower()
    if len(digits) != 12 or digits == "0" * 12:
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def is_virtual(adapter: cim.Record | None) -> bool:
    """Say whether a Get-NetAdapter record is virtual; unknown to it (loopback) is virtual."""
    if adapter is None:
        return True
    return bool(adapter.get("Virtual")) or not adapter.get("HardwareInterface", True)


def link_speed(stat: Sample, adapter: cim.Record | None) -> int | None:
    """Return the link speed in bits/s: Get-NetAdapter's UInt64, else psutil's Mb/s."""
    if not stat.get("isup"):
        return None
    speed = (adapter or {}).get("Speed")
    if isinstance(speed, int) and 0 < speed < NDIS_SPEED_UNKNOWN:
        return speed
    fallback = int(stat.get("speed") or 0)  # psutil: Mb/s
    return fallback * 1_000_000 if fallback > 0 else None


def duplex(stat: Sample, adapter: cim.Record | None) -> str:
    """Return full/half from Get-NetAdapter FullDuplex (psutil always says full on Windows)."""
    full = (adapter or {}).get("FullDuplex")
    if not stat.get("isup") or not isinstance(full, bool):
        return "unknown"
    return "full" if full else "half"


def parse_interface(
    name: str, stat: Sample, addrs: list[Sample], adapter: cim.Record | None
) -> dict[str, Any]:
    """Build one `network.interfaces` entry from psutil stats, addresses and the adapter."""
    link = [a["address"] for a in addrs if a["family"] == "link"]
    return {
        "name": name,
        "mac": mac(link[0] if link else (adapter or {}).get("MacAddress")),
        "up": bool(stat.get("isup")),
        "speed_bits_per_second": link_speed(stat, adapter),
        "duplex": duplex(stat, adapter),
        "mtu": int(stat["mtu"]) if stat.get("mtu") else None,
        "addresses": [a["address"].split("%")[0] for a in addrs if a["family"] != "link"],
        "virtual": is_virtual(adapter),
    }


def parse_default_route(records: list[cim.Record]) -> tuple[str | None, str | None]:
    """Pick the IPv4 default route Windows prefers (lowest route + interface metric)."""
    if not records:
        return None, None
    best = min(records, key=lambda r: (r.get("RouteMetric") or 0) + (r.get("InterfaceMetric") or 0))
    hop = str(best.get("NextHop") or "")
    return (None if hop in NO_GATEWAY else hop), (best.get("InterfaceAlias") or None)


def is_loopback(addrs: list[Sample]) -> bool:
    """Say whether every address of an interface is a loopback one (any language's name)."""
    ips = [a["address"].split("%")[0] for a in addrs if a["family"] in ("ipv4", "ipv6")]
    return bool(ips) and all(ipaddress.ip_address(ip).is_loopback for ip in ips)


def parse_network(
    sample: Sample, adapters: list[cim.Record], routes: list[cim.Record]
) -> dict[str, Any]:
    """Assemble `hardware.network` from psutil and CIM records, leaving out loopback."""
    by_name = {a.get("Name"): a for a in adapters}
    interfaces = [
        parse_interface(name, stat, sample["addrs"].get(name, []), by_name.get(name))
        for name, stat in sorted(sample["stats"].items())
        if not is_loopback(sample["addrs"].get(name, []))
    ]
    gateway, interface = parse_default_route(routes)
    return {"interfaces": interfaces, "default_gateway": gateway, "default_interface": interface}


def collect(
    ctx: Context, query: cim.Query = cim.query, read: Callable[[], Sample] = read_interfaces
) -> dict[str, Any]:
    """Read adapters and the default route; return the report's `hardware.network` object."""
    sample = read()
    return parse_network(
        sample,
        cim.typed(query(QUERIES["net_adapter"]), TYPES["net_adapter"]),
        cim.typed(query(QUERIES["default_route"]), TYPES["default_route"]),
    )
