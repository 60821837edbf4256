"""The shipped alert rules and Alertmanager routes on real servers, on loopback: the
simulated city (`wardwatch-simulate`) reports over HTTP to a real collector, a real
Prometheus scrapes it every second and evaluates the rules, and a real Alertmanager
delivers to a webhook this test serves.

Time is compressed: every `for:` and `keep_firing_for:` is divided by FACTOR (the
expressions are the shipped ones, dashboards/alerts/ is untouched), the city reports every
2 s and the collector counts a machine silent after 30 s instead of 180 s.
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
from city_process import SimulatedCity
from deployment import Collector, free_port, wait_for

from collector.reinvestment import KIND_VI

pytestmark = pytest.mark.slow

FACTOR = 20  # 5m -> 15 s, 10m -> 30 s, 15m -> 45 s
MACHINES, SEED, INTERVAL_SECONDS = 200, 11, 2
# Not compressed as much: agents retry after an outage with a back-off of seconds, which
# the test does not compress (production: 180 s against the same seconds).
STALE_AFTER_SECONDS = 30
QUIET_SECONDS = 10  # watched once the alerts are those of before the restart
TOOLS = {"video_conference", "records", "documents", "feedback_1022"}


@dataclass
class Stack:
    """The collector, the simulated city, Prometheus, Alertmanager and the webhook."""

    collector: Collector
    city: SimulatedCity
    prometheus: Prometheus
    alertmanager: Alertmanager
    webhook: Webhook

    def logs(self) -> tuple[Path, ...]:
        """Return the processes' log files, for failure messages."""
        return (self.collector.log, self.city.log, self.prometheus.log, self.alertmanager.log)

    def machines_up(self) -> bool:
        """Tell whether Prometheus sees the plan's always-reporting machines up."""
        found = self.prometheus.query("count(wardwatch_machine_up == 1)")
        wanted = len(self.city.machines("always"))
        return bool(found) and float(found[0]["value"][1]) >= wanted


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """Start everything on the city's inventory; stop it all at the end.

    Each server starts as soon as it has its port, so that no port handed out for one is
    taken by the next (a port is chosen free, then released, then bound by the server).
    """
    for name in ("collector", "city", "prometheus", "alertmanager"):
        (tmp_path / name).mkdir()
    city = SimulatedCity(tmp_path / "city", MACHINES, SEED, INTERVAL_SECONDS)
    rules = compressed_rules(tmp_path / "rules", FACTOR, interval="1s")
    with contextlib.ExitStack() as stop:
        webhook = Webhook()
        stop.callback(webhook.stop)
        collector = Collector(tmp_path / "collector", None)
        config = yaml.safe_load(collector.config_file.read_text())
        config.update(inventory_file=str(city.inventory), stale_after_seconds=STALE_AFTER_SECONDS)
        collector.config_file.write_text(yaml.safe_dump(config))
        stop.callback(collector.stop)
        collector.start()
        stop.callback(city.stop)
        city.start(collector)
        alertmanager = Alertmanager(tmp_path / "alertmanager", webhook.url, smtp_port=free_port())
        stop.callback(alertmanager.stop)
        alertmanager.start()
        prometheus = Prometheus(tmp_path / "prometheus", rules, collector.port, alertmanager.port)
        stop.callback(prometheus.stop)
        prometheus.start()
        stack = Stack(collector, city, prometheus, alertmanager, webhook)
        wait_for("Prometheus to see the city's machines up", stack.machines_up, 90, *stack.logs())
        yield stack


def identity(alert: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Return an alert's label set, which names it in Prometheus and Alertmanager alike."""
    return tuple(sorted(alert["labels"].items()))


def test_a_collector_restart_fires_no_alert(stack: Stack) -> None:
    prometheus, city = stack.prometheus, stack.city
    expected = {("WardwatchAgentSilent", m["agent_id"]) for m in city.machines("stops")} | {
        ("WardwatchCloneSuspected", c["agent_id"]) for c in city.plan["clones"]
    }

    def settled() -> dict[tuple[tuple[str, str], ...], dict[str, Any]] | None:
        alerts = prometheus.alerts()
        firing = {(a["labels"]["alertname"], a["labels"].get("agent_id")) for a in alerts
                  if a["state"] == "firing"}  # fmt: skip
        if firing != expected or any(a["state"] != "firing" for a in alerts):
            return None
        return {identity(a): a for a in alerts}

    # The city's silent machines and clones fire, and nothing else is even pending.
    before = wait_for("the city's own alerts firing", settled, 150, *stack.logs())
    time.sleep(3 * GROUP_INTERVAL_SECONDS)  # their notifications (silent PCs: office hours)
    delivered = len(stack.webhook.notifications)

    stack.collector.stop()
    down = 'up{job="wardwatch"} == 0'
    wait_for("Prometheus to see the collector down", lambda: bool(prometheus.query(down)), 30,
             *stack.logs())  # fmt: skip
    stack.collector.start()
    wait_for("the machines back up in Prometheus", stack.machines_up, 60, *stack.logs())

    # Machines whose retries back off may go pending as silent for a moment; what was
    # firing stays firing (keep_firing_for), nothing new fires, and what went pending
    # clears long before its `for:`: the alerts return to exactly those of before.
    def as_before() -> bool:
        now = {identity(a): a["state"] for a in prometheus.alerts()}
        fired = [k for k, state in now.items() if state == "firing" and k not in before]
        assert not fired, f"the restart fired {fired}"
        assert all(now.get(k) == "firing" for k in before), "the restart resolved an alert"
        return now == dict.fromkeys(before, "firing")

    wait_for("the alerts of before the restart, and no other", as_before, 40, *stack.logs())
    for _ in range(QUIET_SECONDS):
        time.sleep(1)
        assert as_before()
    time.sleep(3 * GROUP_INTERVAL_SECONDS)
    assert len(stack.webhook.notifications) == delivered, stack.webhook.notifications[delivered:]


def test_a_degraded_data_centre_link_is_delivered_naming_the_unit_and_its_tools_held_back(
    stack: Stack,
) -> None:
    unit = stack.city.quiet_unit()
    ward, ward_name = unit["ward"], f"{KIND_VI[unit['kind']]} {unit['name']}"
    stack.city.degrade(ward)  # every probe: 30% of samples lost, 400 ms more round trip

    def delivered() -> dict[str, Any] | None:
        found = labelled(
            stack.webhook.alerts(),
            alertname="WardwatchLinkDegraded",
            concern="datacenter",
            measure="rtt_p95",
            ward=ward,
        )
        return next(found, None)

    alert = wait_for("the degraded link at the webhook", delivered, 120, *stack.logs())

    assert alert["status"] == "firing"
    assert alert["labels"]["ward_name"] == ward_name
    summary = alert["annotations"]["summary"]
    assert summary.startswith(f"{ward_name}: độ trễ p95 "), summary
    assert summary.endswith(" tới Trung tâm Dữ liệu chung"), summary
    assert "vượt mức tối đa 50ms của tiêu chuẩn" in alert["annotations"]["description"]
    assert alert["annotations"]["runbook_url"] == "docs/runbook.md#link-degraded"

    def tools_held_back() -> list[dict[str, Any]] | None:
        held = list(labelled(stack.alertmanager.alerts(), concern="tool", ward=ward))
        slow = {a["labels"]["target"] for a in held if a["labels"].get("measure") == "rtt_p95"}
        inhibited = all(a["status"]["inhibitedBy"] for a in held)
        return held if slow == TOOLS and inhibited else None

    wait_for("the four tools' alerts inhibited", tools_held_back, 60, *stack.logs())
    firing = [a for a in stack.prometheus.alerts() if a["state"] == "firing"]
    assert {a["labels"]["target"] for a in labelled(firing, concern="tool", ward=ward)} == TOOLS
    time.sleep(3 * GROUP_INTERVAL_SECONDS)  # time enough for Alertmanager to send them
    sent = stack.webhook.alerts()
    assert not list(labelled(sent, concern="tool")), "a tool alert was delivered"
    assert {a["labels"].get("ward") for a in labelled(sent, alertname="WardwatchLinkDegraded")} == {
        ward
    }


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
    silent = shortened["groups"][0]["rules"][0]
    assert (silent["for"], silent["keep_firing_for"]) == ("45s", "15s")  # 15m, 5m / 20
