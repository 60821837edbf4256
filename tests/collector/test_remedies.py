"""What to do about a machine's hardware findings, at the standard's prices."""

from __future__ import annotations

from typing import Any

from standard_reports import GIB, RECEIVED_AT, TODAY, old_pc, report, validate, windows_10

from collector.remedies import remedies
from standard.evaluate import evaluate
from standard.model import Standard


def _remedies(standard: Standard, rep: dict[str, Any]) -> list[tuple[str, str, int]]:
    found = evaluate(validate(rep), standard, today=TODAY, received_at=RECEIVED_AT)
    return [(r.action, r.text.vi, r.cost_vnd) for r in remedies(rep["role"], found)]


def test_parts_are_priced_one_by_one(standard: Standard) -> None:
    rep = report()
    rep["hardware"]["memory"]["total_bytes"] = 4 * GIB
    rep["hardware"]["disks"]["physical"][0]["kind"] = "hdd"
    costs = standard.costs_vnd

    assert _remedies(standard, rep) == [
        ("add_memory", "Nâng RAM lên 8 GB", costs.add_memory),
        ("replace_disk_with_ssd", "Thay ổ HDD bằng SSD", costs.replace_disk_with_ssd),
    ]


def test_a_replacement_covers_the_parts_it_brings(standard: Standard) -> None:
    rep = old_pc(windows_10(report()))
    rep["hardware"]["memory"]["total_bytes"] = 4 * GIB

    assert _remedies(standard, rep) == [
        ("replace_pc", "Thay máy mới (không lên được Windows 11)", standard.costs_vnd.replace_pc)
    ]


def test_a_server_is_replaced_at_a_servers_price_and_a_camera_bought_apart(
    standard: Standard,
) -> None:
    server = report(role="server")
    server["hardware"]["cpu"]["physical_cores"] = 4
    room = old_pc(windows_10(report(role="video_conference")))
    room["hardware"]["media"].update(camera_present=False, cameras=[])
    costs = standard.costs_vnd

    assert _remedies(standard, server) == [
        ("replace_server", "Thay máy chủ mới (CPU không đủ nhân)", costs.replace_server)
    ]
    assert [a for a, _, _ in _remedies(standard, room)] == ["replace_pc", "add_camera"]


def test_the_remedies_add_up_to_the_machines_estimate(standard: Standard) -> None:
    rep = old_pc(windows_10(report(role="video_conference")))
    rep["hardware"]["cpu"]["physical_cores"] = 2
    rep["hardware"]["media"].update(microphone_present=False, microphones=[])
    found = evaluate(validate(rep), standard, today=TODAY, received_at=RECEIVED_AT)

    total = sum(r.cost_vnd for r in remedies("video_conference", found))
    assert total == sum(f.cost_vnd for f in found if f.finding_class == "hardware")
    assert total == standard.costs_vnd.replace_pc + standard.costs_vnd.add_microphone
