"""Link heatmap: every unit by the data centre and the four tools, coloured by the standard."""

from __future__ import annotations

from grafana_foundation_sdk.builders import statushistory, table
from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards import probes, uids, variables, words
from dashboards.board import board
from dashboards.city_tables import by_unit, unit_link
from dashboards.fields import (
    Column,
    colour_cells,
    columns,
    dropped,
    hidden,
    merged,
    thresholds,
    value,
)
from dashboards.panels import REF_IDS, Query, history_panel, steps, table_panel
from dashboards.promql import with_ward_name
from dashboards.rollups import mean
from dashboards.targets import Target, readiness, targets
from dashboards.text import Lang, Text
from dashboards.words import capitalised

TITLE = Text("wardwatch: Bản đồ nhiệt đường truyền", "wardwatch: Link heatmap")
ABOUT = Text(
    "Mỗi dòng một đơn vị, mỗi cột một hệ thống: tỉ lệ máy tới được, mất gói, độ trễ p95 và độ "
    "dao động trễ trung bình; màu đổi ở ngưỡng của tiêu chuẩn thiết bị.",
    "One row per unit, one column per target: the share of machines reaching it, mean loss, "
    "p95 round-trip time and jitter; colours turn at the equipment standard's limits.",
)


def per_unit(measure: probes.Measure, target: Target) -> str:
    """Return the mean of `measure` to `target` over each selected unit's machines."""
    return mean(measure.total, measure.samples, f'target="{target.name}"', by="ward")


def colours(measure: probes.Measure, target: Target) -> tuple[str, object]:
    """Return the cell colours of `measure` to `target`: red beyond the standard's limit."""
    if measure.limit is None:  # a share of machines: red below the readiness share
        return thresholds("red", (readiness().min_link_share_ratio, "green"))
    return thresholds("green", (measure.limit(target), "red"))


def grid(measure: probes.Measure, lang: Lang) -> table.Panel:
    """Units by targets: `measure` of each unit's machines, coloured by the standard."""
    shown = [Column("ward_name", words.WARD_NAME, config=(unit_link(lang),))]
    shown += [Column(value(ref), capitalised(t.label), measure.unit,
                     (colour_cells(), colours(measure, t)))
              for ref, t in zip(REF_IDS, targets(), strict=False)]  # fmt: skip
    panel = table_panel(
        Text(f"{measure.title.vi}: đơn vị × hệ thống", f"{measure.title.en}: unit × target"),
        Text("Trung bình trên các máy của đơn vị (vai trò đã chọn); màu đổi ở ngưỡng của "
             "tiêu chuẩn cho từng hệ thống.", "Mean over the unit's machines (of the selected "
             "roles); colours turn at the standard's limit for each target."),
        [Query(by_unit(per_unit(measure, t)), kind="table") for t in targets()], lang,
    ).with_transformation(merged()).with_transformation(dropped())  # fmt: skip
    return hidden(columns(panel, lang, shown), "ward").span(12).height(16)


def history(target: Target, lang: Lang) -> statushistory.Panel:
    """Each unit's mean loss to `target` over time."""
    measure = probes.LOSS
    label = capitalised(target.label)
    return history_panel(
        Text(f"Mất gói tới {target.label.vi} theo thời gian", f"Loss to the {target.label.en} "
             "over time"),
        Text(f"Mất gói trung bình của từng đơn vị tới {label.vi}; đỏ: trên ngưỡng "
             f"{target.max_loss_ratio:.0%}.", f"Each unit's mean loss to the {target.label.en}; "
             f"red: above the {target.max_loss_ratio:.0%} limit."),
        [Query(with_ward_name(per_unit(measure, target)), "{{ward_name}}")], lang,
    ).unit("percentunit").thresholds(steps("green", (target.max_loss_ratio, "red")))  # fmt: skip


def build(lang: Lang) -> Dashboard:
    """Return the link heatmap in `lang`."""
    over_time = Row(Text("Mất gói theo thời gian", "Loss over time").in_(lang)).collapsed(True)
    for target in targets():
        over_time = over_time.with_panel(history(target, lang))
    dashboard = (
        board(uids.LINKS, TITLE, ABOUT, lang)
        .with_variable(variables.datasource(lang))
        .with_variable(variables.unit(lang, many=True))
        .with_variable(variables.role(lang))
    )
    for measure in (probes.REACHED, *probes.MEASURES):
        dashboard = dashboard.with_panel(grid(measure, lang))
    return dashboard.with_row(over_time)
