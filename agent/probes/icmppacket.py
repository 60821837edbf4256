"""Build ICMP/ICMPv6 echo requests and read replies (RFC 792, RFC 4443)."""

from __future__ import annotations

import struct
from typing import Literal, NamedTuple

_ECHO_REQUEST = {False: 8, True: 128}
_ECHO_REPLY = {False: 0, True: 129}
_UNREACHABLE = {False: 3, True: 1}
_HEADER = struct.Struct("!BBHHH")


class Icmp(NamedTuple):
    """An ICMP message that concerns an echo: a reply, or an unreachable about a request."""

    kind: Literal["reply", "unreachable"]
    ident: int
    seq: int
    code: int
    payload: bytes


def checksum(data: bytes) -> int:
    """Return the Internet checksum (RFC 1071) of `data`."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_request(ident: int, seq: int, payload: bytes, *, v6: bool = False) -> bytes:
    """Encode an echo request; the ICMPv6 checksum is left to the kernel (it needs the IPs)."""
    header = _HEADER.pack(_ECHO_REQUEST[v6], 0, 0, ident, seq)
    if v6:
        return header + payload
    total = checksum(header + payload)
    return _HEADER.pack(_ECHO_REQUEST[v6], 0, total, ident, seq) + payload


def parse_icmp(packet: bytes, *, v6: bool = False) -> Icmp | None:
    """Read an echo reply or destination unreachable; None for anything else.

    Raw IPv4 sockets deliver the IP header first; datagram sockets on Linux do not.
    """
    packet = packet if v6 else _without_ip_header(packet)
    if len(packet) < _HEADER.size:
        return None
    kind, code, _sum, ident, seq = _HEADER.unpack_from(packet)
    if kind == _ECHO_REPLY[v6]:
        return Icmp("reply", ident, seq, code, packet[_HEADER.size :])
    if kind == _UNREACHABLE[v6]:
        return _unreachable(packet[_HEADER.size :], code, v6)
    return None


def _unreachable(quoted: bytes, code: int, v6: bool) -> Icmp | None:
    quoted = quoted[40:] if v6 else _without_ip_header(quoted)
    if len(quoted) < _HEADER.size:
        return None
    kind, _code, _sum, ident, seq = _HEADER.unpack_from(quoted)
    return Icmp("unreachable", ident, seq, code, b"") if kind == _ECHO_REQUEST[v6] else None


def _without_ip_header(packet: bytes) -> bytes:
    if len(packet) >= 20 and packet[0] >> 4 == 4:
        return packet[(packet[0] & 0x0F) * 4 :]
    return packet
