"""Reconcile the agents' latest reports with the inventory: reporting, silent, unknown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from inventory.model import ExpectedMachine, Inventory, Role

T = TypeVar("T")


@dataclass(frozen=True)
class Sighting:
    """The latest report of one agent, as the collector received it; time in Unix seconds."""

    agent_id: str
    ward: str
    hostname: str
    asset_tag: str | None
    role: Role
    last_seen_seconds: float


@dataclass(frozen=True)
class Match:
    """An expected machine and the agent that reports as it (None: never seen)."""

    machine: ExpectedMachine
    sighting: Sighting | None


@dataclass(frozen=True)
class WardCounts:
    """How many machines a ward expects and how many report, are silent or are unknown."""

    expected: int
    reporting: int
    silent: int
    unknown: int


@dataclass(frozen=True)
class Reconciliation:
    """Every expected machine and every sighting, each in exactly one state."""

    reporting: tuple[Match, ...]  # expected, reported within stale_after
    silent: tuple[Match, ...]  # expected, last seen longer ago than stale_after, or never
    unknown: tuple[Sighting, ...]  # reporting now, but not in the inventory
    counted: tuple[Sighting, ...]  # reporting in a ward that gives only expected_machines
    wards: Mapping[str, WardCounts]  # inventory wards, then unknown wards agents named


class _Identified(Protocol):
    @property
    def hostname(self) -> str | None: ...

    @property
    def asset_tag(self) -> str | None: ...


def _by_tag(x: _Identified) -> str | None:
    return x.asset_tag.strip() if x.asset_tag else None


def _by_hostname(x: _Identified) -> str | None:
    return x.hostname.strip().casefold() if x.hostname else None


def reconcile(
    inventory: Inventory,
    sightings: Iterable[Sighting],
    now_seconds: float,
    stale_after_seconds: float,
) -> Reconciliation:
    """Match `sightings` to expected machines; stale after `stale_after_seconds` at `now`."""
    seen = _group(sightings, lambda s: s.ward)
    matches: list[Match] = []
    unknown: list[Sighting] = []
    counted: list[Sighting] = []
    counts: dict[str, WardCounts] = {}
    for code, ward in inventory.wards.items():
        here = seen.pop(code, [])
        listed = inventory.machines_in(code)
        if listed:
            found, strays = _match_ward(listed, here)
            strays = [s for s in strays if _fresh(s, now_seconds, stale_after_seconds)]
            fresh = sum(1 for m in found if _fresh(m.sighting, now_seconds, stale_after_seconds))
            counts[code] = WardCounts(len(found), fresh, len(found) - fresh, len(strays))
            matches += found
            unknown += strays
        else:
            fresh = sum(1 for s in here if _fresh(s, now_seconds, stale_after_seconds))
            expected = ward.expected_machines or 0
            counts[code] = WardCounts(expected, fresh, max(expected - fresh, 0), 0)
            counted += here
    for code, sighted in sorted(seen.items()):
        strays = [s for s in sighted if _fresh(s, now_seconds, stale_after_seconds)]
        counts[code] = WardCounts(0, 0, 0, len(strays))
        unknown += strays
    return _result(matches, unknown, counted, counts, now_seconds, stale_after_seconds)


def _result(
    matches: list[Match],
    unknown: list[Sighting],
    counted: list[Sighting],
    counts: dict[str, WardCounts],
    now_seconds: float,
    stale_after_seconds: float,
) -> Reconciliation:
    fresh = [_fresh(m.sighting, now_seconds, stale_after_seconds) for m in matches]
    return Reconciliation(
        reporting=tuple(m for m, ok in zip(matches, fresh, strict=True) if ok),
        silent=tuple(m for m, ok in zip(matches, fresh, strict=True) if not ok),
        unknown=tuple(sorted(unknown, key=lambda s: (s.ward, s.hostname, s.agent_id))),
        counted=tuple(counted),
        wards=counts,
    )


def _match_ward(
    machines: Sequence[ExpectedMachine], sightings: Sequence[Sighting]
) -> tuple[list[Match], list[Sighting]]:
    """Pair machines with sightings by asset tag, then by hostname; freshest claims first."""
    claimed: dict[int, Sighting] = {}
    rest = sorted(sightings, key=lambda s: (-s.last_seen_seconds, s.agent_id))
    for key in (_by_tag, _by_hostname):
        index = {key(m): i for i, m in enumerate(machines) if key(m)}
        left: list[Sighting] = []
        for s in rest:
            i = index.get(key(s))
            if i is None or i in claimed:
                left.append(s)
            else:
                claimed[i] = s
        rest = left
    return [Match(m, claimed.get(i)) for i, m in enumerate(machines)], rest


def _fresh(sighting: Sighting | None, now_seconds: float, stale_after_seconds: float) -> bool:
    return sighting is not None and now_seconds - sighting.last_seen_seconds <= stale_after_seconds


def _group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return dict(groups)
