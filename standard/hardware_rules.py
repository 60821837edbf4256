"""Hardware rules: shortfalls that need money (cores, memory, disk, NIC, age, camera, mic).

Virtual machines skip the rules about physical parts (disk kind, NIC speed, age): what a
hypervisor shows says nothing about hardware the ward could replace.
"""

from __future__ import annotations

from collections.abc import Iterable

from standard import facts
from standard.finding import Finding
from standard.rule import Context, Report, fact_missing, hardware, section
from standard.wording import Text, day_en, day_vi, gib, megabits, number_en, number_vi


def cpu_cores(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag a CPU with fewer physical cores than the role needs."""
    cores = (section(report, "hardware.cpu") or {}).get("physical_cores")
    if not cores:
        return [fact_missing("hardware.cpu.physical_cores")]
    need = ctx.role_standard.min_physical_cores
    if cores >= need:
        return []
    text = Text(
        f"CPU có {cores} nhân vật lý, dưới mức tối thiểu {need} nhân",
        f"CPU has {cores} physical cores, below the minimum of {need}",
    )
    cost = ctx.standard.replacement_cost_vnd(ctx.role)
    return [hardware("cpu_cores", cores, need, text, cost, "warning")]


def memory(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag less memory than the role needs, allowing for RAM the firmware reserves."""
    total = (section(report, "hardware.memory") or {}).get("total_bytes")
    if not total:
        return [fact_missing("hardware.memory.total_bytes")]
    need = ctx.role_standard.min_memory_bytes
    if total >= need * (1 - ctx.standard.tolerances.memory_reserved_ratio):
        return []
    have, want = gib(total), gib(need)
    text = Text(
        f"Bộ nhớ {have.vi}, dưới mức tối thiểu {want.vi}",
        f"Memory {have.en}, below the minimum {want.en}",
    )
    return [hardware("memory", total, need, text, ctx.standard.costs_vnd.add_memory, "warning")]


def system_disk_ssd(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag a spinning system disk where the role needs an SSD."""
    if not ctx.role_standard.require_system_disk_ssd or facts.is_virtual(report):
        return []
    disk = facts.system_disk(report)
    if disk is None or disk["kind"] == "unknown":
        return [fact_missing("hardware.disks.system_disk")]
    if disk["kind"] != "hdd":
        return []
    text = Text("Ổ đĩa hệ thống là HDD, cần SSD", "System disk is an HDD; an SSD is required")
    cost = ctx.standard.costs_vnd.replace_disk_with_ssd
    return [hardware("system_disk_ssd", "hdd", "ssd", text, cost, "warning")]


def nic_speed(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag a fastest network card slower than the role needs."""
    if facts.is_virtual(report):
        return []
    speed = facts.fastest_nic_bits_per_second(report)
    if speed is None:
        return [fact_missing("hardware.network.interfaces.speed_bits_per_second")]
    need = ctx.role_standard.min_nic_speed_bits_per_second
    if speed >= need:
        return []
    text = Text(
        f"Card mạng nhanh nhất chạy {megabits(speed)}, dưới mức tối thiểu {megabits(need)}",
        f"Fastest network card runs at {megabits(speed)}, below the minimum {megabits(need)}",
    )
    return [hardware("nic_speed", speed, need, text, ctx.standard.costs_vnd.replace_nic, "warning")]


def machine_age(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag a machine older (by BIOS date) than the role allows."""
    if facts.is_virtual(report):
        return []
    born = facts.bios_date(report)
    if born is None:
        return [fact_missing("hardware.system.bios_date")]
    age, most = facts.age_years(born, ctx.today), ctx.role_standard.max_age_years
    if age <= most:
        return []
    text = Text(
        f"Máy đã {number_vi(age)} năm tuổi (BIOS ngày {day_vi(born)}), quá mức tối đa "
        f"{number_vi(most)} năm",
        f"Machine is {number_en(age)} years old (BIOS dated {day_en(born)}), over the maximum "
        f"of {number_en(most)} years",
    )
    cost = ctx.standard.replacement_cost_vnd(ctx.role)
    return [hardware("machine_age", round(age, 1), most, text, cost, "warning")]


def camera(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag a video-conference machine without a camera."""
    if not ctx.role_standard.require_camera:
        return []
    media = section(report, "hardware.media")
    if media is None:
        return [fact_missing("hardware.media")]
    if media["camera_present"]:
        return []
    text = Text("Máy không có camera, cần cho họp trực tuyến", "No camera; video calls need one")
    return [hardware("camera", False, True, text, ctx.standard.costs_vnd.add_camera, "critical")]


def microphone(report: Report, ctx: Context) -> Iterable[Finding]:
    """Flag a video-conference machine without a microphone."""
    if not ctx.role_standard.require_microphone:
        return []
    media = section(report, "hardware.media")
    if media is None:
        return [fact_missing("hardware.media")]
    if media["microphone_present"]:
        return []
    text = Text("Máy không có micrô, cần cho họp trực tuyến", "No microphone; video calls need one")
    cost = ctx.standard.costs_vnd.add_microphone
    return [hardware("microphone", False, True, text, cost, "critical")]
