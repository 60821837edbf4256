"""Whether a PC's hardware can run Windows 11: it decides "upgrade the OS" or "replace the PC".

Microsoft requires TPM 2.0, UEFI (Secure Boot capable), 4 GB RAM, 64 GB storage and a CPU on
its list. The list is approximated from the model string: Intel Core 8th generation or newer,
Intel Core (Ultra) 3/5/7/9 of 2023 on, AMD Ryzen 2000 or newer. A CPU the parser does not
know counts as not eligible, with that reason; a fact the agent did not report leaves the
verdict "unknown" so that missing data never becomes a hardware finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from standard import facts
from standard.os_support import Windows11Requirements
from standard.rule import Report, section
from standard.wording import Text, gib, number_en, number_vi

Verdict = Literal["eligible", "ineligible", "unknown"]

_INTEL_CORE = re.compile(r"\bCore(?:\(TM\))?\s*i[3579]-(\d{3,5})", re.IGNORECASE)
_INTEL_CORE_2023 = re.compile(r"\bCore(?:\(TM\))?\s+(?:Ultra\s+)?[3579]\s+\d{3}", re.IGNORECASE)
_RYZEN_AI = re.compile(r"\bRyzen\s+AI\b", re.IGNORECASE)
_RYZEN = re.compile(r"\bRyzen\b.*?\b(\d)\d{3}", re.IGNORECASE)
_NEWEST_INTEL_GENERATION = 14  # Core Ultra / Core 3-9 (2023 on) succeed the 14th generation


@dataclass(frozen=True)
class Eligibility:
    """The verdict, why a PC is not eligible, and which facts were missing."""

    verdict: Verdict
    reasons: tuple[Text, ...] = ()
    missing: tuple[str, ...] = ()


def cpu_generation(model: str) -> tuple[str, int] | None:
    """Parse ("intel", generation) or ("amd", Ryzen series) from a CPU model string."""
    if _INTEL_CORE_2023.search(model):
        return ("intel", _NEWEST_INTEL_GENERATION)
    if match := _INTEL_CORE.search(model):
        digits = match.group(1)
        if len(digits) == 3:
            return ("intel", 1)
        wide = len(digits) == 5 or digits[0] == "1"
        return ("intel", int(digits[:2]) if wide else int(digits[0]))
    if _RYZEN_AI.search(model):
        return ("amd", 9000)
    if match := _RYZEN.search(model):
        return ("amd", int(match.group(1)) * 1000)
    return None


def _cpu(report: Report, req: Windows11Requirements) -> Text | str | None:
    model = (section(report, "hardware.cpu") or {}).get("model")
    if not model:
        return "hardware.cpu.model"
    parsed = cpu_generation(model)
    if parsed is None:
        return Text(f"không nhận ra đời CPU {model}", f"CPU {model} not recognised")
    vendor, generation = parsed
    least = req.intel_core_min_generation if vendor == "intel" else req.amd_ryzen_min_series
    if generation >= least:
        return None
    return Text(f"CPU {model} quá cũ", f"CPU {model} is too old")


def _tpm(report: Report) -> Text | str | None:
    security = section(report, "hardware.security")
    if security is None or security.get("tpm_present") is None:
        return "hardware.security.tpm_present"
    if not security["tpm_present"]:
        return Text("không có TPM", "no TPM")
    if security.get("tpm_version") is None:
        return "hardware.security.tpm_version"
    version = security["tpm_version"]
    if version != "2.0":
        return Text(f"TPM {version}, cần TPM 2.0", f"TPM {version}, TPM 2.0 needed")
    return None


def _firmware(report: Report) -> Text | str | None:
    firmware = (section(report, "hardware.security") or {}).get("firmware")
    if firmware is None:
        return "hardware.security.firmware"
    if firmware != "uefi":
        return Text("máy khởi động BIOS cũ, cần UEFI", "legacy BIOS firmware, UEFI needed")
    return None


def _memory(report: Report, req: Windows11Requirements, reserved: float) -> Text | str | None:
    total = (section(report, "hardware.memory") or {}).get("total_bytes")
    if not total:
        return "hardware.memory.total_bytes"
    if total >= req.min_memory_bytes * (1 - reserved):
        return None
    have, want = gib(total), gib(req.min_memory_bytes)
    return Text(f"bộ nhớ {have.vi}, cần {want.vi}", f"memory {have.en}, {want.en} needed")


def _disk(report: Report, req: Windows11Requirements) -> Text | str | None:
    disk = facts.system_disk(report)
    if disk is None:
        return "hardware.disks.system_disk"
    if disk["size_bytes"] >= req.min_system_disk_bytes:
        return None
    size, want = disk["size_bytes"] / 1e9, req.min_system_disk_bytes / 1e9
    return Text(
        f"ổ đĩa hệ thống {number_vi(size, 0)} GB, cần {number_vi(want, 0)} GB",
        f"system disk {number_en(size, 0)} GB, {number_en(want, 0)} GB needed",
    )


def eligibility(report: Report, req: Windows11Requirements, reserved: float) -> Eligibility:
    """Judge whether the reporting PC can run Windows 11 (`reserved`: RAM reserve ratio)."""
    checks = (
        _tpm(report),
        _firmware(report),
        _memory(report, req, reserved),
        _disk(report, req),
        _cpu(report, req),
    )
    reasons = tuple(c for c in checks if isinstance(c, Text))
    missing = tuple(c for c in checks if isinstance(c, str))
    if reasons:
        return Eligibility("ineligible", reasons, missing)
    return Eligibility("unknown" if missing else "eligible", (), missing)
