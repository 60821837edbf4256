"""Mounted filesystems that hold data (from /proc/self/mounts) and their usage in bytes."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from agent.collectors.source_linux import Source, Usage

# Block-device filesystems that are images or media, not storage that fills up.
SKIPPED_FSTYPES = frozenset({"squashfs", "iso9660", "udf", "erofs", "cramfs"})
_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    """One line of /proc/self/mounts: device, mount point, filesystem type."""

    device: str
    mount: str
    fstype: str


UsageFn = Callable[[str], "Usage | None"]


def read_filesystems(
    source: Source, procfs: str, usage: UsageFn | None = None
) -> list[tuple[Mount, Usage]]:
    """Return each data filesystem with its usage (`usage`, else the source measures);
    unmeasurable or empty ones are left out."""
    usage = usage or source.usage
    text = source.read_text(os.path.join(procfs, "self/mounts")) or ""
    measured = []
    for mount in data_filesystems(parse_mounts(text)):
        used = usage(mount.mount)
        if used is not None and used.total_bytes > 0:
            measured.append((mount, used))
    return measured


def parse_mounts(text: str) -> list[Mount]:
    """Parse /proc/self/mounts, decoding the octal escapes (\\040 is a space)."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append(Mount(*(_unescape(f) for f in fields[:3])))
    return mounts


def data_filesystems(mounts: list[Mount]) -> list[Mount]:
    """Keep "/" and block-device (or ZFS) filesystems, each device once (bind mounts)."""
    visible = {m.mount: m for m in mounts}  # a later mount on the same point hides the earlier
    seen: set[str] = set()
    kept = []
    for m in visible.values():
        real = m.device.startswith("/dev/") and m.fstype not in SKIPPED_FSTYPES
        if (m.mount == "/" or real or m.fstype == "zfs") and m.device not in seen:
            seen.add(m.device)
            kept.append(m)
    return kept


def _unescape(field: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)
