"""The alert rule files and their promtool tests in dashboards/alerts/, read as data."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
ALERTS = REPO / "dashboards" / "alerts"
RUNBOOK = REPO / "docs" / "runbook.md"


def rule_files() -> list[Path]:
    """Return the rule files, `*.rules.yml` (what Prometheus loads)."""
    return sorted(ALERTS.glob("*.rules.yml"))


def promtool_test_files() -> list[Path]:
    """Return the promtool test files, `*_test.yml`, beside the rules."""
    return sorted(ALERTS.glob("*_test.yml"))


def alerting_rules(paths: list[Path] | None = None) -> Iterator[dict[str, Any]]:
    """Yield every alerting rule of the rule files, as written."""
    for path in paths or rule_files():
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            yield from (rule for rule in group["rules"] if "alert" in rule)


def promtool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run promtool with `args`; fail the test if promtool is missing."""
    found = shutil.which("promtool")
    assert found, "promtool not found: apt-get install prometheus (CI installs it)"
    return subprocess.run(
        [found, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )
