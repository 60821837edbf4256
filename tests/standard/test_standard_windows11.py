"""Windows 11 eligibility decides between "upgrade the OS" and "replace the PC"."""

from __future__ import annotations

from typing import Any

import pytest
from standard_reports import GIB, old_pc, only, report, rules, windows_10

from standard.model import Standard
from standard.windows11 import cpu_generation, eligibility


@pytest.mark.parametrize(
    ("model", "parsed"),
    [
        ("Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz", ("intel", 8)),
        ("Intel(R) Core(TM) i7-7700 CPU @ 3.60GHz", ("intel", 7)),
        ("Intel(R) Core(TM) i5-10400 CPU @ 2.90GHz", ("intel", 10)),
        ("11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz", ("intel", 11)),
        ("Intel(R) Core(TM) i3-1005G1 CPU @ 1.20GHz", ("intel", 10)),
        ("13th Gen Intel(R) Core(TM) i9-13900K", ("intel", 13)),
        ("Intel(R) Core(TM) i7 CPU 920 @ 2.67GHz", None),
        ("Intel(R) Core(TM) i5-750 CPU @ 2.67GHz", ("intel", 1)),
        ("Intel(R) Core(TM) Ultra 7 155H", ("intel", 14)),
        ("Intel(R) Core(TM) 5 120U", ("intel", 14)),
        ("AMD Ryzen 5 2600 Six-Core Processor", ("amd", 2000)),
        ("AMD Ryzen 5 1600 Six-Core Processor", ("amd", 1000)),
        ("AMD Ryzen 7 PRO 4750G with Radeon Graphics", ("amd", 4000)),
        ("AMD Ryzen Threadripper 1950X 16-Core Processor", ("amd", 1000)),
        ("AMD Ryzen AI 9 HX 370 w/ Radeon 890M", ("amd", 9000)),
        ("Intel(R) Pentium(R) CPU G4560 @ 3.50GHz", None),
        ("Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz", None),
    ],
)
def test_cpu_generation_from_the_model_string(model: str, parsed: tuple[str, int] | None) -> None:
    assert cpu_generation(model) == parsed


def verdict(rep: dict[str, Any], standard: Standard) -> str:
    """Return the eligibility verdict of `rep` under the shipped requirements."""
    return eligibility(rep, standard.os_support.windows_11, 0.1).verdict


def test_a_modern_pc_is_eligible(standard: Standard) -> None:
    assert verdict(report(), standard) == "eligible"


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("security", "tpm_present", False),
        ("security", "tpm_version", "1.2"),
        ("security", "firmware", "bios"),
        ("memory", "total_bytes", 2 * GIB),
        ("cpu", "model", "Intel(R) Core(TM) i5-6500 CPU @ 3.20GHz"),
        ("cpu", "model", "Intel(R) Pentium(R) CPU G4560 @ 3.50GHz"),
    ],
)
def test_each_requirement_can_make_a_pc_ineligible(
    standard: Standard, section: str, key: str, value: Any
) -> None:
    rep = report()
    rep["hardware"][section][key] = value
    assert verdict(rep, standard) == "ineligible"


def test_a_small_system_disk_makes_a_pc_ineligible(standard: Standard) -> None:
    rep = report()
    rep["hardware"]["disks"]["physical"][0]["size_bytes"] = 32_000_000_000
    assert verdict(rep, standard) == "ineligible"


def test_4_gib_reported_as_a_little_less_still_counts(standard: Standard) -> None:
    rep = report()
    rep["hardware"]["memory"]["total_bytes"] = 4 * GIB - 200 * 1024**2
    assert verdict(rep, standard) == "eligible"


def test_missing_tpm_fact_leaves_the_verdict_unknown(standard: Standard) -> None:
    rep = report()
    rep["hardware"]["security"] = None
    result = eligibility(rep, standard.os_support.windows_11, 0.1)
    assert result.verdict == "unknown"
    assert result.missing == ("hardware.security.tpm_present", "hardware.security.firmware")


def test_windows_10_on_eligible_hardware_is_operational(judge: Any) -> None:
    finding = only(judge(windows_10(report())), "os_unsupported")
    assert (finding.finding_class, finding.cost_vnd) == ("operational", 0)
    assert "nâng cấp lên Windows 11" in finding.message_vi


def test_windows_10_on_old_hardware_is_hardware_replace_the_pc(
    judge: Any, standard: Standard
) -> None:
    finding = only(judge(old_pc(windows_10(report()))), "os_unsupported")
    assert finding.finding_class == "hardware"
    assert finding.cost_vnd == standard.costs_vnd.replace_pc
    assert "TPM 1.2, cần TPM 2.0" in finding.message_vi
    assert finding.message_vi.endswith("cần thay máy")


def test_windows_10_with_unknown_eligibility_is_operational_plus_missing_facts(
    judge: Any,
) -> None:
    rep = windows_10(report())
    rep["hardware"]["security"] = None
    findings = judge(rep)
    assert only(findings, "os_unsupported").finding_class == "operational"
    assert rules(findings).count("fact_missing") == 2
    assert not [f for f in findings if f.finding_class == "hardware"]
