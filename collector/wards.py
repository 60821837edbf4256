"""Per-ward rows for /metrics and the API: readiness and reinvestment over the live fleet."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from collector.metrics.ward_view import WardView
from collector.readiness import ward_readiness
from collector.reinvestment import rank_wards, ward_name
from collector.state import Fleet, MachineState
from collector.store.handovers import WardHandovers
from inventory.handover import unit_key
from inventory.model import Inventory
from inventory.reconcile import Sighting, reconcile
from standard.model import Standard


def reporting_machines(fleet: Fleet, now: float, stale_after_seconds: float) -> list[MachineState]:
    """Return the machines whose last report is fresher than `stale_after_seconds`."""
    return [m for m in fleet if now - m.received_at_seconds <= stale_after_seconds]


def sightings(fleet: Fleet) -> list[Sighting]:
    """Return each machine as the inventory's reconciliation sees it."""
    return [
        Sighting(m.agent_id, m.ward, m.hostname, m.asset_tag, m.role, m.received_at_seconds)  # type: ignore[arg-type]  # role is validated at ingest
        for m in fleet
    ]


def ward_views(
    fleet: Fleet,
    standard: Standard,
    stale_after_seconds: float,
    clock: Callable[[], float] = time.time,
    handovers: Mapping[str, WardHandovers] | None = None,
) -> list[WardView]:
    """Build one row per ward known to the inventory or seen: enrolled in or reported from
    (a unit whose machines all fell silent stays, with 0 reporting; a former unit the
    inventory names, dissolved in the reorganisation, goes once no machine reports from it).
    `handovers` gives each ward's PCs moved in and out (a move's wards are ones enrolled in)."""
    now = clock()
    fresh = reporting_machines(fleet, now, stale_after_seconds)
    by_ward: dict[str, list[MachineState]] = {}
    for machine in fresh:
        by_ward.setdefault(machine.ward, []).append(machine)
    inventory = fleet.inventory
    costs = {w.ward: w.cost_vnd for w in rank_wards(fresh, inventory)}
    counts = reconcile(inventory, sightings(fleet), now, stale_after_seconds).wards
    moves = handovers or {}
    views = []
    seen = fleet.wards_seen() - former_unit_codes(inventory)
    for code in sorted(set(inventory.wards) | set(by_ward) | seen):
        judged = ward_readiness(
            code, by_ward.get(code, ()), inventory.expected_count(code), standard
        )
        views.append(
            WardView(
                ward=code,
                ward_name=ward_name(code, inventory),
                expected=judged.expected,
                reporting=judged.reporting,
                compliant=judged.compliant,
                readiness_by_target=judged.link_share_ratio,
                ready=judged.ready,
                reinvestment_vnd=costs.get(code, 0),
                silent=counts[code].silent if code in counts else 0,
                unknown=counts[code].unknown if code in counts else 0,
                handovers_in=moves[code].into if code in moves else 0,
                handovers_out=moves[code].out_of if code in moves else 0,
            )
        )
    return views


def former_unit_codes(inventory: Inventory) -> set[str]:
    """Return the codes (`unit_key`) of the former units the inventory names."""
    names = [name for ward in inventory.wards.values() for name in ward.former_units]
    names += [m.former_unit for m in inventory.machines if m.former_unit]
    return {unit_key(name) for name in names} - set(inventory.wards)
