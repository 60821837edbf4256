"""The fixed set of read-only commands the collector runs on an agentless machine, and the
parsers of the outputs the agent's own readers have no file for.

Every command is one of these templates; the only thing filled in is a path, quoted: under
ALLOWED_ROOTS for what reads a file or a directory, any mount point of the machine's own
mount table for `stat -f` (which reads no file). Nothing here writes, installs or starts
anything.
"""

from __future__ import annotations

import os
import shlex

from agent.collectors.source_linux import Usage

ALLOWED_ROOTS = ("/proc/", "/sys/", "/etc/", "/dev/", "/usr/lib/os-release")
TEMPLATES = {
    "read": "cat -- {path}",
    "list": "ls -1A -- {path}/",
    "link": "readlink -- {path}",
    "is_dir": "test -d {path}",
    "exists": "test -e {path}",
    "usage": "stat -f -c '%b %f %a %S' -- {path}",  # blocks, free, available, block size
    "ipv4": "ip -o -4 address show",
    "uname": "uname -r -m",
}


def allowed(kind: str, path: str) -> bool:
    """Tell whether command `kind` may run on `path`: absolute and normalised, and under an
    allowed root unless it only measures a filesystem."""
    if "{path}" not in TEMPLATES[kind]:
        return not path
    if not path.startswith("/") or os.path.normpath(path) != path:
        return False
    return kind == "usage" or path.startswith(ALLOWED_ROOTS)


def command(kind: str, path: str = "") -> str:
    """Return the command line of `kind` for `path` (quoted for the remote shell)."""
    if not allowed(kind, path):
        raise ValueError(f"{kind} {path!r}: not a path this command may be given")
    return TEMPLATES[kind].format(path=shlex.quote(path))


def parse_usage(text: str) -> Usage | None:
    """Parse `stat -f -c '%b %f %a %S'` (statvfs's f_blocks, f_bfree, f_bavail, f_frsize)."""
    try:
        blocks, free, available, size = (int(word) for word in text.split())
    except ValueError:
        return None
    if min(blocks, free, available, size) < 0:
        return None
    return Usage(
        total_bytes=blocks * size, free_bytes=available * size, used_bytes=(blocks - free) * size
    )


def parse_ipv4(text: str) -> dict[str, list[str]]:
    """Parse `ip -o -4 address show`: interface name -> IPv4 addresses, in order."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4 or "inet" not in fields:
            continue
        at = fields.index("inet")
        if at + 1 < len(fields):
            name = fields[1].split("@", 1)[0]
            found.setdefault(name, []).append(fields[at + 1].split("/", 1)[0])
    return found


def parse_uname(text: str) -> tuple[str | None, str | None]:
    """Parse `uname -r -m` into (kernel release, machine architecture)."""
    words = text.split()
    return (words[0], words[1]) if len(words) == 2 else (None, None)
