"""Mounted filesystems that hold data (from /proc/self/mounts) and their usage in bytes."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from agent.collectors import kernelfiles_linux as kf

# Block-device filesystems that are images or media, not storage that fills up.
SKIPPED_FSTYPES = frozenset({"squashfs", "iso9660", "udf", "erofs", "cramfs"})
_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    """One line of /proc/self/mounts: device, mount point, filesystem type."""

    device: str
    mount: str
    fstype: str


@dataclass(frozen=True)
class Usage:
    """A filesystem's size in bytes; free is what unprivileged users may still write."""

    total_bytes: int
    free_bytes: int
    used_bytes: int

    @property
    def used_ratio(self) -> float:
        """Share of the usable space in use, as df computes Use%."""
        usable = self.used_bytes + self.free_bytes
        return min(1.0, self.used_bytes / usable) if usable else 0.0


UsageFn = Callable[[str], "Usage | None"]


def statvfs_usage(mount: str) -> Usage | None:
    """Measure the filesystem at `mount` with statvfs; None if it cannot be measured."""
    try:
        st = os.statvfs(mount)
    except OSError:  # gone, stale NFS handle, or no permission
        return None
    return Usage(
        total_bytes=st.f_blocks * st.f_frsize,
        free_bytes=st.f_bavail * st.f_frsize,
        used_bytes=(st.f_blocks - st.f_bfree) * st.f_frsize,
    )


def read_filesystems(procfs: str, usage: UsageFn = statvfs_usage) -> list[tuple[Mount, Usage]]:
    """Return each data filesystem with its usage; unmeasurable or empty ones are left out."""
    text = kf.read_text(os.path.join(procfs, "self/mounts")) or ""
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
