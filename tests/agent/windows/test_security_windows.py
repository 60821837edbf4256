"""security on Windows: TPM, Secure Boot and firmware type, with access denied as null."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from agent.collectors import cim, security_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")
TPM_DENIED = (
    b"HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand"
    b"\tAccess denied "
)
SECURE_BOOT_DENIED = (
    b"UnauthorizedAccessException,Microsoft.SecureBoot.Commands.ConfirmSecureBootUefiCommand"
    b"\tAccess was denied. To run this cmdlet, start Windows PowerShell with the Run as"
    b" administrator option."
)


def collect(scenario: Any) -> dict[str, Any]:
    return security_windows.collect(
        WIN, query=scenario.query, firmware_type=scenario.reader("firmware_type")
    )


def failing(scenario: Any, name: str, stderr: bytes) -> Callable[[str], list[dict[str, Any]]]:
    """Return the scenario's query, with the pipeline `name` failing with `stderr`."""

    def query(pipeline: str) -> list[dict[str, Any]]:
        if pipeline == security_windows.QUERIES[name]:
            raise cim.failure(1, stderr, pipeline)
        return scenario.query(pipeline)

    return query


def test_old_desktop_tpm_1_2_and_legacy_bios(recorded: Callable[[str], Any]) -> None:
    assert collect(recorded("win10-pro-desktop")) == {
        "tpm_present": True,
        "tpm_version": "1.2",
        "firmware": "bios",
        "secure_boot": False,  # as on Linux: Secure Boot cannot be on under BIOS
    }


def test_laptop_tpm_2_and_secure_boot(recorded: Callable[[str], Any]) -> None:
    assert collect(recorded("win11-laptop-vi")) == {
        "tpm_present": True,
        "tpm_version": "2.0",
        "firmware": "uefi",
        "secure_boot": True,
    }


def test_vm_without_virtual_tpm(recorded: Callable[[str], Any]) -> None:
    security = collect(recorded("server2019-hyperv"))
    assert (security["tpm_present"], security["tpm_version"]) == (False, None)
    assert (security["firmware"], security["secure_boot"]) == ("uefi", True)


def test_access_denied_is_unknown_not_a_failure(recorded: Callable[[str], Any]) -> None:
    scenario = recorded("win11-laptop-vi")
    query = failing(scenario, "win32_tpm", TPM_DENIED)

    def both_denied(pipeline: str) -> list[dict[str, Any]]:
        if pipeline == security_windows.QUERIES["secure_boot"]:
            raise cim.failure(1, SECURE_BOOT_DENIED, pipeline)
        return query(pipeline)

    security = security_windows.collect(WIN, query=both_denied, firmware_type=lambda: 2)
    assert security == {
        "tpm_present": None,
        "tpm_version": None,
        "firmware": "uefi",
        "secure_boot": None,
    }


def test_other_failures_fail_the_collector(recorded: Callable[[str], Any]) -> None:
    query = failing(recorded("win11-laptop-vi"), "win32_tpm", b"RPC_E_TIMEOUT\tThe RPC timed out")
    with pytest.raises(cim.CimError, match="RPC timed out"):
        security_windows.collect(WIN, query=query, firmware_type=lambda: 2)


def test_firmware_inferred_when_kernel32_cannot_say(recorded: Callable[[str], Any]) -> None:
    desktop = recorded("win10-pro-desktop")
    security = security_windows.collect(WIN, query=desktop.query, firmware_type=lambda: None)
    assert security["firmware"] == "bios"


@pytest.mark.parametrize(
    ("spec", "version"),
    [("2.0, 0, 1.38", "2.0"), ("1.2, 2, 3", "1.2"), ("Not Supported", None), (None, None)],
)
def test_tpm_spec_versions(spec: str | None, version: str | None) -> None:
    assert security_windows.parse_tpm([{"SpecVersion": spec}]) == (True, version)


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows answer")
def test_firmware_type_off_windows_is_unknown() -> None:
    assert security_windows.read_firmware_type() is None


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("hardware.security", collect(scenario))
