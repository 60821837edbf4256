"""Host keys: each machine's key checked against the known_hosts file and the inventory.

A key the machine was never seen with is refused, unless the inventory trusts that machine
on first use: then it is appended to the known_hosts file (and recorded by the caller).
A machine known under any key that now presents another is refused, always: a changed key
is a man in the middle until someone who knows better edits the known_hosts file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Literal

import paramiko
from paramiko.hostkeys import HostKeys

from collector.agentless.hosts import Host
from inventory.access import check_host_key

log = logging.getLogger(__name__)

Verdict = Literal["known", "trusted", "unknown", "changed"]


def fingerprint(key: paramiko.PKey) -> str:
    """Return the key's fingerprint as OpenSSH prints it: SHA256:base64 without padding."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


class KnownHosts:
    """The collector's known_hosts file, read afresh for every sweep."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._keys = HostKeys()

    def reload(self) -> None:
        """Read the file again (an operator may have edited it); a missing file is empty."""
        keys = HostKeys()
        with contextlib.suppress(FileNotFoundError):
            keys.load(str(self.path))
        with self._lock:
            self._keys = keys

    def check(self, host: Host, key: paramiko.PKey) -> Verdict:
        """Judge `key` presented by `host`; "trusted" means it was unknown and is now kept."""
        presented = (key.get_name(), key.asbytes())
        with self._lock:
            known = self._known(host)
            if presented in known:
                return "known"
            if known:
                return "changed"
            if not host.trust_on_first_use:
                return "unknown"
            self._append(host, key)
            return "trusted"

    def _known(self, host: Host) -> set[tuple[str, bytes]]:
        known = {
            (name, k.asbytes()) for name, k in (self._keys.lookup(host.key_name) or {}).items()
        }
        if host.known_host:
            known.add(check_host_key(host.known_host))
        return known

    def _append(self, host: Host, key: paramiko.PKey) -> None:
        """Add `host`'s key to the file, atomically (temp file + os.replace), mode 0600."""
        self._keys.add(host.key_name, key.get_name(), key)
        line = f"{host.key_name} {key.get_name()} {key.get_base64()}\n"
        old = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        text = old + ("" if not old or old.endswith("\n") else "\n") + line
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.path)
        log.warning(
            "agentless %s: trusted host key %s %s on first use (%s)",
            host.label, key.get_name(), fingerprint(key), self.path,
        )  # fmt: skip
