"""Each interface's IP addresses on Linux: IPv4 from the kernel (SIOCGIFCONF), IPv6 from procfs.

What psutil.net_if_addrs() gives, without psutil (see architecture.md, "Agent memory").
SIOCGIFCONF lists every IPv4 address of every interface that is up, aliases ("eth0:1")
included; /proc/net/if_inet6 lists every IPv6 address.
"""

from __future__ import annotations

import array
import fcntl
import os
import socket
import struct

from agent.collectors.source_linux import Source

SIOCGIFCONF = 0x8912
# struct ifreq: a 16-byte name, then a union whose largest member (struct ifmap) holds
# three unsigned longs: 40 bytes with 64-bit pointers, 32 with 32-bit ones.
IFREQ_BYTES = 40 if struct.calcsize("P") == 8 else 32
_SOCKADDR_IN_ADDRESS = slice(20, 24)  # in an ifreq: name (16), sin_family, sin_port, sin_addr


def read_addresses(source: Source, procfs: str) -> dict[str, list[str]]:
    """Map each interface name to its IPv4 then IPv6 addresses (no prefix, no %zone)."""
    found = {name: list(addresses) for name, addresses in source.ipv4_addresses().items()}
    for name, address in parse_if_inet6(
        source.read_text(os.path.join(procfs, "net/if_inet6")) or ""
    ):
        found.setdefault(name, []).append(address)
    return found


def ifconf_bytes() -> bytes:
    """Ask the kernel for its IPv4 interface list (struct ifreq records); b"" if refused."""
    size = 64 * IFREQ_BYTES
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            while True:
                buffer = array.array("B", bytes(size))
                request = struct.pack("iP", size, buffer.buffer_info()[0])
                used = struct.unpack("iP", fcntl.ioctl(sock.fileno(), SIOCGIFCONF, request))[0]
                if used < size:  # it all fitted; a full buffer may have been cut short
                    return buffer.tobytes()[:used]
                size *= 2
    except OSError:
        return b""


def parse_ifconf(data: bytes, record: int = IFREQ_BYTES) -> dict[str, list[str]]:
    """Read SIOCGIFCONF's records: alias labels ("eth0:1") count for their interface."""
    found: dict[str, list[str]] = {}
    for start in range(0, len(data) - record + 1, record):
        entry = data[start : start + record]
        label = entry[:16].split(b"\0", 1)[0].decode("utf-8", "replace")
        address = socket.inet_ntoa(entry[_SOCKADDR_IN_ADDRESS])
        found.setdefault(label.split(":", 1)[0], []).append(address)
    return found


def parse_if_inet6(text: str) -> list[tuple[str, str]]:
    """Read /proc/net/if_inet6: (interface, address) for each line."""
    found = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) != 6 or len(fields[0]) != 32:
            continue
        try:
            packed = bytes.fromhex(fields[0])
        except ValueError:
            continue
        found.append((fields[5], socket.inet_ntop(socket.AF_INET6, packed)))
    return found
