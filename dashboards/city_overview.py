"""City overview: which of the city's units are ready, and what holds the others back."""

from __future__ import annotations

from grafana_foundation_sdk.builders import bargauge, stat, timeseries
from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards import city_tables, rollups, uids, variables, words
from dashboards.board import board
from dashboards.fields import series_names
from dashboards.panels import P, Query, bar_panel, stat_panel, steps, time_panel
from dashboards.promql import ward_metric, with_ward_name
from dashboards.rollups import per_ward, recorded
from dashboards.targets import targets
from dashboards.text import Lang, Text
from dashboards.words import capitalised

TITLE = Text("wardwatch: Toàn thành phố", "wardwatch: City overview")
ABOUT = Text(
    "Các phường, xã, đặc khu đã sẵn sàng hay chưa: thiết bị đạt chuẩn, đường truyền tới Trung "
    "tâm Dữ liệu chung và bốn hệ thống, agent đang báo cáo; máy chưa đạt chuẩn, dự toán đầu tư "
    "lại, agent mất liên lạc, máy nghi nhân bản và máy bàn giao giữa các đơn vị.",
    "Which wards, communes and the special zone are ready: equipment up to standard, links to "
    "the common data centre and the four tools, agents reporting; machines below standard, "
    "the reinvestment estimate, silent agents, suspected clones and PCs handed over.",
)
TOP = 15  # bars per chart: the units that need attention first
MILLION = 1_000_000  # đồng in a million: money shows in million đồng


def money(panel: P, lang: Lang) -> P:
    """Show `panel`'s values as million đồng."""
    unit = f"suffix: {words.MILLION_VND.in_(lang)}"
    return panel.unit(unit).decimals(1).thresholds(steps("purple"))


def units_ready(lang: Lang) -> stat.Panel:
    """Units ready, beside the number of units."""
    return stat_panel(
        Text("Đơn vị sẵn sàng", "Units ready"),
        Text("Số đơn vị sẵn sàng (thiết bị, đường truyền, agent) trên tổng số đơn vị.",
             "Units ready (equipment, links, agents) out of all units."),
        [Query(f"sum({ward_metric('wardwatch_ward_ready')})", words.READY, "instant"),
         Query(f"count({ward_metric('wardwatch_ward_info')})",
               Text("Tổng số đơn vị", "Units"), "instant")],
        lang,
    ).thresholds(steps("blue"))  # fmt: skip


def machines_reporting(lang: Lang) -> stat.Panel:
    """Machines reporting, beside the machines the inventory expects."""
    return stat_panel(
        Text("Máy đang báo cáo", "Machines reporting"),
        Text("Máy gửi báo cáo trong thời hạn, trên số máy theo danh mục tài sản.",
             "Machines reporting in time, out of the machines the inventory expects."),
        [Query(f"sum({ward_metric('wardwatch_ward_machines_reporting')})", words.UP, "instant"),
         Query(f"sum({ward_metric('wardwatch_ward_machines_expected')})",
               Text("Theo danh mục", "Expected"), "instant")],
        lang,
    ).thresholds(steps("blue"))  # fmt: skip


def below_standard(lang: Lang) -> stat.Panel:
    """Reporting machines below the equipment standard."""
    return stat_panel(
        Text("Máy chưa đạt chuẩn", "Machines below standard"),
        Text("Máy đang báo cáo có phát hiện mức cảnh báo hoặc nghiêm trọng theo tiêu chuẩn "
             "thiết bị.", "Reporting machines with a warning or critical finding against the "
             "equipment standard."),
        [Query(f"sum({recorded(rollups.BELOW_STANDARD)})", words.BELOW, "instant")],
        lang,
    ).thresholds(steps("green", (1, "orange")))  # fmt: skip


def silent_agents(lang: Lang) -> stat.Panel:
    """Agents that stopped reporting, and expected machines not reporting."""
    return stat_panel(
        Text("Agent mất liên lạc", "Silent agents"),
        Text("Agent quá hạn không gửi báo cáo; máy có trong danh mục nhưng không báo cáo.",
             "Agents past their reporting deadline; inventory machines not reporting."),
        [Query(f"sum({recorded(rollups.SILENT)})", words.DOWN, "instant"),
         Query(f"sum({ward_metric('wardwatch_ward_machines_silent')})",
               Text("Trong danh mục, chưa báo cáo", "In the inventory, not reporting"),
               "instant")],
        lang,
    ).thresholds(steps("green", (1, "red")))  # fmt: skip


def clones(lang: Lang) -> stat.Panel:
    """Machines whose identity looks cloned."""
    return stat_panel(
        Text("Máy nghi nhân bản", "Suspected clones"),
        Text("Máy có định danh trùng với máy khác (ổ đĩa nhân bản), chờ TT Chuyển đổi số đối "
             "soát.", "Machines whose identity matches another's (a cloned disk image), "
             "waiting for the DTC to reconcile."),
        [Query(f"sum({recorded(rollups.CLONES)})", Text("Nghi nhân bản", "Suspected"), "instant")],
        lang,
    ).thresholds(steps("green", (1, "orange")))  # fmt: skip


def reinvestment(lang: Lang) -> stat.Panel:
    """The selected units' reinvestment estimate, in million đồng."""
    total = f"sum({ward_metric('wardwatch_ward_reinvestment_estimate_vnd')}) / {MILLION}"
    panel = stat_panel(
        Text("Dự toán đầu tư lại", "Reinvestment estimate"),
        Text("Chi phí ước tính để đưa thiết bị các đơn vị đã chọn lên chuẩn, triệu đồng.",
             "Estimated cost of bringing the selected units' equipment up to standard, "
             "million đồng."),
        [Query(total, words.MILLION_VND, "instant")],
        lang,
    )  # fmt: skip
    return money(panel, lang)


def below_standard_by_unit(lang: Lang) -> bargauge.Panel:
    """The units with the most machines below standard."""
    worst = f"topk({TOP}, {per_ward(rollups.BELOW_STANDARD)} > 0)"
    return bar_panel(
        Text(f"Máy chưa đạt chuẩn theo đơn vị ({TOP} đơn vị nhiều nhất)",
             f"Machines below standard by unit (the {TOP} with most)"),
        Text("Số máy đang báo cáo chưa đạt tiêu chuẩn thiết bị, theo đơn vị.",
             "Reporting machines below the equipment standard, by unit."),
        [Query(f"sort_desc({with_ward_name(worst)})", "{{ward_name}}", "instant")],
        lang,
    ).thresholds(steps("orange")).no_value(words.NONE.in_(lang))  # fmt: skip


def reinvestment_by_unit(lang: Lang) -> bargauge.Panel:
    """The units needing the most reinvestment, in million đồng."""
    costs = ward_metric("wardwatch_ward_reinvestment_estimate_vnd")
    worst = f"topk({TOP}, {costs} > 0) / {MILLION}"
    panel = bar_panel(
        Text(f"Dự toán đầu tư lại theo đơn vị ({TOP} đơn vị cao nhất)",
             f"Reinvestment estimate by unit (the {TOP} highest)"),
        Text("Chi phí ước tính đưa thiết bị của đơn vị lên chuẩn (thay máy, thêm RAM, SSD, "
             "card mạng, camera, micrô), triệu đồng.", "Estimated cost of bringing the unit's "
             "equipment up to standard (PCs, memory, SSDs, NICs, cameras, microphones), "
             "million đồng."),
        [Query(f"sort_desc({with_ward_name(worst)})", "{{ward_name}}", "instant")],
        lang,
    )  # fmt: skip
    return money(panel, lang).no_value(words.NONE.in_(lang))


def readiness_over_time(lang: Lang) -> timeseries.Panel:
    """Units ready, and machines reporting and below standard, over time."""
    return time_panel(
        Text("Sẵn sàng theo thời gian", "Readiness over time"),
        Text("Số đơn vị sẵn sàng; máy đang báo cáo, chưa đạt chuẩn, mất liên lạc.",
             "Units ready; machines reporting, below standard, silent."),
        [Query(f"sum({ward_metric('wardwatch_ward_ready')})", words.READY),
         Query(f"sum({recorded(rollups.UP)})", words.UP),
         Query(f"sum({recorded(rollups.BELOW_STANDARD)})", words.BELOW),
         Query(f"sum({recorded(rollups.SILENT)})", words.DOWN)],
        lang,
    )  # fmt: skip


def reach_over_time(lang: Lang) -> timeseries.Panel:
    """Share of machines whose latest probe of each target succeeded, over time."""
    share = (f"sum by (target) ({recorded(rollups.PROBE_SUCCESS)}) / "
             f"sum by (target) ({recorded(rollups.PROBES)})")  # fmt: skip
    panel = time_panel(
        Text("Máy tới được từng hệ thống", "Machines reaching each target"),
        Text("Tỉ lệ máy có lần đo gần nhất thành công, theo hệ thống.",
             "Share of machines whose latest probe succeeded, by target."),
        [Query(share, "{{target}}")],
        lang,
    ).unit("percentunit").min(0).max(1)  # fmt: skip
    return series_names(panel, lang, [(t.name, capitalised(t.label)) for t in targets()])


def findings_over_time(lang: Lang) -> timeseries.Panel:
    """Findings of the selected machines by class, over time."""
    return time_panel(
        Text("Phát hiện theo loại", "Findings by class"),
        Text("Phần cứng: cần đầu tư lại (tiền); vận hành: cần xử lý tại chỗ (việc).",
             "Hardware: needs reinvestment (money); operational: needs action on site (work)."),
        [Query(per_ward(rollups.FINDINGS, by="class"), "{{class}}")], lang,
    ).min(0).decimals(0).span(24)  # fmt: skip


def build(lang: Lang) -> Dashboard:
    """Return the city overview in `lang`."""
    return (
        board(uids.CITY, TITLE, ABOUT, lang)
        .with_variable(variables.datasource(lang))
        .with_variable(variables.unit(lang, many=True))
        .with_variable(variables.role(lang))
        .with_panel(units_ready(lang))
        .with_panel(machines_reporting(lang))
        .with_panel(below_standard(lang))
        .with_panel(silent_agents(lang))
        .with_panel(clones(lang))
        .with_panel(reinvestment(lang))
        .with_row(Row(Text("Mức sẵn sàng từng đơn vị", "Readiness by unit").in_(lang)))
        .with_panel(city_tables.readiness_grid(lang))
        .with_panel(city_tables.units(lang))
        .with_row(Row(Text("Cần xử lý", "Needs attention").in_(lang)))
        .with_panel(below_standard_by_unit(lang))
        .with_panel(reinvestment_by_unit(lang))
        .with_panel(city_tables.silent_machines(lang))
        .with_panel(city_tables.cloned_machines(lang))
        .with_panel(city_tables.handovers(lang))
        .with_row(Row(Text("Theo thời gian", "Over time").in_(lang)))
        .with_panel(readiness_over_time(lang))
        .with_panel(reach_over_time(lang))
        .with_panel(findings_over_time(lang))
    )
