"""This machine as a Source: its small files of /proc, /sys, /etc and /dev, statvfs, uname.

This is the one place where the Linux readers meet OSError: a file that is missing,
root-only or refused by the kernel (EINVAL from `speed` on a down link) is a missing
fact, never a crash.
"""

from __future__ import annotations

import os
import platform

from agent.collectors.source_linux import Source, Usage


def read_text(path: str) -> str | None:
    """Return the whole text of `path`, or None if it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def read_value(path: str) -> str | None:
    """Return the stripped one-value content of `path`; None if unreadable or empty."""
    return LOCAL.read_value(path)


def read_bytes(path: str) -> bytes | None:
    """Return the raw bytes of `path`, or None if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def list_dir(path: str) -> list[str]:
    """Return the sorted entry names of directory `path`, [] if it cannot be listed."""
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def link_name(path: str) -> str | None:
    """Return the last component of the symlink target at `path`, or None if not a link."""
    try:
        return os.path.basename(os.readlink(path).rstrip("/")) or None
    except OSError:
        return None


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


class LocalSource(Source):
    """The machine the agent runs on."""

    key = "local"

    def read_text(self, path: str) -> str | None:
        """Return the whole text of `path`, or None if it cannot be read."""
        return read_text(path)

    def read_bytes(self, path: str) -> bytes | None:
        """Return the raw bytes of `path`, or None if it cannot be read."""
        return read_bytes(path)

    def list_dir(self, path: str) -> list[str]:
        """Return the sorted entry names of directory `path`, [] if it cannot be listed."""
        return list_dir(path)

    def link_name(self, path: str) -> str | None:
        """Return the last component of the symlink target at `path`, None if not a link."""
        return link_name(path)

    def is_dir(self, path: str) -> bool:
        """Tell whether `path` is a directory."""
        return os.path.isdir(path)

    def exists(self, path: str) -> bool:
        """Tell whether `path` exists."""
        return os.path.exists(path)

    def usage(self, mount: str) -> Usage | None:
        """Measure the filesystem at `mount` with statvfs."""
        return statvfs_usage(mount)

    def ipv4_addresses(self) -> dict[str, list[str]]:
        """Ask the kernel (SIOCGIFCONF) for every up interface's IPv4 addresses."""
        from agent.collectors import addresses_linux  # late: fcntl exists on POSIX only

        return addresses_linux.parse_ifconf(addresses_linux.ifconf_bytes())

    def uname(self) -> tuple[str | None, str | None]:
        """Return this kernel's release and this machine's architecture."""
        return platform.release() or None, platform.machine() or None


LOCAL = LocalSource()
