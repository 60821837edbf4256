"""Whether the spool can store reports, kept where a full disk cannot stop it being written.

When the disk under the state directory fills, SQLite cannot write the spool, and neither
could it record why. This file is allocated once, at a fixed size, while there is room,
and afterwards only overwritten in place, which needs no new disk block: the service
records here each report it could not spool and the error, `wardwatch-agent status` reads
it, and the next report that can be spooled carries the count to the collector.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

HEALTH_FILE = "spool-health.json"
SIZE_BYTES = 4096


@dataclass(frozen=True)
class SpoolHealth:
    """Reports not spooled since the last one that was, and the last error storing one."""

    unspooled: int = 0
    error: str | None = None
    error_at: float | None = None  # Unix seconds


def read(state_directory: Path) -> SpoolHealth:
    """Return what the file says; a missing or unreadable file means all is well."""
    try:
        found = json.loads((state_directory / HEALTH_FILE).read_bytes().rstrip(b" \x00") or b"{}")
        return SpoolHealth(int(found["unspooled"]), found.get("error"), found.get("error_at"))
    except (OSError, ValueError, KeyError, TypeError):
        return SpoolHealth()


def prepare(state_directory: Path) -> None:
    """Allocate the file at its full size, if it is not yet; raise OSError when it cannot be."""
    path = state_directory / HEALTH_FILE
    if path.exists() and path.stat().st_size == SIZE_BYTES:
        return
    write(state_directory, read(state_directory))


def write(state_directory: Path, health: SpoolHealth) -> None:
    """Overwrite the file in place with `health`; OSError if even that fails."""
    text = json.dumps(
        {"unspooled": health.unspooled, "error": (health.error or "")[:1000] or None,
         "error_at": health.error_at},
        ensure_ascii=True,
    ).encode()  # fmt: skip
    fd = os.open(state_directory / HEALTH_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, text.ljust(SIZE_BYTES), 0)
        os.fsync(fd)
    finally:
        os.close(fd)
