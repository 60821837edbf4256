"""The readiness report: per unit, ready or not for the common data centre and each of the
four tools, with the reasons (machines below standard, links degraded, agents silent,
coverage).

The judgement is `collector.wards.judge_wards`, the one /metrics exposes.
"""

from __future__ import annotations

from dataclasses import dataclass

from collector.papers.inputs import PaperInputs
from collector.papers.letterhead import Letterhead, centre_letterhead, unit_subtitle
from collector.wards import WardJudgement, former_unit_codes, judge_wards
from standard.model import ReadinessStandard
from standard.wording import Text

TITLE = Text("BÁO CÁO MỨC ĐỘ SẴN SÀNG CỦA CÁC ĐƠN VỊ", "UNIT READINESS REPORT")


@dataclass(frozen=True)
class TargetReadiness:
    """One unit's link to the data centre or one tool: the share of its reporting machines
    that reach it within the standard's limits."""

    target: str
    label: Text
    share_ratio: float
    ready: bool


@dataclass(frozen=True)
class UnitReadiness:
    """One unit: ready or not, the counts behind it and the reasons it is not."""

    ward: str
    name: str
    ready: bool
    expected: int
    reporting: int
    silent: int  # expected machines not reporting
    unknown: int  # reporting machines the inventory does not list
    compliant: int
    coverage_ratio: float  # reporting / expected
    targets: tuple[TargetReadiness, ...]  # the data centre, then the four tools
    reasons: tuple[Text, ...]

    @property
    def below_standard(self) -> int:
        """Count the reporting machines that fall short of the equipment standard."""
        return self.reporting - self.compliant


@dataclass(frozen=True)
class ReadinessReport:
    """The whole report; `unit` is the one unit it covers, None for the city."""

    letterhead: Letterhead
    generated_at: float
    unit: str | None
    units: tuple[UnitReadiness, ...]  # not ready first, then by name
    rules: ReadinessStandard
    targets: tuple[tuple[str, Text], ...]  # target and its label, in the standard's order

    @property
    def ready_units(self) -> int:
        """Count the units that are ready."""
        return sum(u.ready for u in self.units)


def _unit(judged: WardJudgement, inputs: PaperInputs) -> UnitReadiness:
    r, counts = judged.readiness, judged.counts
    least = inputs.standard.readiness.min_link_share_ratio
    targets = tuple(
        TargetReadiness(
            t,
            Text(link.label_vi, link.label_en),
            r.link_share_ratio[t],
            bool(r.reporting) and r.link_share_ratio[t] >= least,
        )
        for t, link in inputs.standard.links.items()
    )
    return UnitReadiness(
        ward=judged.ward,
        name=judged.name,
        ready=r.ready,
        expected=r.expected,
        reporting=r.reporting,
        silent=counts.silent if counts else 0,
        unknown=counts.unknown if counts else 0,
        compliant=r.compliant,
        coverage_ratio=r.reporting_ratio,
        targets=targets,
        reasons=r.reasons,
    )


def current_units(inputs: PaperInputs) -> frozenset[str]:
    """Return the units machines enrolled in or reported from, less the former units (those
    the inventory names, those machines only moved out of) that no machine is in now."""
    left = {m.handover.from_ward for m in inputs.moves} | former_unit_codes(inputs.inventory)
    former = left - set(inputs.inventory.wards) - {m.ward for m in inputs.machines}
    return inputs.wards_seen - former


def build(inputs: PaperInputs, unit: str | None = None) -> ReadinessReport:
    """Judge the city's units, or `unit` alone."""
    unit = inputs.check_unit(unit)
    judged = judge_wards(inputs.machines, inputs.inventory, inputs.standard, inputs.now,
                         inputs.stale_after_seconds, seen=current_units(inputs))  # fmt: skip
    units = [_unit(j, inputs) for j in judged if unit in (None, j.ward)]
    subtitle = unit_subtitle(unit, inputs.inventory)
    return ReadinessReport(
        letterhead=centre_letterhead(inputs.papers, inputs.now, TITLE, subtitle),
        generated_at=inputs.now,
        unit=unit,
        units=tuple(sorted(units, key=lambda u: (u.ready, u.name, u.ward))),
        rules=inputs.standard.readiness,
        targets=tuple(
            (t, Text(link.label_vi, link.label_en)) for t, link in inputs.standard.links.items()
        ),
    )
