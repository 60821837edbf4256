"""How a machine is reached without an agent: SSH with a user, a key and a known host key."""

from __future__ import annotations

import base64
import binascii
import struct
from dataclasses import dataclass

from configfile.fields import FieldError

# The host key types OpenSSH offers by default (ssh-keyscan prints these names).
HOST_KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "ssh-rsa",
    }
)


@dataclass(frozen=True)
class SshAccess:
    """The SSH login the collector uses for an agentless machine; unset keys take the
    collector's `agentless` defaults."""

    user: str | None = None
    key_file: str | None = None  # the private key on the collector
    port: int = 22
    known_host: str | None = None  # "ssh-ed25519 AAAA...", as ssh-keyscan prints it
    trust_on_first_use: bool = False  # accept and record an unknown host key once

    def __post_init__(self) -> None:
        if not 1 <= self.port <= 65535:
            raise FieldError("port", f"must be 1..65535, got {self.port}")
        if self.user is not None and not self.user.strip():
            raise FieldError("user", "must not be empty")
        if self.known_host is not None:
            check_host_key(self.known_host)


def check_host_key(entry: str) -> tuple[str, bytes]:
    """Return (type, key blob) of "TYPE BASE64" (a hostname in front is allowed), or raise
    FieldError("known_host") saying what is wrong."""
    words = entry.split()
    if len(words) >= 3 and words[1] in HOST_KEY_TYPES:  # "host TYPE KEY", a known_hosts line
        words = words[1:]
    if len(words) < 2 or words[0] not in HOST_KEY_TYPES:
        raise FieldError(
            "known_host",
            f"expected 'TYPE BASE64' with TYPE one of {', '.join(sorted(HOST_KEY_TYPES))}"
            " (ssh-keyscan -t ed25519 HOST prints it)",
        )
    try:
        blob = base64.b64decode(words[1], validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        named = blob[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        raise FieldError("known_host", "the key is not valid base64 of an SSH key") from None
    if named != words[0]:
        raise FieldError("known_host", f"the key is a {named!r} key, not {words[0]!r}")
    return words[0], blob
