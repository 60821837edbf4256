"""The icmp prober: echo packets as bytes, and a real ping of loopback in the mode found."""

from __future__ import annotations

import shutil
import socket
import struct
import sys
import time

import pytest
from probe_once import probe

from agent.config import ModuleConfig
from agent.probes.icmp import choose_mode
from agent.probes.icmppacket import checksum, echo_request, parse_icmp
from agent.probes.pingcommand import ping_command

MODULE = ModuleConfig(prober="icmp", timeout_seconds=2.0)
MODES = ("datagram", "raw", "command")


def soon(seconds: float = 2.0) -> float:
    return time.monotonic() + seconds


def test_checksum_rfc1071_example() -> None:
    # RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum (with carries) to ddf2
    assert checksum(bytes.fromhex("0001f203f4f5f6f7")) == 0xFFFF - 0xDDF2
    assert checksum(b"\x01") == 0xFEFF


def test_echo_request_checksums_to_zero() -> None:
    packet = echo_request(0x1234, 7, b"wardwatch")
    assert packet[:2] == b"\x08\x00" and packet[4:8] == b"\x12\x34\x00\x07"
    assert checksum(packet) == 0


def test_parse_reply_with_and_without_ip_header() -> None:
    reply = b"\x00\x00\x00\x00\x12\x34\x00\x07payload"
    ip_header = b"\x45" + bytes(19)
    for packet in (reply, ip_header + reply):
        assert parse_icmp(packet) == ("reply", 0x1234, 7, 0, b"payload")
    assert parse_icmp(b"\x81\x00\x00\x00\x12\x34\x00\x07", v6=True) == ("reply", 0x1234, 7, 0, b"")


def test_parse_unreachable_quotes_the_request() -> None:
    quoted = b"\x45" + bytes(19) + echo_request(0x1234, 9, b"")
    unreachable = b"\x03\x01\x00\x00" + bytes(4) + quoted
    assert parse_icmp(unreachable) == ("unreachable", 0x1234, 9, 1, b"")


def test_parse_ignores_other_messages() -> None:
    assert parse_icmp(echo_request(1, 1, b"x")) is None  # our own request, seen on loopback
    assert parse_icmp(b"\x00\x00") is None
    assert parse_icmp(b"\x0b\x00" + bytes(6)) is None  # time exceeded


def test_mode_is_chosen_once() -> None:
    mode = choose_mode(socket.AF_INET, sys.platform)
    assert mode in (*MODES, None)
    assert choose_mode(socket.AF_INET, sys.platform) is mode
    assert choose_mode.cache_info().hits >= 1


def test_ping_loopback() -> None:
    sample = probe("icmp", "127.0.0.1", MODULE, soon())
    if sample.result == "permission_denied" and sample.mode is None:
        pytest.skip("no ICMP mode on this machine: " + (sample.error or ""))
    assert sample.mode in MODES
    assert sample.result == "success", sample.error
    assert sample.rtt_seconds is not None and sample.rtt_seconds > 0


def test_ping_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    sample = probe("icmp", "[::1]", MODULE, soon())
    if sample.mode is None:
        pytest.skip("no ICMPv6 mode on this machine")
    assert sample.result == "success", sample.error


@pytest.mark.skipif(shutil.which("ping") is None, reason="no ping command")
def test_command_mode_against_loopback() -> None:
    sample = ping_command("127.0.0.1", socket.AF_INET, soon())
    assert (sample.mode, sample.result) == ("command", "success"), sample.error


def test_bad_target_raises() -> None:
    with pytest.raises(ValueError):
        probe("icmp", "127.0.0.1:80", MODULE, soon())


def test_struct_layout_is_network_order() -> None:
    assert struct.unpack("!BBHHH", echo_request(0xABCD, 0x0102, b"", v6=True)) == (
        128,
        0,
        0,
        0xABCD,
        0x0102,
    )
