"""The security collector: TPM version, firmware, Secure Boot, on the fake machines."""

from __future__ import annotations

import pytest

from agent.collectors import security
from agent.collectors.kernelfiles_linux import LOCAL
from agent.collectors.registry import Context


@pytest.mark.parametrize(
    ("major", "caps", "description", "rm", "version"),
    [
        ("2", None, None, False, "2.0"),
        ("1", None, None, False, "1.2"),
        (None, "Manufacturer: 0x49465800\nTCG version: 1.2\n", None, False, "1.2"),
        (None, None, "TPM 2.0 Device", False, "2.0"),
        (None, None, None, True, "2.0"),
        (None, None, None, False, None),
    ],
)
def test_tpm_version(major, caps, description, rm, version) -> None:
    assert security.tpm_version(major, caps, description, has_resource_manager=rm) == version


@pytest.mark.parametrize(
    ("data", "state"), [(b"\x01", True), (b"\x00", False), (b"", None), (None, None)]
)
def test_secure_boot_byte(data, state) -> None:
    assert security.secure_boot_state(data) is state


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("desktop", (True, "1.2", "bios", False)),
        ("laptop", (True, "2.0", "uefi", True)),
        ("vm", (False, None, "bios", False)),
    ],
)
def test_fake_machines(tree, validate_section, scenario, expected) -> None:
    value = security.collect(Context(tree(scenario), "linux"))
    validate_section("hardware.security", value)
    keys = ("tpm_present", "tpm_version", "firmware", "secure_boot")
    assert tuple(value[k] for k in keys) == expected


def test_no_tpm_class_means_unknown(tmp_path) -> None:
    assert security.read_tpm(LOCAL, str(tmp_path)) == (None, None)


def test_uefi_with_unreadable_variable_is_unknown(tmp_path) -> None:
    (tmp_path / "firmware/efi/efivars").mkdir(parents=True)
    value = security.read_security(LOCAL, str(tmp_path))
    assert (value["firmware"], value["secure_boot"]) == ("uefi", None)


def test_old_kernels_efi_vars_directory(tmp_path) -> None:
    var = tmp_path / f"firmware/efi/vars/SecureBoot-{security.EFI_GLOBAL_GUID}"
    var.mkdir(parents=True)
    (var / "data").write_bytes(b"\x01")
    assert security.read_secure_boot(LOCAL, str(tmp_path)) is True


def test_this_machine(this_machine) -> None:
    this_machine(security.collect, "hardware.security")
