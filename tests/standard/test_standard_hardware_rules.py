"""Hardware rules, one pass and one fail each, plus the missing-fact path."""

from __future__ import annotations

from typing import Any

from standard_reports import GIB, only, report, rules

from standard.model import Standard


def hardware_rules(findings: Any) -> list[str]:
    """List the rules of the hardware findings."""
    return [f.rule for f in findings if f.finding_class == "hardware"]


def test_a_compliant_report_has_no_finding(judge: Any) -> None:
    assert judge(report()) == ()


def test_cpu_cores_pass_and_fail(judge: Any, standard: Standard) -> None:
    rep = report()
    rep["hardware"]["cpu"]["physical_cores"] = 4
    assert judge(rep) == ()
    rep["hardware"]["cpu"]["physical_cores"] = 2
    finding = only(judge(rep), "cpu_cores")
    assert (finding.measured, finding.required) == (2, 4)
    assert finding.message_vi == "CPU có 2 nhân vật lý, dưới mức tối thiểu 4 nhân"
    assert finding.cost_vnd == standard.costs_vnd.replace_pc


def test_cpu_cores_of_a_server_cost_a_server(judge: Any, standard: Standard) -> None:
    rep = report(role="server")
    rep["hardware"]["memory"]["total_bytes"] = 32 * GIB
    assert judge(rep)[0].cost_vnd == standard.costs_vnd.replace_server


def test_memory_pass_within_reserve_and_fail(judge: Any, standard: Standard) -> None:
    rep = report()
    rep["hardware"]["memory"]["total_bytes"] = 8 * GIB - 400 * 1024**2
    assert judge(rep) == ()
    rep["hardware"]["memory"]["total_bytes"] = 4 * GIB
    finding = only(judge(rep), "memory")
    assert finding.message_vi == "Bộ nhớ 4 GiB, dưới mức tối thiểu 8 GiB"
    assert finding.message_en == "Memory 4 GiB, below the minimum 8 GiB"
    assert finding.cost_vnd == standard.costs_vnd.add_memory


def test_system_disk_ssd_pass_and_fail(judge: Any, standard: Standard) -> None:
    rep = report()
    rep["hardware"]["disks"]["physical"][0]["kind"] = "ssd"
    assert judge(rep) == ()
    rep["hardware"]["disks"]["physical"][0]["kind"] = "hdd"
    finding = only(judge(rep), "system_disk_ssd")
    assert finding.message_vi == "Ổ đĩa hệ thống là HDD, cần SSD"
    assert finding.cost_vnd == standard.costs_vnd.replace_disk_with_ssd


def test_system_disk_of_unknown_kind_is_a_missing_fact(judge: Any) -> None:
    rep = report()
    rep["hardware"]["disks"]["physical"][0]["kind"] = "unknown"
    assert rules(judge(rep)) == ["fact_missing"]


def test_nic_speed_pass_and_fail(judge: Any) -> None:
    rep = report()
    nic = rep["hardware"]["network"]["interfaces"][0]
    nic["speed_bits_per_second"] = 100_000_000
    assert judge(rep) == ()
    nic["speed_bits_per_second"] = 10_000_000
    finding = only(judge(rep), "nic_speed")
    assert "10 Mbit/s, dưới mức tối thiểu 100 Mbit/s" in finding.message_vi


def test_nic_speed_ignores_interfaces_that_are_down_or_virtual(judge: Any) -> None:
    rep = report()
    fast = dict(rep["hardware"]["network"]["interfaces"][0], name="vEthernet", virtual=True)
    rep["hardware"]["network"]["interfaces"][0]["speed_bits_per_second"] = 10_000_000
    rep["hardware"]["network"]["interfaces"].append(fast)
    assert hardware_rules(judge(rep)) == ["nic_speed"]


def test_machine_age_pass_and_fail(judge: Any, standard: Standard) -> None:
    rep = report()
    rep["hardware"]["system"]["bios_date"] = "2019-01-01"
    assert judge(rep) == ()
    rep["hardware"]["system"]["bios_date"] = "2016-03-12"
    finding = only(judge(rep), "machine_age")
    assert finding.measured == 9.6
    assert finding.message_vi.startswith("Máy đã 9,6 năm tuổi (BIOS ngày 12/03/2016)")
    assert finding.cost_vnd == standard.costs_vnd.replace_pc


def test_virtual_machines_skip_physical_rules(judge: Any) -> None:
    rep = report(role="server")
    rep["hardware"]["cpu"]["physical_cores"] = 8
    rep["hardware"]["memory"]["total_bytes"] = 16 * GIB
    rep["hardware"]["system"].update(virtual=True, bios_date="2014-04-01")
    rep["hardware"]["disks"]["physical"][0]["kind"] = "unknown"
    rep["hardware"]["network"]["interfaces"][0]["speed_bits_per_second"] = None
    assert judge(rep) == ()


def test_camera_and_microphone_pass_and_fail(judge: Any, standard: Standard) -> None:
    rep = report(role="video_conference")
    assert judge(rep) == ()
    rep["hardware"]["media"].update(camera_present=False, microphone_present=False)
    findings = judge(rep)
    assert hardware_rules(findings) == ["camera", "microphone"]
    assert {f.severity for f in findings} == {"critical"}
    costs = standard.costs_vnd
    assert [f.cost_vnd for f in findings] == [costs.add_camera, costs.add_microphone]


def test_a_workstation_needs_no_camera(judge: Any) -> None:
    rep = report()
    rep["hardware"]["media"].update(camera_present=False, microphone_present=False)
    assert judge(rep) == ()


def test_null_hardware_collectors_give_missing_facts_never_hardware(judge: Any) -> None:
    rep = report(role="video_conference")
    for key in rep["hardware"]:
        rep["hardware"][key] = None
    findings = judge(rep)
    assert hardware_rules(findings) == []
    assert {f.severity for f in findings} == {"info"}
    assert [f.required for f in findings if f.rule == "fact_missing"] == [
        "hardware.cpu.physical_cores",
        "hardware.memory.total_bytes",
        "hardware.disks.system_disk",
        "hardware.network.interfaces.speed_bits_per_second",
        "hardware.system.bios_date",
        "hardware.media",
    ]
