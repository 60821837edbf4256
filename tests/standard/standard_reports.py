"""Build schema-valid agent reports for the standard's tests; each starts compliant."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import jsonschema

from contract.report import schema
from standard.finding import Finding

GIB = 1024**3
TODAY = date(2025, 11, 1)
RECEIVED_AT = datetime(2025, 11, 1, 8, 0, 0, tzinfo=UTC)
TARGETS = ("datacenter", "video_conference", "records", "documents", "feedback_1022")
_VALIDATOR = jsonschema.Draft202012Validator(schema())


def probe(name: str, result: str = "success", **changes: Any) -> dict[str, Any]:
    """Return one probe result: good unless `changes` say otherwise."""
    ok = result == "success"
    out = {
        "name": name,
        "module": "https_2xx",
        "prober": "http",
        "target": f"https://{name}.hcm.gov.vn/",
        "mode": None,
        "result": result,
        "samples": 5,
        "successes": 5 if ok else 0,
        "loss_ratio": 0.0 if ok else 1.0,
        "rtt_min_seconds": 0.008 if ok else None,
        "rtt_avg_seconds": 0.01 if ok else None,
        "rtt_max_seconds": 0.015 if ok else None,
        "rtt_p95_seconds": 0.014 if ok else None,
        "jitter_seconds": 0.002 if ok else None,
        "duration_seconds": 0.3,
        "error": None if ok else result,
        "http": None,
        "tls": None,
        "dns": None,
    }
    out.update(changes)
    return out


def tls(days_to_expiry: float) -> dict[str, Any]:
    """Return a probe's `tls` object with `days_to_expiry`."""
    return {
        "verified": True,
        "error": None,
        "not_after": "2026-01-01T00:00:00Z",
        "days_to_expiry": days_to_expiry,
        "issuer": "CN=Test CA",
    }


_BASE: dict[str, Any] = {
    "schema_version": 1,
    "kind": "inventory",
    "agent_id": "0" * 31 + "1",
    "seq": 7,
    "collected_at": "2025-11-01T08:00:00.000Z",
    "hostname": "ubnd-pc-01",
    "ward": "phuong-tan-dinh",
    "role": "workstation",
    "asset_tag": None,
    "agent_version": "0.1.0",
    "identity": {
        "install_id": "a" * 32,
        "machine_id_source": "MachineGuid",
        "fingerprint": "b" * 64,
        "fingerprint_sources": ["dmi_uuid"],
    },
    "hardware": {
        "cpu": {
            "model": "12th Gen Intel(R) Core(TM) i5-12500",
            "vendor": "GenuineIntel",
            "physical_cores": 6,
            "logical_cores": 12,
            "max_frequency_hertz": 3.0e9,
        },
        "memory": {
            "total_bytes": 16 * GIB - 300 * 1024**2,
            "available_bytes": 9 * GIB,
            "swap_total_bytes": 2 * GIB,
            "swap_free_bytes": 2 * GIB,
        },
        "disks": {
            "physical": [
                {
                    "name": "PhysicalDrive0",
                    "model": "Samsung SSD 980",
                    "serial": "S1",
                    "size_bytes": 512_110_190_592,
                    "kind": "nvme",
                    "removable": False,
                }
            ],
            "filesystems": [
                {
                    "mount": "C:\\",
                    "device": "C:",
                    "fstype": "NTFS",
                    "total_bytes": 500 * GIB,
                    "free_bytes": 300 * GIB,
                }
            ],
            "system_disk": "PhysicalDrive0",
        },
        "network": {
            "interfaces": [
                {
                    "name": "Ethernet",
                    "mac": "00:11:22:33:44:55",
                    "up": True,
                    "speed_bits_per_second": 1_000_000_000,
                    "duplex": "full",
                    "mtu": 1500,
                    "addresses": ["10.1.2.3"],
                    "virtual": False,
                }
            ],
            "default_gateway": "10.1.2.1",
            "default_interface": "Ethernet",
        },
        "system": {
            "manufacturer": "Dell Inc.",
            "model": "OptiPlex 7000",
            "serial": "ABC123",
            "bios_vendor": "Dell Inc.",
            "bios_version": "1.2.3",
            "bios_date": "2023-03-01",
            "chassis": "desktop",
            "virtual": False,
        },
        "security": {
            "tpm_present": True,
            "tpm_version": "2.0",
            "firmware": "uefi",
            "secure_boot": True,
        },
        "media": {
            "camera_present": True,
            "microphone_present": True,
            "cameras": ["Logitech C925e"],
            "microphones": ["Jabra Speak 510"],
        },
    },
    "os": {
        "family": "windows",
        "id": "windows",
        "id_like": [],
        "name": "Windows 11 Pro",
        "version": "11",
        "build": "26100.2314",
        "edition": "Professional",
        "kernel": "10.0.26100",
        "architecture": "AMD64",
        "boot_time": "2025-11-01T07:00:00Z",
    },
    "health": {
        "cpu_used_ratio": 0.1,
        "memory_used_ratio": 0.4,
        "swap_used_ratio": 0.0,
        "load1": None,
        "load5": None,
        "load15": None,
        "uptime_seconds": 3600,
        "process_count": 150,
        "filesystems": [{"mount": "C:\\", "used_ratio": 0.4, "free_bytes": 300 * GIB}],
        "temperatures": [],
        "battery": None,
    },
    "probes": [probe(t) for t in TARGETS],
    "collectors": {
        "cpu": {"success": True, "duration_seconds": 0.01, "error": None, "not_applicable": False}
    },
    "delivery": {"dropped_reports": 0},
}


def report(
    role: str = "workstation", ward: str = "phuong-tan-dinh", agent: int = 1
) -> dict[str, Any]:
    """Return a fresh compliant report (Windows 11 24H2 Pro, 6 cores, 16 GiB, NVMe)."""
    out = copy.deepcopy(_BASE)
    out.update(role=role, ward=ward, agent_id=f"{agent:032x}", hostname=f"pc-{agent}")
    return out


def windows_10(
    rep: dict[str, Any], *, build: str = "19045.6456", edition: str = "Professional"
) -> dict[str, Any]:
    """Put Windows 10 22H2 on `rep` (hardware unchanged: eligible for Windows 11)."""
    rep["os"].update(name="Windows 10 Pro", version="10", build=build, edition=edition)
    return rep


def old_pc(rep: dict[str, Any]) -> dict[str, Any]:
    """Make `rep` a 2015 PC with a 6th-gen CPU and TPM 1.2: cannot run Windows 11."""
    rep["hardware"]["cpu"].update(model="Intel(R) Core(TM) i5-6500 CPU @ 3.20GHz", physical_cores=4)
    rep["hardware"]["security"].update(tpm_version="1.2")
    return rep


def linux(
    rep: dict[str, Any], os_id: str, version: str, id_like: Iterable[str] = ()
) -> dict[str, Any]:
    """Put a Linux distribution on `rep`."""
    rep["os"].update(
        family="linux",
        id=os_id,
        id_like=list(id_like),
        name=f"{os_id} {version}",
        version=version,
        build=None,
        edition=None,
        kernel="6.1.0",
    )
    return rep


def validate(rep: dict[str, Any]) -> dict[str, Any]:
    """Check `rep` against the report schema and return it."""
    _VALIDATOR.validate(rep)
    return rep


def rules(findings: Iterable[Finding]) -> list[str]:
    """List the rule of each finding, in order."""
    return [f.rule for f in findings]


def only(findings: Iterable[Finding], rule: str) -> Finding:
    """Return the single finding of `rule`."""
    findings = tuple(findings)
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, f"expected one {rule}, got {rules(findings)}"
    return matching[0]
