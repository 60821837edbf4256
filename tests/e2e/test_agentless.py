"""Agentless collection end to end: a real collector reads machines over SSH from a real
OpenSSH sshd on loopback ports, with host and user keys the test makes.

One sshd serves four machines, one port each: a good one, one whose host key is not the
one the inventory knows, one that refuses the collector's key (its unknown host key is
trusted on first use, so the login is what fails), and one whose shell hangs reading
/proc/meminfo (a FIFO nobody writes to, as on a machine with a hung filesystem).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from deployment import Collector, command, get, sample
from sshd import KeyPair, Sshd, make_key

WARD = "phuong-tan-dinh"
COMMAND_TIMEOUT_SECONDS = 2
HOST_TIMEOUT_SECONDS = 20

pytestmark = pytest.mark.slow


class Fleet:
    """The sshd, the keys and a collector whose inventory lists the four machines."""

    def __init__(self, directory: Path) -> None:
        self.client = make_key(directory / "collector_key")
        self.stranger = make_key(directory / "stranger_key")  # in no authorized_keys
        self.other_host = make_key(directory / "other_host_key")  # no sshd holds it
        self.sshd = Sshd(directory / "sshd", self.client, ports=3, hanging=1)
        good, changed, refusing = self.sshd.ports
        self.ports = {"TD-SRV01": good, "TD-SRV02": changed, "TD-SRV03": refusing,
                      "TD-SRV04": self.sshd.hanging_ports[0]}  # fmt: skip
        self.known_hosts = directory / "collector" / "data" / "ssh_known_hosts"
        self.inventory = directory / "inventory.yml"
        self.write_inventory(self.sshd.host_key)
        (directory / "collector").mkdir()
        self.collector = Collector(
            directory / "collector",
            None,
            extra_config={
                "inventory_file": str(self.inventory),
                "agentless": {
                    "scheduled": False,  # sweeps come from ssh-sweep only: the test says when
                    "connect_timeout_seconds": 5,
                    "command_timeout_seconds": COMMAND_TIMEOUT_SECONDS,
                    "host_timeout_seconds": HOST_TIMEOUT_SECONDS,
                    "key_file": str(self.client.private),
                    "user": self.sshd.user,
                },
            },
        )

    def write_inventory(self, good_host_key: KeyPair, only: str | None = None) -> None:
        """List the four machines (or the one named `only`); TD-SRV01 is known by
        `good_host_key`."""
        known = {"TD-SRV01": good_host_key, "TD-SRV02": self.other_host,
                 "TD-SRV04": self.sshd.host_key}  # fmt: skip
        machines: list[dict[str, Any]] = []
        for hostname, port in self.ports.items():
            if only not in (None, hostname):
                continue
            ssh: dict[str, Any] = {"port": port}
            if hostname in known:
                ssh["known_host"] = known[hostname].known_host
            if hostname == "TD-SRV03":
                ssh.update(key_file=str(self.stranger.private), trust_on_first_use=True)
            machines.append({"ward": WARD, "hostname": hostname, "role": "server",
                             "os_family": "linux", "address": "127.0.0.1",
                             "agentless": "ssh", "ssh": ssh})  # fmt: skip
        wards = [{"code": WARD, "name": "Tân Định", "kind": "phuong"}]
        self.inventory.write_text(yaml.safe_dump({"wards": wards, "machines": machines}))

    def sweep(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `wardwatch-collector ssh-sweep` against the running collector."""
        return subprocess.run(
            [command("wardwatch-collector"), "ssh-sweep", "--config",
             str(self.collector.config_file), *args],
            capture_output=True, text=True, timeout=HOST_TIMEOUT_SECONDS * 3,
        )  # fmt: skip

    def statuses(self) -> dict[str, dict[str, Any]]:
        """Return the admin API's agentless statuses by hostname."""
        status, body = get(
            self.collector.url + "/api/v1/admin/agentless", self.collector.admin_token
        )
        assert status == 200, body
        return {row["hostname"]: row for row in json.loads(body)}


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    made = Fleet(tmp_path)
    made.sshd.start()
    made.collector.start()
    yield made
    made.collector.stop()
    made.sshd.stop()


def test_a_sweep_stores_the_good_machine_and_names_each_failure(fleet: Fleet) -> None:
    done = fleet.sweep("--lang", "en")

    assert done.returncode == 1, done.stderr  # not every machine was read
    assert "read and stored" in done.stdout
    for words in ("host key changed: refused", "login refused", "a command hung"):
        assert words in done.stdout
    statuses = fleet.statuses()
    results = {name: row["result"] for name, row in statuses.items()}
    assert results == {"TD-SRV01": "ok", "TD-SRV02": "host_key_changed",
                       "TD-SRV03": "auth_failed", "TD-SRV04": "command_timeout"}  # fmt: skip
    assert statuses["TD-SRV04"]["duration_seconds"] < HOST_TIMEOUT_SECONDS
    assert statuses["TD-SRV02"]["finding"]["rule"] == "agentless_host_key_changed"
    assert statuses["TD-SRV02"]["finding"]["severity"] == "critical"


def test_the_good_machine_is_a_machine_of_the_collector(fleet: Fleet) -> None:
    fleet.sweep()
    agent_id = fleet.statuses()["TD-SRV01"]["agent_id"]
    metrics = fleet.collector.metrics()

    assert sample(metrics, "wardwatch_machine_info", agent_id=agent_id, hostname="TD-SRV01",
                  ward=WARD, role="server") == 1  # fmt: skip
    assert sample(metrics, "wardwatch_machine_memory_total_bytes", agent_id=agent_id) == (
        _meminfo_total_bytes()
    )
    assert sample(metrics, "wardwatch_machine_up", agent_id=agent_id) == 1
    assert sample(metrics, "wardwatch_agentless_up", hostname="TD-SRV01") == 1
    assert sample(metrics, "wardwatch_agentless_up", hostname="TD-SRV04") == 0
    assert sample(metrics, "wardwatch_agentless_host_key_changed", hostname="TD-SRV02") == 1
    assert "wardwatch_fleet_machines 1.0" in metrics.splitlines()  # the others sent nothing
    assert fleet.collector.agents()[agent_id]["hostname"] == "TD-SRV01"


def test_each_sweep_sends_the_next_seq(fleet: Fleet) -> None:
    fleet.sweep("--unit", WARD)
    first = fleet.statuses()["TD-SRV01"]["seq"]
    fleet.sweep("--unit", WARD)

    assert fleet.statuses()["TD-SRV01"]["seq"] == first + 1


def test_a_host_key_trusted_on_first_use_is_recorded(fleet: Fleet) -> None:
    fleet.sweep()
    port = fleet.ports["TD-SRV03"]

    lines = fleet.known_hosts.read_text().splitlines()
    assert lines == [f"[127.0.0.1]:{port} {fleet.sshd.host_key.known_host}"]
    metrics = fleet.collector.metrics().splitlines()
    assert "wardwatch_agentless_host_keys_trusted_total 1.0" in metrics


def test_a_known_machine_whose_key_changes_is_refused_with_a_finding(fleet: Fleet) -> None:
    # TD-SRV01 alone: the four machines are all this one (one machine id), and another's
    # finding would stand in for its own.
    fleet.write_inventory(fleet.sshd.host_key, only="TD-SRV01")
    assert _upload_inventory(fleet) == 200
    fleet.sweep()
    agent_id = fleet.statuses()["TD-SRV01"]["agent_id"]
    operational = {"agent_id": agent_id, "class": "operational"}
    before = sample(fleet.collector.metrics(), "wardwatch_machine_findings", **operational)
    fleet.write_inventory(fleet.other_host, only="TD-SRV01")  # the DTC knows another key now
    assert _upload_inventory(fleet) == 200

    fleet.sweep()
    metrics = fleet.collector.metrics()

    assert fleet.statuses()["TD-SRV01"]["result"] == "host_key_changed"
    assert sample(metrics, "wardwatch_agentless_host_key_changed", hostname="TD-SRV01") == 1
    assert sample(metrics, "wardwatch_machine_findings", **operational) == (before or 0) + 1
    assert sample(metrics, "wardwatch_machine_compliant", agent_id=agent_id) == 0


def test_an_unknown_unit_is_refused(fleet: Fleet) -> None:
    done = fleet.sweep("--unit", "phuong-khong-co")

    assert done.returncode == 2
    assert "no unit 'phuong-khong-co' in the inventory" in done.stderr


def _meminfo_total_bytes() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return float(int(line.split()[1]) * 1024)
    raise AssertionError("no MemTotal")


def _upload_inventory(fleet: Fleet) -> int:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        fleet.collector.url + "/api/v1/admin/inventory",
        data=fleet.inventory.read_bytes(),
        method="POST",
        headers={"Authorization": f"Bearer {fleet.collector.admin_token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as err:
        raise AssertionError(err.read()) from err
