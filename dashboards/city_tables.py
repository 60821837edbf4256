"""The city overview's tables: the readiness grid, one row per unit, and the lists to act on."""

from __future__ import annotations

from grafana_foundation_sdk.builders import table

from dashboards import rollups, uids, words
from dashboards.fields import (
    Column,
    colour_cells,
    columns,
    dropped,
    hidden,
    link,
    merged,
    texts,
    thresholds,
    value,
)
from dashboards.panels import REF_IDS, Query, table_panel
from dashboards.promql import ward_metric, with_ward_name
from dashboards.rollups import per_ward, recorded
from dashboards.targets import readiness, targets
from dashboards.text import Lang, Text
from dashboards.words import capitalised

MILLION = 1_000_000
OPEN_UNIT = Text("Xem đơn vị", "Open the unit")
OPEN_MACHINE = Text("Xem máy", "Open the machine")
HANDED_IN = Text("Bàn giao đến", "Handed over in")
HANDED_OUT = Text("Bàn giao đi", "Handed over out")
READY_TEXTS = ((0, words.NOT_READY, "red"), (1, words.READY, "green"))


def by_unit(expr: str) -> str:
    """Return `expr` as one row per unit: ward code and name, no other label."""
    return f"max by (ward, ward_name) ({with_ward_name(expr)})"


def unit_link(lang: Lang) -> tuple[str, object]:
    """Return the setting that links a unit's name to its unit dashboard."""
    return link(OPEN_UNIT, uids.drilldown(uids.UNIT, lang, unit="ward"), lang)


def readiness_grid(lang: Lang) -> table.Panel:
    """Units by the data centre and the four tools: the share of machines ready for each."""
    share = readiness().min_link_share_ratio
    per_target = [ward_metric("wardwatch_ward_readiness_ratio", f'target="{t.name}"')
                  for t in targets()]  # fmt: skip
    queries = [Query(by_unit(ward_metric("wardwatch_ward_ready")), kind="table")]
    queries += [Query(by_unit(expr), kind="table") for expr in per_target]
    cells = (colour_cells(), thresholds("red", (share, "green")))
    shown = [
        Column("ward_name", words.WARD_NAME, config=(unit_link(lang),)),
        Column(value("A"), words.READY, config=(colour_cells(), texts(lang, *READY_TEXTS))),
    ]
    shown += [Column(value(ref), capitalised(t.label), "percentunit", cells)
              for ref, t in zip(REF_IDS[1:], targets(), strict=False)]  # fmt: skip
    panel = table_panel(
        Text("Lưới sẵn sàng: đơn vị × hệ thống", "Readiness grid: unit × target"),
        Text(f"Tỉ lệ máy của đơn vị tới được Trung tâm Dữ liệu chung và từng hệ thống trong "
             f"ngưỡng của tiêu chuẩn; đỏ: dưới {share:.0%}.", "Share of the unit's machines "
             f"reaching the common data centre and each tool within the standard's limits; "
             f"red: below {share:.0%}."),
        queries, lang,
    ).with_transformation(merged()).with_transformation(dropped())  # fmt: skip
    return hidden(columns(panel, lang, shown), "ward").height(14)


def units(lang: Lang) -> table.Panel:
    """One row per unit: readiness, machines, findings, money and handovers."""
    money = f"suffix: {words.MILLION_VND.in_(lang)}"
    cost = f"{ward_metric('wardwatch_ward_reinvestment_estimate_vnd')} / {MILLION}"
    queries: list[tuple[str, Text, str | None]] = [
        (ward_metric("wardwatch_ward_ready"), words.READY, None),
        (ward_metric("wardwatch_ward_machines_expected"), Text("Theo danh mục", "Expected"), None),
        (ward_metric("wardwatch_ward_machines_reporting"), words.UP, None),
        (per_ward(rollups.BELOW_STANDARD), words.BELOW, None),
        (per_ward(rollups.SILENT), words.DOWN, None),
        (ward_metric("wardwatch_ward_machines_unknown"),
         Text("Ngoài danh mục", "Not in the inventory"), None),
        (per_ward(rollups.CLONES), Text("Nghi nhân bản", "Suspected clones"), None),
        (cost, words.MILLION_VND, money),
        (ward_metric("wardwatch_ward_handovers_in"), HANDED_IN, None),
        (ward_metric("wardwatch_ward_handovers_out"), HANDED_OUT, None),
    ]  # fmt: skip
    shown = [
        Column("ward_name", words.WARD_NAME, config=(unit_link(lang),)),
        Column(value("A"), words.READY, config=(colour_cells(), texts(lang, *READY_TEXTS))),
    ]
    rest = zip(REF_IDS[1:], queries[1:], strict=False)
    shown += [Column(value(ref), header, unit) for ref, (_, header, unit) in rest]
    panel = table_panel(
        Text("Các đơn vị", "Units"),
        Text("Mỗi dòng một đơn vị: sẵn sàng, số máy, máy chưa đạt chuẩn, mất liên lạc, nghi "
             "nhân bản, dự toán đầu tư lại (triệu đồng), máy bàn giao đến và đi.",
             "One row per unit: readiness, machines, below standard, silent, suspected clones, "
             "reinvestment estimate (million đồng), PCs handed over in and out."),
        [Query(by_unit(expr), kind="table") for expr, _, _ in queries], lang,
    ).with_transformation(merged()).with_transformation(dropped())  # fmt: skip
    return hidden(columns(panel, lang, shown), "ward").height(14)


def silent_machines(lang: Lang) -> table.Panel:
    """Machines whose agent stopped reporting, longest silent first."""
    age = f"time() - {recorded(rollups.SILENT_MACHINES)}"
    shown = [Column("hostname", words.HOSTNAME, config=(machine_link(lang),)),
             Column("ward_name", words.WARD_NAME, config=(unit_link(lang),)),
             Column("role", words.ROLE),
             Column("Value", Text("Im lặng từ", "Silent for"), "s")]  # fmt: skip
    panel = table_panel(
        Text("Agent mất liên lạc", "Silent agents"),
        Text("Máy đã từng báo cáo nhưng quá hạn không gửi báo cáo mới, lâu nhất trước.",
             "Machines that reported before but are past their deadline, longest first."),
        [Query(f"sort_desc({with_ward_name(age)})", kind="table")], lang,
    ).with_transformation(dropped())  # fmt: skip
    return hidden(columns(panel, lang, shown), "ward", "agent_id").span(12).height(10)


def cloned_machines(lang: Lang) -> table.Panel:
    """Machines whose identity looks cloned."""
    shown = [Column("hostname", words.HOSTNAME, config=(machine_link(lang),)),
             Column("ward_name", words.WARD_NAME, config=(unit_link(lang),)),
             Column("agent_id", words.AGENT_ID)]  # fmt: skip
    panel = table_panel(
        Text("Máy nghi nhân bản", "Suspected clones"),
        Text("Máy có định danh trùng với máy khác (ổ đĩa nhân bản); TT Chuyển đổi số đối soát "
             "trong hàng chờ của collector.", "Machines whose identity matches another's (a "
             "cloned disk image); the DTC reconciles them in the collector's queue."),
        [Query(with_ward_name(recorded(rollups.CLONED_MACHINES)), kind="table")], lang,
    ).with_transformation(dropped("role", "Value"))  # fmt: skip
    return hidden(columns(panel, lang, shown), "ward").span(12).height(10)


def handovers(lang: Lang) -> table.Panel:
    """Units that handed PCs over or received them: in, out and the balance."""
    moved = f"({ward_metric('wardwatch_ward_handovers_in')} + wardwatch_ward_handovers_out) > 0"
    inward = f"wardwatch_ward_handovers_in and on (ward) ({moved})"
    outward = f"wardwatch_ward_handovers_out and on (ward) ({moved})"
    balance = f"wardwatch_ward_handovers_in - wardwatch_ward_handovers_out and on (ward) ({moved})"
    shown = [Column("ward_name", words.WARD_NAME, config=(unit_link(lang),)),
             Column(value("A"), HANDED_IN), Column(value("B"), HANDED_OUT),
             Column(value("C"), Text("Chênh lệch", "Balance"))]  # fmt: skip
    panel = table_panel(
        Text("Máy bàn giao giữa các đơn vị", "PCs handed over between units"),
        Text("Số máy chuyển đến và chuyển đi của từng đơn vị theo các lần bàn giao đã ghi "
             "nhận (có bằng chứng), để hai đơn vị đối chiếu tổng số máy.", "PCs moved into and "
             "out of each unit by the recorded handovers (with evidence), for the old and the "
             "new unit to agree on the count."),
        [Query(by_unit(e), kind="table") for e in (inward, outward, balance)], lang,
    ).with_transformation(merged()).with_transformation(dropped())  # fmt: skip
    return hidden(columns(panel, lang, shown), "ward").span(24).height(8)


def machine_link(lang: Lang) -> tuple[str, object]:
    """Return the setting that links a machine's host name to its machine dashboard."""
    url = uids.drilldown(uids.MACHINE, lang, unit="ward", machine="agent_id")
    return link(OPEN_MACHINE, url, lang)
