"""Who this machine is: a stable agent id, a random install id and a hardware fingerprint.

Cloned disk images share the OS machine id, hence the same agent id; the install id
(random, kept in the state directory) and the fingerprint (hashed hardware serials and
MACs) tell the clones apart, so the collector can queue them for reconciliation.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agent.collectors import blockdev_linux, dmi_linux, netif_linux
from agent.collectors import kernelfiles_linux as kf
from agent.collectors.source_linux import Source
from agent.paths import PathsConfig
from contract.report import Identity

AGENT_ID_SALT = "wardwatch-agent:"
MACHINE_ID_FILE = "machine-id"
INSTALL_ID_FILE = "install-id"
SOURCES = ("dmi_uuid", "dmi_serial", "mac", "disk_serial")  # report order
PRIVATE_MODE = 0o600
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


def load_identity(state_dir: Path, paths: PathsConfig, platform: str) -> Identity:
    """Return this machine's identity, creating state files on first run (OSError if not)."""
    machine_id, source = machine_id_of(state_dir, paths, platform)
    fingerprint, sources = fingerprint_of(_facts(paths, platform))
    return Identity(
        agent_id=agent_id(machine_id),
        install_id=_kept_id(Path(state_dir) / INSTALL_ID_FILE),
        machine_id_source=source,
        fingerprint=fingerprint,
        fingerprint_sources=sources,
    )


def agent_id(machine_id: str) -> str:
    """Derive the 32-hex agent id from the OS machine id (never sent as such)."""
    return _sha256((AGENT_ID_SALT + machine_id).encode()).hexdigest()[:32]


def machine_id_of(state_dir: Path, paths: PathsConfig, platform: str) -> tuple[str, str]:
    """Return (machine id, source): /etc/machine-id, MachineGuid, or one generated and kept."""
    if platform == "linux":
        found = parse_machine_id(kf.read_value(os.path.join(paths.etc, "machine-id")))
        if found:
            return found, "machine-id"
    elif platform == "win32":
        from agent.collectors import identity_windows

        guid = identity_windows.machine_guid()
        if guid:
            return guid.strip("{} \n").lower(), "MachineGuid"
    return _kept_id(Path(state_dir) / MACHINE_ID_FILE), "generated"


def parse_machine_id(text: str | None) -> str | None:
    """Return the 32-hex machine-id(5), or None if empty or "uninitialized" (first boot)."""
    value = (text or "").strip().lower()
    return value if _HEX32.match(value) else None


def _facts(paths: PathsConfig, platform: str) -> list[tuple[str, str]]:
    if platform == "linux":
        return hardware_facts(kf.LOCAL, paths)
    if platform == "win32":
        from agent.collectors import identity_windows

        return identity_windows.fingerprint_parts()
    return []


def hardware_facts(source: Source, paths: PathsConfig) -> list[tuple[str, str]]:
    """Collect (source, value) facts that survive a reinstall but not a move to new hardware.

    Removable and USB disks and USB or randomised NICs are left out: plugging a stick
    or a dongle must not change the fingerprint.
    """
    facts: list[tuple[str, str]] = []
    dmi = dmi_linux.read_dmi(source, paths.sysfs) or {}
    if dmi.get("product_uuid"):
        facts.append(("dmi_uuid", str(dmi["product_uuid"]).lower()))
    if dmi.get("product_serial"):
        facts.append(("dmi_serial", str(dmi["product_serial"])))
    facts += [("mac", mac) for mac in netif_linux.stable_macs(source, paths.sysfs)]
    facts += [
        ("disk_serial", disk.serial)
        for disk in blockdev_linux.read_disks(source, paths.sysfs, paths.dev)
        if disk.serial and disk.removable is not True and disk.bus != "usb"
    ]
    return facts


def fingerprint_of(facts: Iterable[tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
    """Hash sorted "source:value" lines; return (sha256 hex, the sources that contributed)."""
    unique = set(facts)
    lines = sorted(f"{source}:{value}" for source, value in unique)
    digest = _sha256("\n".join(lines).encode()).hexdigest()
    return digest, tuple(s for s in SOURCES if any(source == s for source, _ in unique))


def _sha256(data: bytes) -> Any:
    """Return the SHA-256 hash object of `data`, from CPython's own implementation.

    hashlib would also set up OpenSSL's hashes, kept in the agent's memory for two hashes at
    start-up; hashlib stays the fallback where the builtin module is missing.
    """
    for name in ("_sha256", "_sha2"):  # _sha2 from Python 3.12 on
        try:
            return __import__(name).sha256(data)
        except ImportError:
            continue
    import hashlib

    return hashlib.sha256(data)


def _kept_id(path: Path) -> str:
    """Return the 32-hex id stored at `path`, creating a random one if there is none."""
    with contextlib.suppress(FileNotFoundError, UnicodeDecodeError):
        stored = path.read_text(encoding="utf-8").strip()
        if _HEX32.match(stored):
            return stored
    import uuid  # late: only the first run creates an id

    new = uuid.uuid4().hex
    _write_private(path, new + "\n")
    return new


def _write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` atomically (temp file + os.replace), mode 0600.

    Unlike statefile.write_private this lets OSError through: machine.identify catches
    it to fall back to a throwaway state directory.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
