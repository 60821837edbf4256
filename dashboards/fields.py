"""Per-field settings of tables and charts: column names, units, colours, links, hiding.

Tables merge instant queries into one row per unit or machine; a query's value column is
`Value #<refId>` (`Value` when the table has one query), the labels are columns too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from grafana_foundation_sdk.models.dashboard import DataTransformerConfig, DynamicConfigValue

from dashboards.panels import P, transform
from dashboards.text import Lang, Text

NOISE = ("Time", "__name__", "instance", "job")  # columns every Prometheus table carries


class Column(NamedTuple):
    """How one column of a table shows: header, unit, colours and value texts."""

    field: str  # the field's name: a label, or "Value #A"
    header: Text
    unit: str | None = None
    config: tuple[tuple[str, object], ...] = ()  # further (property id, value) pairs


def value(ref_id: str) -> str:
    """Return the name of query `ref_id`'s value column in a merged table."""
    return f"Value #{ref_id}"


def columns(panel: P, lang: Lang, shown: Sequence[Column]) -> P:
    """Name each of `shown` in `lang` and give it its unit and further settings."""
    for column in shown:
        props = [DynamicConfigValue(id_val="displayName", value=column.header.in_(lang))]
        if column.unit:
            props.append(DynamicConfigValue(id_val="unit", value=column.unit))
        props += [DynamicConfigValue(id_val=key, value=v) for key, v in column.config]
        panel = panel.override_by_name(column.field, props)
    return panel


def dropped(*fields: str) -> DataTransformerConfig:
    """Return the transformation that drops `fields` and Prometheus' own columns."""
    return transform("organize", excludeByName=dict.fromkeys((*NOISE, *fields), True))


def hidden(panel: P, *fields: str) -> P:
    """Hide `fields` from the table while keeping them for links (`${__data.fields.X}`)."""
    for field in fields:
        panel = panel.override_by_name(
            field, [DynamicConfigValue(id_val="custom.hidden", value=True)]
        )
    return panel


def ordered(fields: Sequence[str]) -> DataTransformerConfig:
    """Return the transformation that puts `fields` first, in that order."""
    return transform("organize", indexByName={name: i for i, name in enumerate(fields)})


def merged() -> DataTransformerConfig:
    """Return the transformation that joins every query's rows on their common labels."""
    return transform("merge")


def link(title: Text, url: str, lang: Lang) -> tuple[str, object]:
    """Return the setting that makes a column's cells links to `url`."""
    return ("links", [{"title": title.in_(lang), "url": url}])


def colour_cells() -> tuple[str, object]:
    """Return the setting that colours a column's cells by its thresholds."""
    return ("custom.cellOptions", {"type": "color-background", "mode": "basic"})


def thresholds(base: str, *above: tuple[float, str]) -> tuple[str, object]:
    """Return the setting of a column's thresholds: `base`, then (value, colour) pairs."""
    steps = [{"color": base, "value": None}, *({"color": c, "value": v} for v, c in above)]
    return ("thresholds", {"mode": "absolute", "steps": steps})


def texts(lang: Lang, *values: tuple[int, Text, str]) -> tuple[str, object]:
    """Return the setting that shows each (number, text, colour) of a column as its text."""
    options = {str(n): {"text": t.in_(lang), "color": c, "index": i}
               for i, (n, t, c) in enumerate(values)}  # fmt: skip
    return ("mappings", [{"type": "value", "options": options}])


def series_names(panel: P, lang: Lang, names: Sequence[tuple[str, Text]]) -> P:
    """Show each series whose legend is the first of a pair under the second, in `lang`."""
    for legend, text in names:
        panel = panel.override_by_name(
            legend, [DynamicConfigValue(id_val="displayName", value=text.in_(lang))]
        )
    return panel


def series_units(panel: P, lang: Lang, units: Sequence[tuple[Text | str, str]]) -> P:
    """Give each series named by the first of a pair (its legend) the unit second."""
    for legend, unit in units:
        name = legend.in_(lang) if isinstance(legend, Text) else legend
        panel = panel.override_by_name(name, [DynamicConfigValue(id_val="unit", value=unit)])
    return panel
