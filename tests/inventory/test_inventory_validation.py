"""Every validation rule has an invalid file in testdata/inventory/invalid and its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory.errors import InventoryError
from inventory.load import load

TESTDATA = Path(__file__).parents[1] / "testdata" / "inventory"
INVALID = TESTDATA / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix in (".yml", ".csv"))


def _load(path: Path) -> None:
    """Load `path`; a machines file is loaded with the valid units it refers to."""
    if path.name.startswith("machines-"):
        load(TESTDATA / "valid" / "wards.csv", path)
    else:
        load(path)


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_invalid_file_fails_with_its_message(path: Path) -> None:
    expected = path.with_name(path.name + ".err").read_text(encoding="utf-8").strip()
    with pytest.raises(InventoryError) as caught:
        _load(path)
    assert str(caught.value).replace(f"{INVALID}/", "") == expected


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_every_error_names_file_line_and_key(path: Path) -> None:
    with pytest.raises(InventoryError) as caught:
        _load(path)
    err = caught.value
    assert err.source == str(path)
    assert err.line >= 1
    assert err.key or "cells" in err.message


def test_every_invalid_file_has_an_expected_message() -> None:
    errs = {p.name.removesuffix(".err") for p in INVALID.glob("*.err")}
    assert errs == {p.name for p in CASES}


def test_inventory_error_is_a_config_error() -> None:
    from configfile.errors import ConfigError

    with pytest.raises(ConfigError):
        load(INVALID / "bad-kind.yml")


def test_unreadable_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="cannot read: No such file"):
        load(tmp_path / "absent.yml")


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InventoryError, match=r"name a \.yml, \.yaml or \.csv file"):
        load(path)


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes("code,kind,name\nphuong-sai-gon,phuong,Sài Gòn\n".encode("latin-1"))
    with pytest.raises(InventoryError, match="not UTF-8"):
        load(path)


def test_duplicate_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("slug,kind,name,code\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=r"units\.csv:1: code: column given twice"):
        load(path)


def test_included_file_listing_machines_is_refused(tmp_path: Path) -> None:
    (tmp_path / "machines.csv").write_text("ward,hostname\nphuong-a,PC01\n", encoding="utf-8")
    (tmp_path / "inv.yml").write_text("\ninclude_units: machines.csv\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=r"inv\.yml:2: include_units: .* lists machines"):
        load(tmp_path / "inv.yml")


def test_error_inside_included_units_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("slug,kind,name\nquan-1,quan,Quận 1\n", encoding="utf-8")
    (tmp_path / "inv.yml").write_text("include_units: units.csv\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=r"units\.csv:2: kind: 'quan' is not one of"):
        load(tmp_path / "inv.yml")


def test_include_outside_the_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("slug,kind,name\nxa-b,xa,B\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inv.yml").write_text("include_units: ../units.csv\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=r"inv\.yml:1: include_units: must stay in"):
        load(tmp_path / "sub" / "inv.yml")
