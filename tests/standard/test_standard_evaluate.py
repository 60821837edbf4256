"""evaluate() as a whole: pure, no clock, costs counted once per machine."""

from __future__ import annotations

import copy
import inspect
from datetime import date
from typing import Any

from standard_reports import GIB, RECEIVED_AT, TODAY, old_pc, report, rules, validate, windows_10

from standard import (
    evaluate as evaluate_module,
)
from standard import (
    hardware_rules,
    link_rules,
    operational_rules,
    os_rules,
    windows11,
)
from standard.evaluate import evaluate
from standard.model import Standard


def worn_out(role: str = "workstation") -> dict[str, Any]:
    """Return a report breaking every hardware rule of `role`."""
    rep = old_pc(windows_10(report(role=role)))
    hw = rep["hardware"]
    hw["cpu"]["physical_cores"] = 2
    hw["memory"]["total_bytes"] = 4 * GIB
    hw["disks"]["physical"][0]["kind"] = "hdd"
    hw["network"]["interfaces"][0]["speed_bits_per_second"] = 10_000_000
    hw["system"]["bios_date"] = "2012-05-01"
    hw["media"].update(camera_present=False, microphone_present=False)
    return rep


def test_same_input_same_output_and_input_untouched(standard: Standard) -> None:
    rep = validate(worn_out("video_conference"))
    before = copy.deepcopy(rep)
    first = evaluate(rep, standard, today=TODAY, received_at=RECEIVED_AT)
    second = evaluate(rep, standard, today=TODAY, received_at=RECEIVED_AT)
    assert first == second and rep == before


def test_today_decides_and_no_rule_reads_a_clock(standard: Standard) -> None:
    rep = validate(windows_10(report()))
    then = evaluate(rep, standard, today=date(2025, 10, 1), received_at=RECEIVED_AT)
    now = evaluate(rep, standard, today=date(2025, 11, 1), received_at=RECEIVED_AT)
    assert rules(then) == [] and rules(now) == ["os_unsupported"]
    modules = (evaluate_module, hardware_rules, link_rules, operational_rules, os_rules, windows11)
    for module in modules:
        source = inspect.getsource(module)
        assert "today()" not in source and ".now(" not in source and "time.time" not in source


def test_a_machine_to_replace_is_charged_once(judge: Any, standard: Standard) -> None:
    findings = judge(worn_out("video_conference"))
    hardware = [f.rule for f in findings if f.finding_class == "hardware"]
    assert hardware == [
        "cpu_cores",
        "memory",
        "system_disk_ssd",
        "nic_speed",
        "machine_age",
        "camera",
        "microphone",
        "os_unsupported",
    ]
    costs = standard.costs_vnd
    assert sum(f.cost_vnd for f in findings) == (
        costs.replace_pc + costs.add_camera + costs.add_microphone
    )
    assert next(f for f in findings if f.rule == "cpu_cores").cost_vnd == costs.replace_pc


def test_parts_are_charged_when_the_machine_stays(judge: Any, standard: Standard) -> None:
    rep = report()
    rep["hardware"]["memory"]["total_bytes"] = 4 * GIB
    rep["hardware"]["disks"]["physical"][0]["kind"] = "hdd"
    costs = standard.costs_vnd
    assert sum(f.cost_vnd for f in judge(rep)) == costs.add_memory + costs.replace_disk_with_ssd


def test_a_missing_fact_is_reported_once(judge: Any) -> None:
    rep = windows_10(report())
    rep["hardware"]["memory"] = None
    findings = judge(rep)
    missing = [f.required for f in findings if f.rule == "fact_missing"]
    assert missing == ["hardware.memory.total_bytes"]


def test_findings_serialise_for_the_api(judge: Any) -> None:
    finding = judge(windows_10(report()))[0]
    assert finding.as_dict()["class"] == "operational"
