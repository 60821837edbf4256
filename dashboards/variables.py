"""The dashboards' variables: datasource, unit, role and machine, from the info metrics."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import (
    CustomVariable,
    DatasourceVariable,
    QueryVariable,
)
from grafana_foundation_sdk.models.dashboard import VariableOption, VariableRefresh, VariableSort

from dashboards import words
from dashboards.panels import DATASOURCE
from dashboards.promql import ALL, MACHINE_INFO
from dashboards.text import Lang

# query_result() lines read `metric{label="value",...} value time`, labels sorted by name.
WARD_CHOICES = r'/ward="(?<value>[^"]+)",ward_name="(?<text>[^"]*)"/'
MACHINE_CHOICES = r'/agent_id="(?<value>[^"]+)".*,hostname="(?<text>[^"]*)"/'


def datasource(lang: Lang) -> DatasourceVariable:
    """Return the Prometheus datasource variable every panel reads."""
    return DatasourceVariable("datasource").label(words.DATASOURCE.in_(lang)).type("prometheus")


def unit(lang: Lang, *, many: bool) -> QueryVariable:
    """Return the unit variable: ward codes, shown by name; `many` allows several and All."""
    variable = (
        QueryVariable("unit")
        .label(words.UNIT.in_(lang))
        .datasource(DATASOURCE)
        .query("query_result(wardwatch_ward_info)")
        .regex(WARD_CHOICES)
        .refresh(VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(VariableSort.ALPHABETICAL_CASE_INSENSITIVE_ASC)
    )
    if many:
        every = VariableOption(text=[words.ALL.in_(lang)], value=["$__all"])
        variable = variable.multi(True).include_all(True).all_value(ALL).current(every)
    return variable


def role(lang: Lang) -> CustomVariable:
    """Return the role variable: the standard's machine roles, several or All."""
    choices = [VariableOption(text=words.ALL.in_(lang), value="$__all", selected=True)]
    choices += [VariableOption(text=name.in_(lang), value=code, selected=False)
                for code, name in words.ROLES.items()]  # fmt: skip
    values = ",".join(f"{name.in_(lang)} : {code}" for code, name in words.ROLES.items())
    return (
        CustomVariable("role")
        .label(words.ROLE.in_(lang))
        .values(values)
        .options(choices)
        .current(VariableOption(text=[words.ALL.in_(lang)], value=["$__all"]))
        .multi(True)
        .include_all(True)
        .all_value(ALL)
    )


def machine(lang: Lang) -> QueryVariable:
    """Return the machine variable: agent ids of the selected unit and roles, by host name."""
    return (
        QueryVariable("machine")
        .label(words.MACHINE.in_(lang))
        .datasource(DATASOURCE)
        .query(f"query_result({MACHINE_INFO})")
        .regex(MACHINE_CHOICES)
        .refresh(VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(VariableSort.ALPHABETICAL_CASE_INSENSITIVE_ASC)
    )
