"""Secrets the collector reads from files, and the hashes the store keeps of them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from collector.errors import CollectorError


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
    """Hash a ward's enrollment secret as the store keeps it (sha256 hex)."""
    return _sha256_hex(secret)


def hash_token(token: str) -> str:
    """Hash an agent token or the admin token as the store keeps it (sha256 hex)."""
    return _sha256_hex(token)


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
