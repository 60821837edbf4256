"""A readable summary of one report for ward IT staff, Vietnamese first, English available."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

LABELS: dict[str, tuple[str, str]] = {
    "title": (
        "Máy {hostname} — phường/xã {ward}, vai trò {role}",
        "Machine {hostname} — ward {ward}, role {role}",
    ),
    "cpu": ("CPU", "CPU"),
    "cores": ("{physical} nhân, {logical} luồng", "{physical} cores, {logical} threads"),
    "memory": ("Bộ nhớ", "Memory"),
    "disk": ("Ổ đĩa", "Disk"),
    "system_disk": ("ổ hệ thống", "system disk"),
    "os": ("Hệ điều hành", "Operating system"),
    "machine": ("Máy", "Machine"),
    "bios": ("BIOS ngày", "BIOS dated"),
    "security": ("TPM / Secure Boot", "TPM / Secure Boot"),
    "media": ("Camera / micrô", "Camera / microphone"),
    "health": ("Sử dụng", "Usage"),
    "health_line": ("CPU {cpu}, bộ nhớ {mem}", "CPU {cpu}, memory {mem}"),
    "links": ("Đường truyền", "Data links"),
    "link_line": (
        "{name}: {result}, mất gói {loss}, độ trễ p95 {p95}",
        "{name}: {result}, loss {loss}, p95 latency {p95}",
    ),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "unknown": ("không rõ", "unknown"),
    "failed": ("Bộ thu thập lỗi", "Failed collectors"),
    "findings": ("Chưa đạt chuẩn", "Below standard"),
    "compliant": ("Đạt chuẩn: không có điểm nào chưa đạt.", "Up to standard: nothing falls short."),
}


def _t(key: str, lang: str, **values: Any) -> str:
    vi, en = LABELS[key]
    return (vi if lang == "vi" else en).format(**values)


def _gib(value: int | None) -> str:
    return "?" if value is None else f"{value / 2**30:.1f} GiB"


def _pct(ratio: float | None) -> str:
    return "?" if ratio is None else f"{ratio * 100:.0f}%"


def _flag(value: bool | None, lang: str) -> str:
    return _t("unknown" if value is None else ("yes" if value else "no"), lang)


def _hardware_lines(hw: Mapping[str, Any], lang: str) -> list[str]:
    cpu, mem, disks = hw.get("cpu") or {}, hw.get("memory") or {}, hw.get("disks") or {}
    system, sec, media = hw.get("system") or {}, hw.get("security") or {}, hw.get("media") or {}
    cores = _t(
        "cores",
        lang,
        physical=cpu.get("physical_cores", "?"),
        logical=cpu.get("logical_cores", "?"),
    )
    lines = [
        f"{_t('cpu', lang)}: {cpu.get('model') or '?'} ({cores})",
        f"{_t('memory', lang)}: {_gib(mem.get('total_bytes'))}",
    ]
    for disk in disks.get("physical", []):
        mark = f" [{_t('system_disk', lang)}]" if disk["name"] == disks.get("system_disk") else ""
        lines.append(
            f"{_t('disk', lang)}: {disk['name']} {disk['kind'].upper()} "
            f"{_gib(disk['size_bytes'])} {disk.get('model') or ''}{mark}".rstrip()
        )
    lines.append(
        f"{_t('machine', lang)}: {system.get('manufacturer') or '?'} "
        f"{system.get('model') or ''}, {_t('bios', lang)} {system.get('bios_date') or '?'}"
    )
    lines.append(
        f"{_t('security', lang)}: {sec.get('tpm_version') or _t('no', lang)} / "
        f"{_flag(sec.get('secure_boot'), lang)}"
    )
    lines.append(
        f"{_t('media', lang)}: {_flag(media.get('camera_present'), lang)} / "
        f"{_flag(media.get('microphone_present'), lang)}"
    )
    return lines


def _link_lines(probes: list[Mapping[str, Any]], lang: str) -> list[str]:
    def seconds(v: float | None) -> str:
        return "?" if v is None else f"{v * 1000:.1f} ms"

    return [
        "  "
        + _t(
            "link_line",
            lang,
            name=p["name"],
            result=p["result"],
            loss=_pct(p["loss_ratio"]),
            p95=seconds(p["rtt_p95_seconds"]),
        )
        for p in probes
    ]


def _finding_lines(report: Mapping[str, Any], lang: str, standard_path: Path) -> list[str]:
    from standard.evaluate import evaluate
    from standard.model import load_standard

    findings = evaluate(
        report, load_standard(standard_path), today=date.today(), received_at=datetime.now(UTC)
    )
    if not findings:
        return [_t("compliant", lang)]
    return [f"{_t('findings', lang)}:"] + [
        f"  - [{f.finding_class}] {f.message_vi if lang == 'vi' else f.message_en}"
        for f in findings
    ]


def render(report: Mapping[str, Any], lang: str = "vi", standard: Path | None = None) -> str:
    """Summarise `report` for a person in `lang` ("vi" or "en"), judged by `standard`."""
    os_ = report.get("os") or {}
    health = report.get("health") or {}
    lines = [
        _t(
            "title",
            lang,
            hostname=report["hostname"],
            ward=report["ward"] or "?",
            role=report["role"],
        ),
        "",
    ]
    lines += _hardware_lines(report["hardware"], lang)
    release = os_.get("build") or os_.get("kernel") or ""
    lines.append(f"{_t('os', lang)}: {os_.get('name') or '?'} ({release})")
    lines.append(
        f"{_t('health', lang)}: "
        + _t(
            "health_line",
            lang,
            cpu=_pct(health.get("cpu_used_ratio")),
            mem=_pct(health.get("memory_used_ratio")),
        )
    )
    if report["probes"]:
        lines += [f"{_t('links', lang)}:", *_link_lines(report["probes"], lang)]
    failed = [n for n, c in report["collectors"].items() if not c["success"]]
    if failed:
        lines.append(f"{_t('failed', lang)}: {', '.join(failed)}")
    if standard is not None:
        lines += ["", *_finding_lines(report, lang, standard)]
    return "\n".join(lines)
