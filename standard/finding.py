"""A finding: one way a machine falls short of the standard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FindingClass = Literal["hardware", "operational"]
Severity = Literal["critical", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One rule a machine breaks: `hardware` needs money, `operational` needs action."""

    rule: str
    finding_class: FindingClass
    severity: Severity
    measured: Any
    required: Any
    message_vi: str
    message_en: str
    target: str | None = None  # the link target for link rules, else None
    cost_vnd: int = 0  # estimated reinvestment cost; 0 for operational findings

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form stored and served by the API."""
        return {
            "rule": self.rule,
            "class": self.finding_class,
            "severity": self.severity,
            "measured": self.measured,
            "required": self.required,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "target": self.target,
            "cost_vnd": self.cost_vnd,
        }
