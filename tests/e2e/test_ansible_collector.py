"""The collector role for real: ansible-playbook over SSH to a loopback sshd installs the
collector from a wheelhouse built from the lock, with a SQLite store, its secrets and its
config checked by check-config before it is written; the collector then answers.

No running systemd here: wardwatch_collector_service_manager none starts it detached.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from ansible_run import build_wheelhouse, playbook, recap
from deployment import free_port, get, wait_for
from sshd import Sshd, make_key

pytestmark = pytest.mark.slow
ADMIN_TOKEN = "admin-" + "t" * 30


@pytest.fixture(scope="session")
def collector_wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collector's wheelhouse, built once per test session (pip caches the downloads)."""
    return build_wheelhouse("collector", tmp_path_factory.mktemp("wheelhouse") / "collector")


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = Sshd(tmp_path / "sshd", make_key(tmp_path / "ansible_key"))
    server.start()
    yield server
    server.stop()


def test_the_role_installs_a_collector_that_answers(
    tmp_path: Path, sshd: Sshd, collector_wheelhouse: Path
) -> None:
    stack = tmp_path / "stack.yml"
    lab = {"ansible_host": "127.0.0.1", "ansible_python_interpreter": "/usr/bin/python3"}
    stack.write_text(yaml.safe_dump({"wardwatch_collector": {"hosts": {"dtc-lab": lab}}}))
    root, port = tmp_path / "server", free_port()
    data = root / "var" / "lib" / "wardwatch-collector"
    variables = {
        "wardwatch_collector_wheelhouse": str(collector_wheelhouse),
        "wardwatch_collector_service_manager": "none",
        "wardwatch_collector_user": sshd.user,  # the test's sshd logs in as this user
        "wardwatch_collector_create_user": False,
        "wardwatch_collector_prefix": str(root / "opt"),
        "wardwatch_collector_config_dir": str(root / "etc"),
        "wardwatch_collector_data_dir": str(data),
        "wardwatch_collector_listen_host": "127.0.0.1",
        "wardwatch_collector_listen_port": port,
        "wardwatch_collector_admin_token": ADMIN_TOKEN,
        "wardwatch_collector_enrollment_secrets": {"*": "ward-secret-" + "s" * 20},
        "wardwatch_collector_inventory_file": str(
            Path(__file__).resolve().parents[2] / "inventory" / "data" / "hcmc-example.yml"
        ),
    }
    try:
        done = playbook("collector.yml", tmp_path / "unused.yml", sshd, variables,
                        tmp_path / "collector.log", ansible_inventory=stack)  # fmt: skip
        assert done.returncode == 0, done.stdout[-4000:]
        assert recap(done.stdout)["failed"] == 0
        url = f"http://127.0.0.1:{port}"
        wait_for("the collector's /readyz", lambda: get(url + "/readyz")[0] == 200, 30,
                 data / "collector.log")  # fmt: skip
        status, body = get(url + "/api/v1/admin/reconciliation", ADMIN_TOKEN)
        assert status == 200
        wards = json.loads(body)["wards"]
        assert len(wards) == 168  # the inventory it was given, with the units file it includes
        assert wards["phuong-tan-dinh"]["expected"] == 5
        config = root / "etc" / "collector.yml"
        assert stat.S_IMODE(config.stat().st_mode) == 0o640
        assert (
            (root / "etc" / "secrets" / "enroll-any.secret")
            .read_text()
            .strip()
            .startswith("ward-secret-")
        )
        assert (data / "wardwatch.sqlite").exists()
    finally:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, ValueError):
            os.kill(int((data / "collector.pid").read_text()), signal.SIGTERM)
