"""What to do about a machine's hardware findings, each remedy at the standard's price.

A machine that must be replaced (too few cores, too old, or an OS out of support that its
CPU or TPM cannot move past) gets one replacement, which covers its memory, disk and
network card: `standard.evaluate.settle_costs` has already charged those nothing. Camera
and microphone are bought apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from standard.evaluate import PARTS_OF_MACHINE, REPLACES_MACHINE
from standard.finding import Finding
from standard.wording import GIB, Text, megabits, number_en, number_vi


@dataclass(frozen=True)
class Remedy:
    """One thing to buy or do for a machine, and its estimated cost in đồng."""

    action: str  # a key of the standard's costs_vnd: replace_pc, add_memory, ...
    text: Text
    cost_vnd: int


_WHY_REPLACE = {
    "cpu_cores": Text("CPU không đủ nhân", "too few CPU cores"),
    "machine_age": Text("máy quá cũ", "too old"),
    "os_unsupported": Text("không lên được Windows 11", "cannot run Windows 11"),
}


def _replacement(role: str, findings: list[Finding]) -> Remedy:
    why = [_WHY_REPLACE.get(f.rule, Text(f.message_vi, f.message_en)) for f in findings]
    because = Text(", ".join(w.vi for w in why), ", ".join(w.en for w in why))
    server = role == "server"
    return Remedy(
        "replace_server" if server else "replace_pc",
        Text(
            f"Thay {'máy chủ' if server else 'máy'} mới ({because.vi})",
            f"Replace the {'server' if server else 'PC'} ({because.en})",
        ),
        sum(f.cost_vnd for f in findings),
    )


def _memory_text(finding: Finding) -> Text:
    size = finding.required / GIB if isinstance(finding.required, int | float) else 0
    return Text(f"Nâng RAM lên {number_vi(size)} GB", f"Add memory to {number_en(size)} GB")


def _nic_text(finding: Finding) -> Text:
    speed = megabits(finding.required) if isinstance(finding.required, int | float) else ""
    return Text(
        f"Thay card mạng ≥ {speed} (kiểm tra cáp và cổng switch trước)",
        f"Replace the network card (≥ {speed}; check the cable and switch port first)",
    )


_PARTS = {
    "memory": ("add_memory", _memory_text),
    "system_disk_ssd": (
        "replace_disk_with_ssd",
        lambda f: Text("Thay ổ HDD bằng SSD", "Replace the HDD with an SSD"),
    ),
    "nic_speed": ("replace_nic", _nic_text),
    "camera": ("add_camera", lambda f: Text("Lắp camera hội nghị", "Add a conference camera")),
    "microphone": (
        "add_microphone",
        lambda f: Text("Lắp loa-micrô hội nghị", "Add a conference speakerphone"),
    ),
}


def _part(finding: Finding) -> Remedy:
    known = _PARTS.get(finding.rule)
    if known is None:  # a rule newer than this table: its own words say what is wrong
        return Remedy(finding.rule, Text(finding.message_vi, finding.message_en), finding.cost_vnd)
    action, text = known
    return Remedy(action, text(finding), finding.cost_vnd)


def remedies(role: str, findings: Iterable[Finding]) -> tuple[Remedy, ...]:
    """Return what a machine of `role` with `findings` needs, replacement first."""
    hardware = [f for f in findings if f.finding_class == "hardware"]
    replacing = [f for f in hardware if f.rule in REPLACES_MACHINE]
    covered = REPLACES_MACHINE | (PARTS_OF_MACHINE if replacing else frozenset())
    parts = [_part(f) for f in hardware if f.rule not in covered]
    return (_replacement(role, replacing), *parts) if replacing else tuple(parts)
