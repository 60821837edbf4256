"""Ward readiness: agents reporting, machines compliant, and the links each target needs.

A ward is ready ("sẵn sàng") when enough of its expected machines report, enough of those
meet the standard, and for the data centre and each of the four tools enough of them reach
the target within its limits on their latest probe.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from collector.state import MachineState
from standard.link_rules import link_readiness
from standard.model import LinkStandard, Standard
from standard.probe_state import ProbeState
from standard.wording import Text, percent


@dataclass(frozen=True)
class WardReadiness:
    """How ready one ward is, with the reasons it is not."""

    ward: str
    expected: int
    reporting: int
    compliant: int
    reporting_ratio: float  # reporting / expected, capped at 1
    compliant_ratio: float  # compliant / reporting
    link_share_ratio: dict[str, float]  # per standard target: share of reporting machines
    ready: bool
    reasons: tuple[Text, ...]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _latest(machine: MachineState, target: str) -> ProbeState | None:
    return next((p for p in machine.probes if p.name == target), None)


def _reaching(machines: list[MachineState], target: str, link: LinkStandard) -> float:
    return _share(sum(link_readiness(_latest(m, target), link) for m in machines), len(machines))


def ward_readiness(
    ward_code: str, machines: Iterable[MachineState], expected: int, standard: Standard
) -> WardReadiness:
    """Judge `ward_code` from its reporting (not stale) machines and its expected count."""
    mine = [m for m in machines if m.ward == ward_code]
    reporting, compliant = len(mine), sum(1 for m in mine if m.compliant)
    judged = WardReadiness(
        ward=ward_code,
        expected=expected,
        reporting=reporting,
        compliant=compliant,
        reporting_ratio=min(1.0, _share(reporting, expected)) if expected else float(bool(mine)),
        compliant_ratio=_share(compliant, reporting),
        link_share_ratio={t: _reaching(mine, t, link) for t, link in standard.links.items()},
        ready=False,
        reasons=(),
    )
    reasons = _reasons(judged, standard)
    return dataclasses.replace(judged, ready=not reasons, reasons=reasons)


def _reasons(ward: WardReadiness, standard: Standard) -> tuple[Text, ...]:
    rules = standard.readiness
    if not ward.reporting:
        return (Text("Không có máy nào gửi báo cáo", "No machine reports"),)
    found = []
    if ward.reporting_ratio < rules.min_reporting_ratio:
        need = percent(rules.min_reporting_ratio)
        found.append(
            Text(
                f"Chỉ {ward.reporting}/{ward.expected} máy gửi báo cáo (cần ≥ {need.vi})",
                f"Only {ward.reporting} of {ward.expected} machines report ({need.en} needed)",
            )
        )
    if ward.compliant_ratio < rules.min_compliant_ratio:
        need = percent(rules.min_compliant_ratio)
        found.append(
            Text(
                f"Chỉ {ward.compliant}/{ward.reporting} máy đạt chuẩn (cần ≥ {need.vi})",
                f"Only {ward.compliant} of {ward.reporting} machines meet the standard "
                f"({need.en} needed)",
            )
        )
    for target, share in ward.link_share_ratio.items():
        if share < rules.min_link_share_ratio:
            found.append(_link_reason(standard.links[target], share, rules.min_link_share_ratio))
    return tuple(found)


def _link_reason(link: LinkStandard, share: float, least: float) -> Text:
    have, need = percent(share), percent(least)
    return Text(
        f"Chỉ {have.vi} số máy kết nối đạt chuẩn tới {link.label_vi} (cần ≥ {need.vi})",
        f"Only {have.en} of machines reach the {link.label_en} within limits ({need.en} needed)",
    )
