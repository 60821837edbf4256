"""What every document is built from: the fleet, policy and moves read at one instant."""

from __future__ import annotations

from dataclasses import dataclass

from collector.config import PapersConfig
from collector.errors import CollectorError
from collector.papers.errors import UnknownUnit
from collector.state import MachineState
from collector.store.handovers import HandoverSighting
from inventory.handover import unit_key
from inventory.model import Inventory
from standard.model import Standard


@dataclass(frozen=True)
class PaperInputs:
    """The state the documents describe; times are unix seconds."""

    machines: tuple[MachineState, ...]  # every known machine, silent ones included
    inventory: Inventory
    standard: Standard
    moves: tuple[HandoverSighting, ...]  # every handover, oldest first
    now: float
    stale_after_seconds: float
    papers: PapersConfig
    retention_days: float  # how long the history behind a move's receipts is kept
    wards_seen: frozenset[str] = frozenset()  # units machines enrolled in or reported from

    def units(self) -> set[str]:
        """Return every unit code the documents may be asked about."""
        moved = {code for m in self.moves for code in (m.handover.from_ward, m.handover.to_ward)}
        return set(self.inventory.wards) | {m.ward for m in self.machines} | moved | self.wards_seen

    def check_unit(self, code: str | None) -> str | None:
        """Return `code` if it names a unit (or is None); refuse an unknown one."""
        if code is None:
            return None
        if code in self.units() or code in {unit_key(m.handover.from_ward) for m in self.moves}:
            return code
        raise UnknownUnit(code)


class StoreTooOld(CollectorError):
    """A store whose schema this code does not read."""
