"""A whole report from each recorded Windows machine fits the contract."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from jsonschema import Draft202012Validator

from agent.collectors import (
    cpu_windows,
    disks_windows,
    health_windows,
    media_windows,
    memory_windows,
    network_windows,
    os_windows,
    security_windows,
    system_windows,
)
from agent.collectors.registry import Context
from contract import report

WIN = Context(platform="win32")


def values(scenario: Any) -> dict[str, Any]:
    """Run every Windows collector on the recorded machine."""
    query, read = scenario.query, scenario.reader
    return {
        "cpu": cpu_windows.collect(WIN, query=query),
        "memory": memory_windows.collect(WIN, read=read("memory")),
        "disks": disks_windows.collect(WIN, query=query, read=read("filesystems")),
        "network": network_windows.collect(WIN, query=query, read=read("interfaces")),
        "system": system_windows.collect(WIN, query=query),
        "security": security_windows.collect(WIN, query=query, firmware_type=read("firmware_type")),
        "media": media_windows.collect(WIN, query=query),
        "os": os_windows.collect(WIN, read=read("os")),
        "health": health_windows.collect(WIN, read=read("health")),
    }


def test_report_validates(scenario: Any) -> None:
    built = report.build(
        identity=report.Identity("a" * 32, "b" * 32, "MachineGuid", "c" * 64, ("dmi_uuid",)),
        placement=report.Placement("ubnd-phuong-ben-thanh-01", "26734", "workstation"),
        seq=1,
        collected_at=datetime(2026, 11, 25, 1, 30, tzinfo=UTC),
        kind="inventory",
        values=values(scenario),
        probes=[],
        collectors={},
    )
    Draft202012Validator(report.schema()).validate(built)
    assert report.encode(built)  # no NaN, all JSON
