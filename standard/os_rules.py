"""The OS rule: is the machine's OS still in support, and if not, what does fixing it take.

An OS past its end of support is operational ("upgrade the OS") unless its release names an
upgrade check: a Windows 10 PC whose hardware cannot run Windows 11 makes the finding
hardware ("replace the PC"). An OS missing from the table is an info finding, `os_unknown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from standard.finding import Finding
from standard.os_support import OsRelease, find_release
from standard.rule import (
    Context,
    Report,
    fact_missing,
    hardware,
    operational,
    section,
)
from standard.windows11 import Eligibility, eligibility
from standard.wording import Text, day_en, day_vi


def os_unsupported(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag an OS past its end of support at `ctx.today`, or one the table does not know."""
    if not ctx.role_standard.require_os_in_support:
        return []
    os_facts = section(report, "os")
    if os_facts is None:
        return [fact_missing("os")]
    release = find_release(os_facts, ctx.standard.os_support)
    if release is None:
        return [_unknown(os_facts)]
    if ctx.today <= release.end_of_support:
        return []
    if release.upgrade_check == "windows_11":
        return _windows_10(report, release, ctx)
    return [
        _finding(release, Text("cần nâng cấp lên bản còn hỗ trợ", "upgrade to a supported release"))
    ]


def _unknown(os_facts: Mapping[str, Any]) -> Finding:
    words = (os_facts.get("id"), os_facts.get("version"), os_facts.get("edition"))
    name = os_facts.get("name") or " ".join(str(w) for w in words if w) or "?"
    text = Text(
        f"Không có ngày hết hỗ trợ của hệ điều hành {name} trong os_support.yml",
        f"No end-of-support date for OS {name} in os_support.yml",
    )
    return operational("os_unknown", name, None, text, severity="info")


def _ended(release: OsRelease) -> Text:
    day = release.end_of_support
    return Text(
        f"Hệ điều hành {release.name} đã hết hỗ trợ từ {day_vi(day)}",
        f"OS {release.name} went out of support on {day_en(day)}",
    )


def _finding(release: OsRelease, remedy: Text) -> Finding:
    ended = _ended(release)
    text = Text(f"{ended.vi}; {remedy.vi}", f"{ended.en}; {remedy.en}")
    return operational("os_unsupported", release.name, "in support", text, severity="critical")


def _windows_10(report: Report, release: OsRelease, ctx: Context) -> list[Finding]:
    standard = ctx.standard
    req = standard.os_support.windows_11
    verdict = eligibility(report, req, standard.tolerances.memory_reserved_ratio)
    if verdict.verdict == "eligible":
        remedy = Text("máy đủ điều kiện, cần nâng cấp lên Windows 11", "upgrade to Windows 11")
        return [_finding(release, remedy)]
    if verdict.verdict == "unknown":
        remedy = _undecided(verdict)
        return [_finding(release, remedy), *(fact_missing(m) for m in verdict.missing)]
    ended = _ended(release)
    why = Text("; ".join(r.vi for r in verdict.reasons), "; ".join(r.en for r in verdict.reasons))
    text = Text(
        f"{ended.vi}; máy không chạy được Windows 11 ({why.vi}): cần thay máy",
        f"{ended.en}; the PC cannot run Windows 11 ({why.en}): replace it",
    )
    cost = standard.replacement_cost_vnd(ctx.role)
    return [hardware("os_unsupported", release.name, "in support", text, cost, "critical")]


def _undecided(verdict: Eligibility) -> Text:
    facts = ", ".join(verdict.missing)
    return Text(
        f"chưa xác định được máy có lên được Windows 11 không (thiếu {facts})",
        f"whether it can run Windows 11 is unknown (missing {facts})",
    )
