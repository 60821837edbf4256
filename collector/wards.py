"""Per-ward judgements over the live fleet: readiness, reinvestment and reconciliation.

One computation for every reader: /metrics (`ward_views`), the admin API and the
documents for officials (`collector.papers`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from collector.metrics.ward_view import WardView
from collector.readiness import WardReadiness, ward_readiness
from collector.reinvestment import WardReinvestment, rank_wards, ward_name
from collector.state import Fleet, MachineState
from collector.store.handovers import WardHandovers
from inventory.handover import unit_key
from inventory.model import Inventory
from inventory.reconcile import Reconciliation, Sighting, WardCounts, reconcile
from standard.model import Standard


@dataclass(frozen=True)
class WardJudgement:
    """One ward as readiness, reinvestment and reconciliation see it."""

    ward: str  # the ward code
    name: str  # Vietnamese display name
    readiness: WardReadiness
    counts: WardCounts | None  # reconciliation with the inventory; None: nothing to count
    reinvestment: WardReinvestment | None  # None: no machine needs money
    machines: tuple[MachineState, ...]  # its reporting (not stale) machines


def reporting_machines(
    machines: Sequence[MachineState] | Fleet, now: float, stale_after_seconds: float
) -> list[MachineState]:
    """Return the machines whose last report is fresher than `stale_after_seconds`."""
    return [m for m in machines if now - m.received_at_seconds <= stale_after_seconds]


def sightings(machines: Sequence[MachineState] | Fleet) -> list[Sighting]:
    """Return each machine as the inventory's reconciliation sees it."""
    return [
        Sighting(m.agent_id, m.ward, m.hostname, m.asset_tag, m.role, m.received_at_seconds)  # type: ignore[arg-type]  # role is validated at ingest
        for m in machines
    ]


def reconciliation(
    machines: Sequence[MachineState], inventory: Inventory, now: float, stale_after_seconds: float
) -> Reconciliation:
    """Reconcile `machines` (every known one, stale included) with the inventory at `now`."""
    return reconcile(inventory, sightings(machines), now, stale_after_seconds)


def judge_wards(
    machines: Sequence[MachineState],
    inventory: Inventory,
    standard: Standard,
    now: float,
    stale_after_seconds: float,
    seen: Collection[str] = (),
) -> list[WardJudgement]:
    """Judge every ward the inventory knows, a reporting machine names or `seen` holds
    (units machines enrolled in or reported from), by code."""
    fresh = reporting_machines(machines, now, stale_after_seconds)
    by_ward: dict[str, list[MachineState]] = {}
    for machine in fresh:
        by_ward.setdefault(machine.ward, []).append(machine)
    needs = {w.ward: w for w in rank_wards(fresh, inventory)}
    counts = reconciliation(machines, inventory, now, stale_after_seconds).wards
    return [
        WardJudgement(
            ward=code,
            name=ward_name(code, inventory),
            readiness=ward_readiness(
                code, by_ward.get(code, ()), inventory.expected_count(code), standard
            ),
            counts=counts.get(code),
            reinvestment=needs.get(code),
            machines=tuple(by_ward.get(code, ())),
        )
        for code in sorted(set(inventory.wards) | set(by_ward) | set(seen))
    ]


def ward_views(
    fleet: Fleet,
    standard: Standard,
    stale_after_seconds: float,
    clock: Callable[[], float] = time.time,
    handovers: Mapping[str, WardHandovers] | None = None,
) -> list[WardView]:
    """Build one /metrics row per ward known to the inventory or seen: enrolled in or
    reported from (a unit whose machines all fell silent stays, with 0 reporting; a former
    unit the inventory names, dissolved in the reorganisation, goes once no machine reports
    from it). `handovers` gives each ward's PCs moved in and out."""
    judged = judge_wards(
        fleet.snapshot(),
        fleet.inventory,
        standard,
        clock(),
        stale_after_seconds,
        seen=fleet.wards_seen() - former_unit_codes(fleet.inventory),
    )
    moves = handovers or {}
    return [_view(j, moves.get(j.ward)) for j in judged]


def _view(judged: WardJudgement, moves: WardHandovers | None) -> WardView:
    readiness, counts = judged.readiness, judged.counts
    return WardView(
        ward=judged.ward,
        ward_name=judged.name,
        expected=readiness.expected,
        reporting=readiness.reporting,
        compliant=readiness.compliant,
        readiness_by_target=readiness.link_share_ratio,
        ready=readiness.ready,
        reinvestment_vnd=judged.reinvestment.cost_vnd if judged.reinvestment else 0,
        silent=counts.silent if counts else 0,
        unknown=counts.unknown if counts else 0,
        handovers_in=moves.into if moves else 0,
        handovers_out=moves.out_of if moves else 0,
    )


def former_unit_codes(inventory: Inventory) -> set[str]:
    """Return the codes (`unit_key`) of the former units the inventory names."""
    names = [name for ward in inventory.wards.values() for name in ward.former_units]
    names += [m.former_unit for m in inventory.machines if m.former_unit]
    return {unit_key(name) for name in names} - set(inventory.wards)
