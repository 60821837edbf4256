"""The dynamic inventory is inventory/'s machines and nothing else: checked against the
shipped example, host by host, group by group."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from inventory.load import HCMC_EXAMPLE, load

SCRIPT = Path(__file__).resolve().parents[2] / "ansible" / "inventory" / "wardwatch.py"


def inventory_json(*args: str, source: Path | None = None) -> tuple[int, Any, str]:
    env = {**os.environ, "WARDWATCH_INVENTORY": str(source or HCMC_EXAMPLE)}
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          env=env, timeout=60)  # fmt: skip
    return done.returncode, json.loads(done.stdout) if done.stdout else None, done.stderr


@pytest.fixture(scope="module")
def listed() -> dict[str, Any]:
    status, answer, err = inventory_json("--list")
    assert status == 0, err
    return answer


def test_every_machine_of_the_example_is_a_host_and_no_other(listed: dict[str, Any]) -> None:
    inventory = load(HCMC_EXAMPLE)
    hostvars = listed["_meta"]["hostvars"]

    assert len(hostvars) == len(inventory.machines) == 20
    for machine in inventory.machines:
        name = machine.hostname or machine.asset_tag
        assert hostvars[name] == {
            "ansible_host": machine.address or name,
            "wardwatch_unit": machine.ward,
            "wardwatch_role": machine.role,
            "wardwatch_asset_tag": machine.asset_tag,
            "wardwatch_agentless": machine.agentless == "ssh",
            "wardwatch_os_family": machine.os_family,
        }


def test_each_unit_is_a_group_of_its_machines(listed: dict[str, Any]) -> None:
    assert len(listed["wardwatch_units"]["children"]) == 168
    assert listed["phuong_tan_dinh"] == {
        "hosts": ["TD-PC01", "TD-PC02", "TD-PC03", "TD-SRV01", "TD-VC01"],
        "vars": {"wardwatch_unit": "phuong-tan-dinh", "wardwatch_unit_name": "Tân Định"},
    }
    assert listed["dac_khu_con_dao"] == {  # a unit with no machine listed: an empty group
        "hosts": [],
        "vars": {"wardwatch_unit": "dac-khu-con-dao", "wardwatch_unit_name": "Côn Đảo"},
    }


def test_agents_agentless_os_and_role_groups(listed: dict[str, Any]) -> None:
    assert listed["wardwatch_agentless"]["hosts"] == ["TD-SRV01"]
    assert "TD-SRV01" not in listed["wardwatch_agents"]["hosts"]
    assert len(listed["wardwatch_agents"]["hosts"]) == 19
    assert listed["os_linux"]["hosts"] == ["TD-PC03", "TD-SRV01", "SG-SRV01"]
    assert "UBND-BT-0003" in listed["role_workstation"]["hosts"]  # named by its asset tag
    assert sorted(listed["role_server"]["hosts"]) == [
        "BT-SRV01", "COL-SRV01", "SG-SRV01", "TD-SRV01"
    ]  # fmt: skip


def test_host_answers_one_machine_s_vars() -> None:
    status, answer, _ = inventory_json("--host", "TD-SRV01")

    assert status == 0
    assert answer["ansible_host"] == "10.10.1.2"
    assert answer["wardwatch_agentless"] is True


def test_a_hostname_in_two_units_is_named_with_its_unit(tmp_path: Path) -> None:
    (tmp_path / "inv.yml").write_text(
        "wards:\n  - {code: phuong-a, name: A, kind: phuong}\n  - {code: xa-b, name: B, kind: xa}\n"
        "machines:\n  - {ward: phuong-a, hostname: PC01}\n  - {ward: xa-b, hostname: pc01}\n",
        encoding="utf-8",
    )
    status, answer, _ = inventory_json("--list", source=tmp_path / "inv.yml")

    assert status == 0
    assert sorted(answer["_meta"]["hostvars"]) == ["PC01.phuong-a", "pc01.xa-b"]


def test_a_broken_inventory_names_file_line_and_key(tmp_path: Path) -> None:
    (tmp_path / "inv.yml").write_text("wards:\n  - {code: phuong-a, name: A, kind: quan}\n")
    status, answer, err = inventory_json("--list", source=tmp_path / "inv.yml")

    assert (status, answer) == (2, None)
    assert f"{tmp_path / 'inv.yml'}:2: wards[0].kind: 'quan' is not one of" in err
