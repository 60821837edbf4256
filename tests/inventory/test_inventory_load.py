"""Loading the inventory from YAML and CSV, the shipped HCMC data and the admin API's text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from inventory.access import SshAccess, check_host_key
from inventory.errors import InventoryError
from inventory.load import HCMC_EXAMPLE, HCMC_UNITS, load, loads
from inventory.model import ExpectedMachine, Ward

TESTDATA = Path(__file__).parents[1] / "testdata" / "inventory"

VALID = Path(__file__).parents[1] / "testdata" / "inventory" / "valid"
DISTRICT_1 = ("phuong-tan-dinh", "phuong-sai-gon", "phuong-ben-thanh", "phuong-cau-ong-lanh")


def test_all_168_units_load_with_their_kinds() -> None:
    inventory = load(HCMC_UNITS)
    kinds = Counter(w.kind for w in inventory.wards.values())
    assert len(inventory.wards) == 168
    assert kinds == {"phuong": 113, "xa": 54, "dac_khu": 1}
    assert inventory.machines == ()


def test_units_keep_vietnamese_names() -> None:
    wards = load(HCMC_UNITS).wards
    assert wards["dac-khu-con-dao"] == Ward("dac-khu-con-dao", "Côn Đảo", "dac_khu")
    assert wards["phuong-cau-ong-lanh"].name == "Cầu Ông Lãnh"
    assert wards["xa-thanh-an-can-gio"].name == "Thạnh An"
    assert wards["xa-thanh-an-dau-tieng"].name == "Thanh An"


def test_shipped_units_match_the_shared_data_file() -> None:
    shared = Path(__file__).parents[3] / "shared" / "data" / "hcmc-units-2025.csv"
    if not shared.exists():
        pytest.skip("shared data directory not present")
    assert HCMC_UNITS.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


def test_example_has_district_1_wards_and_all_units() -> None:
    inventory = load(HCMC_EXAMPLE)
    assert len(inventory.wards) == 168
    assert tuple(inventory.wards)[:4] == DISTRICT_1
    assert inventory.wards["phuong-sai-gon"].former_units == (
        "Quận 1 / Phường Bến Nghé",
        "Quận 1 / Phường Đa Kao",
    )
    for code in DISTRICT_1:
        roles = {m.role for m in inventory.machines_in(code)}
        assert roles == {"workstation", "server", "video_conference"}


def test_example_machines_name_where_they_came_from() -> None:
    inventory = load(HCMC_EXAMPLE)
    td_pc03 = next(m for m in inventory.machines if m.hostname == "TD-PC03")
    assert td_pc03.former_unit == "Quận 1 / Phường Đa Kao"
    assert inventory.expected_count("phuong-tan-dinh") == 5


def test_include_units_merges_and_explicit_wards_win(tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(
        "slug,kind,name\nphuong-a,phuong,A\nxa-b,xa,B\n", encoding="utf-8"
    )
    (tmp_path / "inv.yml").write_text(
        "include_units: units.csv\n"
        "wards:\n  - {code: xa-b, name: B mới, kind: xa, expected_machines: 4}\n",
        encoding="utf-8",
    )
    wards = load(tmp_path / "inv.yml").wards
    assert list(wards) == ["xa-b", "phuong-a"]
    assert wards["xa-b"].name == "B mới"
    assert wards["xa-b"].expected_machines == 4


def test_two_csv_files_load_together() -> None:
    inventory = load(VALID / "wards.csv", VALID / "machines.csv")
    assert inventory.wards["phuong-sai-gon"].former_units == (
        "Quận 1 / Phường Bến Nghé",
        "Quận 1 / Phường Đa Kao",
    )
    assert inventory.wards["dac-khu-con-dao"].expected_machines == 12
    assert inventory.machines[3] == ExpectedMachine(
        ward="phuong-sai-gon", asset_tag="UBND-SG-0001", former_unit="Quận 1 / Phường Bến Nghé"
    )
    assert inventory.expected_count("dac-khu-con-dao") == 12
    assert inventory.expected_count("phuong-tan-dinh") == 3


def test_machines_csv_alone_has_no_wards_to_refer_to() -> None:
    with pytest.raises(InventoryError, match=r"machines\.csv:2: ward: unknown ward"):
        load(VALID / "machines.csv")


def test_csv_with_bom_and_blank_lines_loads() -> None:
    text = "\ufeffcode,kind,name\r\n\r\nphuong-tan-dinh,phuong,Tân Định\r\n"
    assert list(loads(text, "csv").wards) == ["phuong-tan-dinh"]


def test_csv_error_reports_the_row_line() -> None:
    text = "code,kind,name\n\nphuong-a,phuong,A\nBad Code,phuong,B\n"
    with pytest.raises(InventoryError, match=r"^upload\.csv:4: code: must be an ASCII slug"):
        loads(text, "csv", "upload.csv")


def test_loads_yaml_text_for_the_admin_api() -> None:
    text = HCMC_EXAMPLE.read_text(encoding="utf-8")
    inventory = loads(text, "yaml", "POST /api/v1/admin/inventory", base_dir=HCMC_EXAMPLE.parent)
    assert len(inventory.wards) == 168


def test_loads_yaml_include_needs_a_directory() -> None:
    with pytest.raises(InventoryError, match=r"^api:1: include_units: cannot be resolved"):
        loads("include_units: units.csv\n", "yml", "api")


def test_loads_refuses_an_unknown_format() -> None:
    with pytest.raises(InventoryError, match="unknown format 'xlsx'"):
        loads("", "xlsx", "api")


def test_empty_files_give_an_empty_inventory() -> None:
    assert loads("", "yaml").wards == {}
    assert loads("", "csv").wards == {}


def test_bad_yaml_names_the_line() -> None:
    with pytest.raises(InventoryError, match=r"^api:3: not valid YAML"):
        loads("wards:\n  - [unclosed\n", "yaml", "api")


def test_model_refuses_a_machine_without_identity() -> None:
    with pytest.raises(ValueError, match="hostname or an asset_tag"):
        ExpectedMachine(ward="phuong-a")


def _doc_blocks(fence: str) -> list[str]:
    """Return the code blocks of docs/inventory.md fenced as `fence`."""
    doc = (Path(__file__).parents[2] / "docs" / "inventory.md").read_text(encoding="utf-8")
    return [b.split("```", 1)[0] for b in doc.split(f"```{fence}\n")[1:]]


def test_documented_yaml_example_loads() -> None:
    (yaml_text,) = _doc_blocks("yaml")
    inventory = loads(yaml_text, "yaml", "docs", base_dir=HCMC_UNITS.parent)
    assert len(inventory.wards) == 168
    assert inventory.expected_count("dac-khu-con-dao") == 12
    assert inventory.expected_count("phuong-sai-gon") == 3


def test_documented_csv_examples_load_together(tmp_path: Path) -> None:
    units, machines = _doc_blocks("csv")
    (tmp_path / "wards.csv").write_text(units, encoding="utf-8")
    (tmp_path / "machines.csv").write_text(machines, encoding="utf-8")
    inventory = load(tmp_path / "wards.csv", tmp_path / "machines.csv")
    assert len(inventory.machines) == 2


def test_example_marks_its_agentless_server_with_its_ssh_login() -> None:
    inventory = load(HCMC_EXAMPLE)
    agentless = [m for m in inventory.machines if m.agentless == "ssh"]

    assert [(m.hostname, m.target, m.os_family) for m in agentless] == [
        ("TD-SRV01", "10.10.1.2", "linux")
    ]
    assert agentless[0].ssh == SshAccess(user="wardwatch", port=22)


def test_a_machines_csv_gives_the_ssh_login_in_its_ssh_columns(tmp_path: Path) -> None:
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEa14IHRewXt+vCXRbK7ZNNIcsrID46jLPvXGkOy4yN"
    (tmp_path / "machines.csv").write_text(
        "ward,hostname,os_family,address,agentless,ssh_user,ssh_key_file,ssh_port,"
        "ssh_known_host,ssh_trust_on_first_use\n"
        f"phuong-tan-dinh,TD-SRV01,linux,10.0.0.2,ssh,collect,/etc/k,2222,{key},yes\n"
        "phuong-tan-dinh,TD-PC01,windows,,,,,,,\n",
        encoding="utf-8",
    )
    inventory = load(TESTDATA / "valid" / "wards.csv", tmp_path / "machines.csv")
    server, pc = inventory.machines

    assert server.ssh == SshAccess("collect", "/etc/k", 2222, key, trust_on_first_use=True)
    assert (server.agentless, server.target) == ("ssh", "10.0.0.2")
    assert (pc.agentless, pc.ssh, pc.os_family, pc.target) == (None, None, "windows", "TD-PC01")


def test_a_known_host_line_with_its_host_name_is_accepted() -> None:
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEa14IHRewXt+vCXRbK7ZNNIcsrID46jLPvXGkOy4yN"

    assert check_host_key(f"[10.0.0.2]:2222 {key}")[0] == "ssh-ed25519"
