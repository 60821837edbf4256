"""dashboards/alertmanager.yml: amtool checks it, routes label sets to the DTC's receivers,
and renders the Vietnamese email from its templates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from alert_files import REPO

CONFIG = REPO / "dashboards" / "alertmanager.yml"
TEMPLATES = REPO / "dashboards" / "alertmanager.tmpl"
BOTH = "dtc-webhook,dtc-email"

ROUTES = [
    ("alertname=WardwatchDatacenterLinkDown severity=critical concern=datacenter ward=a", BOTH),
    ("alertname=WardwatchToolUnreachable severity=critical concern=tool ward=a", BOTH),
    ("alertname=WardwatchLinkDegraded severity=warning concern=datacenter ward=a", BOTH),
    ("alertname=WardwatchAgentSilent severity=warning role=server ward=a", BOTH),
    ("alertname=WardwatchAgentSilent severity=warning role=workstation ward=a", BOTH),
    ("alertname=WardwatchWardReadinessLow severity=warning ward=a", BOTH),
    ("alertname=WardwatchCollectorDown severity=critical concern=collector", BOTH),
    (
        "alertname=WardwatchMachineBelowStandard severity=info ward=a",
        "dtc-webhook,dtc-webhook-only",
    ),
    ("alertname=SomethingElse", BOTH),
]


def amtool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run amtool with `args`; fail the test if amtool is missing."""
    found = shutil.which("amtool")
    assert found, "amtool not found: apt-get install prometheus-alertmanager (CI installs it)"
    return subprocess.run(
        [found, *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def test_amtool_accepts_the_config() -> None:
    result = amtool("check-config", CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 inhibit rules" in result.stdout and "1 templates" in result.stdout


def test_amtool_refuses_a_route_to_a_receiver_that_does_not_exist(tmp_path: Path) -> None:
    broken = tmp_path / "alertmanager.yml"
    broken.write_text(
        CONFIG.read_text(encoding="utf-8").replace(
            "receiver: dtc-email\n", "receiver: dtc-mail\n", 1
        )
    )
    result = amtool("check-config", broken)
    assert result.returncode != 0 and "dtc-mail" in result.stdout + result.stderr


def test_every_template_the_config_uses_is_defined_beside_it() -> None:
    used = set(re.findall(r'template "([^"]+)"', CONFIG.read_text(encoding="utf-8")))
    defined = set(re.findall(r'define "([^"]+)"', TEMPLATES.read_text(encoding="utf-8")))
    assert used and used <= defined, sorted(used - defined)


@pytest.mark.parametrize(("labels", "receivers"), ROUTES)
def test_a_label_set_reaches_the_expected_receivers(labels: str, receivers: str) -> None:
    result = amtool(
        "config", "routes", "test", f"--config.file={CONFIG}",
        f"--verify.receivers={receivers}", *labels.split(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == receivers


def test_a_wrong_expectation_fails_the_route_test() -> None:
    result = amtool(
        "config", "routes", "test", f"--config.file={CONFIG}",
        "--verify.receivers=dtc-email", "alertname=WardwatchDatacenterLinkDown",
        "severity=critical",
    )  # fmt: skip
    assert result.returncode != 0


def test_units_are_grouped_and_silent_workstations_wait_for_office_hours() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert config["route"]["group_by"] == ["ward"]
    silent = [r for r in config["route"]["routes"] if 'role!="server"' in str(r.get("matchers"))]
    assert silent and all(r["active_time_intervals"] == ["gio-hanh-chinh"] for r in silent)
    (hours,) = config["time_intervals"]
    assert hours["time_intervals"][0]["location"] == "Asia/Ho_Chi_Minh"


def notification(status: str) -> dict[str, Any]:
    """Return a notification of one unit's degraded link; `status` is firing or resolved."""
    labels = {"alertname": "WardwatchLinkDegraded", "severity": "warning",
              "ward": "phuong-tan-dinh", "ward_name": "Phường Tân Định"}  # fmt: skip
    annotations = {
        "summary": "Phường Tân Định: mất gói 4% tới Trung tâm Dữ liệu chung",
        "description": "Trung vị tỷ lệ mất gói <4%> vượt mức tối đa 1%.",
        "summary_en": "Phường Tân Định: 4% loss to the common data centre",
        "description_en": "The median packet loss is 4%.",
        "runbook_url": "docs/runbook.md#link-degraded",
    }
    alert = {"status": status, "labels": labels, "annotations": annotations,
             "startsAt": "2025-11-03T02:15:00Z", "endsAt": "0001-01-01T00:00:00Z"}  # fmt: skip
    return {"receiver": "dtc-email", "status": status, "alerts": [alert],
            "groupLabels": {"ward": "phuong-tan-dinh"}, "commonLabels": labels,
            "commonAnnotations": annotations, "externalURL": "http://127.0.0.1:9093"}  # fmt: skip


def render(tmp_path: Path, template: str, status: str = "firing", kind: str = "text") -> str:
    """Render the definition `template` of alertmanager.tmpl for one notification."""
    data = tmp_path / "data.json"
    data.write_text(json.dumps(notification(status)), encoding="utf-8")
    result = amtool(
        "template", "render", f"--template.glob={TEMPLATES}", f"--template.data={data}",
        f"--template.type={kind}", f'--template.text={{{{ template "{template}" . }}}}',
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_email_names_the_unit_in_vietnamese_and_says_it_in_english_too(
    tmp_path: Path,
) -> None:
    subject = render(tmp_path, "wardwatch.email.subject")
    text = render(tmp_path, "wardwatch.email.text")

    assert subject.strip() == "[wardwatch] Phường Tân Định: 1 cảnh báo / alerts"
    assert "[CẢNH BÁO / warning] Phường Tân Định: mất gói 4% tới Trung tâm Dữ liệu chung" in text
    assert "Phường Tân Định: 4% loss to the common data centre." in text
    assert "Hướng dẫn xử lý / runbook: docs/runbook.md#link-degraded" in text


def test_a_resolved_notification_says_so(tmp_path: Path) -> None:
    subject = render(tmp_path, "wardwatch.email.subject", "resolved")
    assert subject.strip() == "[wardwatch] Phường Tân Định: đã hết cảnh báo / resolved"


def test_the_html_email_escapes_what_the_alert_says(tmp_path: Path) -> None:
    html = render(tmp_path, "wardwatch.email.html", kind="html")
    assert "&lt;4%&gt;" in html and "<4%>" not in html
    assert '<a href="docs/runbook.md#link-degraded">' in html
