"""Unit detail: one ward's machines, their findings, and its links over time."""

from __future__ import annotations

from grafana_foundation_sdk.builders import bargauge, stat, table, timeseries
from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards import probes, rollups, uids, variables, words
from dashboards.board import board
from dashboards.city_tables import READY_TEXTS, machine_link
from dashboards.fields import (
    Column,
    colour_cells,
    columns,
    dropped,
    hidden,
    merged,
    series_names,
    texts,
    thresholds,
    value,
)
from dashboards.panels import Query, bar_panel, mapping, stat_panel, steps, table_panel, time_panel
from dashboards.promql import MACHINE_INFO, in_scope, ward_metric
from dashboards.rollups import mean, recorded
from dashboards.targets import readiness, targets
from dashboards.text import Lang, Text
from dashboards.words import capitalised

TITLE = Text("wardwatch: Đơn vị", "wardwatch: Unit")
ABOUT = Text(
    "Một phường, xã, đặc khu: từng máy và các phát hiện theo tiêu chuẩn thiết bị; mất gói, độ "
    "trễ p95 và độ dao động trễ tới Trung tâm Dữ liệu chung và bốn hệ thống theo thời gian.",
    "One ward, commune or special zone: each machine and its findings against the equipment "
    "standard; loss, p95 round-trip time and jitter to the data centre and the four tools.",
)
UP_TEXTS = ((0, words.DOWN, "red"), (1, words.UP, "green"))
MEETS_TEXTS = ((0, words.BELOW, "orange"), (1, words.MEETS, "green"))
CLONE_TEXTS = ((0, words.NO, "green"), (1, words.YES, "orange"))


def target_names(lang: Lang) -> list[tuple[str, Text]]:
    """Return each target's probe name and its label, for legends."""
    return [(t.name, capitalised(t.label)) for t in targets()]


def ready(lang: Lang) -> stat.Panel:
    """Whether the unit is ready."""
    return stat_panel(
        words.READY,
        Text("Đơn vị sẵn sàng khi đủ máy báo cáo, đủ máy đạt chuẩn và đủ máy tới được từng hệ "
             "thống.", "A unit is ready when enough machines report, meet the standard and "
             "reach each target."),
        [Query(ward_metric("wardwatch_ward_ready"), "", "instant")], lang,
    ).mappings(mapping(lang, *READY_TEXTS))  # fmt: skip


def counts(lang: Lang) -> stat.Panel:
    """The unit's machines: expected, reporting, below standard, silent."""
    return stat_panel(
        Text("Máy của đơn vị", "The unit's machines"),
        Text("Theo danh mục; đang báo cáo; chưa đạt chuẩn; mất liên lạc (theo vai trò đã chọn).",
             "Expected; reporting; below standard; silent (of the selected roles)."),
        [Query(f"sum({ward_metric('wardwatch_ward_machines_expected')})",
               Text("Theo danh mục", "Expected"), "instant"),
         Query(f"sum({recorded(rollups.UP)})", words.UP, "instant"),
         Query(f"sum({recorded(rollups.BELOW_STANDARD)})", words.BELOW, "instant"),
         Query(f"sum({recorded(rollups.SILENT)})", words.DOWN, "instant")],
        lang,
    ).thresholds(steps("blue")).span(12)  # fmt: skip


def money_and_moves(lang: Lang) -> stat.Panel:
    """The unit's reinvestment estimate and its handovers."""
    return stat_panel(
        Text("Đầu tư lại và bàn giao", "Reinvestment and handovers"),
        Text("Dự toán đầu tư lại (triệu đồng); máy bàn giao đến và đi.",
             "Reinvestment estimate (million đồng); PCs handed over in and out."),
        [Query(f"sum({ward_metric('wardwatch_ward_reinvestment_estimate_vnd')}) / 1000000",
               words.MILLION_VND, "instant"),
         Query(f"sum({ward_metric('wardwatch_ward_handovers_in')})",
               Text("Bàn giao đến", "Handed over in"), "instant"),
         Query(f"sum({ward_metric('wardwatch_ward_handovers_out')})",
               Text("Bàn giao đi", "Handed over out"), "instant")],
        lang,
    ).thresholds(steps("purple")).span(8)  # fmt: skip


def readiness_by_target(lang: Lang) -> bargauge.Panel:
    """Share of the unit's machines ready for each target."""
    share = readiness().min_link_share_ratio
    panel = bar_panel(
        Text("Sẵn sàng theo hệ thống", "Readiness by target"),
        Text(f"Tỉ lệ máy tới được từng hệ thống trong ngưỡng của tiêu chuẩn; cần ít nhất "
             f"{share:.0%}.", f"Share of machines reaching each target within the standard's "
             f"limits; at least {share:.0%} needed."),
        [Query(ward_metric("wardwatch_ward_readiness_ratio"), "{{target}}", "instant")], lang,
    ).unit("percentunit").min(0).max(1).thresholds(steps("red", (share, "green")))  # fmt: skip
    return series_names(panel, lang, target_names(lang)).span(24).height(7)


def machines(lang: Lang) -> table.Panel:
    """Every machine of the unit with its state and findings."""
    labels = "agent_id, hostname, role, os, os_version, cpu_model"
    per_machine = [
        "wardwatch_machine_up", "wardwatch_machine_compliant",
        'wardwatch_machine_findings{class="hardware"}',
        'wardwatch_machine_findings{class="operational"}',
        "wardwatch_machine_clone_suspected", "wardwatch_machine_memory_total_bytes",
        "time() - wardwatch_machine_last_report_timestamp_seconds",
    ]  # fmt: skip
    queries = [Query(f"max by ({labels}) ({MACHINE_INFO})", kind="table")]
    queries += [Query(f"max by (agent_id) ({in_scope(e)})", kind="table") for e in per_machine]
    shown = [
        Column("hostname", words.HOSTNAME, config=(machine_link(lang),)),
        Column("role", words.ROLE), Column("os", Text("Hệ điều hành", "OS")),
        Column("os_version", Text("Phiên bản", "Version")), Column("cpu_model", Text("CPU", "CPU")),
        Column(value("B"), Text("Trạng thái", "State"),
               config=(colour_cells(), texts(lang, *UP_TEXTS))),
        Column(value("C"), Text("Tiêu chuẩn", "Standard"),
               config=(colour_cells(), texts(lang, *MEETS_TEXTS))),
        Column(value("D"), Text("Phát hiện phần cứng", "Hardware findings"),
               config=(colour_cells(), thresholds("green", (1, "orange")))),
        Column(value("E"), Text("Phát hiện vận hành", "Operational findings"),
               config=(colour_cells(), thresholds("green", (1, "orange")))),
        Column(value("F"), Text("Nghi nhân bản", "Suspected clone"),
               config=(texts(lang, *CLONE_TEXTS),)),
        Column(value("G"), Text("RAM", "Memory"), "bytes"),
        Column(value("H"), Text("Báo cáo gần nhất", "Last report"), "s"),
    ]  # fmt: skip
    panel = table_panel(
        Text("Các máy và phát hiện", "Machines and their findings"),
        Text("Mỗi dòng một máy: trạng thái báo cáo, đạt chuẩn hay không, số phát hiện phần cứng "
             "(cần đầu tư) và vận hành (cần xử lý); bấm tên máy để xem chi tiết.",
             "One row per machine: reporting or silent, up to standard or not, hardware "
             "findings (need money) and operational ones (need action); open a host name for "
             "its details."),
        queries, lang,
    ).with_transformation(merged()).with_transformation(dropped())  # fmt: skip
    return hidden(columns(panel, lang, shown), "agent_id").height(12)


def measure_over_time(measure: probes.Measure, lang: Lang) -> timeseries.Panel:
    """One link measure of the unit's machines by target, over time."""
    panel = time_panel(
        Text(f"{measure.title.vi} theo hệ thống", f"{measure.title.en} by target"),
        Text("Trung bình trên các máy của đơn vị (vai trò đã chọn), theo hệ thống.",
             "Mean over the unit's machines (of the selected roles), by target."),
        [Query(mean(measure.total, measure.samples), "{{target}}")], lang,
    ).unit(measure.unit).min(0)  # fmt: skip
    return series_names(panel, lang, target_names(lang)).span(8)


def build(lang: Lang) -> Dashboard:
    """Return the unit detail in `lang`."""
    dashboard = (
        board(uids.UNIT, TITLE, ABOUT, lang)
        .with_variable(variables.datasource(lang))
        .with_variable(variables.unit(lang, many=False))
        .with_variable(variables.role(lang))
        .with_panel(ready(lang))
        .with_panel(counts(lang))
        .with_panel(money_and_moves(lang))
        .with_panel(readiness_by_target(lang))
        .with_panel(machines(lang))
        .with_row(Row(Text("Đường truyền theo thời gian", "Links over time").in_(lang)))
    )
    for measure in probes.MEASURES:
        dashboard = dashboard.with_panel(measure_over_time(measure, lang))
    return dashboard
