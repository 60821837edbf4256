"""The recording rules: promtool accepts them, and they record what their tests expect."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "dashboards" / "rules"


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("promtool")
    assert binary, "promtool is not installed: scripts/setup"
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=60, cwd=RULES)


@pytest.mark.parametrize(
    "rules", sorted(p.name for p in RULES.glob("*.yml") if "_test" not in p.name)
)
def test_promtool_accepts_the_rules(rules: str) -> None:
    checked = promtool("check", "rules", rules)

    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("tests", sorted(p.name for p in RULES.glob("*_test.yml")))
def test_the_rules_record_what_their_tests_expect(tests: str) -> None:
    tested = promtool("test", "rules", tests)

    assert tested.returncode == 0, tested.stdout + tested.stderr
