"""Recording rules: per ward and role rollups of the per-machine series, and the few
machines the city overview lists (silent, suspected clones) with their labels.

A city's overview joins every machine's series with `wardwatch_machine_info`; Prometheus
evaluates those joins once per rule interval instead of once per panel, step and viewer
(bench/dashboards/README.md has the figures). Each rollup keeps `ward` and `role`, so any
choice of units and roles sums its rollups exactly; means are kept as sum and count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboards.promql import SCOPE

GROUP = "wardwatch-ward-rollups"
INFO_LABELS = ("ward", "role")  # what the join brings; matchers on them select machines


def _selector(name: str, matchers: list[str]) -> str:
    return name + ("{" + ", ".join(matchers) + "}" if matchers else "")


@dataclass(frozen=True)
class Rollup:
    """One recording rule: `op` by ward, role and `extra` over `value` joined with the info."""

    record: str  # level:metric:operation (Prometheus' naming for recorded series)
    op: str  # sum or count
    value: str  # a per-machine expression; `{sel}` takes the matchers on `extra` labels
    extra: tuple[str, ...] = ()

    def expr(self, info: list[str] | None = None, value: list[str] | None = None) -> str:
        """Return the rule's expression; `info` matchers select machines by ward and role,
        `value` matchers select the value's series by its `extra` labels."""
        by = ", ".join((*INFO_LABELS, *self.extra))
        inner = self.value.format(sel=_selector("", value or []))
        machines = _selector("wardwatch_machine_info", info or [])
        return f"{self.op} by ({by}) ({inner} * on (agent_id) group_left (ward, role) {machines})"


@dataclass(frozen=True)
class Listing:
    """One recording rule: the machines `value` selects, with host name, ward and role."""

    record: str
    value: str  # a per-machine expression that keeps only the machines to list

    def expr(self, info: list[str] | None = None, value: list[str] | None = None) -> str:
        """Return the rule's expression; `info` matchers select machines by ward and role."""
        machines = _selector("wardwatch_machine_info", info or [])
        return f"{self.value} * on (agent_id) group_left (hostname, ward, role) {machines}"


def _probe(metric: str, op: str) -> Rollup:
    return Rollup(f"ward_role_target:{metric}:{op}", op, metric + "{sel}", ("target",))


UP = Rollup("ward_role:wardwatch_machine_up:sum", "sum", "wardwatch_machine_up")
SILENT = Rollup("ward_role:wardwatch_machine_silent:sum", "sum", "(1 - wardwatch_machine_up)")
BELOW_STANDARD = Rollup(
    "ward_role:wardwatch_machine_below_standard:sum",
    "sum",
    "((1 - wardwatch_machine_compliant) * wardwatch_machine_up)",  # reporting machines only
)
CLONES = Rollup(
    "ward_role:wardwatch_machine_clone_suspected:sum", "sum", "wardwatch_machine_clone_suspected"
)
FINDINGS = Rollup(
    "ward_role_class:wardwatch_machine_findings:sum", "sum", "wardwatch_machine_findings{sel}",
    ("class",),
)  # fmt: skip
PROBES = _probe("wardwatch_probe_success", "count")
PROBE_SUCCESS = _probe("wardwatch_probe_success", "sum")
LOSS = _probe("wardwatch_probe_loss_ratio", "sum")
RTT = _probe("wardwatch_probe_rtt_p95_seconds", "sum")
RTT_COUNT = _probe("wardwatch_probe_rtt_p95_seconds", "count")
JITTER = _probe("wardwatch_probe_jitter_seconds", "sum")
JITTER_COUNT = _probe("wardwatch_probe_jitter_seconds", "count")

SILENT_MACHINES = Listing(
    "agent:wardwatch_machine_last_report_timestamp_seconds:silent",
    "(wardwatch_machine_last_report_timestamp_seconds and on (agent_id) "
    "(wardwatch_machine_up == 0))",
)
CLONED_MACHINES = Listing(
    "agent:wardwatch_machine_clone_suspected:flagged", "(wardwatch_machine_clone_suspected == 1)"
)

ROLLUPS: tuple[Rollup | Listing, ...] = (
    UP, SILENT, BELOW_STANDARD, CLONES, FINDINGS, PROBES, PROBE_SUCCESS, LOSS, RTT,
    RTT_COUNT, JITTER, JITTER_COUNT, SILENT_MACHINES, CLONED_MACHINES,
)  # fmt: skip
BY_RECORD = {rollup.record: rollup for rollup in ROLLUPS}

_SELECTOR = re.compile(r"(?P<record>[a-z_]+:[a-z_]+:[a-z]+)(?:\{(?P<matchers>[^}]*)\})?")
_MATCHER = re.compile(r'\s*(?P<label>[a-z_]+)\s*(?P<op>=~|!~|!=|=)\s*(?P<value>"(?:[^"\\]|\\.)*")')


def recorded(rollup: Rollup | Listing, *matchers: str) -> str:
    """Return the recorded series of `rollup` for the selected units and roles."""
    return f"{rollup.record}{{{', '.join((SCOPE, *matchers))}}}"


def per_ward(rollup: Rollup, *matchers: str, by: str = "ward") -> str:
    """Return `rollup` summed by `by` over the selected units and roles."""
    return f"sum by ({by}) ({recorded(rollup, *matchers)})"


def mean(total: Rollup, count: Rollup, *matchers: str, by: str = "target") -> str:
    """Return the mean of `total` per `count` by `by` over the selected units and roles."""
    return f"{per_ward(total, *matchers, by=by)} / {per_ward(count, *matchers, by=by)}"


def unrecorded(expr: str) -> str:
    """Return `expr` with every recorded series replaced by the join it records (the same
    result, computed from the raw per-machine series: the benchmark's "raw" query)."""
    return _SELECTOR.sub(_expand, expr)


def _expand(found: re.Match[str]) -> str:
    rollup = BY_RECORD[found["record"]]
    info: list[str] = []
    value: list[str] = []
    for m in _MATCHER.finditer(found["matchers"] or ""):
        (info if m["label"] in INFO_LABELS else value).append(f"{m['label']}{m['op']}{m['value']}")
    return f"({rollup.expr(info, value)})"
