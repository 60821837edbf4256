"""Panel builders every dashboard shares: each kind of panel with wardwatch's defaults.

Every panel reads the dashboard's `datasource` variable; titles, descriptions and legends
are `Text`, written in the dashboard's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple, TypeVar

from grafana_foundation_sdk.builders import bargauge, stat, statushistory, table, timeseries
from grafana_foundation_sdk.builders.common import ReduceDataOptions, VizLegendOptions
from grafana_foundation_sdk.builders.dashboard import ThresholdsConfig
from grafana_foundation_sdk.builders.prometheus import Dataquery
from grafana_foundation_sdk.models.common import (
    BarGaugeDisplayMode,
    BigValueColorMode,
    BigValueGraphMode,
    LegendDisplayMode,
    LegendPlacement,
    TableAutoCellOptions,
    VisibilityMode,
    VizOrientation,
)
from grafana_foundation_sdk.models.dashboard import (
    DataSourceRef,
    DataTransformerConfig,
    Threshold,
    ThresholdsMode,
    ValueMap,
    ValueMapping,
    ValueMappingResult,
)
from grafana_foundation_sdk.models.prometheus import PromQueryFormat

from dashboards.text import Lang, Text

DATASOURCE = DataSourceRef(type_val="prometheus", uid="${datasource}")
REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
Kind = Literal["range", "instant", "table"]
P = TypeVar("P", stat.Panel, timeseries.Panel, table.Panel, bargauge.Panel, statushistory.Panel)


class Query(NamedTuple):
    """One PromQL query of a panel: a time series (range), the latest value, or table rows."""

    expr: str
    legend: Text | str = ""  # a Text, or a label template such as "{{target}}"
    kind: Kind = "range"


def target(query: Query, ref_id: str, lang: Lang) -> Dataquery:
    """Build the Prometheus query `query` as target `ref_id` of a panel."""
    built = Dataquery().expr(query.expr).ref_id(ref_id)
    legend = query.legend.in_(lang) if isinstance(query.legend, Text) else query.legend
    if legend:
        built = built.legend_format(legend)
    if query.kind == "range":
        return built.range()
    built = built.instant()
    return built.format(PromQueryFormat.TABLE) if query.kind == "table" else built


def common(panel: P, title: Text, help_text: Text, queries: Sequence[Query], lang: Lang) -> P:
    """Give `panel` its title, description, the datasource variable and its queries."""
    panel = panel.title(title.in_(lang)).description(help_text.in_(lang)).datasource(DATASOURCE)
    for ref_id, query in zip(REF_IDS, queries, strict=False):
        panel = panel.with_target(target(query, ref_id, lang))
    return panel


def steps(base: str, *above: tuple[float, str]) -> ThresholdsConfig:
    """Return absolute thresholds: `base` colour, then each (value, colour) from that value."""
    return (
        ThresholdsConfig()
        .mode(ThresholdsMode.ABSOLUTE)
        .steps(
            [Threshold(value=None, color=base), *(Threshold(value=v, color=c) for v, c in above)]
        )
    )


def mapping(lang: Lang, *values: tuple[int, Text, str]) -> list[ValueMapping]:
    """Map each (number, text, colour) to its text in `lang`, shown in that colour."""
    options = {str(n): ValueMappingResult(text=t.in_(lang), color=c, index=i)
               for i, (n, t, c) in enumerate(values)}  # fmt: skip
    return [ValueMap(options=options)]


def stat_panel(title: Text, help_text: Text, queries: Sequence[Query], lang: Lang) -> stat.Panel:
    """Return a stat showing each query's latest value, coloured by its thresholds."""
    reduce = ReduceDataOptions().calcs(["lastNotNull"]).values(False)
    panel = stat.Panel().reduce_options(reduce).color_mode(BigValueColorMode.VALUE)
    panel = panel.graph_mode(BigValueGraphMode.NONE).orientation(VizOrientation.AUTO)
    return common(panel, title, help_text, queries, lang).span(4).height(4)


def time_panel(
    title: Text, help_text: Text, queries: Sequence[Query], lang: Lang
) -> timeseries.Panel:
    """Return a time series with its legend as a table below, last and max values."""
    legend = VizLegendOptions().display_mode(LegendDisplayMode.TABLE)
    legend = (
        legend.placement(LegendPlacement.BOTTOM).show_legend(True).calcs(["lastNotNull", "max"])
    )
    panel = timeseries.Panel().legend(legend).fill_opacity(10).line_width(1)
    return common(panel, title, help_text, queries, lang).span(12).height(8)


def table_panel(title: Text, help_text: Text, queries: Sequence[Query], lang: Lang) -> table.Panel:
    """Return a table of its queries' rows, filterable by column."""
    panel = table.Panel().filterable(True).show_header(True).cell_options(TableAutoCellOptions())
    return common(panel, title, help_text, queries, lang).span(24).height(10)


def bar_panel(title: Text, help_text: Text, queries: Sequence[Query], lang: Lang) -> bargauge.Panel:
    """Return horizontal bars, one a series, each with its latest value."""
    reduce = ReduceDataOptions().calcs(["lastNotNull"]).values(False)
    panel = bargauge.Panel().reduce_options(reduce).orientation(VizOrientation.HORIZONTAL)
    panel = panel.display_mode(BarGaugeDisplayMode.GRADIENT).show_unfilled(True)
    return common(panel, title, help_text, queries, lang).span(12).height(10)


def history_panel(
    title: Text, help_text: Text, queries: Sequence[Query], lang: Lang
) -> statushistory.Panel:
    """Return a status history: one row a series, each cell coloured by its thresholds."""
    panel = statushistory.Panel().show_value(VisibilityMode.NEVER).row_height(0.9).col_width(0.9)
    return common(panel, title, help_text, queries, lang).span(24).height(12)


def transform(id_val: str, **options: object) -> DataTransformerConfig:
    """Return the Grafana transformation `id_val` with `options`."""
    return DataTransformerConfig(id_val=id_val, options=options)
