"""The PCs that moved between units, as the admin API and the handover records count them.

Only moves with evidence count: "proven" (the agent presented its token when it enrolled
into the new unit) and "approved" (the DTC approved the request). A ward change seen in
reports before moves were bound to enrollment ("report") is listed, never counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collector.store.handovers import Handover, HandoverSighting
from inventory.handover import HandoverEvent, HandoverSummary, handover_summary, net_moves
from inventory.model import Inventory

EVIDENCED = frozenset({"proven", "approved"})


@dataclass(frozen=True)
class MovedPc:
    """One machine's net move: its first move out of the old unit and its last one into
    the new; the same sighting when it moved once."""

    agent_id: str
    hostname: str
    first: HandoverSighting
    last: HandoverSighting

    @property
    def evidence(self) -> tuple[str, ...]:
        """Return the evidence of its first and last moves, each once."""
        return tuple(dict.fromkeys((self.first.handover.evidence, self.last.handover.evidence)))


@dataclass(frozen=True)
class HandoverAccounts:
    """Every move's event, the counts per (old unit key, new unit), and each moved PC."""

    events: tuple[HandoverEvent, ...]  # every handover, evidenced or not
    summary: HandoverSummary  # from evidenced moves and the inventory's former_unit
    moved: Mapping[str, MovedPc]  # by agent id: the evidenced net moves


def event_of(h: Handover, hostname: str) -> HandoverEvent:
    """Return the inventory's view of one handover."""
    return HandoverEvent(h.from_ward, h.to_ward, h.agent_id, hostname, h.at)


def handover_accounts(
    sightings: Sequence[HandoverSighting], hostnames: Mapping[str, str], inventory: Inventory
) -> HandoverAccounts:
    """Count the moves in `sightings`; `hostnames` (by agent id, the fleet's latest) win
    over the host names the agents enrolled with."""
    names = {s.handover.agent_id: hostnames.get(s.handover.agent_id, s.hostname) for s in sightings}
    events = tuple(event_of(s.handover, names[s.handover.agent_id]) for s in sightings)
    paired = zip(events, sightings, strict=True)
    kept = [(e, s) for e, s in paired if s.handover.evidence in EVIDENCED]
    sighting_of = {id(e): s for e, s in kept}
    moved = {
        agent: MovedPc(agent, first.hostname, sighting_of[id(first)], sighting_of[id(last)])
        for agent, (first, last) in net_moves(e for e, _ in kept).items()
    }
    return HandoverAccounts(events, handover_summary((e for e, _ in kept), inventory), moved)
