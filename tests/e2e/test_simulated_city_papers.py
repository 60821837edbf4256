"""The simulated city's documents: the reinvestment totals and the handover counts the
collector's papers give, on both backends, against what this test works out from the
simulator's own plan (each machine's findings, its former unit, whether it moves).

The city (168 units, 400 machines, a report every 2 s) enrolls and reports over HTTP; the
PCs carried from a former unit enroll there first, then move with their token. The papers
are read twice: from the running collector's /reports with the viewer token, and by
`wardwatch-collector report --config` straight from the store.
"""

from __future__ import annotations

import json
import secrets
import signal
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from deployment import Collector, command, get, tail, wait_for

from inventory.handover import unit_key

MACHINES, INTERVAL_SECONDS, SEED = 400, 2, 23
pytestmark = pytest.mark.slow


def simulate(*args: str | Path) -> list[str]:
    return [command("wardwatch-simulate"), "--machines", str(MACHINES), "--seed", str(SEED),
            *map(str, args)]  # fmt: skip


def expected_costs(plan: dict[str, Any]) -> Counter[str]:
    """Sum each reporting machine's hardware findings per unit, as the plan judged them."""
    costs: Counter[str] = Counter()
    for m in plan["machines"]:
        if m["reporting"] == "always":
            costs[m["ward"]] += sum(
                f["cost_vnd"] for f in m["findings"] if f["class"] == "hardware"
            )
    return +costs  # units with nothing to buy drop out, as they do from the list


def expected_moves(plan: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    """Count per (former unit, new unit) the PCs that move by enrolling (and keep reporting)
    and the PCs the inventory lists as carried from there."""
    carried = [m for m in plan["machines"] if m["former_unit"]]
    key = lambda m: (unit_key(m["former_unit"]), m["ward"])  # noqa: E731
    moved = Counter(key(m) for m in carried if m["moves_in_reports"] and m["reporting"] == "always")
    listed = Counter(key(m) for m in carried)
    return {k: (moved[k], listed[k]) for k in listed}


def reinvestment_of(doc: dict[str, Any]) -> tuple[Counter[str], int]:
    return Counter({u["ward"]: u["cost_vnd"] for u in doc["units"]}), doc["cost_vnd"]


def moves_of(doc: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    return {(r["from_key"], r["to_ward"]): (r["reported"], r["listed"]) for r in doc["records"]}


@pytest.fixture
def city(tmp_path: Path, collector: Collector) -> tuple[dict[str, Any], str]:
    """Write the city's inventory and plan; start the collector on them with a viewer token."""
    inventory, plan = tmp_path / "city.yml", tmp_path / "plan.json"
    subprocess.run(simulate("--inventory-out", inventory, "--plan-out", plan), check=True)
    viewer = "viewer-" + secrets.token_hex(16)
    (tmp_path / "viewer.token").write_text(viewer + "\n")
    config = yaml.safe_load(collector.config_file.read_text())
    config.update(inventory_file=str(inventory), stale_after_seconds=3 * INTERVAL_SECONDS,
                  viewer_token_file=str(tmp_path / "viewer.token"))  # fmt: skip
    collector.config_file.write_text(yaml.safe_dump(config))
    collector.start()
    return json.loads(plan.read_text()), viewer


def test_the_papers_give_the_plans_totals_and_counts(
    tmp_path: Path, collector: Collector, city: tuple[dict[str, Any], str]
) -> None:
    plan, viewer = city
    costs, moves = expected_costs(plan), expected_moves(plan)
    assert sum(costs.values()) > 0 and any(reported for reported, _ in moves.values())

    def paper(document: str) -> dict[str, Any] | None:
        status, body = get(f"{collector.url}/reports/{document}.json", viewer)
        return json.loads(body) if status == 200 else None

    def settled() -> tuple[dict[str, Any], dict[str, Any]] | None:
        reinvestment, handover = paper("reinvestment"), paper("handover")
        if reinvestment is None or handover is None:
            return None
        same = reinvestment_of(reinvestment) == (costs, sum(costs.values()))
        return (reinvestment, handover) if same and moves_of(handover) == moves else None

    log = tmp_path / "simulator.log"
    run = simulate("--collector", collector.url, "--secret-file", collector.secret_file,
                   "--interval", INTERVAL_SECONDS, "--state", tmp_path / "state",
                   "--connections", 8, "--lang", "en")  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(run, stdout=out, stderr=subprocess.STDOUT)
    try:
        reinvestment, handover = wait_for("the papers to match the plan", settled, 120, log,
                                          collector.log)  # fmt: skip
        from_store = {d: report_from_store(collector, d) for d in ("reinvestment", "handover")}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(20)
    assert process.returncode == 0, tail(log)
    live = [m for m in plan["machines"] if m["reporting"] == "always"]
    needing = [m for m in live if any(f["class"] == "hardware" for f in m["findings"])]
    assert reinvestment["machines"] == len(needing)
    assert handover["reported"] == sum(r for r, _ in moves.values())
    assert handover["listed"] == sum(n for _, n in moves.values())
    # the command line, reading the store while the city still reports, writes the same
    assert reinvestment_of(from_store["reinvestment"]) == (costs, sum(costs.values()))
    assert moves_of(from_store["handover"]) == moves


def report_from_store(collector: Collector, document: str) -> dict[str, Any]:
    """Write `document` as JSON with `wardwatch-collector report --config`, from the store."""
    done = subprocess.run([command("wardwatch-collector"), "report", document, "--config",
                           str(collector.config_file), "--format", "json"],
                          capture_output=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))
