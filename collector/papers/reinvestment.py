"""The reinvestment list ("danh sách đầu tư lại") as a document: per unit, ranked by cost,
the machines that need money, what to do for each and why, at the standard's prices;
totals per unit and for the city; operational findings listed apart (action, not money).

The ranking is `collector.reinvestment.rank_wards`, the one the admin API and /metrics use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collector.papers.dates import stamp
from collector.papers.inputs import PaperInputs
from collector.papers.letterhead import Letterhead, centre_letterhead, unit_subtitle
from collector.reinvestment import ReasonCount, rank_wards, ward_name
from collector.remedies import Remedy, remedies
from collector.state import MachineState
from collector.wards import reporting_machines
from standard.model import Costs
from standard.wording import Text, vnd

TITLE = Text("DANH SÁCH ĐẦU TƯ LẠI THIẾT BỊ TIN HỌC", "EQUIPMENT REINVESTMENT LIST")


@dataclass(frozen=True)
class Shortfall:
    """One hardware finding: what was measured against what the standard requires."""

    rule: str
    text: Text
    measured: Any
    required: Any
    cost_vnd: int


@dataclass(frozen=True)
class MachineNeed:
    """One machine that needs money: what to do, why, and the estimate in đồng."""

    agent_id: str
    hostname: str
    asset_tag: str | None
    role: str
    remedies: tuple[Remedy, ...]
    shortfalls: tuple[Shortfall, ...]
    cost_vnd: int


@dataclass(frozen=True)
class UnitNeed:
    """One unit's machines that need money, its rank in the city and its total."""

    rank: int  # 1: the largest estimate in the city
    ward: str
    name: str
    cost_vnd: int
    reasons: tuple[ReasonCount, ...]  # most frequent first
    machines: tuple[MachineNeed, ...]  # largest estimate first


@dataclass(frozen=True)
class OperationalItem:
    """A finding that needs action, not money (a full disk, a lossy link, a silent agent)."""

    ward: str
    name: str
    hostname: str
    rule: str
    severity: str
    text: Text


@dataclass(frozen=True)
class ReinvestmentList:
    """The whole document; `unit` is the one unit it covers, None for the city."""

    letterhead: Letterhead
    generated_at: float
    unit: str | None
    units: tuple[UnitNeed, ...]
    operational: tuple[OperationalItem, ...]
    cost_vnd: int
    machines: int
    prices: Costs


def _need(machine: MachineState) -> MachineNeed:
    found = [f for f in machine.findings if f.finding_class == "hardware"]
    return MachineNeed(
        agent_id=machine.agent_id,
        hostname=machine.hostname,
        asset_tag=machine.asset_tag,
        role=machine.role,
        remedies=remedies(machine.role, found),
        shortfalls=tuple(
            Shortfall(f.rule, Text(f.message_vi, f.message_en), f.measured, f.required, f.cost_vnd)
            for f in found
        ),
        cost_vnd=sum(f.cost_vnd for f in found),
    )


def _operational(machine: MachineState, name: str) -> list[OperationalItem]:
    return [
        OperationalItem(
            machine.ward,
            name,
            machine.hostname,
            f.rule,
            f.severity,
            Text(f.message_vi, f.message_en),
        )
        for f in machine.findings
        if f.finding_class == "operational" and f.severity != "info"
    ]


def _silent(machine: MachineState, name: str, inputs: PaperInputs) -> OperationalItem:
    zone = inputs.papers.time_zone
    return OperationalItem(
        machine.ward,
        name,
        machine.hostname,
        "agent_silent",
        "warning",
        Text(
            f"Agent không gửi báo cáo từ {stamp(machine.received_at_seconds, zone, 'vi')}: "
            "kiểm tra máy còn bật, còn mạng và dịch vụ wardwatch-agent",
            f"No report since {stamp(machine.received_at_seconds, zone, 'en')}: check that the "
            "PC is on, on the network, and running wardwatch-agent",
        ),
    )


def build(inputs: PaperInputs, unit: str | None = None) -> ReinvestmentList:
    """Build the list for the city, or for `unit` alone (ranked within the city)."""
    unit = inputs.check_unit(unit)
    fresh = reporting_machines(inputs.machines, inputs.now, inputs.stale_after_seconds)
    by_ward: dict[str, list[MachineState]] = {}
    for m in fresh:
        if m.findings_of("hardware"):
            by_ward.setdefault(m.ward, []).append(m)
    ranked = rank_wards(fresh, inventory := inputs.inventory)
    units = tuple(
        UnitNeed(
            rank,
            w.ward,
            w.name,
            w.cost_vnd,
            w.reasons,
            tuple(sorted(map(_need, by_ward[w.ward]), key=lambda n: (-n.cost_vnd, n.hostname))),
        )
        for rank, w in enumerate(ranked, start=1)
        if unit in (None, w.ward)
    )
    fresh_ids = {m.agent_id for m in fresh}
    operational = [
        item
        for m in inputs.machines
        if unit in (None, m.ward)
        for item in (
            _operational(m, ward_name(m.ward, inventory))
            if m.agent_id in fresh_ids
            else [_silent(m, ward_name(m.ward, inventory), inputs)]
        )
    ]
    subtitle = unit_subtitle(unit, inventory)
    return ReinvestmentList(
        letterhead=centre_letterhead(inputs.papers, inputs.now, TITLE, subtitle),
        generated_at=inputs.now,
        unit=unit,
        units=units,
        operational=tuple(sorted(operational, key=lambda o: (o.name, o.hostname, o.rule))),
        cost_vnd=sum(u.cost_vnd for u in units),
        machines=sum(len(u.machines) for u in units),
        prices=inputs.standard.costs_vnd,
    )


def summary(doc: ReinvestmentList) -> Text:
    """Say the document's totals in one sentence."""
    return Text(
        f"{len(doc.units)} đơn vị, {doc.machines} máy cần đầu tư lại, ước tính {vnd(doc.cost_vnd)}",
        f"{len(doc.units)} units, {doc.machines} machines to reinvest in, "
        f"estimated {vnd(doc.cost_vnd)}",
    )
