"""The ping command's output, parsed from recorded Linux and Windows (English, Vietnamese) runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.probes.pingcommand import (
    BELOW_ONE_MS_SECONDS,
    classify_ping_failure,
    command_line,
    parse_ping_rtt,
    read_ping,
)

OUTPUTS = Path(__file__).parents[2] / "testdata" / "probes" / "ping"


def output(name: str) -> str:
    return (OUTPUTS / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("name", "seconds"),
    [
        ("linux-iputils-reply.txt", 0.000033),
        ("linux-iputils-reply-ipv6.txt", 0.000025),
        ("windows-en-reply-3ms.txt", 0.003),
        ("windows-en-reply-below-1ms.txt", BELOW_ONE_MS_SECONDS),
        ("windows-en-reply-ipv6.txt", BELOW_ONE_MS_SECONDS),
        ("windows-vi-reply-3ms.txt", 0.003),
        ("windows-vi-reply-below-1ms.txt", BELOW_ONE_MS_SECONDS),
    ],
)
def test_reply_rtt(name: str, seconds: float) -> None:
    assert parse_ping_rtt(output(name)) == pytest.approx(seconds)
    sample = read_ping(output(name), 0)
    assert (sample.result, sample.mode) == ("success", "command")


@pytest.mark.parametrize(
    ("name", "returncode", "word"),
    [
        ("linux-iputils-no-reply.txt", 1, "timeout"),
        ("linux-iputils-unreachable.txt", 1, "network_unreachable"),
        ("linux-iputils-unknown-host.txt", 2, "resolve_failed"),
        ("windows-en-timeout.txt", 1, "timeout"),
        ("windows-en-unreachable.txt", 0, "network_unreachable"),  # exit 0, yet no echo
        ("windows-en-unknown-host.txt", 1, "resolve_failed"),
        ("windows-vi-timeout.txt", 1, "timeout"),
    ],
)
def test_no_reply(name: str, returncode: int, word: str) -> None:
    assert parse_ping_rtt(output(name)) is None
    assert classify_ping_failure(output(name)) == word
    sample = read_ping(output(name), returncode)
    assert sample.result == word and sample.error and sample.rtt_seconds is None


@pytest.mark.parametrize(
    ("line", "seconds"),
    [
        ("64 bytes from 10.0.0.1: icmp_seq=1 ttl=57 time=12.4 ms", 0.0124),
        ("Antwort von 10.0.0.1: Bytes=32 Zeit=7ms TTL=57", 0.007),
        ("Réponse de 10.0.0.1 : octets=32 temps=15 ms TTL=57", 0.015),
        ("    Minimum = 0ms, Maximum = 1ms, Average = 0ms", None),
        ("rtt min/avg/max/mdev = 0.033/0.033/0.033/0.000 ms", None),
    ],
)
def test_reply_lines(line: str, seconds: float | None) -> None:
    found = parse_ping_rtt(line)
    assert found == (None if seconds is None else pytest.approx(seconds))


@pytest.mark.parametrize(
    ("platform", "v6", "expected"),
    [
        ("linux", False, ["ping", "-4", "-n", "-c", "1", "-W", "2", "10.0.0.1"]),
        ("linux", True, ["ping", "-6", "-n", "-c", "1", "-W", "2", "10.0.0.1"]),
        ("win32", False, ["ping", "-4", "-n", "1", "-w", "1500", "10.0.0.1"]),
        ("darwin", False, ["ping", "-n", "-c", "1", "-t", "2", "10.0.0.1"]),
    ],
)
def test_command_line(platform: str, v6: bool, expected: list[str]) -> None:
    assert command_line("10.0.0.1", v6, 1.5, platform) == expected
