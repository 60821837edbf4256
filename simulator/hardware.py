"""A simulated machine's inventory facts: the report's `hardware` and `os`, from its profile.

The values are what the agent's collectors report on such a machine (Windows CIM names,
bytes, hertz, bits per second), with the machine's defects applied; serials and MACs
come from the machine's own seed, so a cloned image still has hardware of its own.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from simulator.city import Machine
from simulator.profiles import CAMERAS, GIB, MICROPHONES, ROOM_PCS, SERVERS, WORKSTATIONS, Profile

PROFILES = {
    p.name: p for group in (*WORKSTATIONS.values(), *SERVERS.values(), ROOM_PCS) for p in group
}
OS = {
    "windows_11": ("Windows 11 Pro", "11", "26200.7171", "Professional", "10.0.26200"),
    "windows_10": ("Windows 10 Pro", "10", "19045.6456", "Professional", "10.0.19045"),
    "server": ("Windows Server 2022 Standard", "10", "20348.4405", "ServerStandard", "10.0.20348"),
    "server_old": (
        "Windows Server 2019 Standard",
        "10",
        "17763.8027",
        "ServerStandard",
        "10.0.17763",
    ),
}
CHASSIS = {"workstation": "desktop", "server": "tower", "video_conference": "mini pc"}
HDD = ("ST1000DM010-2EP102", 1_000_204_886_016)


def facts(machine: Machine) -> dict[str, Any]:
    """Return the machine's collector values for the report: cpu ... media, and os."""
    profile = PROFILES[machine.profile]
    rng = random.Random(machine.seed)
    defects = set(machine.defects)
    return {
        "cpu": _cpu(profile),
        "memory": _memory(profile, defects, rng),
        "disks": _disks(profile, defects, rng),
        "network": _network(defects, rng),
        "system": _system(machine, profile, rng),
        "security": _security(profile),
        "media": _media(machine, defects, rng),
        "os": _os(machine, defects),
    }


def _cpu(profile: Profile) -> dict[str, Any]:
    return {
        "model": profile.cpu_model,
        "vendor": profile.cpu_vendor,
        "physical_cores": profile.physical_cores,
        "logical_cores": profile.logical_cores,
        "max_frequency_hertz": profile.max_frequency_hertz,
    }


def _memory(profile: Profile, defects: set[str], rng: random.Random) -> dict[str, Any]:
    gib = 4 if "memory_4gb" in defects else profile.memory_gib
    total = gib * GIB - rng.randrange(150, 400) * 1024**2  # what firmware and graphics keep
    return {
        "total_bytes": total,
        "available_bytes": int(total * rng.uniform(0.25, 0.6)),
        "swap_total_bytes": 2 * GIB,
        "swap_free_bytes": int(2 * GIB * rng.uniform(0.7, 1.0)),
    }


def system_disk_bytes(profile: Profile, defects: set[str]) -> int:
    """Return the size of the machine's system disk in bytes."""
    return HDD[1] if "hdd" in defects and profile.disk_kind != "hdd" else profile.disk_bytes


def _disks(profile: Profile, defects: set[str], rng: random.Random) -> dict[str, Any]:
    swapped = "hdd" in defects and profile.disk_kind != "hdd"
    size = system_disk_bytes(profile, defects)
    total = size - 600 * 1024**2  # the recovery and EFI partitions
    return {
        "physical": [
            {
                "name": "PhysicalDrive0",
                "model": HDD[0] if swapped else profile.disk_model,
                "serial": f"{rng.getrandbits(48):012X}",
                "size_bytes": size,
                "kind": "hdd" if swapped else profile.disk_kind,
                "removable": False,
            }
        ],
        "filesystems": [
            {
                "mount": "C:\\",
                "device": "C:",
                "fstype": "NTFS",
                "total_bytes": total,
                "free_bytes": int(total * (1 - used_ratio(defects, rng))),
            }
        ],
        "system_disk": "PhysicalDrive0",
    }


def used_ratio(defects: set[str], rng: random.Random) -> float:
    """Return the share of the system disk in use: over 90% on a machine with a full disk."""
    return rng.uniform(0.93, 0.97) if "disk_full" in defects else rng.uniform(0.25, 0.75)


def _network(defects: set[str], rng: random.Random) -> dict[str, Any]:
    slow = "nic_10mbit" in defects  # a damaged cable or port: the card negotiates 10 Mbit/s
    mac = ":".join(f"{b:02x}" for b in [0x00, 0x1A, 0x2B, *rng.randbytes(3)])
    host = f"10.{rng.randrange(1, 168)}.{rng.randrange(0, 255)}.{rng.randrange(10, 250)}"
    return {
        "interfaces": [
            {
                "name": "Ethernet",
                "mac": mac,
                "up": True,
                "speed_bits_per_second": 10_000_000 if slow else 1_000_000_000,
                "duplex": "half" if slow else "full",
                "mtu": 1500,
                "addresses": [host],
                "virtual": False,
            }
        ],
        "default_gateway": host.rsplit(".", 1)[0] + ".1",
        "default_interface": "Ethernet",
    }


def bios_date(profile: Profile, rng: random.Random) -> str:
    """Return a BIOS date within the profile's years, ISO format."""
    first, last = profile.bios_years
    day = date(rng.randrange(first, last + 1), rng.randrange(1, 13), rng.randrange(1, 29))
    return day.isoformat()


def _system(machine: Machine, profile: Profile, rng: random.Random) -> dict[str, Any]:
    return {
        "manufacturer": profile.manufacturer,
        "model": profile.model,
        "serial": f"{rng.getrandbits(40):010X}",
        "bios_vendor": profile.manufacturer,
        "bios_version": f"{rng.randrange(1, 3)}.{rng.randrange(0, 30)}.{rng.randrange(0, 9)}",
        "bios_date": bios_date(profile, rng),
        "chassis": CHASSIS[machine.role],
        "virtual": False,
    }


def _security(profile: Profile) -> dict[str, Any]:
    return {
        "tpm_present": profile.tpm_version is not None,
        "tpm_version": profile.tpm_version,
        "firmware": profile.firmware,
        "secure_boot": profile.firmware == "uefi",
    }


def _media(machine: Machine, defects: set[str], rng: random.Random) -> dict[str, Any]:
    if machine.role != "video_conference":
        return {
            "camera_present": False,
            "microphone_present": False,
            "cameras": [],
            "microphones": [],
        }
    cameras = [] if "no_camera" in defects else [rng.choice(CAMERAS)]
    microphones = [] if "no_microphone" in defects else [rng.choice(MICROPHONES)]
    return {
        "camera_present": bool(cameras),
        "microphone_present": bool(microphones),
        "cameras": cameras,
        "microphones": microphones,
    }


def _os(machine: Machine, defects: set[str]) -> dict[str, Any]:
    if machine.role == "server":
        kind = "server_old" if machine.generation == "old" else "server"
    else:
        kind = "windows_10" if "windows_10" in defects else "windows_11"
    name, version, build, edition, kernel = OS[kind]
    return {
        "family": "windows",
        "id": "windows",
        "id_like": [],
        "name": name,
        "version": version,
        "build": build,
        "edition": edition,
        "kernel": kernel,
        "architecture": "AMD64",
        "boot_time": None,  # set per run by the report builder
    }
