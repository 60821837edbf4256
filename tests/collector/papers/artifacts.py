"""Where the documents' tests keep what a person may want to look at: test-artifacts/papers
at the repository's root (ignored by git), kept after the run."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "papers"


def keep(name: str, body: bytes) -> Path:
    """Write `body` as the artefact `name` and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(body)
    return path
