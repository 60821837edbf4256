"""Where the Linux readers read a machine: its /proc, /sys, /etc and /dev, and a few calls.

The readers never open a file themselves: they ask a Source. `kernelfiles_linux.LOCAL` is
this machine; the collector reads a machine it reaches over SSH through a Source of its
own, so both build a report from the same readers and parsers.
"""

from __future__ import annotations

from dataclasses import dataclass


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


class Source:
    """A Linux machine's files and the few facts that are not files; a missing or
    unreadable fact is None or empty, never an exception."""

    key = "local"  # names the machine in what is kept between readings (CPU time samples)

    def read_text(self, path: str) -> str | None:
        """Return the whole text of `path`, or None if it cannot be read."""
        raise NotImplementedError

    def read_bytes(self, path: str) -> bytes | None:
        """Return the raw bytes of `path`, or None if it cannot be read."""
        raise NotImplementedError

    def list_dir(self, path: str) -> list[str]:
        """Return the sorted entry names of directory `path`, [] if it cannot be listed."""
        raise NotImplementedError

    def link_name(self, path: str) -> str | None:
        """Return the last component of the symlink target at `path`, None if not a link."""
        raise NotImplementedError

    def is_dir(self, path: str) -> bool:
        """Tell whether `path` is a directory (following symlinks)."""
        raise NotImplementedError

    def exists(self, path: str) -> bool:
        """Tell whether `path` exists (following symlinks)."""
        raise NotImplementedError

    def usage(self, mount: str) -> Usage | None:
        """Measure the filesystem mounted at `mount` (statvfs); None if it cannot be."""
        raise NotImplementedError

    def ipv4_addresses(self) -> dict[str, list[str]]:
        """Map each interface that is up to its IPv4 addresses (aliases under their base)."""
        raise NotImplementedError

    def uname(self) -> tuple[str | None, str | None]:
        """Return the kernel release and the machine architecture (uname -r, uname -m)."""
        raise NotImplementedError

    def read_value(self, path: str) -> str | None:
        """Return the stripped one-value content of `path`; None if unreadable or empty."""
        text = self.read_text(path)
        value = text.replace("\x00", "").strip() if text is not None else ""
        return value or None

    def read_int(self, path: str, base: int = 10) -> int | None:
        """Return the integer in `path` (in `base`), or None if unreadable or not a number."""
        value = self.read_value(path)
        try:
            return int(value, base) if value is not None else None
        except ValueError:
            return None
