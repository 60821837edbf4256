"""The `security` collector: TPM, firmware type and Secure Boot (what Windows 11 needs)."""

from __future__ import annotations

import os
import re
from typing import Any

from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source

EFI_GLOBAL_GUID = "8be4df61-93ca-11d2-aa0d-00e098032b8c"
_TCG_VERSION = re.compile(r"TCG version:\s*(\d+)\.(\d+)")


def collect_linux(ctx: Context) -> dict[str, Any]:
    """Describe this machine's TPM, firmware and Secure Boot state."""
    return read_security(ctx.source, ctx.paths.sysfs)


collect = collector(
    "security",
    linux=collect_linux,
    win32="agent.collectors.security_windows:collect",
)


def read_security(source: Source, sysfs: str) -> dict[str, Any]:
    """Read /sys/class/tpm and /sys/firmware/efi under `sysfs`."""
    present, version = read_tpm(source, sysfs)
    firmware = read_firmware(source, sysfs)
    return {
        "tpm_present": present,
        "tpm_version": version,
        "firmware": firmware,
        "secure_boot": False if firmware == "bios" else read_secure_boot(source, sysfs),
    }


def read_tpm(source: Source, sysfs: str) -> tuple[bool | None, str | None]:
    """Return (present, "2.0" | "1.2" | None); present is None if the TPM class is absent.

    With no /sys/class/tpm at all the kernel's TPM support is not loaded, so absence
    is unknown rather than false.
    """
    tpm_class = os.path.join(sysfs, "class/tpm")
    if not source.is_dir(tpm_class):
        return None, None
    devices = [n for n in source.list_dir(tpm_class) if re.fullmatch(r"tpm\d+", n)]
    if not devices:
        return False, None
    tpm = os.path.join(tpm_class, devices[0])
    major = source.read_value(os.path.join(tpm, "tpm_version_major"))
    caps = source.read_text(os.path.join(tpm, "caps")) or source.read_text(
        os.path.join(tpm, "device/caps")
    )
    description = source.read_value(os.path.join(tpm, "device/description"))
    has_rm = source.exists(os.path.join(sysfs, "class/tpmrm", devices[0].replace("tpm", "tpmrm")))
    return True, tpm_version(major, caps, description, has_resource_manager=has_rm)


def tpm_version(
    major: str | None, caps: str | None, description: str | None, *, has_resource_manager: bool
) -> str | None:
    """Decide the TPM version from sysfs evidence, strongest first."""
    if major in ("1", "2"):
        return "2.0" if major == "2" else "1.2"
    match = _TCG_VERSION.search(caps or "")
    if match:
        return f"{match.group(1)}.{match.group(2)}" if match.group(1) in ("1", "2") else None
    if "2.0" in (description or "") or has_resource_manager:  # tpmrm exists for 2.0 only
        return "2.0"
    return None


def read_firmware(source: Source, sysfs: str) -> str | None:
    """Return "uefi" if the kernel booted through EFI, "bios" if not, None if unknown."""
    if source.is_dir(os.path.join(sysfs, "firmware/efi")):
        return "uefi"
    return "bios" if source.is_dir(os.path.join(sysfs, "firmware")) else None


def read_secure_boot(source: Source, sysfs: str) -> bool | None:
    """Read the SecureBoot EFI variable (efivarfs, else the old efi/vars); None if unreadable."""
    efi = os.path.join(sysfs, "firmware/efi")
    data = source.read_bytes(os.path.join(efi, f"efivars/SecureBoot-{EFI_GLOBAL_GUID}"))
    if data is not None:
        return secure_boot_state(data[4:])  # efivarfs: 4 attribute bytes, then the data
    return secure_boot_state(
        source.read_bytes(os.path.join(efi, f"vars/SecureBoot-{EFI_GLOBAL_GUID}/data"))
    )


def secure_boot_state(data: bytes | None) -> bool | None:
    """Turn the SecureBoot variable's one data byte into True/False; None if empty."""
    return bool(data[0]) if data else None
