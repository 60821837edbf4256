"""Build a DNS query and read its response (RFC 1035), with the stdlib only."""

from __future__ import annotations

import socket
import struct
from typing import NamedTuple

QUERY_TYPES = {"A": 1, "AAAA": 28}
RCODES: tuple[str, ...] = ("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED")
RCODES += ("YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE")
_ADDRESS_FAMILY = {1: (socket.AF_INET, 4), 28: (socket.AF_INET6, 16)}
_CLASS_IN = 1
_FLAG_RESPONSE, _FLAG_TRUNCATED, _FLAG_RECURSION_DESIRED = 0x8000, 0x0200, 0x0100
_MAX_POINTER_JUMPS = 32


class Malformed(ValueError):
    """A response that cannot be read as DNS: short, looping or out of bounds."""


class Response(NamedTuple):
    """What a DNS response says: its id, whether it was truncated, rcode and addresses."""

    query_id: int
    truncated: bool
    rcode: str
    answers: tuple[str, ...]


def build_query(query_id: int, name: str, query_type: str) -> bytes:
    """Encode a recursive query for `name` of `query_type` ("A" or "AAAA"), class IN."""
    header = struct.pack("!HHHHHH", query_id, _FLAG_RECURSION_DESIRED, 1, 0, 0, 0)
    return header + encode_name(name) + struct.pack("!HH", QUERY_TYPES[query_type], _CLASS_IN)


def encode_name(name: str) -> bytes:
    """Encode `name` as DNS labels; ValueError for an empty or oversized label."""
    labels = name.strip().rstrip(".").encode("idna").split(b".")
    if any(not 0 < len(label) < 64 for label in labels):
        raise ValueError(f"{name!r} is not a valid DNS name")
    wire = b"".join(bytes([len(label)]) + label for label in labels) + b"\0"
    if len(wire) > 255:
        raise ValueError(f"{name!r} is longer than 255 bytes")
    return wire


def parse_response(message: bytes, query_type: str) -> Response:
    """Read `message`; answers keep only addresses of `query_type`. Raises Malformed."""
    try:
        return _parse(message, QUERY_TYPES[query_type])
    except Malformed:
        raise
    except (struct.error, IndexError, ValueError) as err:
        raise Malformed(f"malformed DNS response: {err}") from err


def read_name(message: bytes, offset: int) -> tuple[str, int]:
    """Read the (possibly compressed) name at `offset`; return it and the offset after it."""
    labels: list[str] = []
    resume = None
    for _ in range(_MAX_POINTER_JUMPS):
        length = message[offset]
        if length & 0xC0 == 0xC0:
            resume = offset + 2 if resume is None else resume
            offset = (length & 0x3F) << 8 | message[offset + 1]
            continue
        if length & 0xC0:
            raise Malformed(f"reserved label type {length:#x} at {offset}")
        if length == 0:
            return ".".join(labels), (offset + 1 if resume is None else resume)
        label = message[offset + 1 : offset + 1 + length]
        if len(label) != length:
            raise Malformed(f"label at {offset} runs past the end")
        labels.append(label.decode("ascii", "backslashreplace"))
        offset += 1 + length
    raise Malformed("too many compression pointers or labels")


def rcode_word(number: int) -> str:
    """Name a response code (0 -> "NOERROR", 3 -> "NXDOMAIN"...)."""
    return RCODES[number] if number < len(RCODES) else f"RCODE{number}"


def _parse(message: bytes, wanted: int) -> Response:
    query_id, flags, questions, answer_count = struct.unpack_from("!HHHH", message)
    if not flags & _FLAG_RESPONSE:
        raise Malformed("the QR bit is not set: not a response")
    truncated = bool(flags & _FLAG_TRUNCATED)
    answers: tuple[str, ...] = ()
    if not truncated:
        offset = 12
        for _ in range(questions):
            offset = read_name(message, offset)[1] + 4
        answers = _answers(message, offset, answer_count, wanted)
    return Response(query_id, truncated, rcode_word(flags & 0x000F), answers)


def _answers(message: bytes, offset: int, count: int, wanted: int) -> tuple[str, ...]:
    found: list[str] = []
    for _ in range(count):
        offset = read_name(message, offset)[1]
        rtype, rclass, _ttl, length = struct.unpack_from("!HHIH", message, offset)
        rdata = message[offset + 10 : offset + 10 + length]
        if len(rdata) != length:
            raise Malformed(f"record data at {offset} runs past the end")
        offset += 10 + length
        if rtype == wanted and rclass == _CLASS_IN:
            family, size = _ADDRESS_FAMILY[rtype]
            if length != size:
                raise Malformed(f"address record of {length} bytes")
            found.append(socket.inet_ntop(family, rdata))
    return tuple(found)
