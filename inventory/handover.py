"""Count the PCs that moved between units (bàn giao), from reports and from the inventory."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from inventory.model import Inventory


@dataclass(frozen=True)
class HandoverEvent:
    """An agent that reported under one ward now reports under another; time in Unix seconds."""

    from_ward: str
    to_ward: str
    agent_id: str
    hostname: str
    at_seconds: float


class MoveCount(NamedTuple):
    """PCs moved: seen moving in reports, and listed with that former_unit in the inventory."""

    reported: int
    listed: int


@dataclass(frozen=True)
class HandoverSummary:
    """PCs moved per (old unit key, new ward); old units keyed by `unit_key`."""

    pairs: Mapping[tuple[str, str], MoveCount]
    names: Mapping[str, str]  # old unit key -> the name the inventory gives it


def detect_move(
    previous_ward: str | None,
    new_ward: str,
    agent_id: str,
    at_seconds: float,
    hostname: str = "",
) -> HandoverEvent | None:
    """Return the handover when an agent's ward changed; None on a first report or no change."""
    if not previous_ward or not new_ward or previous_ward == new_ward:
        return None
    return HandoverEvent(previous_ward, new_ward, agent_id, hostname, at_seconds)


def handover_summary(events: Iterable[HandoverEvent], inventory: Inventory) -> HandoverSummary:
    """Count moves per (old unit, new ward) from `events` and machines' former_unit."""
    moved = net_moves(events).values()
    reported = Counter((unit_key(first.from_ward), last.to_ward) for first, last in moved)
    former = [(m.former_unit, m.ward) for m in inventory.machines if m.former_unit]
    former = [(old, new) for old, new in former if unit_key(old) != new]
    listed = Counter((unit_key(old), new) for old, new in former)
    pairs = {k: MoveCount(reported[k], listed[k]) for k in sorted(reported.keys() | listed)}
    return HandoverSummary(pairs, {unit_key(old): old for old, _ in former})


def unit_key(name: str) -> str:
    """Fold a unit name to its ASCII slug: "Quận 1 / Phường Bến Nghé" -> quan-1-phuong-ben-nghe."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


def net_moves(events: Iterable[HandoverEvent]) -> dict[str, tuple[HandoverEvent, HandoverEvent]]:
    """Map each agent that ended in another unit to its first and its last move (the same
    event for one move); an agent whose moves lead back to where it started is left out."""
    first: dict[str, HandoverEvent] = {}
    last: dict[str, HandoverEvent] = {}
    for event in sorted(events, key=lambda e: e.at_seconds):
        first.setdefault(event.agent_id, event)
        last[event.agent_id] = event
    return {a: (first[a], last[a]) for a in first if first[a].from_ward != last[a].to_ward}
