"""Per-ward rows over a live fleet: a ward stays on /metrics when its machines go silent."""

from __future__ import annotations

from standard_reports import RECEIVED_AT, TODAY, report, validate

from collector.state import Fleet, project
from collector.wards import ward_views
from standard.evaluate import evaluate
from standard.model import Standard

NOW = RECEIVED_AT.timestamp()


def fleet_of(standard: Standard, *wards_and_ages: tuple[str, float]) -> Fleet:
    """Return a fleet with one compliant machine per (ward, seconds since its last report)."""
    fleet = Fleet()
    for agent, (ward, age_seconds) in enumerate(wards_and_ages, start=1):
        rep = report(ward=ward, agent=agent)
        findings = evaluate(validate(rep), standard, today=TODAY, received_at=RECEIVED_AT)
        seconds = NOW - age_seconds
        fleet.put(project(rep, findings, received_at_seconds=seconds, collected_at_seconds=seconds))
    return fleet


def test_a_ward_whose_machines_all_went_silent_keeps_its_row(standard: Standard) -> None:
    fleet = fleet_of(standard, ("phuong-ben-thanh", 10), ("xa-can-gio", 3600))

    views = {v.ward: v for v in ward_views(fleet, standard, 180, clock=lambda: NOW)}

    assert set(views) == {"phuong-ben-thanh", "xa-can-gio"}
    silent = views["xa-can-gio"]
    assert (silent.reporting, silent.compliant, silent.ready) == (0, 0, False)
    assert set(silent.readiness_by_target.values()) == {0.0}
    assert views["phuong-ben-thanh"].ready


def test_a_ward_with_no_machine_and_no_inventory_has_no_row(standard: Standard) -> None:
    assert ward_views(Fleet(), standard, 180, clock=lambda: NOW) == []
