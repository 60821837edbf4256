"""Operational rules: shortfalls that need action, not money (disk space, TLS, clock)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from standard.finding import Finding
from standard.rule import Context, Report, fact_missing, operational, section
from standard.wording import Text, gib, number_en, number_vi, percent


def disk_free(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag each filesystem whose free share is below the role's minimum."""
    health = section(report, "health")
    if health is None or not health.get("filesystems"):
        return [fact_missing("health.filesystems")]
    least = ctx.role_standard.min_free_disk_ratio
    found = []
    for fs in health["filesystems"]:
        free = round(1 - fs["used_ratio"], 6)  # 1 - 0.9 must equal 0.1, not 0.0999...
        if free < least:
            found.append(_disk_full(fs, free, least))
    return found


def _disk_full(fs: Mapping[str, Any], free: float, least: float) -> Finding:
    mount, have, want, left = fs["mount"], percent(free), percent(least), gib(fs["free_bytes"])
    text = Text(
        f"Phân vùng {mount} chỉ còn {have.vi} dung lượng trống ({left.vi}), dưới mức tối thiểu "
        f"{want.vi}",
        f"Filesystem {mount} has only {have.en} free ({left.en}), below the minimum {want.en}",
    )
    return operational("disk_free", free, least, text, target=mount)


def tls_expiry(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag each probed target whose TLS certificate expires too soon."""
    least = ctx.standard.tls.min_days_to_expiry
    found = []
    for probe in report.get("probes", ()):
        days = (probe.get("tls") or {}).get("days_to_expiry")
        if days is not None and days < least:
            found.append(_expiring(probe["name"], days, least, ctx))
    return found


def _expiring(target: str, days: float, least: float, ctx: Context) -> Finding:
    link = ctx.standard.links.get(target)
    label_vi, label_en = (link.label_vi, link.label_en) if link else (target, target)
    if days < 0:
        text = Text(
            f"Chứng chỉ TLS của {label_vi} đã hết hạn",
            f"The TLS certificate of the {label_en} has expired",
        )
        return operational("tls_expiry", days, least, text, "critical", target)
    text = Text(
        f"Chứng chỉ TLS của {label_vi} còn {number_vi(days)} ngày là hết hạn (cần ít nhất "
        f"{number_vi(least)} ngày)",
        f"The TLS certificate of the {label_en} expires in {number_en(days)} days (at least "
        f"{number_en(least)} needed)",
    )
    return operational("tls_expiry", days, least, text, "warning", target)


def clock_drift(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag a machine clock further from the collector's than allowed."""
    if ctx.received_at is None:
        return []
    collected = datetime.fromisoformat(report["collected_at"])
    drift = (collected - ctx.received_at).total_seconds()
    most = ctx.standard.clock.max_drift_seconds
    if abs(drift) <= most:
        return []
    way = Text("nhanh", "ahead") if drift > 0 else Text("chậm", "behind")
    seconds = round(abs(drift))
    text = Text(
        f"Đồng hồ máy {way.vi} {seconds} giây so với máy chủ thu thập, vượt mức tối đa "
        f"{number_vi(most)} giây",
        f"Machine clock is {seconds} s {way.en} of the collector's, over the maximum "
        f"{number_en(most)} s",
    )
    return [operational("clock_drift", round(drift, 1), most, text)]
