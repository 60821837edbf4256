"""The reinvestment list ("danh sách đầu tư lại"): wards ranked by what their hardware needs.

Only hardware findings count: they need money. Operational findings (a full disk, a lossy
link, an OS that can simply be upgraded) need action and stay off this list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from collector.state import MachineState
from inventory.model import Inventory
from standard.wording import Text, vnd

LABELS = {
    "cpu_cores": Text("CPU không đủ nhân", "too few CPU cores"),
    "memory": Text("Thiếu bộ nhớ RAM", "not enough memory"),
    "system_disk_ssd": Text("Ổ đĩa hệ thống là HDD", "HDD system disk"),
    "nic_speed": Text("Card mạng chậm", "slow network card"),
    "machine_age": Text("Máy quá cũ", "machine too old"),
    "camera": Text("Thiếu camera", "no camera"),
    "microphone": Text("Thiếu micrô", "no microphone"),
    "os_unsupported": Text(
        "Hệ điều hành hết hỗ trợ, máy không lên được Windows 11",
        "OS out of support and the PC cannot run Windows 11",
    ),
}
KIND_VI = {"phuong": "Phường", "xa": "Xã", "dac_khu": "Đặc khu"}


@dataclass(frozen=True)
class ReasonCount:
    """How many of a ward's machines break one hardware rule."""

    rule: str
    label: Text
    machines: int


@dataclass(frozen=True)
class WardReinvestment:
    """What one ward needs: machines to fix, estimated cost in đồng, reasons counted."""

    ward: str  # ward code
    name: str  # Vietnamese display name, e.g. "Phường Tân Định"
    machines: int  # machines with at least one hardware finding
    cost_vnd: int
    reasons: tuple[ReasonCount, ...]  # most frequent first

    def summary_vi(self) -> str:
        """Describe the need in one Vietnamese sentence."""
        why = ", ".join(f"{r.label.vi} ({r.machines})" for r in self.reasons)
        return (
            f"{self.name}: {self.machines} máy cần đầu tư lại, ước tính {vnd(self.cost_vnd)}: {why}"
        )


def ward_name(code: str, inventory: Inventory) -> str:
    """Return the ward's Vietnamese display name, or its code when the inventory lacks it."""
    ward = inventory.wards.get(code)
    return f"{KIND_VI[ward.kind]} {ward.name}" if ward else code


def _ward(code: str, machines: list[MachineState], inventory: Inventory) -> WardReinvestment:
    rules: Counter[str] = Counter()
    for m in machines:
        rules.update({f.rule for f in m.findings if f.finding_class == "hardware"})
    reasons = tuple(
        ReasonCount(rule, LABELS.get(rule, Text(rule, rule)), count)
        for rule, count in sorted(rules.items(), key=lambda item: (-item[1], item[0]))
    )
    cost = sum(f.cost_vnd for m in machines for f in m.findings if f.finding_class == "hardware")
    return WardReinvestment(code, ward_name(code, inventory), len(machines), cost, reasons)


def rank_wards(
    fleet_states: Iterable[MachineState], inventory: Inventory
) -> list[WardReinvestment]:
    """Rank the wards whose machines need reinvestment: cost descending, then name."""
    needing: dict[str, list[MachineState]] = {}
    for m in fleet_states:
        if m.findings_of("hardware"):
            needing.setdefault(m.ward, []).append(m)
    wards = [_ward(code, machines, inventory) for code, machines in needing.items()]
    return sorted(wards, key=lambda w: (-w.cost_vnd, w.name, w.ward))
