"""The selectors every panel shares and the joins through the info metrics (docs/metrics.md).

Per-machine series carry only `agent_id`; a panel reaches ward, role or host name by a
join with `wardwatch_machine_info`, and a ward's name by a join with `wardwatch_ward_info`.
"""

from __future__ import annotations

UNIT = 'ward=~"$unit"'
ROLE = 'role=~"$role"'
MACHINE = 'agent_id="$machine"'
SCOPE = f"{UNIT}, {ROLE}"  # the units and roles the dashboard's variables select
MACHINE_INFO = f"wardwatch_machine_info{{{SCOPE}}}"
WARD_INFO = f"wardwatch_ward_info{{{UNIT}}}"
ALL = ".*"  # the value of a variable's "All": every unit, every role


def ward_metric(name: str, *matchers: str) -> str:
    """Return `name` (a per-ward family) for the selected units, with extra `matchers`."""
    return f"{name}{{{', '.join((UNIT, *matchers))}}}"


def machine_metric(name: str, *matchers: str) -> str:
    """Return `name` (a per-machine family) for the selected machine, with `matchers`."""
    return f"{name}{{{', '.join((MACHINE, *matchers))}}}"


def in_scope(expr: str) -> str:
    """Keep the per-machine series of `expr` whose machines the variables select."""
    return f"({expr}) and on (agent_id) {MACHINE_INFO}"


def with_ward_name(expr: str) -> str:
    """Add the ward's Vietnamese name to each per-ward series of `expr`."""
    return f"({expr}) * on (ward) group_left (ward_name) wardwatch_ward_info"
