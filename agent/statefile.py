"""Small state files (the enrollment token, ...): written atomically, readable by the owner only.

A write goes to a temporary file in the same directory, is flushed to disk, and replaces
the old file with `os.replace`, so a crash leaves either the old or the new content,
never half of each. The file is created with mode 0600 before any byte is written.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from agent.errors import AgentError

TOKEN_FILE = "token"
PRIVATE_MODE = 0o600


class StateFileError(AgentError):
    """A state file that cannot be read or written."""


def write_private(path: Path, text: str) -> None:
    """Replace the file at `path` with `text` atomically, mode 0600."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, PRIVATE_MODE)  # an older temp file may have had another mode
        os.replace(temp, path)
        _sync_directory(path.parent)
    except OSError as err:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StateFileError(f"cannot write {path}: {err.strerror or err}") from err


def read_text(path: Path) -> str | None:
    """Return the content of the file at `path`, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        raise StateFileError(f"cannot read {path}: {err}") from err


def token_path(state_dir: Path) -> Path:
    """Return where the enrollment token lives under `state_dir`."""
    return Path(state_dir) / TOKEN_FILE


def read_token(state_dir: Path) -> str | None:
    """Return the stored enrollment token, or None before enrollment."""
    text = read_text(token_path(state_dir))
    token = text.strip() if text else ""
    return token or None


def write_token(state_dir: Path, token: str) -> Path:
    """Store the enrollment token under `state_dir` (0600, atomic); return its path."""
    path = token_path(state_dir)
    write_private(path, token + "\n")
    return path


def _sync_directory(directory: Path) -> None:
    """Flush the directory entry so the rename survives a power cut (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
