"""identity on Windows: MachineGuid and the hardware behind the fingerprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.collectors import cim, identity_windows
from contract.report import schema

IDENTITY = schema()["properties"]["identity"]["properties"]
SOURCES = set(IDENTITY["fingerprint_sources"]["items"]["enum"])


def test_machine_guid(recorded: Callable[[str], Any]) -> None:
    read = recorded("win11-laptop-vi").reader("machine_guid")
    assert identity_windows.machine_guid(read) == "c7e1a9d2-40b3-4f8e-b5a6-1d9c3e7f2a60"


def test_machine_guid_is_normalised() -> None:
    guid = identity_windows.machine_guid(lambda: "{C7E1A9D2-40B3-4F8E-B5A6-1D9C3E7F2A60}\n")
    assert guid == "c7e1a9d2-40b3-4f8e-b5a6-1d9c3e7f2a60"


def test_machine_guid_unreadable_is_none() -> None:
    def denied() -> Any:
        raise cim.CimError("cannot read HKLM")

    assert identity_windows.machine_guid(denied) is None
    assert identity_windows.machine_guid(lambda: None) is None


def test_assembled_desktop_placeholders_are_left_out(recorded: Callable[[str], Any]) -> None:
    parts = identity_windows.fingerprint_parts(recorded("win10-pro-desktop").query)
    assert parts == [("disk_serial", "Z3TGKR5M"), ("mac", "1c:1b:0d:7a:3e:52")]


def test_laptop_uses_permanent_macs_of_built_in_adapters(recorded: Callable[[str], Any]) -> None:
    parts = identity_windows.fingerprint_parts(recorded("win11-laptop-vi").query)
    assert parts == [
        ("disk_serial", "E823_8FA6_BF53_0001_001B_448B_4A1C_9E2F."),  # not the USB stick
        ("dmi_serial", "PF4KX2ZB"),
        ("dmi_uuid", "6a3c1f2e-4b5d-11ee-9c8a-e4a8df12b3c4"),
        ("mac", "d0:ab:1c:5e:7f:21"),  # Wi-Fi's burnt-in MAC, not its random 3a:f1:...
        ("mac", "d4:d8:53:9c:41:7e"),
        ("mac", "e4:a8:df:12:b3:c4"),  # no USB dongle, no Hyper-V switch
    ]


def test_vm_has_no_disk_serials(recorded: Callable[[str], Any]) -> None:
    parts = identity_windows.fingerprint_parts(recorded("server2019-hyperv").query)
    assert [kind for kind, _ in parts] == ["dmi_serial", "dmi_uuid", "mac"]


def test_unreadable_sources_are_skipped(recorded: Callable[[str], Any]) -> None:
    scenario = recorded("win11-laptop-vi")

    def query(pipeline: str) -> list[dict[str, Any]]:
        if "Get-PhysicalDisk" in pipeline or "Win32_BIOS" in pipeline:
            raise cim.CimError("Get-PhysicalDisk: access denied")
        return scenario.query(pipeline)

    kinds = {kind for kind, _ in identity_windows.fingerprint_parts(query)}
    assert kinds == {"dmi_uuid", "mac"}


def test_sources_are_the_schema_words(scenario: Any) -> None:
    assert {kind for kind, _ in identity_windows.fingerprint_parts(scenario.query)} <= SOURCES
