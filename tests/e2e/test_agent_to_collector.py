"""The real agent and the real collector, as processes: enroll, report, survive a restart.

The agent probes the collector's own port (tcp target "datacenter") and its /healthz
(http target "records"), reports every second, and spools while the collector is down.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from deployment import WARD, Agent, Collector, command, free_port, get, sample, wait_for
from jsonschema import Draft202012Validator

from contract.report import schema

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_reports_reach_metrics_and_a_backlog_survives_a_collector_restart(
    collector: Collector, agent: Agent
) -> None:
    collector.start()
    agent_id = agent.enroll(collector)
    agent.start()
    logs = (agent.log, collector.log)

    def reporting() -> bool:
        text = collector.metrics()
        info = sample(text, "wardwatch_machine_info", agent_id=agent_id, ward=WARD)
        return info == 1 and sample(text, "wardwatch_probe_success", target="datacenter") == 1

    wait_for("the machine and its datacenter probe in /metrics", reporting, 20, *logs)
    assert agent.process is not None
    mapped = Path(f"/proc/{agent.process.pid}/maps").read_text()
    # the service stays lean: the config is parsed in a forked child, Linux facts come
    # from /proc and /sys (architecture.md, "Agent memory")
    assert "_yaml" not in mapped and "psutil" not in mapped

    collector.stop()
    spooled = wait_for(
        "3 reports spooled while the collector is down", lambda: _backlog(agent, 3), 15, *logs
    )
    collector.start()

    def caught_up() -> bool:
        status = agent.status()
        held = collector.agents()[agent_id]["last_seq"]
        return status["spool depth"].startswith("0 reports") and held == _next_seq(status) - 1

    wait_for("the backlog delivered and `status` at depth 0", caught_up, 20, *logs)
    assert collector.agents()[agent_id]["last_seq"] >= spooled
    assert sample(collector.metrics(), "wardwatch_machine_info", agent_id=agent_id) == 1


def _next_seq(status: dict[str, str]) -> int:
    return int(status["next seq"])


def _backlog(agent: Agent, reports: int) -> int | None:
    """Return the last spooled seq once `reports` wait in the spool, else None."""
    status = agent.status()
    depth = int(status["spool depth"].split()[0])
    return _next_seq(status) - 1 if depth >= reports else None


@pytest.fixture
def lone_agent(tmp_path: Path) -> Iterator[Agent]:
    """An agent that is not enrolled, probing a loopback listener (tcp) and a closed port."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield Agent(tmp_path, listener.getsockname()[1], http_port=free_port())


def test_once_prints_a_report_that_fits_the_schema(lone_agent: Agent) -> None:
    started = time.monotonic()

    done = lone_agent.cli("once", "--print", timeout_seconds=10)

    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 10
    report = json.loads(done.stdout)
    Draft202012Validator(schema()).validate(report)
    assert report["kind"] == "inventory" and report["seq"] == 1
    probes = {p["name"]: p["result"] for p in report["probes"]}
    assert probes == {"datacenter": "success", "records": "connection_refused"}


def test_show_summarises_the_machine_against_the_standard(lone_agent: Agent) -> None:
    standard = REPO / "standard" / "default.yml"

    done = lone_agent.cli("show", "--lang", "en", "--standard", str(standard), timeout_seconds=10)

    assert done.returncode == 0, done.stderr
    assert "Below standard" in done.stdout or "Up to standard" in done.stdout, done.stdout


def test_the_collector_refuses_to_start_on_an_unknown_config_key(tmp_path: Path) -> None:
    bad = Collector(tmp_path, None)
    bad.config_file.write_text(bad.config_file.read_text() + "colour: red\n")

    done = subprocess.run(
        [command("wardwatch-collector"), "serve", "--config", str(bad.config_file)],
        capture_output=True,
        text=True,
        timeout=20,
    )

    assert done.returncode == 2, done.stderr
    assert "colour" in done.stderr


def test_a_rotated_ward_secret_admits_only_the_new_one_after_a_restart(
    collector: Collector, agent: Agent
) -> None:
    collector.start()
    old = collector.secret_file.read_text()
    collector.stop()
    collector.secret_file.write_text("rotated-ward-secret-0001\n")
    collector.start()

    refused = agent.try_enroll_with(collector, old.strip())
    admitted = agent.try_enroll(collector)

    assert refused.returncode != 0 and "wrong enrollment secret" in refused.stderr
    assert admitted.returncode == 0, admitted.stderr


def test_a_pc_carried_to_another_unit_enrolls_there_and_its_service_follows(
    collector: Collector, agent: Agent
) -> None:
    collector.start()
    agent_id = agent.enroll(collector)
    agent.start()
    logs = (agent.log, collector.log)

    def under(ward: str) -> Callable[[], bool]:
        return lambda: sample(collector.metrics(), "wardwatch_machine_info", ward=ward) == 1

    wait_for("the machine under its first unit", under(WARD), 20, *logs)
    moved = agent.try_enroll(collector, ward="phuong-sai-gon")

    assert moved.returncode == 0 and moved.stdout.startswith("enrolled"), moved.stderr
    wait_for("the running service reporting under the new unit", under("phuong-sai-gon"), 20,
             *logs)  # fmt: skip
    status, body = get(collector.url + "/api/v1/admin/handovers", collector.admin_token)
    assert status == 200, body
    events = [e for e in json.loads(body)["events"] if e["agent_id"] == agent_id]
    assert [(e["to_ward"], e["evidence"]) for e in events] == [("phuong-sai-gon", "proven")]
