"""system on Windows: computer, BIOS and enclosure classes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from agent.collectors import system_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def test_assembled_desktop_has_a_placeholder_serial(recorded: Callable[[str], Any]) -> None:
    system = system_windows.collect(WIN, query=recorded("win10-pro-desktop").query)
    assert system == {
        "manufacturer": "Gigabyte Technology Co., Ltd.",
        "model": "H81M-DS2",
        "serial": None,  # "To be filled by O.E.M."
        "bios_vendor": "American Megatrends Inc.",
        "bios_version": "F5",
        "bios_date": "2014-06-12",
        "chassis": "desktop",
        "virtual": False,
    }


def test_laptop(recorded: Callable[[str], Any]) -> None:
    system = system_windows.collect(WIN, query=recorded("win11-laptop-vi").query)
    assert (system["serial"], system["chassis"], system["bios_date"]) == (
        "PF4KX2ZB",
        "notebook",
        "2023-11-22",
    )
    assert system["bios_version"] == "R2CET35W (1.16 )"


def test_hyper_v_guest_is_virtual(recorded: Callable[[str], Any]) -> None:
    system = system_windows.collect(WIN, query=recorded("server2019-hyperv").query)
    assert (system["model"], system["virtual"]) == ("Virtual Machine", True)


@pytest.mark.parametrize(
    "serial",
    ["To be filled by O.E.M.", "Default string", "System Serial Number", "0", "", "  ", None,
     "00000000", "Not Specified"],
)  # fmt: skip
def test_placeholder_serials_are_null(serial: str | None) -> None:
    assert system_windows.real_serial(serial) is None


def test_real_serial_is_trimmed() -> None:
    assert system_windows.real_serial(" 5CG1234XYZ ") == "5CG1234XYZ"


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("20190315000000.000000+000", "2019-03-15"),  # DMTF, as Get-WmiObject and wmic give it
        ("/Date(1552608000000)/", "2019-03-15"),  # Windows PowerShell 5.1 ConvertTo-Json
        ("2019-03-15T07:00:00+07:00", "2019-03-15"),  # PowerShell 7 ConvertTo-Json
        ({"value": "/Date(1552608000000)/", "DateTime": "Friday, March 15, 2019"}, "2019-03-15"),
        ("03/15/2019", "2019-03-15"),  # the SMBIOS string itself
        ("2019****000000.000000+000", None),
        ("20191345000000.000000+000", None),
        (None, None),
    ],
)
def test_bios_dates(raw: object, day: str | None) -> None:
    assert system_windows.bios_date(raw) == day


@pytest.mark.parametrize(
    ("types", "word"),
    [([3], "desktop"), ([9], "laptop"), ([13], "all-in-one"), ([23], "rack-mount-chassis"),
     ([35], "mini-pc"), ([2], None), ([2, 10], "notebook"), (17, "main-server-chassis"),
     (None, None)],
)  # fmt: skip
def test_chassis_words(types: object, word: str | None) -> None:
    assert system_windows.chassis(types) == word


@pytest.mark.parametrize(
    ("manufacturer", "model", "virtual"),
    [
        ("VMware, Inc.", "VMware7,1", True),
        ("innotek GmbH", "VirtualBox", True),
        ("QEMU", "Standard PC (Q35 + ICH9, 2009)", True),
        ("Microsoft Corporation", "Surface Laptop 4", False),
        ("Dell Inc.", "OptiPlex 7090", False),
        ("Red Hat", "OpenStack Compute", True),
    ],
)
def test_virtual_machines(manufacturer: str, model: str, virtual: bool) -> None:
    assert system_windows.is_virtual(manufacturer, model) is virtual


def test_seabios_means_a_virtual_machine() -> None:
    assert system_windows.is_virtual("Acme", "Standard PC", "SeaBIOS")


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("hardware.system", system_windows.collect(WIN, query=scenario.query))
