"""The ward rows: which units /metrics and the API show."""

from __future__ import annotations

from standard_reports import RECEIVED_AT, TODAY, report, validate

from collector.state import Fleet, project
from collector.wards import ward_views
from inventory.model import Inventory, Ward
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


def test_a_unit_once_seen_stays_but_a_dissolved_former_unit_goes(standard: Standard) -> None:
    tan_dinh = Ward(
        "phuong-tan-dinh", "Tân Định", "phuong", former_units=("Quận 1 / Phường Đa Kao",)
    )
    fleet = Fleet(inventory=Inventory(wards={tan_dinh.code: tan_dinh}))
    # A carried PC enrolled under its old unit, then moved; another agent enrolled in a
    # unit the inventory does not list and fell silent.
    fleet.see_wards(["quan-1-phuong-da-kao", "phuong-tan-dinh", "xa-khong-ten"])

    codes = [view.ward for view in ward_views(fleet, standard, stale_after_seconds=180)]

    assert codes == ["phuong-tan-dinh", "xa-khong-ten"]


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
