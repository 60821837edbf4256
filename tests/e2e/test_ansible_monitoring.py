"""The monitoring role for real, over SSH to a loopback sshd: with dashboards/ empty it
writes only Prometheus's config; with rules, alerts, Alertmanager's config and Grafana's
provisioning present it places each, every file checked by the real promtool and amtool.
(Grafana's server is not installable here: its provisioning files are only placed.)"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_run import playbook, recap
from sshd import Sshd, make_key

pytestmark = pytest.mark.slow
RECORD = {"record": "wardwatch:machines_up:sum", "expr": "sum(wardwatch_machine_up)"}
RULES = {"groups": [{"name": "wardwatch", "rules": [RECORD]}]}
ALERT = {"alert": "WardwatchMachineSilent", "expr": "wardwatch_machine_up == 0", "for": "15m"}
ALERTS = {"groups": [{"name": "wardwatch-alerts", "rules": [ALERT]}]}
ALERTMANAGER = {"route": {"receiver": "dtc"}, "receivers": [{"name": "dtc"}]}


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = Sshd(tmp_path / "sshd", make_key(tmp_path / "ansible_key"))
    server.start()
    yield server
    server.stop()


def deploy(tmp_path: Path, sshd: Sshd, dashboards: Path, name: str) -> dict[str, int]:
    stack = tmp_path / "stack.yml"
    lab = {"ansible_host": "127.0.0.1", "ansible_python_interpreter": "/usr/bin/python3"}
    stack.write_text(yaml.safe_dump({"wardwatch_monitoring": {"hosts": {"dtc-lab": lab}}}))
    etc = tmp_path / "etc"
    variables: dict[str, Any] = {
        "wardwatch_monitoring_dashboards_dir": str(dashboards),
        "wardwatch_monitoring_install_packages": False,  # Debian's are installed already
        "wardwatch_monitoring_service_manager": "none",
        "wardwatch_monitoring_collector_target": "127.0.0.1:8443",
        "wardwatch_monitoring_metrics_token": "scrape-" + "t" * 20,
        "wardwatch_monitoring_prometheus_config_dir": str(etc / "prometheus"),
        "wardwatch_monitoring_alertmanager_config_file": str(etc / "prometheus" / "am.yml"),
        "wardwatch_monitoring_grafana_provisioning_dir": str(etc / "grafana" / "provisioning"),
    }
    (etc / "prometheus").mkdir(parents=True, exist_ok=True)
    done = playbook("monitoring.yml", tmp_path / "unused.yml", sshd, variables,
                    tmp_path / f"{name}.log", ansible_inventory=stack)  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:]
    return recap(done.stdout)


def test_without_dashboards_only_the_scrape_config_is_written(tmp_path: Path, sshd: Sshd) -> None:
    (tmp_path / "dashboards").mkdir()

    deploy(tmp_path, sshd, tmp_path / "dashboards", "empty")

    prometheus = tmp_path / "etc" / "prometheus"
    config = yaml.safe_load((prometheus / "prometheus.yml").read_text())
    job = config["scrape_configs"][0]
    assert (job["job_name"], job["static_configs"]) == (
        "wardwatch",
        [{"targets": ["127.0.0.1:8443"]}],
    )
    assert job["authorization"] == {"credentials_file": str(prometheus / "wardwatch-metrics.token")}
    assert list((prometheus / "wardwatch-rules").iterdir()) == []
    assert not (prometheus / "am.yml").exists()
    assert not (tmp_path / "etc" / "grafana").exists()


def test_the_dashboards_files_present_are_placed_and_checked(tmp_path: Path, sshd: Sshd) -> None:
    dashboards = tmp_path / "dashboards"
    files = {
        "rules/recording.yml": RULES,
        "alerts/machines.yml": ALERTS,
        "alertmanager.yml": ALERTMANAGER,
        "provisioning/datasources/wardwatch.yml": {"apiVersion": 1},
    }
    for relative, content in files.items():
        (dashboards / relative).parent.mkdir(parents=True, exist_ok=True)
        (dashboards / relative).write_text(yaml.safe_dump(content))

    deploy(tmp_path, sshd, dashboards, "full")

    prometheus = tmp_path / "etc" / "prometheus"
    rules = sorted(p.name for p in (prometheus / "wardwatch-rules").iterdir())
    assert rules == ["alerts-machines.yml", "rules-recording.yml"]
    assert yaml.safe_load((prometheus / "am.yml").read_text()) == ALERTMANAGER
    provisioned = tmp_path / "etc" / "grafana" / "provisioning" / "datasources" / "wardwatch.yml"
    assert provisioned.exists()
    checked = subprocess.run(["promtool", "check", "config", str(prometheus / "prometheus.yml")],
                             capture_output=True, text=True)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 2 rule files found" in checked.stdout + checked.stderr
