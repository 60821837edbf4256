"""The reinvestment list: wards ranked by hardware cost, reasons counted in Vietnamese."""

from __future__ import annotations

from typing import Any

from standard_reports import GIB, RECEIVED_AT, TODAY, old_pc, report, validate, windows_10

from collector.reinvestment import rank_wards
from collector.state import MachineState, project
from inventory.model import Inventory, Ward
from standard.evaluate import evaluate
from standard.model import Standard


def machine(standard: Standard, rep: dict[str, Any]) -> MachineState:
    """Evaluate `rep` and project it as the collector would."""
    findings = evaluate(validate(rep), standard, today=TODAY, received_at=RECEIVED_AT)
    seconds = RECEIVED_AT.timestamp()
    return project(rep, findings, received_at_seconds=seconds, collected_at_seconds=seconds)


def small_memory(ward: str, agent: int) -> dict[str, Any]:
    """Return a report whose only shortfall is 4 GiB of memory."""
    rep = report(ward=ward, agent=agent)
    rep["hardware"]["memory"]["total_bytes"] = 4 * GIB
    return rep


INVENTORY = Inventory(
    wards={
        "phuong-tan-dinh": Ward("phuong-tan-dinh", "Tân Định", "phuong"),
        "phuong-sai-gon": Ward("phuong-sai-gon", "Sài Gòn", "phuong"),
        "xa-can-gio": Ward("xa-can-gio", "Cần Giờ", "xa"),
        "dac-khu-con-dao": Ward("dac-khu-con-dao", "Côn Đảo", "dac_khu"),
    }
)


def test_wards_ranked_by_cost_then_name(standard: Standard) -> None:
    states = [
        machine(standard, old_pc(windows_10(report(ward="xa-can-gio", agent=1)))),
        machine(standard, small_memory("xa-can-gio", 2)),
        machine(standard, small_memory("phuong-tan-dinh", 3)),
        machine(standard, small_memory("phuong-sai-gon", 4)),
        machine(standard, report(ward="dac-khu-con-dao", agent=5)),
        machine(standard, windows_10(report(ward="dac-khu-con-dao", agent=6))),
    ]
    ranked = rank_wards(states, INVENTORY)
    costs = standard.costs_vnd
    assert [(w.name, w.machines, w.cost_vnd) for w in ranked] == [
        ("Xã Cần Giờ", 2, costs.replace_pc + costs.add_memory),
        ("Phường Sài Gòn", 1, costs.add_memory),
        ("Phường Tân Định", 1, costs.add_memory),
    ]


def test_reasons_are_counted_by_rule_with_vietnamese_labels(standard: Standard) -> None:
    states = [
        machine(standard, old_pc(windows_10(report(ward="xa-can-gio", agent=1)))),
        machine(standard, small_memory("xa-can-gio", 2)),
        machine(standard, small_memory("xa-can-gio", 3)),
    ]
    (ward,) = rank_wards(states, INVENTORY)
    assert [(r.rule, r.label.vi, r.machines) for r in ward.reasons] == [
        ("memory", "Thiếu bộ nhớ RAM", 2),
        ("os_unsupported", "Hệ điều hành hết hỗ trợ, máy không lên được Windows 11", 1),
    ]
    assert ward.summary_vi() == (
        "Xã Cần Giờ: 3 máy cần đầu tư lại, ước tính 18.800.000 đ: Thiếu bộ nhớ RAM (2), "
        "Hệ điều hành hết hỗ trợ, máy không lên được Windows 11 (1)"
    )


def test_operational_findings_stay_off_the_list(standard: Standard) -> None:
    rep = windows_10(report(ward="phuong-tan-dinh"))
    rep["health"]["filesystems"][0]["used_ratio"] = 0.99
    assert rank_wards([machine(standard, rep)], INVENTORY) == []


def test_a_ward_missing_from_the_inventory_keeps_its_code(standard: Standard) -> None:
    (ward,) = rank_wards([machine(standard, small_memory("phuong-moi", 1))], Inventory())
    assert (ward.ward, ward.name) == ("phuong-moi", "phuong-moi")
