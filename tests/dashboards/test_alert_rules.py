"""The alert rules: promtool checks and tests them, every alert is tested firing and not
firing, speaks Vietnamese and English, links its runbook, and reads only real metrics."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from alert_files import ALERTS, RUNBOOK, alerting_rules, promtool, promtool_test_files, rule_files

from collector.metrics import SelfMetrics, Thresholds, render
from collector.state import Fleet
from standard.model import load_standard

SEVERITIES = {"critical", "warning", "info"}
ANNOTATIONS = {"summary", "description", "summary_en", "description_en", "runbook_url"}
METRIC = re.compile(r"\b(wardwatch_[a-z0-9_]+|up)\b(?!\s*\()")


def test_promtool_checks_every_rule_file() -> None:
    result = promtool("check", "rules", *rule_files())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(rule_files()) >= 5


def test_promtool_tests_pass() -> None:
    result = promtool("test", "rules", *promtool_test_files())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(promtool_test_files())


def test_the_promtool_tests_notice_a_changed_rule(tmp_path: Path) -> None:
    for path in (*rule_files(), *promtool_test_files()):
        shutil.copy(path, tmp_path / path.name)
    links = tmp_path / "links.rules.yml"
    links.write_text(links.read_text(encoding="utf-8").replace("for: 5m", "for: 6m", 1))

    result = promtool("test", "rules", tmp_path / "links_test.yml")

    assert result.returncode != 0
    assert "WardwatchDatacenterLinkDown" in result.stdout + result.stderr


def test_every_rule_file_has_its_test_file_beside_it() -> None:
    for path in rule_files():
        tests = ALERTS / path.name.replace(".rules.yml", "_test.yml")
        assert tests.exists(), f"{path.name} has no {tests.name}"
        assert yaml.safe_load(tests.read_text(encoding="utf-8"))["rule_files"] == [path.name]


def test_every_alert_is_tested_firing_and_not_firing() -> None:
    firing: set[str] = set()
    silent: set[str] = set()
    for path in promtool_test_files():
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for check in case.get("alert_rule_test", ()):
                (firing if check.get("exp_alerts") else silent).add(check["alertname"])
    names = {rule["alert"] for rule in alerting_rules()}
    assert names - firing == set(), "never tested firing"
    assert names - silent == set(), "never tested staying quiet"


def test_every_alert_has_a_severity_a_concern_and_both_languages() -> None:
    for rule in alerting_rules():
        name, annotations = rule["alert"], rule["annotations"]
        assert rule["labels"]["severity"] in SEVERITIES, name
        assert rule["labels"]["concern"], name
        assert set(annotations) == ANNOTATIONS, name
        for key in ("summary", "description"):
            assert annotations[key] != annotations[f"{key}_en"], (name, key)
            assert re.search(r"[à-ỹđ]", annotations[key]), f"{name} {key} is not Vietnamese"


def test_every_alert_that_names_a_unit_carries_its_vietnamese_name() -> None:
    for rule in alerting_rules():
        if re.search(r"\bward\b", rule["expr"]):
            assert "wardwatch_ward_info" in rule["expr"], rule["alert"]
            assert "ward_name" in rule["annotations"]["summary"], rule["alert"]


def test_every_alert_on_the_collectors_gauges_keeps_firing_through_a_scrape_gap() -> None:
    for rule in alerting_rules():
        counters_or_up = "_total" in rule["expr"] or rule["expr"].startswith("up{")
        assert ("keep_firing_for" in rule) != counters_or_up, rule["alert"]


def test_every_runbook_link_points_at_an_anchor_of_the_runbook() -> None:
    runbook = RUNBOOK.read_text(encoding="utf-8")
    for rule in alerting_rules():
        page, _, anchor = rule["annotations"]["runbook_url"].partition("#")
        assert page == "docs/runbook.md", rule["alert"]
        assert f'<a id="{anchor}"></a>' in runbook, f"{rule['alert']}: no anchor {anchor}"


def exposed_names() -> set[str]:
    """Return every family and sample name the collector's /metrics can hold."""
    body = render(
        Fleet(),
        (),
        SelfMetrics(("schema",)),
        now=0.0,
        thresholds=Thresholds(load_standard(), 180),
    ).decode()
    return set(re.findall(r"^# HELP (\S+)", body, re.M)) | set(
        re.findall(r"^([a-z_]+)[{ ]", body, re.M)
    )


def test_every_metric_an_alert_reads_is_exposed_by_the_collector() -> None:
    exposed = exposed_names() | {"up"}  # up: Prometheus's own, per scrape target
    for rule in alerting_rules():
        read = set(METRIC.findall(rule["expr"]))
        assert read and read <= exposed, (rule["alert"], sorted(read - exposed))
