"""Secrets the collector reads from files, and the hashes the store keeps of them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from collector.errors import CollectorError

SCRYPT = (2**14, 8, 5)  # N, r, p: 16 MiB at a time; OWASP's lowest-memory setting


def read_secret(path: str) -> str:
    """Read a one-line secret file, saying which file is wrong if it cannot be used."""
    try:
        secret = Path(path).read_text(encoding="utf-8").strip()
    except OSError as err:
        raise CollectorError(f"cannot read secret file {path}: {err}") from err
    if len(secret) < 16:
        raise CollectorError(f"secret in {path} is shorter than 16 characters: make a longer one")
    return secret


def hash_enrollment_secret(secret: str) -> str:
    """Hash a ward's enrollment secret for the store: scrypt with a salt of its own.

    People type these secrets, so they are guessable: a password KDF makes each guess
    against a stolen store cost SCRYPT's memory and time. Written `scrypt$N$r$p$salt$hash`.
    """
    salt = secrets.token_bytes(16)
    return "$".join(("scrypt", *map(str, SCRYPT), _b64(salt), _b64(_scrypt(secret, salt))))


def verify_enrollment_secret(secret: str, stored: str) -> bool:
    """Tell whether `secret` is the one `stored` (from hash_enrollment_secret) was made of."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        params = (int(n), int(r), int(p))
        if kind != "scrypt":
            return False
        found = _scrypt(secret, base64.b64decode(salt), params)
    except (ValueError, TypeError):  # a hash of another kind, or damaged
        return False
    return hmac.compare_digest(found, base64.b64decode(digest))


def _scrypt(secret: str, salt: bytes, params: tuple[int, int, int] | None = None) -> bytes:
    n, r, p = params or SCRYPT
    return hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 2**20, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def hash_token(token: str) -> str:
    """Hash an agent token or the admin token as the store keeps it (sha256 hex)."""
    return _sha256_hex(token)


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class VerifiedSecrets:
    """The (stored hash, secret) pairs that verified, so a re-enrollment runs no KDF again."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()

    def admits(self, secret: str, hashes: list[str]) -> bool:
        """Tell whether `secret` is the one behind any of `hashes`."""
        probe = _sha256_hex(secret)  # in memory only: the store keeps the KDF's hash
        if any((stored, probe) in self._seen for stored in hashes):
            return True
        for stored in hashes:
            if verify_enrollment_secret(secret, stored):
                self._seen.add((stored, probe))
                return True
        return False
