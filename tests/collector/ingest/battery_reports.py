"""A battery of reports for the validators: valid ones built with agent.report.build, and
invalid ones that each change one thing (a type, a bound, a key, an enum, a pattern, a null).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from contract import report

GIB = 1024**3
IDENTITY = report.Identity("0123456789abcdef" * 2, "a" * 32, "machine-id", "b" * 64, ("dmi_uuid",))
PLACEMENT = report.Placement("ubnd-tan-dinh-pc01", "phuong-tan-dinh", "workstation")
COLLECTED_AT = datetime(2025, 11, 1, 8, 0, 0, 123000, tzinfo=UTC)
OK = {"success": True, "duration_seconds": 0.012, "error": None, "not_applicable": False}

HARDWARE: dict[str, Any] = {
    "cpu": {
        "model": "Intel(R) Core(TM) i5-12500",
        "vendor": "GenuineIntel",
        "physical_cores": 6,
        "logical_cores": 12,
        "max_frequency_hertz": 4.6e9,
    },
    "memory": {
        "total_bytes": 16 * GIB,
        "available_bytes": 9 * GIB,
        "swap_total_bytes": 2 * GIB,
        "swap_free_bytes": 2 * GIB,
    },
    "disks": {
        "physical": [
            {"name": "nvme0n1", "model": "Samsung SSD 980", "serial": "S64DNX0R",
             "size_bytes": 512_110_190_592, "kind": "nvme", "removable": False},
            {"name": "sda", "model": None, "serial": None, "size_bytes": 0, "kind": "unknown",
             "removable": None},
        ],
        "filesystems": [
            {"mount": "/", "device": "/dev/nvme0n1p2", "fstype": "ext4",
             "total_bytes": 500 * GIB, "free_bytes": 300 * GIB},
        ],
        "system_disk": "nvme0n1",
    },
    "network": {
        "interfaces": [
            {"name": "eno1", "mac": "00:11:22:33:44:55", "up": True,
             "speed_bits_per_second": 1_000_000_000, "duplex": "full", "mtu": 1500,
             "addresses": ["10.1.2.3", "fe80::1"], "virtual": False},
        ],
        "default_gateway": "10.1.2.1",
        "default_interface": "eno1",
    },
    "system": {
        "manufacturer": "Dell Inc.", "model": "OptiPlex 7000", "serial": "ABC123",
        "bios_vendor": "Dell Inc.", "bios_version": "1.2.3", "bios_date": "2023-03-01",
        "chassis": "desktop", "virtual": False,
    },
    "security": {"tpm_present": True, "tpm_version": "2.0", "firmware": "uefi",
                 "secure_boot": True},
    "media": {"camera_present": True, "microphone_present": False,
              "cameras": ["Logitech C925e"], "microphones": []},
}  # fmt: skip
OS: dict[str, Any] = {
    "family": "linux", "id": "ubuntu", "id_like": ["debian"], "name": "Ubuntu 24.04.1 LTS",
    "version": "24.04", "build": None, "edition": None, "kernel": "6.8.0-45-generic",
    "architecture": "x86_64", "boot_time": "2025-11-01T07:00:00Z",
}  # fmt: skip
HEALTH: dict[str, Any] = {
    "cpu_used_ratio": 0.25, "memory_used_ratio": 0.4, "swap_used_ratio": 0.0,
    "load1": 0.5, "load5": 0.4, "load15": 0.3, "uptime_seconds": 3600.5, "process_count": 150,
    "filesystems": [{"mount": "/", "used_ratio": 0.4, "free_bytes": 300 * GIB}],
    "temperatures": [{"sensor": "coretemp", "label": "Package id 0", "celsius": 48.0}],
    "battery": {"charge_ratio": 1.0, "plugged": True, "seconds_left": None},
}  # fmt: skip


def probe(name: str, prober: str = "http", result: str = "success", **extra: Any) -> dict[str, Any]:
    """Return one probe result of `prober`; `extra` sets http, tls, dns or other keys."""
    ok = result == "success"
    out = {
        "name": name, "module": f"{prober}_check", "prober": prober,
        "target": f"https://{name}.example/", "mode": "datagram" if prober == "icmp" else None,
        "result": result, "samples": 5, "successes": 5 if ok else 0,
        "loss_ratio": 0.0 if ok else 1.0,
        "rtt_min_seconds": 0.008 if ok else None, "rtt_avg_seconds": 0.01 if ok else None,
        "rtt_max_seconds": 0.015 if ok else None, "rtt_p95_seconds": 0.014 if ok else None,
        "jitter_seconds": 0.002 if ok else None, "duration_seconds": 0.3,
        "error": None if ok else f"{result} after 5 s", "http": None, "tls": None, "dns": None,
    }  # fmt: skip
    out.update(extra)
    return out


PROBES = [
    probe("datacenter", "icmp"),
    probe(
        "records",
        "http",
        http={"status_code": 200, "ttfb_seconds": 0.05, "total_seconds": 0.08},
        tls={
            "verified": True,
            "error": None,
            "not_after": "2026-01-01T00:00:00.5Z",
            "days_to_expiry": 61.5,
            "issuer": "CN=Test CA",
        },
    ),
    probe("documents", "dns", "timeout", dns={"answers": [], "rcode": None}),
    probe("feedback_1022", "tcp", "connection_refused"),
]


def build(
    values: Mapping[str, Any] | None = None,
    probes: list[dict[str, Any]] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Build a report with agent.report.build from full values unless given; `top` overrides."""
    chosen = {**HARDWARE, "os": OS, "health": HEALTH} if values is None else values
    built = report.build(
        identity=IDENTITY,
        placement=PLACEMENT,
        seq=top.pop("seq", 42),
        collected_at=top.pop("collected_at", COLLECTED_AT),
        kind=top.pop("kind", "inventory"),
        values=copy.deepcopy(dict(chosen)),
        probes=copy.deepcopy(PROBES if probes is None else probes),
        collectors={"cpu": OK, "disks": {**OK, "success": False, "error": "timeout"}},
        dropped_reports=top.pop("dropped_reports", 0),
    )
    return built | top


def _nulls(section: Mapping[str, Any]) -> dict[str, Any]:
    return {k: None if v is not None and not isinstance(v, list) else v for k, v in section.items()}


VALID: dict[str, dict[str, Any]] = {
    "full inventory": build(),
    "health, no hardware known": build(values={}, kind="health"),
    "os and health null": build(values={**HARDWARE}),
    "nullable health fields null": build(
        values={
            **HARDWARE,
            "os": OS,
            "health": {**_nulls(HEALTH), "filesystems": [], "temperatures": []},
        },
    ),
    "nullable cpu fields null": build(values={**HARDWARE, "cpu": _nulls(HARDWARE["cpu"])}),
    "security unknown": build(
        values={
            **HARDWARE,
            "security": {
                "tpm_present": None,
                "tpm_version": None,
                "firmware": None,
                "secure_boot": None,
            },
        },
    ),
    "no probes": build(probes=[]),
    "seq at its minimum": build(seq=1),
    "seq at 2**53": build(seq=2**53),
    "ratios at their bounds": build(
        values={**HARDWARE, "health": {**HEALTH, "cpu_used_ratio": 0, "memory_used_ratio": 1}}
    ),
    "integer where a number is expected": build(
        values={**HARDWARE, "cpu": {**HARDWARE["cpu"], "max_frequency_hertz": 4_600_000_000}}
    ),
    "huge byte counts": build(
        values={**HARDWARE, "memory": {**HARDWARE["memory"], "total_bytes": 2**62}}
    ),
    "below-zero temperature": build(
        values={
            **HARDWARE,
            "health": {
                **HEALTH,
                "temperatures": [{"sensor": "acpitz", "label": None, "celsius": -5.5}],
            },
        },
    ),
    "asset tag, Vietnamese hostname": build(asset_tag="UBND-TD-0001", hostname="máy-tính-phường"),
    "microsecond timestamp": build(collected_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)),
    "dropped reports counted": build(dropped_reports=17, kind="health"),
}

DELETE = object()  # as a mutation's value: remove the key


def mutate(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Return a copy of `base` with the dotted `path` (list indices as digits) set to `value`."""
    out = copy.deepcopy(base)
    *parents, last = path.split(".")
    node: Any = out
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is DELETE:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return out


# name -> (dotted path, new value): each turns the full report invalid in exactly one way.
MUTATIONS: dict[str, tuple[str, Any]] = {
    "seq as a string": ("seq", "42"),
    "seq zero": ("seq", 0),
    "seq negative": ("seq", -1),
    "seq over 2**53": ("seq", 2**53 + 1),
    "seq a bool": ("seq", True),
    "memory bytes a bool": ("hardware.memory.total_bytes", True),
    "memory bytes negative": ("hardware.memory.total_bytes", -1),
    "cores a float": ("hardware.cpu.physical_cores", 6.5),
    "cpu ratio over 1": ("health.cpu_used_ratio", 1.5),
    "cpu ratio below 0": ("health.cpu_used_ratio", -0.1),
    "loss ratio over 1": ("probes.0.loss_ratio", 2),
    "used ratio a bool": ("health.filesystems.0.used_ratio", True),
    "celsius a string": ("health.temperatures.0.celsius", "hot"),
    "missing ward": ("ward", DELETE),
    "missing cpu vendor": ("hardware.cpu.vendor", DELETE),
    "missing probe rtt": ("probes.1.rtt_p95_seconds", DELETE),
    "missing delivery": ("delivery", DELETE),
    "extra key at the top": ("colour", "red"),
    "extra key in identity": ("identity.colour", "red"),
    "extra key in a disk": ("hardware.disks.physical.0.colour", "red"),
    "extra key in tls": ("probes.1.tls.colour", "red"),
    "extra key in delivery": ("delivery.colour", "red"),
    "kind not in enum": ("kind", "full"),
    "role not in enum": ("role", "mayor"),
    "prober not in enum": ("probes.0.prober", "udp"),
    "tpm version not in enum": ("hardware.security.tpm_version", "3.0"),
    "disk kind not in enum": ("hardware.disks.physical.0.kind", "floppy"),
    "fingerprint source not in enum": ("identity.fingerprint_sources", ["bluetooth"]),
    "fingerprint sources repeated": ("identity.fingerprint_sources", ["mac", "mac"]),
    "schema_version 2": ("schema_version", 2),
    "agent_id upper case": ("agent_id", "0123456789ABCDEF" * 2),
    "agent_id too short": ("agent_id", "0123456789abcdef"),
    "install_id not hex": ("identity.install_id", "z" * 32),
    "collected_at with a space": ("collected_at", "2025-11-01 08:00:00Z"),
    "collected_at with an offset": ("collected_at", "2025-11-01T15:00:00+07:00"),
    "collected_at a date only": ("collected_at", "2025-11-01"),
    "boot_time without Z": ("os.boot_time", "2025-11-01T07:00:00"),
    "not_after 7 fraction digits": ("probes.1.tls.not_after", "2026-01-01T00:00:00.1234567Z"),
    "bios_date as d/m/y": ("hardware.system.bios_date", "01/03/2023"),
    "collector name with a dash": ("collectors.bad-name", OK),
    "collector success a string": ("collectors.cpu.success", "yes"),
    "hostname empty": ("hostname", ""),
    "asset_tag too long": ("asset_tag", "x" * 129),
    "hostname null": ("hostname", None),
    "hardware null": ("hardware", None),
    "probes null": ("probes", None),
    "probe samples null": ("probes.0.samples", None),
    "interface up null": ("hardware.network.interfaces.0.up", None),
    "dropped reports null": ("delivery.dropped_reports", None),
    "dropped reports negative": ("delivery.dropped_reports", -1),
    "battery charge null": ("health.battery.charge_ratio", None),
    "probes an object": ("probes", {"datacenter": PROBES[0]}),
    "cpu a list": ("hardware.cpu", [HARDWARE["cpu"]]),
}

INVALID = {name: mutate(VALID["full inventory"], *change) for name, change in MUTATIONS.items()}
