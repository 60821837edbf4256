"""The files the main job writes to ./var: secrets, and each part's configuration.

Prometheus loads every rule file in dashboards/rules/ and dashboards/alerts/ that exists
when the job starts (tests' `*_test.yml` aside) and that `promtool check rules` accepts;
Alertmanager runs dashboards/alertmanager.yml when `amtool check-config` accepts it, else
a minimal local configuration that only keeps the alerts.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from runlocal.settings import REPO, Settings

RULE_DIRECTORIES = ("dashboards/rules", "dashboards/alerts")
ALERTMANAGER_FILE = REPO / "dashboards" / "alertmanager.yml"
LOCAL_ALERTMANAGER = {
    "route": {"receiver": "local", "group_by": ["alertname", "ward"]},
    "receivers": [{"name": "local"}],  # kept and shown by the API, sent nowhere
}


@dataclass(frozen=True)
class Written:
    """What was written, and which rule files and Alertmanager config were left out why."""

    rule_files: tuple[Path, ...]
    skipped_rules: tuple[tuple[Path, str], ...]
    alertmanager_config: Path
    alertmanager_note: tuple[str, str] | None  # (vi, en) when the local config stands in


def secret_file(path: Path) -> Path:
    """Create a random one-line secret at `path` (mode 0600) unless one is there."""
    if not path.exists() or not path.read_text().strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(24) + "\n")
    return path


def write_json(path: Path, value: object) -> Path:
    """Write `value` as JSON (which every YAML reader reads) through a rename."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temp, path)
    return path


def collector_config(s: Settings, inventory: Path) -> Path:
    """Write the collector's config: SQLite in var/collector, the city's inventory."""
    return write_json(
        s.var / "collector.yml",
        {
            "listen": {"host": "127.0.0.1", "port": s.collector_port},
            "storage": {"data_directory": str(s.var / "collector")},
            "admin_token_file": str(s.var / "admin.token"),
            "enrollment_secret_files": {"*": str(s.var / "ward.secret")},
            "inventory_file": str(inventory),
            # The simulated city reports every --interval seconds: silent after 3 missed.
            "stale_after_seconds": 3 * max(s.interval_seconds, 60.0),
        },
    )


def agent_config(s: Settings) -> Path:
    """Write this machine's agent config; the collector stands in for the link targets."""
    port = s.collector_port
    return write_json(
        s.var / "agent.yml",
        {
            "state_directory": str(s.var / "agent"),
            "identity": {"ward": s.ward, "role": "workstation"},
            "probes": {
                "modules": {
                    "tcp": {"prober": "tcp", "timeout_seconds": 2},
                    "http": {"prober": "http", "timeout_seconds": 3},
                },
                # On a ward network these name the data centre and the four tools; here the
                # collector itself stands in for them, so the job needs no outside network.
                "targets": [
                    {"name": "datacenter", "module": "tcp", "target": f"127.0.0.1:{port}"},
                    {
                        "name": "records",
                        "module": "http",
                        "target": f"http://127.0.0.1:{port}/healthz",
                    },
                ],
            },
        },
    )


def rule_files() -> tuple[list[Path], list[tuple[Path, str]]]:
    """Return the rule files Prometheus can load, and those promtool refused with why."""
    found = sorted(
        path
        for directory in RULE_DIRECTORIES
        for path in (REPO / directory).glob("*.yml")
        if not path.name.endswith("_test.yml")
    )
    good, bad = [], []
    for path in found:
        checked = subprocess.run(
            ["promtool", "check", "rules", str(path)], capture_output=True, text=True
        )
        if checked.returncode == 0:
            good.append(path)
        else:
            bad.append((path, (checked.stderr or checked.stdout).strip().splitlines()[-1:][0]))
    return good, bad


def prometheus_config(s: Settings, rules: list[Path]) -> Path:
    """Write Prometheus's config: the collector as its one target, the rules, Alertmanager."""
    return write_json(
        s.var / "prometheus.yml",
        {
            "global": {"scrape_interval": "15s", "evaluation_interval": "15s"},
            "rule_files": [str(p) for p in rules],
            "alerting": {
                "alertmanagers": [
                    {"static_configs": [{"targets": [f"127.0.0.1:{s.alertmanager_port}"]}]}
                ]
            },
            "scrape_configs": [
                {
                    "job_name": "wardwatch",
                    "scrape_timeout": "10s",
                    "static_configs": [{"targets": [f"127.0.0.1:{s.collector_port}"]}],
                }
            ],
        },
    )


def alertmanager_config(s: Settings) -> tuple[Path, tuple[str, str] | None]:
    """Return the Alertmanager config to run and a note when the local one stands in."""
    if ALERTMANAGER_FILE.exists():
        checked = subprocess.run(
            ["amtool", "check-config", str(ALERTMANAGER_FILE)], capture_output=True, text=True
        )
        if checked.returncode == 0:
            return ALERTMANAGER_FILE, None
        why = " ".join((checked.stdout + checked.stderr).strip().splitlines()[-1:])
        note = (
            f"amtool từ chối {ALERTMANAGER_FILE} ({why})",
            f"amtool refused {ALERTMANAGER_FILE} ({why})",
        )
    else:
        note = (f"chưa có {ALERTMANAGER_FILE}", f"{ALERTMANAGER_FILE} does not exist yet")
    return write_json(s.var / "alertmanager.yml", LOCAL_ALERTMANAGER), note


def write_all(s: Settings, inventory: Path) -> Written:
    """Write every config the job needs; return what went in and what was left out."""
    for name in ("collector", "agent", "prometheus", "alertmanager", "simulator", "logs"):
        (s.var / name).mkdir(parents=True, exist_ok=True)
    secret_file(s.var / "ward.secret")
    secret_file(s.var / "admin.token")
    collector_config(s, inventory)
    agent_config(s)
    good, bad = rule_files()
    prometheus_config(s, good)
    config, note = alertmanager_config(s)
    return Written(tuple(good), tuple(bad), config, note)
