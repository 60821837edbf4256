"""Identity: stable agent id from the machine id, kept install id, hardware fingerprint."""

from __future__ import annotations

import hashlib
import shutil
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest

import agent.collectors
from agent import identity
from agent.collectors.kernelfiles_linux import LOCAL
from agent.paths import PathsConfig

TREES = Path(__file__).resolve().parents[1] / "testdata" / "linux"


def _paths(root: Path) -> PathsConfig:
    return PathsConfig(
        procfs=str(root / "proc"),
        sysfs=str(root / "sys"),
        etc=str(root / "etc"),
        dev=str(root / "dev"),
    )


def test_agent_id_is_the_salted_machine_id_hash() -> None:
    machine_id = "0f3a5c2e9b8d4e1fa6c7d8e9f0a1b2c3"
    expected = hashlib.sha256(b"wardwatch-agent:" + machine_id.encode()).hexdigest()[:32]
    assert identity.agent_id(machine_id) == expected


def test_desktop_identity(tmp_path, validate_section) -> None:
    ident = identity.load_identity(tmp_path, _paths(TREES / "desktop"), "linux")
    validate_section("identity", ident.as_report())
    assert ident.agent_id == identity.agent_id("0f3a5c2e9b8d4e1fa6c7d8e9f0a1b2c3")
    assert ident.machine_id_source == "machine-id"
    assert ident.fingerprint_sources == ("dmi_uuid", "dmi_serial", "mac", "disk_serial")
    assert (tmp_path / "install-id").read_text().strip() == ident.install_id


def test_desktop_fingerprint_is_the_hash_of_its_facts() -> None:
    facts = identity.hardware_facts(LOCAL, _paths(TREES / "desktop"))
    assert sorted(facts) == [
        ("disk_serial", "S3Z1NB0K123456A"),
        ("disk_serial", "WD-WCC6Y1ABCDEF"),
        ("dmi_serial", "9ABCDE2"),
        ("dmi_uuid", "4c4c4544-0042-3510-8053-b9c04f4a4d32"),
        ("mac", "50:9a:4c:12:34:56"),  # not docker0's
    ]
    lines = "\n".join(sorted(f"{k}:{v}" for k, v in facts))
    assert identity.fingerprint_of(facts)[0] == hashlib.sha256(lines.encode()).hexdigest()


def test_usb_stick_and_usb_nic_do_not_count() -> None:
    facts = identity.hardware_facts(LOCAL, _paths(TREES / "laptop"))
    assert sorted(facts) == [("disk_serial", "S4ENNX0R123456"), ("mac", "14:f6:d8:aa:bb:cc")]


def test_vm_without_serials_still_has_its_mac(tmp_path) -> None:
    ident = identity.load_identity(tmp_path, _paths(TREES / "vm"), "linux")
    assert ident.fingerprint_sources == ("mac",)


def test_same_machine_same_identity_across_runs(tmp_path) -> None:
    first = identity.load_identity(tmp_path, _paths(TREES / "laptop"), "linux")
    second = identity.load_identity(tmp_path, _paths(TREES / "laptop"), "linux")
    assert first == second
    assert stat.S_IMODE((tmp_path / "install-id").stat().st_mode) == 0o600


def test_a_cloned_image_on_other_hardware_keeps_the_agent_id_not_the_fingerprint(tmp_path) -> None:
    clone = tmp_path / "clone"
    shutil.copytree(TREES / "desktop", clone, symlinks=True)
    (clone / "sys/class/dmi/id/product_serial").write_text("7XYZQW1\n")
    (clone / "sys/class/dmi/id/product_uuid").write_text("4C4C4544-0000-1111-2222-333344445555\n")
    (clone / "sys/class/net/enp2s0/address").write_text("50:9a:4c:99:88:77\n")
    original = identity.load_identity(tmp_path / "a", _paths(TREES / "desktop"), "linux")
    cloned = identity.load_identity(tmp_path / "b", _paths(clone), "linux")
    assert cloned.agent_id == original.agent_id
    assert cloned.fingerprint != original.fingerprint
    assert cloned.install_id != original.install_id


@pytest.mark.parametrize("content", [None, "uninitialized\n", ""])
def test_missing_machine_id_is_generated_once(tmp_path, content) -> None:
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    if content is not None:
        (root / "etc/machine-id").write_text(content)
    state = tmp_path / "state"
    state.mkdir()
    first = identity.load_identity(state, _paths(root), "linux")
    second = identity.load_identity(state, _paths(root), "linux")
    assert first.machine_id_source == "generated"
    assert first.agent_id == second.agent_id
    assert stat.S_IMODE((state / "machine-id").stat().st_mode) == 0o600
    assert first.fingerprint_sources == ()


def _fake_windows(monkeypatch, guid: str | None) -> None:
    module = types.ModuleType("agent.collectors.identity_windows")
    module.machine_guid = lambda: guid  # type: ignore[attr-defined]
    module.fingerprint_parts = lambda: [("mac", "3c:52:82:aa:bb:cc")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(agent.collectors, "identity_windows", module, raising=False)


def test_windows_uses_machine_guid(tmp_path, monkeypatch) -> None:
    _fake_windows(monkeypatch, "{6F2A1C3E-1B2D-4E5F-8A9B-0C1D2E3F4A5B}")
    ident = identity.load_identity(tmp_path, PathsConfig(), "win32")
    assert ident.machine_id_source == "MachineGuid"
    assert ident.agent_id == identity.agent_id("6f2a1c3e-1b2d-4e5f-8a9b-0c1d2e3f4a5b")
    assert ident.fingerprint == identity.fingerprint_of([("mac", "3c:52:82:aa:bb:cc")])[0]
    assert ident.fingerprint_sources == ("mac",)


def test_windows_without_machine_guid_generates_one(tmp_path, monkeypatch) -> None:
    _fake_windows(monkeypatch, None)
    assert identity.load_identity(tmp_path, PathsConfig(), "win32").machine_id_source == "generated"


def test_unwritable_state_raises_oserror(tmp_path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    with pytest.raises(OSError):  # machine.identify falls back to a temporary directory
        identity.load_identity(not_a_dir, _paths(TREES / "vm"), "linux")


def test_fingerprint_ignores_fact_order() -> None:
    facts = [("mac", "aa:bb:cc:dd:ee:ff"), ("disk_serial", "X1")]
    assert identity.fingerprint_of(facts) == identity.fingerprint_of(facts[::-1])
    assert identity.fingerprint_of(facts)[1] == ("mac", "disk_serial")


def test_this_machine(tmp_path, validate_section) -> None:
    ident = identity.load_identity(tmp_path, PathsConfig(), sys.platform)
    validate_section("identity", ident.as_report())
    assert ident.agent_id == identity.load_identity(tmp_path, PathsConfig(), sys.platform).agent_id


def test_hashes_are_sha256_without_loading_hashlib() -> None:
    code = (
        "import sys\n"
        "from agent.identity import agent_id, fingerprint_of\n"
        "print(agent_id('abc'), fingerprint_of([('dmi', 'x')])[0], 'hashlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    ours, fingerprint, loaded = out.stdout.split()
    assert ours == hashlib.sha256(f"{identity.AGENT_ID_SALT}abc".encode()).hexdigest()[:32]
    assert fingerprint == hashlib.sha256(b"dmi:x").hexdigest()
    assert loaded == "False"
