"""The `os` collector: distribution, version, kernel, architecture and boot time."""

from __future__ import annotations

import os
import shlex
from datetime import UTC, datetime
from typing import Any

from agent.collectors import procstat_linux
from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source
from agent.paths import PathsConfig
from contract.report import timestamp


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Describe this machine's operating system."""
    return read_os(ctx.source, ctx.paths)


collect = collector(
    "os",
    section="os",
    linux=collect_linux,
    win32="agent.collectors.os_windows:collect",
)


def read_os(source: Source, paths: PathsConfig) -> dict[str, Any]:
    """Read os-release, the kernel release and /proc/stat's boot time."""
    release = parse_os_release(_os_release_text(source, paths.etc))
    stat = procstat_linux.parse_stat(source.read_text(os.path.join(paths.procfs, "stat")) or "")
    kernel = source.read_value(os.path.join(paths.procfs, "sys/kernel/osrelease"))
    kernel_release, machine = source.uname()
    return {
        "family": "linux",
        "id": release.get("ID") or "linux",  # os-release(5) default
        "id_like": release.get("ID_LIKE", "").split(),
        "name": release.get("PRETTY_NAME") or release.get("NAME"),
        "version": release.get("VERSION_ID"),
        "build": None,
        "edition": None,
        "kernel": kernel or kernel_release,
        "architecture": machine,
        "boot_time": boot_timestamp(stat.boot_time_seconds),
    }


def _os_release_text(source: Source, etc: str) -> str:
    # os-release(5): /etc/os-release, else /usr/lib/os-release beside that /etc
    usr_lib = os.path.join(os.path.dirname(os.path.abspath(etc)), "usr/lib/os-release")
    return source.read_text(os.path.join(etc, "os-release")) or source.read_text(usr_lib) or ""


def parse_os_release(text: str) -> dict[str, str]:
    """Parse os-release(5) KEY=value lines, unquoting shell-style values."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if not sep or not key or key.startswith("#"):
            continue
        try:
            words = shlex.split(value)
        except ValueError:  # an unbalanced quote: keep the text as it stands
            words = [value.strip("\"'")]
        fields[key] = " ".join(words)
    return fields


def boot_timestamp(boot_seconds: int | None) -> str | None:
    """Format a boot time in unix seconds as the report's UTC timestamp."""
    if boot_seconds is None:
        return None
    return timestamp(datetime.fromtimestamp(boot_seconds, UTC))
