"""What a test agent reports: hardware, OS, health and link probes, by its numbers.

Unit `w`, machine `slot`: about one machine in six has 4 GB, one in nine a spinning disk,
one in ten an OS out of support; room PCs of every sixth unit lack a camera. Links of every
seventh unit lose packets to the data centre; every ninth cannot reach the records system.
"""

from __future__ import annotations

from typing import Any

TARGETS = ("datacenter", "video_conference", "records", "documents", "feedback_1022")
COLLECTORS = ("cpu", "memory", "disks", "network", "os", "system", "security", "health", "media")
GIB = 2**30


def _os(old: bool) -> dict[str, Any]:
    version = "18.04" if old else "22.04"
    return {"family": "linux", "id": "ubuntu", "id_like": ["debian"],
            "name": f"Ubuntu {version}.6 LTS", "version": version, "build": None,
            "edition": None, "kernel": "5.15.0-101-generic", "architecture": "x86_64",
            "boot_time": "2026-11-20T01:00:00.000Z"}  # fmt: skip


def _disks(kind: str) -> dict[str, Any]:
    return {
        "physical": [{"name": "sda", "model": "Disk 500", "serial": "S3Z1NB0K123456A",
                      "size_bytes": 500107862016, "kind": kind, "removable": False}],
        "filesystems": [{"mount": "/", "device": "/dev/sda2", "fstype": "ext4",
                         "total_bytes": 490000000000, "free_bytes": 300000000000}],
        "system_disk": "sda",
    }  # fmt: skip


def values(w: int, slot: int, role: str) -> dict[str, Any]:
    """Return the collector values of machine `slot` of unit number `w`."""
    n = w * 11 + slot * 3
    camera = role != "video_conference" or w % 6 != 0
    return {
        "cpu": {"model": "Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz", "vendor": "Intel",
                "physical_cores": 8 if role == "server" else 6, "logical_cores": 12,
                "max_frequency_hertz": 4.1e9},
        "memory": {"total_bytes": (4 if n % 6 == 0 else 32) * GIB, "available_bytes": 3 * GIB,
                   "swap_total_bytes": 0, "swap_free_bytes": 0},
        "disks": _disks("hdd" if n % 9 == 0 else "ssd"),
        "network": {"interfaces": [{"name": "eno1", "mac": f"aa:bb:cc:00:{w:02x}:{slot:02x}",
                                    "up": True, "speed_bits_per_second": 10**9, "duplex": "full",
                                    "mtu": 1500, "addresses": ["10.1.2.3/24"], "virtual": False}],
                    "default_gateway": "10.1.2.1", "default_interface": "eno1"},
        "system": {"manufacturer": "Dell Inc.", "model": "OptiPlex 7060", "serial": f"SN{n:05d}",
                   "bios_vendor": "Dell Inc.", "bios_version": "1.2.3", "bios_date": "2022-05-01",
                   "chassis": "desktop", "virtual": False},
        "security": {"tpm_present": True, "tpm_version": "2.0", "firmware": "uefi",
                     "secure_boot": True},
        "media": {"camera_present": camera, "microphone_present": True,
                  "cameras": ["USB camera"] if camera else [], "microphones": ["USB mic"]},
        "os": _os(old=n % 10 == 0),
        "health": {"cpu_used_ratio": (n % 10) / 10, "memory_used_ratio": 0.4,
                   "swap_used_ratio": 0.0, "load1": 0.5, "load5": 0.4, "load15": 0.3,
                   "uptime_seconds": 400000.0, "process_count": 250,
                   "filesystems": [{"mount": "/", "used_ratio": 0.39, "free_bytes": 300000000000}],
                   "temperatures": [], "battery": None},
    }  # fmt: skip


def probe(name: str, loss: float, failed: bool) -> dict[str, Any]:
    """Return one HTTPS probe result to target `name`."""
    rtt = 0.012 + 0.3 * loss
    return {
        "name": name, "module": "https", "prober": "http", "target": f"https://{name}.example/",
        "mode": None, "result": "timeout" if failed else "success", "samples": 5,
        "successes": 0 if failed else 5, "loss_ratio": 1.0 if failed else loss,
        "rtt_min_seconds": None if failed else rtt / 2, "rtt_avg_seconds": None if failed else rtt,
        "rtt_max_seconds": None if failed else rtt * 2,
        "rtt_p95_seconds": None if failed else rtt * 1.5,
        "jitter_seconds": None if failed else rtt / 10, "duration_seconds": 1.1,
        "error": "timed out" if failed else None,
        "http": None if failed else {"status_code": 200, "ttfb_seconds": rtt, "total_seconds": rtt},
        "tls": None if failed else {"verified": True, "error": None,
                                    "not_after": "2027-06-01T00:00:00.000Z",
                                    "days_to_expiry": 180.0, "issuer": "R3"},
        "dns": None,
    }  # fmt: skip


def probes(w: int, slot: int) -> list[dict[str, Any]]:
    """Return the five probes of machine `slot` of unit number `w`."""
    lossy = 0.05 if w % 7 == 3 else 0.001 * (slot % 3)
    return [probe(t, lossy if t == "datacenter" else 0.0, t == "records" and w % 9 == 4)
            for t in TARGETS]  # fmt: skip


def collectors() -> dict[str, dict[str, Any]]:
    """Return every collector's outcome: each succeeded."""
    outcome = {"success": True, "duration_seconds": 0.001, "error": None, "not_applicable": False}
    return {name: dict(outcome) for name in COLLECTORS}
