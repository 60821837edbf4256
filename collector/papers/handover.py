"""The handover records ("biên bản bàn giao"): one per former unit -> new unit pair, listing
the PCs that moved with their evidence, the count from evidence beside the count the
inventory expected; and the summary of every pair for the DTC.

The counting is `collector.handover_accounts`, the one the admin API uses: only proven
and approved moves count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from collector.handover_accounts import HandoverAccounts, MovedPc, handover_accounts
from collector.papers.inputs import PaperInputs
from collector.papers.letterhead import (
    Letterhead,
    centre_letterhead,
    unit_letterhead,
    unit_subtitle,
)
from collector.reinvestment import ward_name
from collector.state import MachineState
from inventory.handover import unit_key
from standard.wording import Text, gib

TITLE = Text("BIÊN BẢN BÀN GIAO MÁY VI TÍNH CÁ NHÂN", "RECORD OF HANDOVER OF PERSONAL COMPUTERS")
SUMMARY_TITLE = Text(
    "TỔNG HỢP BÀN GIAO MÁY VI TÍNH CÁ NHÂN", "SUMMARY OF PERSONAL COMPUTER HANDOVERS"
)
DISKS = {"ssd": "SSD", "nvme": "SSD NVMe", "hdd": "HDD"}


@dataclass(frozen=True)
class MovedMachine:
    """One PC in a record: who it is, what it is, and when it reported either side."""

    agent_id: str
    hostname: str
    asset_tag: str | None
    specs: Text
    evidence: tuple[str, ...]  # proven, approved
    last_before_at: float | None  # last report under the former unit, unix seconds
    first_after_at: float | None  # first report under the new unit


@dataclass(frozen=True)
class HandoverRecord:
    """The record the heads of `from_name` and `to_name` sign."""

    letterhead: Letterhead
    from_key: str  # the former unit's key (inventory.handover.unit_key)
    from_name: str
    to_ward: str
    to_name: str
    machines: tuple[MovedMachine, ...]
    listed: int  # the PCs the inventory lists as come from the former unit

    @property
    def reported(self) -> int:
        """Count the PCs the evidence shows moved."""
        return len(self.machines)

    @property
    def difference(self) -> int:
        """Return evidence minus inventory: below 0, PCs the inventory expects but no move shows."""
        return self.reported - self.listed


@dataclass(frozen=True)
class HandoverRecords:
    """Every record (or those of one unit), with the summary's head and totals."""

    letterhead: Letterhead
    generated_at: float
    unit: str | None
    records: tuple[HandoverRecord, ...]
    retention_days: float  # receipts older than this are no longer in the history

    @property
    def reported(self) -> int:
        """Count the PCs moved, by evidence, over every record."""
        return sum(r.reported for r in self.records)

    @property
    def listed(self) -> int:
        """Count the PCs moved, by the inventory, over every record."""
        return sum(r.listed for r in self.records)


def specs(machine: MachineState | None) -> Text:
    """Describe a PC in one line: CPU, cores, memory, system disk, OS."""
    if machine is None:
        return Text("(không còn trong hệ thống)", "(no longer in the fleet)")
    parts = [machine.cpu_model or "?"]
    cores = machine.cpu_physical_cores
    memory = gib(machine.memory_total_bytes) if machine.memory_total_bytes else None
    disk = DISKS.get(machine.system_disk_kind or "", machine.system_disk_kind or "?")
    vi = [
        *parts,
        f"{cores} nhân" if cores else "",
        memory.vi if memory else "",
        disk,
        machine.os_name,
    ]
    en = [
        *parts,
        f"{cores} cores" if cores else "",
        memory.en if memory else "",
        disk,
        machine.os_name,
    ]
    return Text(" · ".join(p for p in vi if p), " · ".join(p for p in en if p))


def _moved(pc: MovedPc, fleet: Mapping[str, MachineState]) -> MovedMachine:
    machine = fleet.get(pc.agent_id)
    return MovedMachine(
        agent_id=pc.agent_id,
        hostname=pc.hostname,
        asset_tag=machine.asset_tag if machine else None,
        specs=specs(machine),
        evidence=pc.evidence,
        last_before_at=pc.first.last_before_at,
        first_after_at=pc.last.first_after_at,
    )


def _records(inputs: PaperInputs, accounts: HandoverAccounts) -> list[HandoverRecord]:
    fleet = {m.agent_id: m for m in inputs.machines}
    inventory = inputs.inventory
    pairs: dict[tuple[str, str], list[MovedMachine]] = {k: [] for k in accounts.summary.pairs}
    for pc in accounts.moved.values():
        key = (unit_key(pc.first.handover.from_ward), pc.last.handover.to_ward)
        pairs[key].append(_moved(pc, fleet))
    names = {k: accounts.summary.names.get(k[0]) or ward_name(k[0], inventory) for k in pairs}
    order = sorted(pairs, key=lambda k: (ward_name(k[1], inventory), k[1], names[k], k[0]))
    sequence: dict[str, int] = {}
    records = []
    for old, new in order:
        sequence[new] = sequence.get(new, 0) + 1
        to_name, from_name = ward_name(new, inventory), names[(old, new)]
        subtitle = Text(f"Từ {from_name} sang {to_name}", f"From {from_name} to {to_name}")
        head = unit_letterhead(inputs.papers, to_name, sequence[new], inputs.now, TITLE, subtitle)
        machines = sorted(pairs[(old, new)], key=lambda m: (m.hostname.casefold(), m.agent_id))
        listed = accounts.summary.pairs[(old, new)].listed
        records.append(HandoverRecord(head, old, from_name, new, to_name, tuple(machines), listed))
    return records


def build(inputs: PaperInputs, unit: str | None = None) -> HandoverRecords:
    """Build every record, or those where `unit` gave or received PCs (numbered as in the
    city's set: each receiving unit numbers its records 01, 02, ...)."""
    unit = inputs.check_unit(unit)
    hostnames = {m.agent_id: m.hostname for m in inputs.machines}
    accounts = handover_accounts(inputs.moves, hostnames, inputs.inventory)
    records = [
        r
        for r in _records(inputs, accounts)
        if unit is None or unit in (r.to_ward, r.from_key) or unit_key(unit) == r.from_key
    ]
    subtitle = unit_subtitle(unit, inputs.inventory)
    return HandoverRecords(
        letterhead=centre_letterhead(inputs.papers, inputs.now, SUMMARY_TITLE, subtitle),
        generated_at=inputs.now,
        unit=unit,
        records=tuple(records),
        retention_days=inputs.retention_days,
    )
