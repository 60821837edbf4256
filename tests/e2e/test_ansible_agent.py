"""The agent role for real: ansible-playbook over SSH to a loopback sshd (not a local
connection) installs the agent from a wheelhouse built from the lock, enrolls it with a
collector the test starts, and that collector receives its report.

This machine has no running systemd, so the run sets wardwatch_agent_service_manager to
none: the role starts the agent detached (its pid in the state directory), which is what
it does on any machine without a service manager. Paths go under the test's directory.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_run import build_wheelhouse, playbook, recap
from deployment import Collector, sample, wait_for
from sshd import Sshd, make_key

pytestmark = pytest.mark.slow
UNIT = "phuong-tan-dinh"


@pytest.fixture(scope="session")
def agent_wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The agent's wheelhouse, built once per test session (pip caches the downloads)."""
    return build_wheelhouse("agent", tmp_path_factory.mktemp("wheelhouse") / "agent-linux")


class Lab:
    """A collector, an sshd standing for one ward PC, and the role's variables for it."""

    def __init__(self, directory: Path, wheelhouse: Path) -> None:
        self.directory = directory
        (directory / "collector").mkdir()
        self.collector = Collector(directory / "collector", None)
        self.sshd = Sshd(directory / "sshd", make_key(directory / "ansible_key"))
        self.inventory = directory / "inventory.yml"
        self.inventory.write_text(yaml.safe_dump({
            "wards": [{"code": UNIT, "name": "Tân Định", "kind": "phuong"}],
            "machines": [{"ward": UNIT, "hostname": "TD-LAB01", "asset_tag": "UBND-TD-0900",
                          "os_family": "linux", "address": "127.0.0.1"}],
        }))  # fmt: skip
        self.root = directory / "machine"
        self.variables: dict[str, Any] = {
            "wardwatch_agent_become": False,  # the test's sshd logs in as this user already
            "ansible_python_interpreter": "/usr/bin/python3",  # the system one, not pyenv's shims
            "wardwatch_agent_wheelhouse": str(wheelhouse),
            "wardwatch_agent_collector_url": self.collector.url,
            "wardwatch_agent_enrollment_secret": self.collector.secret_file.read_text().strip(),
            "wardwatch_agent_service_manager": "none",
            "wardwatch_agent_prefix": str(self.root / "opt" / "wardwatch"),
            "wardwatch_agent_config_dir": str(self.root / "etc" / "wardwatch"),
            "wardwatch_agent_state_dir": str(self.root / "var" / "lib" / "wardwatch-agent"),
            "wardwatch_agent_intervals": {"health_seconds": 2},
        }

    def run(self, name: str = "agents.yml") -> dict[str, int]:
        done = playbook(name, self.inventory, self.sshd, self.variables,
                        self.directory / f"{name}.log")  # fmt: skip
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
        return recap(done.stdout)

    def stop_agent(self) -> None:
        pid_file = self.root / "var" / "lib" / "wardwatch-agent" / "agent.pid"
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text()), signal.SIGTERM)


@pytest.fixture
def lab(tmp_path: Path, agent_wheelhouse: Path) -> Iterator[Lab]:
    made = Lab(tmp_path, agent_wheelhouse)
    made.sshd.start()
    made.collector.start()
    yield made
    made.stop_agent()
    made.collector.stop()
    made.sshd.stop()


def test_the_role_installs_enrolls_and_the_collector_receives_a_report(lab: Lab) -> None:
    first = lab.run()

    assert first["failed"] == 0 and first["changed"] > 0
    agents = wait_for(
        "the agent's first report",
        lambda: [a for a in lab.collector.agents().values() if a["last_seq"]],
        30,
        lab.collector.log,
        lab.root / "var" / "lib" / "wardwatch-agent" / "agent.log",
    )
    assert [a["hostname"] for a in agents] == [socket.gethostname()]
    metrics = lab.collector.metrics()
    agent_id = agents[0]["agent_id"]
    assert sample(metrics, "wardwatch_machine_info", agent_id=agent_id, ward=UNIT) == 1
    config = yaml.safe_load((lab.root / "etc" / "wardwatch" / "agent.yml").read_text())
    assert config["identity"] == {"ward": UNIT, "role": "workstation", "asset_tag": "UBND-TD-0900"}
    assert not (lab.root / "var" / "lib" / "wardwatch-agent" / "enroll.secret").exists()


def test_a_second_run_changes_nothing(lab: Lab) -> None:
    lab.run()

    again = lab.run()

    assert again["changed"] == 0, again
