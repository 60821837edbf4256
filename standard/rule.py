"""What every rule receives and the constructors of the findings it returns.

A rule is a pure function `rule(report, context) -> Iterable[Finding]`: it reads one report
(a validated dict, as decoded from JSON: objects are dicts) and the context, never a clock,
a file or a global.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from standard.finding import Finding, Severity
from standard.model import RoleStandard, Standard
from standard.wording import Text


@dataclass(frozen=True)
class Context:
    """The standard, the machine's role and the moments a report is judged at."""

    standard: Standard
    role: str
    today: date  # the collector's date, for machine age and end of support
    received_at: datetime | None  # collector receive time (aware); None: replayed, no clock rule
    # target -> share of successful probe cycles over the link's window (collector history)
    availability: Mapping[str, float] = field(default_factory=dict)

    @property
    def role_standard(self) -> RoleStandard:
        """Return the requirements of this machine's role."""
        return self.standard.roles[self.role]


Report = Mapping[str, Any]
Rule = Callable[[Report, Context], Iterable[Finding]]


def hardware(
    rule: str, measured: Any, required: Any, text: Text, cost_vnd: int, severity: Severity
) -> Finding:
    """Build a finding that needs money: `cost_vnd` is the estimated remedy."""
    return Finding(rule, "hardware", severity, measured, required, text.vi, text.en, None, cost_vnd)


def operational(
    rule: str,
    measured: Any,
    required: Any,
    text: Text,
    severity: Severity = "warning",
    target: str | None = None,
) -> Finding:
    """Build a finding that needs action, not money."""
    return Finding(rule, "operational", severity, measured, required, text.vi, text.en, target)


def fact_missing(fact: str) -> Finding:
    """Build the info finding for a fact the agent did not report (a null collector)."""
    text = Text(
        f"Không thu thập được dữ liệu {fact}; chưa kiểm tra được quy tắc liên quan",
        f"Fact {fact} was not collected; the rules that need it were not checked",
    )
    return operational("fact_missing", None, fact, text, severity="info")


def section(report: Report, path: str) -> Mapping[str, Any] | None:
    """Return the object at dotted `path` ("hardware.cpu"), or None when it is null."""
    node: Any = report
    for key in _keys(path):
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


@functools.cache
def _keys(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))
