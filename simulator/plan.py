"""The simulator's plan: what the city holds and what the collector should make of it.

A machine-readable account (`--plan-out FILE`, JSON) for tests of the dashboards and the
officials' papers to compute expected totals from: which machines fall short of the
standard and why (judged by `standard.evaluate` on the machine's first report with
healthy links), the reinvestment inputs, the carried PCs per old -> new unit, the clones,
the silent machines and the links degraded from the start.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from inventory.handover import unit_key
from simulator.city import City, Machine
from simulator.links import Links
from simulator.reports import Reports, identity
from standard.evaluate import evaluate
from standard.finding import Finding
from standard.model import Standard

PLAN_VERSION = 1


def plan(city: City, standard: Standard, today: date) -> dict[str, Any]:
    """Return the plan of `city` judged against `standard` on `today`."""
    healthy = Links([u.ward.code for u in city.units])
    started = datetime.combine(today, datetime.min.time(), UTC)
    judged = [
        (m, _findings(city.seed, m, standard, today, healthy, started)) for m in city.machines
    ]
    machines = [_machine(city, m, found) for m, found in judged]
    return {
        "plan_version": PLAN_VERSION,
        "seed": city.seed,
        "judged_on": today.isoformat(),
        "units": _units(city, machines),
        "machines": machines,
        "below_standard": _below(machines),
        "reinvestment": _reinvestment(machines),
        "handovers": _handovers(city),
        "clones": _clones(city, machines),
        "silent": [_silent(m) for m in machines if m["reporting"] in ("stops", "never")],
        "degraded_links": [
            {
                "ward": d.ward,
                "target": d.target,
                "loss_ratio": d.loss_ratio,
                "rtt_seconds": d.rtt_seconds,
            }
            for d in city.degraded
        ],
    }


def _findings(
    seed: int, m: Machine, standard: Standard, today: date, links: Links, started: datetime
) -> tuple[Finding, ...]:
    report = Reports(seed, m, started).build(1, started, m.ward, links, inventory=True)
    return evaluate(report, standard, today=today, received_at=None)


def _machine(city: City, m: Machine, found: tuple[Finding, ...]) -> dict[str, Any]:
    short = [f for f in found if f.severity != "info"]
    return {
        "index": m.index,
        "agent_id": identity(city.seed, m).agent_id,
        "ward": m.ward,
        "hostname": m.hostname,
        "asset_tag": m.asset_tag,
        "role": m.role,
        "profile": m.profile,
        "defects": list(m.defects),
        "reporting": m.reporting,
        "stops_after_reports": m.stops_after_reports or None,
        "former_unit": m.former_unit,
        "moves_in_reports": m.moves_in_reports,
        "clone_of": m.clone_of,
        "below_standard": bool(short),
        "findings": [
            {
                "rule": f.rule,
                "class": f.finding_class,
                "severity": f.severity,
                "cost_vnd": f.cost_vnd,
                "message_vi": f.message_vi,
                "message_en": f.message_en,
            }
            for f in short
        ],
        "reinvestment_vnd": sum(f.cost_vnd for f in short if f.finding_class == "hardware"),
    }


def _counted(machine: dict[str, Any]) -> bool:
    """Tell whether the collector holds this machine's state once the run settles."""
    return machine["reporting"] == "always"


def _units(city: City, machines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for u in city.units:
        mine = [m for m in machines if m["ward"] == u.ward.code]
        live = [m for m in mine if _counted(m)]
        rows.append(
            {
                "ward": u.ward.code,
                "name": u.ward.name,
                "kind": u.ward.kind,
                "condition": u.condition,
                "former_units": list(u.ward.former_units),
                "expected": len(mine),
                "reporting": len(live),
                "below_standard": sum(m["below_standard"] for m in live),
                "reinvestment_vnd": sum(m["reinvestment_vnd"] for m in live),
                "silent": sum(m["reporting"] in ("stops", "never", "clone") for m in mine),
            }
        )
    return rows


def _below(machines: list[dict[str, Any]]) -> dict[str, Any]:
    live = [m for m in machines if _counted(m) and m["below_standard"]]
    rules = Counter(f["rule"] for m in live for f in m["findings"])
    hardware = sum(any(f["class"] == "hardware" for f in m["findings"]) for m in live)
    return {
        "machines": len(live),
        "with_hardware_findings": hardware,
        "by_rule": dict(sorted(rules.items())),
    }


def _reinvestment(machines: list[dict[str, Any]]) -> dict[str, Any]:
    live = [m for m in machines if _counted(m)]
    by_ward: Counter[str] = Counter()
    for m in live:
        by_ward[m["ward"]] += m["reinvestment_vnd"]
    return {
        "total_vnd": sum(by_ward.values()),
        "by_ward": {w: v for w, v in sorted(by_ward.items()) if v},
    }


def _handovers(city: City) -> list[dict[str, Any]]:
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for m in city.machines:
        if not m.former_unit:
            continue
        row = pairs.setdefault(
            (m.former_unit, m.ward),
            {
                "from": m.former_unit,
                "from_key": unit_key(m.former_unit),
                "to": m.ward,
                "listed": 0,
                "reported": 0,
            },
        )
        row["listed"] += 1
        row["reported"] += int(m.moves_in_reports and m.reporting == "always")
    return [pairs[k] for k in sorted(pairs)]


def _clones(city: City, machines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "agent_id": machines[m.index]["agent_id"],
            "ward": m.ward,
            "original": city.machines[m.clone_of].hostname,
            "twin": m.hostname,
        }
        for m in city.machines
        if m.clone_of is not None
    ]


def _silent(machine: dict[str, Any]) -> dict[str, Any]:
    keys = ("ward", "hostname", "asset_tag", "agent_id", "reporting", "stops_after_reports")
    return {k: machine[k] for k in keys}
