"""Read the small files of /proc, /sys, /etc and /dev: None or empty when absent or unreadable.

This is the one place where the Linux readers meet OSError: a file that is missing,
root-only or refused by the kernel (EINVAL from `speed` on a down link) is a missing
fact, never a crash.
"""

from __future__ import annotations

import os


def read_text(path: str) -> str | None:
    """Return the whole text of `path`, or None if it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def read_value(path: str) -> str | None:
    """Return the stripped one-value content of `path`; None if unreadable or empty."""
    text = read_text(path)
    value = text.replace("\x00", "").strip() if text is not None else ""
    return value or None


def read_int(path: str, base: int = 10) -> int | None:
    """Return the integer in `path` (in `base`), or None if unreadable or not a number."""
    value = read_value(path)
    try:
        return int(value, base) if value is not None else None
    except ValueError:
        return None


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
