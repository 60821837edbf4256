"""The playbooks and roles pass ansible-lint's production profile and Ansible's syntax check,
with the tools from the venv's lock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ANSIBLE = Path(__file__).resolve().parents[2] / "ansible"
PLAYBOOKS = ("site.yml", "agents.yml", "collector.yml", "monitoring.yml")
VENV_BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(VENV_BIN))
    assert found, f"{name} is not in {VENV_BIN}: scripts/setup --dev installs the lock"
    return found


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ANSIBLE / "ansible.cfg"),
           "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # fmt: skip
    return subprocess.run(args, cwd=ANSIBLE, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_ansible_lint_production_profile_is_clean() -> None:
    done = run(tool("ansible-lint"), "--profile", "production", "--nocolor")

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Profile 'production' was required, and it passed" in done.stdout + done.stderr


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_every_playbook_passes_the_syntax_check(playbook: str) -> None:
    done = run(tool("ansible-playbook"), "--syntax-check", playbook)

    assert done.returncode == 0, done.stdout + done.stderr
