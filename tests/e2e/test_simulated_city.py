"""The simulated city against a real collector on both backends: what /metrics must show.

A small city (168 units, 400 machines, a report every 2 s) enrolls and reports over HTTP;
the collector loads the city's inventory. /metrics then shows every unit, exactly the
machines the plan says are below standard, the clones flagged, the silent machines; the
admin API counts the carried PCs' proven moves per old unit; and a control-file change
makes one ward's loss to the data centre rise.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from deployment import Collector, command, get, tail, wait_for

MACHINES, INTERVAL_SECONDS, SEED = 400, 2, 11
pytestmark = pytest.mark.slow


def simulate(*args: str | Path) -> list[str]:
    return [
        command("wardwatch-simulate"),
        "--machines",
        str(MACHINES),
        "--seed",
        str(SEED),
        *map(str, args),
    ]


def samples(text: str, name: str) -> dict[str, float]:
    """Map agent_id (or ward) to the value of each sample of `name`."""
    found = {}
    for line in text.splitlines():
        if line.startswith(name + "{"):
            key = re.search(r'(?:agent_id|ward)="([^"]+)"', line)
            if key:
                found[key.group(1)] = float(line.rsplit(" ", 1)[1])
    return found


@pytest.fixture
def city(tmp_path: Path, collector: Collector) -> dict[str, Any]:
    """Write the city's inventory and plan, and start the collector on that inventory."""
    inventory, plan = tmp_path / "city.yml", tmp_path / "plan.json"
    subprocess.run(simulate("--inventory-out", inventory, "--plan-out", plan), check=True)
    config = yaml.safe_load(collector.config_file.read_text())
    config.update(inventory_file=str(inventory), stale_after_seconds=3 * INTERVAL_SECONDS)
    collector.config_file.write_text(yaml.safe_dump(config))
    collector.start()
    return dict(json.loads(plan.read_text()))


def test_the_collector_sees_the_city_the_plan_describes(
    tmp_path: Path, collector: Collector, city: dict[str, Any]
) -> None:
    control, log = tmp_path / "control.yml", tmp_path / "simulator.log"
    run = simulate(
        "--collector",
        collector.url,
        "--secret-file",
        collector.secret_file,
        "--interval",
        INTERVAL_SECONDS,
        "--state",
        tmp_path / "state",
        "--control",
        control,
        "--connections",
        8,
        "--lang",
        "en",
    )
    with log.open("wb") as out:
        process = subprocess.Popen(run, stdout=out, stderr=subprocess.STDOUT)
    try:
        judged_as_planned(collector, city, log)
        moves_counted_from_former_units(collector, city, log)
        loss_rises_after_a_control_change(collector, city, control, log)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(20)
    assert process.returncode == 0, tail(log)
    assert json.loads((tmp_path / "state" / "agents.json").read_text())["clean"] is True
    restart_continues_the_same_agents(collector, run, log)


def restart_continues_the_same_agents(collector: Collector, run: list[str], log: Path) -> None:
    before = collector.agents()
    again = subprocess.run([*run, "--duration", "8"], capture_output=True, text=True, timeout=60)
    after = collector.agents()

    assert again.returncode == 0, again.stdout + again.stderr
    assert set(after) == set(before)
    reporting = [a for a, row in before.items() if row["last_seq"] and not row["clone_suspected"]]
    grew = [a for a in reporting if (after[a]["last_seq"] or 0) > before[a]["last_seq"]]
    assert len(grew) > 0.9 * len(reporting)
    assert "http_401" not in again.stdout


def judged_as_planned(collector: Collector, city: dict[str, Any], log: Path) -> None:
    degraded = {d["ward"] for d in city["degraded_links"]}
    live = [m for m in city["machines"] if m["reporting"] == "always" and m["ward"] not in degraded]
    wanted = {m["agent_id"]: 0.0 if m["below_standard"] else 1.0 for m in live}
    clones = {c["agent_id"] for c in city["clones"]}
    silent = sum(u["silent"] for u in city["units"])

    def settled() -> str | None:
        text = collector.metrics()
        compliant = samples(text, "wardwatch_machine_compliant")
        flagged = {a for a, v in samples(text, "wardwatch_machine_clone_suspected").items() if v}
        seen_silent = sum(samples(text, "wardwatch_ward_machines_silent").values())
        same = {a: compliant.get(a) for a in wanted} == wanted
        return text if same and flagged == clones and seen_silent == silent else None

    text = wait_for("/metrics to match the plan", settled, 60, log, collector.log)
    assert {u["ward"] for u in city["units"]} <= set(samples(text, "wardwatch_ward_info"))
    assert sum(wanted.values()) < len(wanted)  # some machines are below standard


def moves_counted_from_former_units(collector: Collector, city: dict[str, Any], log: Path) -> None:
    wanted = {(h["from"], h["to"]): h["reported"] for h in city["handovers"] if h["reported"]}
    units = {u["ward"] for u in city["units"]}

    def counted() -> bool:
        status, body = get(collector.url + "/api/v1/admin/handovers", collector.admin_token)
        moves = json.loads(body)["moves"] if status == 200 else []
        return {(m["from"], m["to"]): m["reported"] for m in moves if m["reported"]} == wanted

    def moved_on() -> bool:  # no machine reports from a former unit any more
        return set(samples(collector.metrics(), "wardwatch_ward_info")) == units

    assert wanted
    wait_for("every proven move counted", counted, 30, log, collector.log)
    wait_for("the former units' rows to go", moved_on, 30, log, collector.log)


def loss_rises_after_a_control_change(
    collector: Collector, city: dict[str, Any], control: Path, log: Path
) -> None:
    degraded = {d["ward"] for d in city["degraded_links"]}
    ward = next(
        u["ward"] for u in city["units"] if u["ward"] not in degraded and u["reporting"] > 1
    )
    mine = {
        m["agent_id"] for m in city["machines"] if m["ward"] == ward and m["reporting"] == "always"
    }

    def loss() -> float:
        text = collector.metrics()
        rows = [
            line
            for line in text.splitlines()
            if line.startswith("wardwatch_probe_loss_ratio{") and 'target="datacenter"' in line
        ]
        values = samples("\n".join(rows), "wardwatch_probe_loss_ratio")
        return sum(values.get(a, 0.0) for a in mine) / len(mine)

    assert loss() == 0.0
    control.write_text(
        yaml.safe_dump({"degrade": [{"ward": ward, "target": "datacenter", "loss": 0.8}]})
    )
    wait_for(f"{ward}'s loss to the data centre to rise", lambda: loss() > 0.4, 30, log)
