"""The icmp prober's "command" mode: run the OS `ping` once and read its output.

Linux and macOS run with LC_ALL=C; Windows prints in its display language, so the
parser looks for the language-neutral token of a reply line: a word glued to "=N ms"
or "<1ms" ("time=0.318 ms", "time=3ms", "time<1ms", "thời gian=3ms", "Zeit=3ms").
Summary lines ("Minimum = 0ms") put a space before "=" and are not taken.
"""

from __future__ import annotations

import math
import os
import re
import socket
import sys
import time

from agent.probes.result import ResultWord, Sample

BELOW_ONE_MS_SECONDS = 0.0005
_TIME = re.compile(r"\w([=<])(\d+(?:[.,]\d+)?) ?ms\b")
_RESOLVE_FAILED = (
    "could not find host",
    "name or service not known",
    "temporary failure in name resolution",
    "unknown host",
    "cannot resolve",
)
_DENIED = ("operation not permitted", "permission denied")


def ping_command(ip: str, family: int, deadline: float) -> Sample:
    """Run `ping` once against `ip`, bounded by `deadline` (time.monotonic())."""
    import subprocess

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return Sample("timeout", error="no time left before the deadline", mode="command")
    argv = command_line(ip, family == socket.AF_INET6, remaining, sys.platform)
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=remaining,
            env=_environment(),
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except subprocess.TimeoutExpired:
        return Sample("timeout", error="ping gave no reply before the deadline", mode="command")
    except OSError as err:
        return Sample("error", error=f"cannot run ping: {err}", mode="command")
    return read_ping(done.stdout.decode("utf-8", "replace"), done.returncode)


def command_line(ip: str, v6: bool, timeout_seconds: float, platform: str) -> list[str]:
    """Return the argv pinging `ip` once, waiting at most `timeout_seconds`."""
    family = "-6" if v6 else "-4"
    if platform == "win32":
        return ["ping", family, "-n", "1", "-w", str(max(1, math.ceil(timeout_seconds * 1000))), ip]
    seconds = str(max(1, math.ceil(timeout_seconds)))
    if platform == "darwin" and v6:
        return ["ping6", "-n", "-c", "1", ip]
    if platform == "darwin":
        return ["ping", "-n", "-c", "1", "-t", seconds, ip]
    return ["ping", family, "-n", "-c", "1", "-W", seconds, ip]


def read_ping(output: str, returncode: int) -> Sample:
    """Turn ping's output and exit code into a Sample."""
    rtt = parse_ping_rtt(output)
    if rtt is not None:
        return Sample("success", rtt, mode="command")
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    error = lines[-1] if lines else f"ping exited with {returncode}"
    return Sample(classify_ping_failure(output), error=error, mode="command")


def parse_ping_rtt(output: str) -> float | None:
    """Return the round-trip time of the first reply line in seconds; None if no reply."""
    match = _TIME.search(output)
    if match is None:
        return None
    if match.group(1) == "<":
        return BELOW_ONE_MS_SECONDS
    return float(match.group(2).replace(",", ".")) / 1000.0


def classify_ping_failure(output: str) -> ResultWord:
    """Name why ping printed no reply; no recognised reason means a timeout."""
    text = output.lower()
    if any(words in text for words in _RESOLVE_FAILED):
        return "resolve_failed"
    if "unreachable" in text:
        return "network_unreachable"
    if any(words in text for words in _DENIED):
        return "permission_denied"
    return "timeout"


def _environment() -> dict[str, str] | None:
    # Windows has no LC_ALL: its ping speaks the display language whatever we set.
    return None if sys.platform == "win32" else {**os.environ, "LC_ALL": "C"}
