"""Every dashboard query, evaluated by a real Prometheus scraping a real collector.

The collector is fed by the simulated city (`wardwatch-simulate`, 400 machines) over HTTP,
and by one agent whose reports tell of spool drops (which the city's agents never have);
Prometheus evaluates the dashboards' recording rules. Each panel query is sent through
Prometheus' HTTP API as Grafana sends it: the variables resolved as Grafana resolves them
(All for a multi-value variable, else the first choice of its query), `$__rate_interval`,
`$__interval` and `$__range` set from the scrape interval and the data's age. A query that
errors or returns no series fails.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from live_city import LiveCity
from panel_queries import PanelQuery, choices, dashboards, queries, result_lines, substitute

from dashboards import rollups

QUERIES = queries("vi")
STEP_SECONDS = 2.0


def builtins(city: LiveCity) -> dict[str, str]:
    """Return Grafana's own variables for a panel showing all the data there is."""
    scrape = city.interval_seconds
    return {
        "__rate_interval": f"{4 * scrape:g}s",  # Grafana: at least four scrape intervals
        "__interval": f"{STEP_SECONDS:g}s",
        "__range": f"{int(city.age())}s",
    }


def variable_values(city: LiveCity, name: str) -> dict[str, str]:
    """Resolve dashboard `name`'s variables in order, as Grafana does on load."""
    values = builtins(city)
    for variable in dashboards("vi")[name]["templating"]["list"]:
        if variable["type"] == "datasource":
            continue
        if variable.get("includeAll"):
            values[variable["name"]] = variable["allValue"]
            continue
        lines = variable_lines(city, variable, values)
        found = choices(lines, variable["regex"])
        assert found, f"variable {variable['name']} of {name} has no choice in {lines[:3]}"
        values[variable["name"]] = found[0][1]
    return values


def variable_lines(city: LiveCity, variable: dict[str, Any], values: dict[str, str]) -> list[str]:
    query = substitute(variable["query"], values)
    assert query.startswith("query_result(") and query.endswith(")"), query
    return result_lines(city.prometheus.query(query[len("query_result(") : -1], time.time()))


RESOLVED: dict[str, dict[str, str]] = {}  # by dashboard: its variables, resolved once


def resolved(city: LiveCity, name: str) -> dict[str, str]:
    """Return dashboard `name`'s resolved variables."""
    if name not in RESOLVED:
        RESOLVED[name] = variable_values(city, name)
    return RESOLVED[name]


def evaluate(city: LiveCity, query: PanelQuery) -> list[dict[str, Any]]:
    """Evaluate `query` as its panel would: instant at now, or over the data's whole age."""
    expr = substitute(query.expr, resolved(city, query.dashboard))
    now = time.time()
    if query.instant:
        return city.prometheus.query(expr, now)
    return city.prometheus.query_range(expr, city.started, now, STEP_SECONDS)


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_panel_query_returns_series(live_city: LiveCity, query: PanelQuery) -> None:
    series = evaluate(live_city, query)

    assert series, f"no series for {query.expr}"


@pytest.mark.parametrize("name", sorted(dashboards("vi")))
def test_every_variable_has_choices(live_city: LiveCity, name: str) -> None:
    values = variable_values(live_city, name)

    assert {"unit", "__range"} <= set(values)


def rule_time(city: LiveCity, rollup: rollups.Rollup) -> float:
    """Return when the rule group last wrote `rollup` (unix seconds)."""
    [sample] = city.prometheus.query(f"max(timestamp({rollup.record}))", time.time())
    return float(sample["value"][1])


def values_at(city: LiveCity, expr: str, at: float) -> dict[tuple[tuple[str, str], ...], str]:
    series = city.prometheus.query(expr, at)
    return {tuple(sorted(s["metric"].items())): s["value"][1] for s in series}


@pytest.mark.parametrize("rollup", rollups.ROLLUPS, ids=[r.record for r in rollups.ROLLUPS])
def test_a_recorded_rollup_equals_the_join_it_records(
    live_city: LiveCity, rollup: rollups.Rollup
) -> None:
    """Compared at the rule's own evaluation time; a scrape landing in the same instant can
    make one comparison differ, so the next evaluation is tried too (three at most)."""
    for _ in range(3):
        at = rule_time(live_city, rollup)
        recorded = values_at(live_city, f"sum by (ward, role) ({rollup.record})", at)
        raw = values_at(live_city, f"sum by (ward, role) ({rollups.unrecorded(rollup.record)})", at)
        if recorded == raw:
            break
        time.sleep(live_city.interval_seconds)

    assert recorded == raw
    assert len(recorded) > (168 if isinstance(rollup, rollups.Rollup) else 0)  # every unit
