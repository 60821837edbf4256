"""End-of-support dates as data (`standard/os_support.yml`) and the lookup of a report's OS.

A release matches a report's `os` object when its `id` is the report's `os.id` (or one of
`os.id_like`, or `os.family`), and each constraint it states holds: `version` (equal, or a
prefix followed by "."), `builds` (the first number of `os.build`), `editions`
(case-insensitive `os.edition`; an unknown edition does not exclude). Of several matches the
most specific wins; a tie goes to the earliest end of support, so doubt never flatters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from configfile.fields import FieldError
from configfile.load import load_file

UpgradeCheck = Literal["windows_11"]


@dataclass(frozen=True)
class OsRelease:
    """One OS release (or edition group) and the day its support ends."""

    id: str
    name: str
    end_of_support: date
    source: str
    version: str | None = None
    builds: tuple[int, ...] = ()
    editions: tuple[str, ...] = ()
    upgrade_check: UpgradeCheck | None = None  # hardware gate of the free upgrade path

    def __post_init__(self) -> None:
        if not self.id.strip() or not self.name.strip():
            raise FieldError("id" if not self.id.strip() else "name", "must not be empty")
        if not self.source.startswith("https://"):
            raise FieldError("source", f"must be an https:// address, got {self.source!r}")


@dataclass(frozen=True)
class Windows11Requirements:
    """Microsoft's minimum hardware for Windows 11, approximated where a report cannot tell."""

    source: str
    min_memory_bytes: int
    min_system_disk_bytes: int
    intel_core_min_generation: int
    amd_ryzen_min_series: int

    def __post_init__(self) -> None:
        for key in (
            "min_memory_bytes",
            "min_system_disk_bytes",
            "intel_core_min_generation",
            "amd_ryzen_min_series",
        ):
            if getattr(self, key) <= 0:
                raise FieldError(key, f"must be greater than 0, got {getattr(self, key)}")


@dataclass(frozen=True)
class OsSupport:
    """The whole end-of-support table."""

    releases: tuple[OsRelease, ...]
    windows_11: Windows11Requirements

    def __post_init__(self) -> None:
        seen: dict[tuple[Any, ...], int] = {}
        for i, r in enumerate(self.releases):
            key = (r.id, r.version, r.builds, tuple(e.lower() for e in r.editions))
            if key in seen:
                raise FieldError("releases", f"releases[{i}] repeats releases[{seen[key]}]")
            seen[key] = i


def load_os_support(path: str | Path) -> OsSupport:
    """Read and validate the end-of-support table at `path`."""
    return load_file(path, OsSupport)


def build_number(os_facts: Mapping[str, Any]) -> int | None:
    """Return the first number of `os.build` ("22631.4460" -> 22631), or None."""
    head = str(os_facts.get("build") or "").split(".")[0]
    return int(head) if head.isdigit() else None


def _version_matches(wanted: str | None, given: str | None) -> bool:
    if wanted is None:
        return True
    return given is not None and (given == wanted or given.startswith(wanted + "."))


def _score(release: OsRelease, os_facts: Mapping[str, Any]) -> int | None:
    """Rate how specifically `release` matches `os_facts`; None when it does not."""
    exact = os_facts.get("id") == release.id
    like = {*(os_facts.get("id_like") or ()), os_facts.get("family")}
    edition = str(os_facts.get("edition") or "").lower()
    if not exact and release.id not in like:
        return None
    if not _version_matches(release.version, os_facts.get("version")):
        return None
    if release.builds and build_number(os_facts) not in release.builds:
        return None
    editions = {e.lower() for e in release.editions}
    if editions and edition and edition not in editions:
        return None
    known_edition = bool(editions and edition)
    return exact + 2 * bool(release.builds) + known_edition + (release.version is not None)


_FOUND: dict[tuple[Any, ...], OsRelease | None] = {}  # a fleet runs a few dozen OS builds


def find_release(os_facts: Mapping[str, Any], table: OsSupport) -> OsRelease | None:
    """Return the release in `table` that `os_facts` (a report's `os`) runs, or None."""
    key = (id(table), *(str(os_facts.get(k)) for k in _MATCHED), *(os_facts.get("id_like") or ()))
    if key not in _FOUND:
        if len(_FOUND) > 4096:
            _FOUND.clear()
        _FOUND[key] = _find_release(os_facts, table)
    return _FOUND[key]


_MATCHED = ("id", "family", "version", "build", "edition")


def _find_release(os_facts: Mapping[str, Any], table: OsSupport) -> OsRelease | None:
    scored = [(s, r) for r in table.releases if (s := _score(r, os_facts)) is not None]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    return min((r for s, r in scored if s == best), key=lambda r: r.end_of_support)
