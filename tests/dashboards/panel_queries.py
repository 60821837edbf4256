"""Every query of the generated dashboards, and Grafana's variables substituted into them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GENERATED = Path(__file__).resolve().parents[2] / "dashboards"
# What Grafana puts for its own variables; longest names first ($__range_s before $__range).
BUILT_IN = ("$__rate_interval", "$__interval", "$__range")


@dataclass(frozen=True)
class PanelQuery:
    """One target of one panel of a dashboard file."""

    dashboard: str
    panel: str
    ref_id: str
    expr: str
    instant: bool

    @property
    def name(self) -> str:
        return f"{self.dashboard}/{self.panel}/{self.ref_id}"


def dashboards(lang: str) -> dict[str, dict[str, Any]]:
    """Return the generated dashboards of `lang` by file name."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((GENERATED / lang).glob("*.json"))}  # fmt: skip


def panels(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield every panel of a dashboard, those inside rows included (not the rows)."""
    for panel in doc.get("panels", []):
        if panel["type"] == "row":
            yield from panel.get("panels", [])
        else:
            yield panel


def queries(lang: str = "vi") -> list[PanelQuery]:
    """Return every panel query of every generated dashboard of `lang`."""
    return [
        PanelQuery(name, panel["title"], t["refId"], t["expr"], bool(t.get("instant")))
        for name, doc in dashboards(lang).items()
        for panel in panels(doc)
        for t in panel.get("targets", [])
    ]


def substitute(expr: str, values: Mapping[str, str]) -> str:
    """Put `values` (by variable name, built-ins included) in place of `$name` in `expr`."""
    for name in sorted(values, key=len, reverse=True):
        expr = expr.replace(f"${{{name}}}", values[name]).replace(f"${name}", values[name])
    assert "$" not in expr, f"a variable is left in {expr}"
    return expr


def choices(lines: list[str], regex: str) -> list[tuple[str, str]]:
    """Return the (text, value) pairs a query variable's `regex` takes from its result lines,
    sorted by text as the variables sort (alphabetical, case-insensitive)."""
    pattern = re.compile(regex.strip("/").replace("(?<", "(?P<"))
    found = [m for m in map(pattern.search, lines) if m]
    return sorted(((m["text"], m["value"]) for m in found), key=lambda tv: tv[0].casefold())


def result_lines(series: list[dict[str, Any]]) -> list[str]:
    """Format an instant query's series as Grafana's query_result() does for a variable."""
    lines = []
    for s in series:
        labels = dict(s["metric"])
        name = labels.pop("__name__", "")
        pairs = ",".join(f'{k}="{v}"' for k, v in labels.items())
        lines.append(f"{name}{{{pairs}}} {s['value'][1]} {int(float(s['value'][0]) * 1000)}")
    return lines
