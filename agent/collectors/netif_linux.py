"""Network interfaces from /sys/class/net and the IPv4 default route from /proc/net/route."""

from __future__ import annotations

import ipaddress
import os
import struct
import sys
from dataclasses import dataclass

from agent.collectors.source_linux import Source

IFF_UP = 0x1
IFF_LOOPBACK = 0x8
GATEWAY_UP = 0x1 | 0x2  # RTF_UP | RTF_GATEWAY
MEGABIT = 1_000_000
NO_MAC = "00:00:00:00:00:00"


@dataclass(frozen=True)
class Interface:
    """One network interface; speed in bits per second, virtual = no hardware device."""

    name: str
    mac: str | None
    up: bool
    speed_bits_per_second: int | None
    duplex: str
    mtu: int | None
    virtual: bool


@dataclass(frozen=True)
class Route:
    """The IPv4 default route: gateway address and outgoing interface."""

    gateway: str
    interface: str


def read_interfaces(source: Source, sysfs: str) -> list[Interface]:
    """Read every non-loopback interface under `sysfs`/class/net."""
    base = os.path.join(sysfs, "class/net")
    interfaces = []
    for name in source.list_dir(base):
        flags = source.read_int(os.path.join(base, name, "flags"), 16) or 0
        if not flags & IFF_LOOPBACK and source.is_dir(os.path.join(base, name)):
            interfaces.append(_interface(source, os.path.join(base, name), name, flags))
    return interfaces


def _interface(source: Source, path: str, name: str, flags: int) -> Interface:
    duplex = source.read_value(os.path.join(path, "duplex"))
    return Interface(
        name=name,
        mac=clean_mac(source.read_value(os.path.join(path, "address"))),
        up=link_up(source.read_value(os.path.join(path, "operstate")), flags),
        speed_bits_per_second=speed_bits(source.read_int(os.path.join(path, "speed"))),
        duplex=duplex if duplex in ("full", "half") else "unknown",
        mtu=source.read_int(os.path.join(path, "mtu")),
        virtual=not source.exists(os.path.join(path, "device")),
    )


def stable_macs(source: Source, sysfs: str) -> list[str]:
    """Return the burnt-in MACs of built-in NICs: not virtual, not USB, not randomised."""
    base = os.path.join(sysfs, "class/net")
    macs = []
    for iface in read_interfaces(source, sysfs):
        path = os.path.join(base, iface.name)
        assign_type = source.read_int(os.path.join(path, "addr_assign_type"))
        usb = source.link_name(os.path.join(path, "device/subsystem")) == "usb"
        if iface.mac and not iface.virtual and not usb and assign_type in (0, None):
            macs.append(iface.mac)  # 0 = NET_ADDR_PERM; random or set MACs change
    return macs


def link_up(operstate: str | None, flags: int) -> bool:
    """Tell whether a link carries traffic: operstate "up", or "unknown" with IFF_UP set."""
    if operstate == "unknown":  # drivers without carrier reporting (tun, some virtual NICs)
        return bool(flags & IFF_UP)
    return operstate == "up"


def speed_bits(megabits: int | None) -> int | None:
    """Turn sysfs `speed` (Mb/s; -1 or 0 when unknown) into bits per second."""
    if megabits is None or megabits <= 0 or megabits >= 0xFFFFFFFF:
        return None
    return megabits * MEGABIT


def clean_mac(address: str | None) -> str | None:
    """Return a lower-case MAC, or None for none or all zeros."""
    if not address or address.lower() == NO_MAC or len(address.split(":")) != 6:
        return None
    return address.lower()


def parse_route(text: str, byteorder: str = sys.byteorder) -> Route | None:
    """Find the lowest-metric IPv4 default route in /proc/net/route text.

    The kernel prints each address as a host-order 32-bit hex number, hence `byteorder`.
    """
    best: tuple[int, Route] | None = None
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        try:
            dest, gateway, flags, mask = (int(fields[i], 16) for i in (1, 2, 3, 7))
            metric = int(fields[6])  # the only decimal column besides RefCnt and Use
        except ValueError:
            continue
        is_default = dest == 0 and mask == 0 and flags & GATEWAY_UP == GATEWAY_UP
        if is_default and (best is None or metric < best[0]):
            best = (metric, Route(_ipv4(gateway, byteorder), fields[0]))
    return best[1] if best else None


def _ipv4(number: int, byteorder: str) -> str:
    packed = struct.pack("<I" if byteorder == "little" else ">I", number)
    return str(ipaddress.IPv4Address(packed))
