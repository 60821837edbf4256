"""disks on Windows: Get-PhysicalDisk, the system partition and psutil's volumes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.collectors import cim, disks_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def collect(scenario: Any) -> dict[str, Any]:
    return disks_windows.collect(WIN, query=scenario.query, read=scenario.reader("filesystems"))


def test_desktop_has_a_spinning_disk(recorded: Callable[[str], Any]) -> None:
    disks = collect(recorded("win10-pro-desktop"))
    assert disks["physical"] == [
        {
            "name": "PhysicalDisk0",
            "model": "ST500DM002-1BD142",
            "serial": "Z3TGKR5M",
            "size_bytes": 500107862016,
            "kind": "hdd",
            "removable": False,
        }
    ]
    assert disks["system_disk"] == "PhysicalDisk0"


def test_desktop_volumes_skip_the_empty_dvd_drive(recorded: Callable[[str], Any]) -> None:
    volumes = collect(recorded("win10-pro-desktop"))["filesystems"]
    assert [v["mount"] for v in volumes] == ["C:\\", "D:\\"]
    assert volumes[0] == {
        "mount": "C:\\",
        "device": "C:\\",
        "fstype": "NTFS",
        "total_bytes": 214747312128,
        "free_bytes": 48318382080,
    }


def test_laptop_nvme_and_usb_stick(recorded: Callable[[str], Any]) -> None:
    disks = collect(recorded("win11-laptop-vi"))
    nvme, stick = disks["physical"]
    assert (nvme["kind"], nvme["removable"]) == ("nvme", False)
    assert nvme["serial"] == "E823_8FA6_BF53_0001_001B_448B_4A1C_9E2F."
    assert (stick["kind"], stick["removable"]) == ("unknown", True)
    assert [v["mount"] for v in disks["filesystems"]] == ["C:\\"]  # the stick is not fixed


def test_virtual_disks_have_no_serial_and_are_sorted(recorded: Callable[[str], Any]) -> None:
    disks = collect(recorded("server2019-hyperv"))
    assert [d["name"] for d in disks["physical"]] == ["PhysicalDisk0", "PhysicalDisk1"]
    assert {d["serial"] for d in disks["physical"]} == {None}
    assert {d["kind"] for d in disks["physical"]} == {"unknown"}


def test_media_and_bus_names_are_accepted_too() -> None:
    assert disks_windows.disk_kind({"MediaType": "SSD", "BusType": "SATA"}) == "ssd"
    assert disks_windows.disk_kind({"MediaType": "Unspecified", "BusType": "NVMe"}) == "nvme"


def test_system_disk_unknown_when_get_partition_fails(recorded: Callable[[str], Any]) -> None:
    scenario = recorded("win10-pro-desktop")

    def query(pipeline: str) -> list[dict[str, Any]]:
        if pipeline == disks_windows.QUERIES["system_partition"]:
            raise cim.CimError("Get-Partition: no such partition", "CmdletizationQuery_NotFound")
        return scenario.query(pipeline)

    disks = disks_windows.collect(WIN, query=query, read=scenario.reader("filesystems"))
    assert disks["system_disk"] is None


def test_system_disk_must_be_a_listed_physical_disk() -> None:
    physical = [{"name": "PhysicalDisk0"}]
    assert disks_windows.parse_system_disk([{"DiskNumber": 3}], physical) is None


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("hardware.disks", collect(scenario))


def test_live_psutil_read_fits_the_schema(validate_section: Callable[[str, Any], None]) -> None:
    volumes = disks_windows.parse_filesystems(disks_windows.read_filesystems())
    disks = {"physical": [], "filesystems": volumes, "system_disk": None}
    validate_section("hardware.disks", disks)


def test_a_disk_whose_device_id_is_not_a_number_sorts_after_the_numbered() -> None:
    records = [{"DeviceId": "{5f3c}", "Size": 1}, {"DeviceId": "1", "Size": 2}, {"DeviceId": "0"}]

    names = [disk["name"] for disk in disks_windows.parse_physical(records)]

    assert names == ["PhysicalDisk0", "PhysicalDisk1", "PhysicalDisk{5f3c}"]


def test_a_negative_disk_size_is_reported_as_unknown_size_zero(
    validate_section: Callable[[str, Any], None],
) -> None:
    records = [{"DeviceId": "0", "Size": -1, "MediaType": 4, "BusType": 11}]

    disks = {
        "physical": disks_windows.parse_physical(records),
        "filesystems": [],
        "system_disk": None,
    }

    assert disks["physical"][0]["size_bytes"] == 0
    validate_section("hardware.disks", disks)
