"""`promtool check metrics` on the whole /metrics body; a missing promtool fails (CI has it)."""

from __future__ import annotations

import shutil
import subprocess

import metrics_state
from metrics_state import NOW, machine

from collector.metrics import SelfMetrics, render
from collector.state import Fleet

NASTY = ('"', "\\", "\n", "\\n", "\r\t", "trailing \\", "Đặc khu Côn Đảo 🏝", '{a="b"} 1')


def promtool_check(body: bytes) -> subprocess.CompletedProcess[str]:
    """Run `promtool check metrics` on `body`; fail the test if promtool is missing."""
    promtool = shutil.which("promtool")
    assert promtool, "promtool not found: apt-get install prometheus (CI installs it)"
    return subprocess.run(
        [promtool, "check", "metrics"], input=body.decode(), capture_output=True, text=True
    )


def test_promtool_finds_nothing_to_complain_about(state_fleet: Fleet) -> None:
    wards = metrics_state.wards()
    result = promtool_check(render(state_fleet, wards, SelfMetrics(("schema",)), now=NOW))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


def test_promtool_accepts_nasty_label_values() -> None:
    fleet = Fleet()
    for i, text in enumerate(NASTY):
        fleet.put(machine(f"{i:032x}", text, hostname=text, cpu_model=text))
    result = promtool_check(render(fleet, (), None, now=NOW))
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_check_is_not_a_no_op() -> None:
    result = promtool_check(b"# HELP x_count c\n# TYPE x_count counter\nx_count 1\n")
    assert result.returncode != 0
