"""Machine detail: one machine's specifications, health, findings and link probes."""

from __future__ import annotations

from grafana_foundation_sdk.builders import stat, table, timeseries
from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards import probes, uids, variables, words
from dashboards.board import board
from dashboards.fields import (
    Column,
    colour_cells,
    columns,
    dropped,
    merged,
    series_names,
    series_units,
    texts,
    thresholds,
    value,
)
from dashboards.panels import Query, mapping, stat_panel, steps, table_panel, time_panel
from dashboards.promql import machine_metric
from dashboards.text import Lang, Text
from dashboards.unit_detail import CLONE_TEXTS, MEETS_TEXTS, UP_TEXTS, target_names

TITLE = Text("wardwatch: Máy", "wardwatch: Machine")
ABOUT = Text(
    "Một máy: thông số, tình trạng, các phát hiện theo tiêu chuẩn thiết bị và kết quả đo "
    "đường truyền tới Trung tâm Dữ liệu chung và bốn hệ thống.",
    "One machine: specifications, health, findings against the equipment standard and its "
    "link probes to the common data centre and the four tools.",
)


def state(lang: Lang) -> stat.Panel:
    """Reporting or silent, and how long since the latest report."""
    return stat_panel(
        Text("Trạng thái", "State"),
        Text("Agent còn báo cáo trong thời hạn hay không.", "Whether the agent reports in time."),
        [Query(machine_metric("wardwatch_machine_up"), "", "instant")], lang,
    ).mappings(mapping(lang, *UP_TEXTS))  # fmt: skip


def last_report(lang: Lang) -> stat.Panel:
    """Seconds since the collector received the machine's latest report."""
    age = f"time() - {machine_metric('wardwatch_machine_last_report_timestamp_seconds')}"
    return stat_panel(
        Text("Báo cáo gần nhất", "Latest report"),
        Text("Thời gian từ khi collector nhận báo cáo gần nhất.",
             "Time since the collector received the latest report."),
        [Query(age, "", "instant")], lang,
    ).unit("s").thresholds(steps("green", (180, "red")))  # fmt: skip


def standard(lang: Lang) -> stat.Panel:
    """Whether the machine meets the equipment standard, and whether it looks cloned."""
    return stat_panel(
        Text("Tiêu chuẩn thiết bị", "Equipment standard"),
        Text("Đạt chuẩn khi không có phát hiện mức cảnh báo hay nghiêm trọng.",
             "Up to standard with no warning or critical finding."),
        [Query(machine_metric("wardwatch_machine_compliant"), "", "instant")], lang,
    ).mappings(mapping(lang, *MEETS_TEXTS))  # fmt: skip


def findings(lang: Lang) -> stat.Panel:
    """The machine's findings by class."""
    found = machine_metric("wardwatch_machine_findings")
    return stat_panel(
        Text("Phát hiện", "Findings"),
        Text("Phần cứng: cần đầu tư lại; vận hành: cần xử lý tại chỗ.",
             "Hardware: needs reinvestment; operational: needs action on site."),
        [Query(f"sum by (class) ({found})", "{{class}}", "instant")], lang,
    ).thresholds(steps("green", (1, "orange")))  # fmt: skip


def clone(lang: Lang) -> stat.Panel:
    """Whether the machine's identity looks cloned."""
    return stat_panel(
        Text("Nghi nhân bản", "Suspected clone"),
        Text("Định danh trùng với máy khác (ổ đĩa nhân bản).",
             "Identity matches another machine's (a cloned disk image)."),
        [Query(machine_metric("wardwatch_machine_clone_suspected"), "", "instant")], lang,
    ).mappings(mapping(lang, *CLONE_TEXTS))  # fmt: skip


def hardware(lang: Lang) -> stat.Panel:
    """Cores, memory and NIC speed."""
    nic = Text("Card mạng", "NIC")
    panel = stat_panel(
        Text("Phần cứng", "Hardware"),
        Text("Số nhân CPU vật lý; RAM; tốc độ card mạng nhanh nhất đang kết nối.",
             "Physical CPU cores; memory; speed of the fastest connected NIC."),
        [Query(machine_metric("wardwatch_machine_cpu_physical_cores"),
               Text("Nhân CPU", "CPU cores"), "instant"),
         Query(machine_metric("wardwatch_machine_memory_total_bytes"), "RAM", "instant"),
         Query(f"{machine_metric('wardwatch_machine_nic_speed_bytes')} * 8", nic, "instant")],
        lang,
    ).thresholds(steps("blue"))  # fmt: skip
    return series_units(panel, lang, [("RAM", "bytes"), (nic, "bps")])


def specifications(lang: Lang) -> table.Panel:
    """What the machine is: host name, unit, role, OS, CPU, BIOS date, system disk."""
    info = "hostname, ward, role, os, os_version, cpu_model"
    spec = "bios_date, os_id, system_disk_kind"
    shown = [Column("hostname", words.HOSTNAME), Column("ward", words.WARD_CODE),
             Column("role", words.ROLE), Column("os", Text("Hệ điều hành", "OS")),
             Column("os_version", Text("Phiên bản", "Version")),
             Column("cpu_model", Text("CPU", "CPU")),
             Column("bios_date", Text("Ngày BIOS", "BIOS date")),
             Column("system_disk_kind", Text("Ổ hệ thống", "System disk"))]  # fmt: skip
    panel = table_panel(
        Text("Thông số", "Specifications"),
        Text("Theo báo cáo kiểm kê gần nhất của agent.", "From the agent's latest inventory."),
        [Query(f"max by (agent_id, {info}) ({machine_metric('wardwatch_machine_info')})",
               kind="table"),
         Query(f"max by (agent_id, {spec}) ({machine_metric('wardwatch_machine_spec_info')})",
               kind="table")],
        lang,
    )  # fmt: skip
    panel = panel.with_transformation(merged())
    panel = panel.with_transformation(dropped(value("A"), value("B"), "os_id"))
    return columns(panel, lang, shown).height(4)


def health(lang: Lang) -> timeseries.Panel:
    """CPU and memory use over time."""
    return time_panel(
        Text("Tải CPU và RAM", "CPU and memory use"),
        Text("Tỉ lệ CPU bận và RAM đang dùng, theo từng báo cáo.",
             "Share of CPU busy and of memory in use, report by report."),
        [Query(machine_metric("wardwatch_machine_cpu_used_ratio"), Text("CPU", "CPU")),
         Query(machine_metric("wardwatch_machine_memory_used_ratio"), Text("RAM", "Memory"))],
        lang,
    ).unit("percentunit").min(0).max(1)  # fmt: skip


def findings_over_time(lang: Lang) -> timeseries.Panel:
    """The machine's findings by class over time."""
    return time_panel(
        Text("Phát hiện theo thời gian", "Findings over time"),
        Text("Số phát hiện phần cứng và vận hành.", "Hardware and operational findings."),
        [Query(f"sum by (class) ({machine_metric('wardwatch_machine_findings')})", "{{class}}")],
        lang,
    ).min(0).decimals(0)  # fmt: skip


def latest_probes(lang: Lang) -> table.Panel:
    """The latest probe of each target: success, loss, RTT, jitter, availability, TLS."""
    metrics = [
        "wardwatch_probe_success",
        "wardwatch_probe_loss_ratio",
        "wardwatch_probe_rtt_p95_seconds",
        "wardwatch_probe_jitter_seconds",
        "wardwatch_probe_availability_ratio",
        "wardwatch_probe_tls_cert_remaining_seconds",
    ]
    reached = ((0, Text("Không tới được", "Unreachable"), "red"), (1, words.YES, "green"))
    shown = [Column("target", words.TARGET),
             Column(value("A"), probes.REACHED.title,
                    config=(colour_cells(), texts(lang, *reached))),
             Column(value("B"), probes.LOSS.title, "percentunit"),
             Column(value("C"), probes.RTT.title, "s"),
             Column(value("D"), probes.JITTER.title, "s"),
             Column(value("E"), Text("Khả dụng", "Availability"), "percentunit"),
             Column(value("F"), Text("Chứng chỉ TLS còn", "TLS certificate left"), "s",
                    (thresholds("red", (14 * 86400, "green")),))]  # fmt: skip
    panel = table_panel(
        Text("Đo đường truyền gần nhất", "Latest link probes"),
        Text("Lần đo gần nhất tới từng hệ thống; khả dụng: tỉ lệ lần đo thành công trong cửa sổ "
             "của tiêu chuẩn.", "The latest probe of each target; availability: share of "
             "probe cycles that succeeded over the standard's window."),
        [Query(f"max by (target) ({machine_metric(m)})", kind="table") for m in metrics], lang,
    ).with_transformation(merged()).with_transformation(dropped())  # fmt: skip
    return columns(panel, lang, shown).height(7)


def probe_over_time(measure: probes.Measure, lang: Lang) -> timeseries.Panel:
    """One link measure of the machine by target, over time."""
    panel = time_panel(
        Text(f"{measure.title.vi} theo hệ thống", f"{measure.title.en} by target"),
        Text("Theo từng báo cáo của máy.", "Report by report."),
        [Query(machine_metric(measure.metric), "{{target}}")], lang,
    ).unit(measure.unit).min(0)  # fmt: skip
    return series_names(panel, lang, target_names(lang)).span(8)


def build(lang: Lang) -> Dashboard:
    """Return the machine detail in `lang`."""
    dashboard = (
        board(uids.MACHINE, TITLE, ABOUT, lang)
        .with_variable(variables.datasource(lang))
        .with_variable(variables.unit(lang, many=False))
        .with_variable(variables.role(lang))
        .with_variable(variables.machine(lang))
        .with_panel(state(lang))
        .with_panel(last_report(lang))
        .with_panel(standard(lang))
        .with_panel(findings(lang))
        .with_panel(clone(lang))
        .with_panel(hardware(lang))
        .with_panel(specifications(lang))
        .with_panel(health(lang))
        .with_panel(findings_over_time(lang))
        .with_panel(latest_probes(lang))
        .with_row(Row(Text("Đường truyền theo thời gian", "Links over time").in_(lang)))
    )
    for measure in probes.MEASURES:
        dashboard = dashboard.with_panel(probe_over_time(measure, lang))
    return dashboard
