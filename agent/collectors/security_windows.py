"""The `security` collector on Windows: Win32_Tpm, Confirm-SecureBootUEFI, GetFirmwareType.

The firmware type comes from kernel32 GetFirmwareType (Windows 8+, no admin, instant)
rather than Get-ComputerInfo (seconds per call). Win32_Tpm and Confirm-SecureBootUEFI need
an administrator (the agent's service account is LocalSystem); denied, they give null.
Under legacy BIOS, Confirm-SecureBootUEFI is "not supported" and Secure Boot is off.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from agent.collectors import cim
from agent.collectors.registry import Context

log = logging.getLogger(__name__)

QUERIES = {
    "win32_tpm": r"Get-CimInstance -Namespace root\cimv2\Security\MicrosoftTpm "
    "-ClassName Win32_Tpm | Select-Object SpecVersion,IsEnabled_InitialValue,"
    "IsActivated_InitialValue,ManufacturerIdTxt",
    "secure_boot": "[pscustomobject]@{SecureBoot = Confirm-SecureBootUEFI}",
}
# Each property's CIM type: a value of another type is read as unknown (cim.typed).
TYPES: dict[str, cim.Types] = {
    "win32_tpm": {
        "SpecVersion": str,
        "IsEnabled_InitialValue": bool,
        "IsActivated_InitialValue": bool,
        "ManufacturerIdTxt": str,
    },
    "secure_boot": {"SecureBoot": bool},
}

FIRMWARE_TYPES = {1: "bios", 2: "uefi"}  # FIRMWARE_TYPE: 0 unknown, 1 BIOS, 2 UEFI
TPM_VERSIONS = ("2.0", "1.2")
# PowerShell FullyQualifiedErrorId parts: language-independent, unlike the messages
DENIED = ("0x80041003", "0x80070005", "UnauthorizedAccess")
NO_TPM_NAMESPACE = "0x8004100e"
NOT_UEFI = "PlatformNotSupported"


def read_firmware_type() -> int | None:
    """Ask kernel32 GetFirmwareType for the boot firmware: 1 BIOS, 2 UEFI, None unknown."""
    if sys.platform != "win32":
        return None
    import ctypes

    kind = ctypes.c_int(0)
    if not ctypes.windll.kernel32.GetFirmwareType(ctypes.byref(kind)):
        return None
    return kind.value


def _is(err: cim.CimError, *markers: str) -> bool:
    return any(marker.lower() in (err.error_id or "").lower() for marker in markers)


def parse_tpm(records: list[cim.Record] | None) -> tuple[bool | None, str | None]:
    """Return (present, "2.0"/"1.2") from Win32_Tpm records; None records mean unknown."""
    if records is None:
        return None, None
    if not records:
        return False, None
    spec = str(records[0].get("SpecVersion") or "").split(",")[0].strip()
    return True, spec if spec in TPM_VERSIONS else None


def read_tpm(query: cim.Query) -> list[cim.Record] | None:
    """Query Win32_Tpm; None when Windows refuses (not an administrator) or lacks the class."""
    try:
        return cim.typed(query(QUERIES["win32_tpm"]), TYPES["win32_tpm"])
    except cim.CimError as err:
        if not _is(err, *DENIED, NO_TPM_NAMESPACE):
            raise
        log.info("TPM state unreadable: %s", err)
        return None


def read_secure_boot(query: cim.Query) -> tuple[bool | None, bool]:
    """Return (Secure Boot on?, firmware is legacy BIOS?); unknown when access is denied."""
    try:
        records = cim.typed(query(QUERIES["secure_boot"]), TYPES["secure_boot"])
    except cim.CimError as err:
        if _is(err, NOT_UEFI):
            return None, True
        if not _is(err, *DENIED):
            raise
        log.info("Secure Boot state unreadable: %s", err)
        return None, False
    state = records[0].get("SecureBoot") if records else None
    return (state if isinstance(state, bool) else None), False


def parse_security(
    tpm: list[cim.Record] | None, secure_boot: bool | None, legacy: bool, firmware: int | None
) -> dict[str, Any]:
    """Assemble `hardware.security` from the TPM records, Secure Boot and firmware type."""
    present, version = parse_tpm(tpm)
    kind = FIRMWARE_TYPES.get(firmware or 0)
    if kind is None:  # GetFirmwareType unavailable: infer from what Secure Boot said
        kind = "bios" if legacy else "uefi" if secure_boot is not None else None
    return {
        "tpm_present": present,
        "tpm_version": version,
        "firmware": kind,
        "secure_boot": False if kind == "bios" else secure_boot,  # as on Linux: off under BIOS
    }


def collect(
    ctx: Context,
    query: cim.Query = cim.query,
    firmware_type: Callable[[], int | None] = read_firmware_type,
) -> dict[str, Any]:
    """Read TPM, Secure Boot and firmware type; return the report's `hardware.security`."""
    secure_boot, legacy = read_secure_boot(query)
    return parse_security(read_tpm(query), secure_boot, legacy, firmware_type())
