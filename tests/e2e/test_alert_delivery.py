"""The shipped alert rules and Alertmanager routes on real servers, on loopback: machines of
two units report over HTTP to a real collector, a real Prometheus scrapes it every second
and evaluates the rules, a real Alertmanager delivers to a webhook this test serves.

Time is compressed: every `for:` is divided by FACTOR (dashboards/alerts/ itself is
untouched, the expressions are the shipped ones), and the collector counts a machine silent
after 10 s instead of 180 s.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from alerting_stack import (
    ALERTS,
    GROUP_INTERVAL_SECONDS,
    Alertmanager,
    Prometheus,
    Webhook,
    compressed_rules,
    labelled,
)
from deployment import Collector, free_port, wait_for
from reporting_units import ReportingUnits

from inventory.load import HCMC_UNITS

pytestmark = pytest.mark.slow

FACTOR = 20  # 5m -> 15 s, 10m -> 30 s, 15m -> 45 s
STALE_AFTER_SECONDS = 10  # reports every second
TAN_DINH, SAI_GON = "phuong-tan-dinh", "phuong-sai-gon"
MACHINES_PER_UNIT = 3
QUIET_SECONDS = 15  # watched after a restart: nothing pending, so nothing can fire later


@dataclass
class Stack:
    """The collector, the reporting units, Prometheus, Alertmanager and the webhook."""

    collector: Collector
    units: ReportingUnits
    prometheus: Prometheus
    alertmanager: Alertmanager
    webhook: Webhook

    def logs(self) -> tuple[Path, ...]:
        """Return the servers' log files, for failure messages."""
        return (self.collector.log, self.prometheus.log, self.alertmanager.log)

    def machines_up(self) -> bool:
        """Tell whether Prometheus sees every machine up in the collector's latest scrape."""
        found = self.prometheus.query("count(wardwatch_machine_up == 1)")
        return bool(found) and float(found[0]["value"][1]) == 2 * MACHINES_PER_UNIT


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """Start everything with the 168 units' inventory; stop it all at the end."""
    for name in ("collector", "prometheus", "alertmanager"):
        (tmp_path / name).mkdir()
    collector = Collector(tmp_path / "collector", None)
    config = yaml.safe_load(collector.config_file.read_text())
    config.update(inventory_file=str(HCMC_UNITS), stale_after_seconds=STALE_AFTER_SECONDS)
    collector.config_file.write_text(yaml.safe_dump(config))
    webhook = Webhook()
    alertmanager = Alertmanager(tmp_path / "alertmanager", webhook.url, smtp_port=free_port())
    rules = compressed_rules(tmp_path / "rules", FACTOR, interval="1s")
    prometheus = Prometheus(tmp_path / "prometheus", rules, collector.port, alertmanager.port)
    with contextlib.ExitStack() as stop:
        for server in (webhook, collector, alertmanager, prometheus):
            stop.callback(server.stop)
        collector.start()
        secret = collector.secret_file.read_text().strip()
        units = ReportingUnits(collector.port, secret, (TAN_DINH, SAI_GON), MACHINES_PER_UNIT)
        stop.callback(units.stop)
        units.start()
        alertmanager.start()
        prometheus.start()
        stack = Stack(collector, units, prometheus, alertmanager, webhook)
        wait_for("Prometheus to see every machine up", stack.machines_up, 60, *stack.logs())
        yield stack
        assert units.refused == [], "the collector refused reports"


def test_a_collector_restart_fires_no_alert(stack: Stack) -> None:
    prometheus = stack.prometheus
    stack.collector.stop()
    down = 'up{job="wardwatch"} == 0'
    wait_for("Prometheus to see the collector down", lambda: bool(prometheus.query(down)), 30,
             *stack.logs())  # fmt: skip
    stack.collector.start()
    wait_for("the machines back up in Prometheus", stack.machines_up, 60, *stack.logs())

    # During the restart WardwatchCollectorDown (and nothing else) may be pending; once the
    # collector answers, no rule's condition may hold, so none can ever reach its `for:`.
    def quiet() -> bool:
        return prometheus.alerts() == []

    wait_for("no alert pending after the restart", quiet, 30, *stack.logs())
    for _ in range(QUIET_SECONDS):
        time.sleep(1)
        assert prometheus.alerts() == []
    assert stack.webhook.notifications == []
    assert stack.alertmanager.alerts() == []


def test_a_degraded_data_centre_link_is_delivered_naming_the_unit_and_its_tools_held_back(
    stack: Stack,
) -> None:
    stack.units.degrade(TAN_DINH)

    def delivered() -> dict[str, Any] | None:
        found = labelled(
            stack.webhook.alerts(),
            alertname="WardwatchLinkDegraded",
            concern="datacenter",
            measure="loss",
            ward=TAN_DINH,
        )
        return next(found, None)

    alert = wait_for("the degraded link at the webhook", delivered, 120, *stack.logs())

    assert alert["status"] == "firing"
    assert alert["labels"]["ward_name"] == "Phường Tân Định"
    summary = alert["annotations"]["summary"]
    assert summary == "Phường Tân Định: mất gói 20% tới Trung tâm Dữ liệu chung", summary
    assert "vượt mức tối đa 1% của tiêu chuẩn" in alert["annotations"]["description"]
    assert alert["annotations"]["runbook_url"] == "docs/runbook.md#link-degraded"

    def tools_held_back() -> list[dict[str, Any]] | None:
        held = list(labelled(stack.alertmanager.alerts(), concern="tool", ward=TAN_DINH))
        inhibited = [a for a in held if a["status"]["inhibitedBy"]]
        return held if len(held) == len(inhibited) == 4 else None

    held = wait_for("the four tools' alerts inhibited", tools_held_back, 60, *stack.logs())
    assert {a["labels"]["target"] for a in held} == {
        "video_conference", "records", "documents", "feedback_1022",
    }  # fmt: skip
    firing = [a for a in stack.prometheus.alerts() if a["state"] == "firing"]
    assert len(list(labelled(firing, concern="tool", ward=TAN_DINH))) == 4
    time.sleep(3 * GROUP_INTERVAL_SECONDS)  # time enough for Alertmanager to send them
    delivered_alerts = stack.webhook.alerts()
    assert not list(labelled(delivered_alerts, concern="tool")), "a tool alert was delivered"
    assert not list(labelled(delivered_alerts, ward=SAI_GON)), "the healthy unit was alerted"


def test_compressed_time_keeps_every_shipped_expression(tmp_path: Path) -> None:
    def rules(paths: list[Path]) -> list[tuple[str, str]]:
        return [
            (rule["alert"], rule["expr"])
            for path in paths
            for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
            for rule in group["rules"]
        ]

    compressed = compressed_rules(tmp_path, FACTOR, interval="1s")

    assert rules(compressed) == rules(sorted(ALERTS.glob("*.rules.yml")))
    shortened = yaml.safe_load((tmp_path / "agents.rules.yml").read_text(encoding="utf-8"))
    assert shortened["groups"][0]["rules"][0]["for"] == "45s"  # 15m / 20
