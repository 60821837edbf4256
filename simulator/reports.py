"""One simulated machine's reports, built by the report contract's `build()`.

Hardware and os are drawn once per machine; each report adds fresh health and probes drawn
from the machine's seed and the report's seq, so report N of a machine holds the same
values on every run of the same seed (only the timestamps are the run's own).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from contract.report import Identity, Placement, build, timestamp
from simulator.city import Machine, machine_hex
from simulator.hardware import facts
from simulator.links import Links, probe

COLLECTORS = ("cpu", "memory", "disks", "network", "system", "security", "media", "os", "health")
FINGERPRINT_SOURCES = ("dmi_uuid", "dmi_serial", "mac", "disk_serial")
CERTIFICATE_DAYS = 90.0  # the tools' certificates are renewed well ahead of the standard's 14


def identity(city_seed: int, machine: Machine) -> Identity:
    """Return the machine's identity: a clone shares its original's agent and install ids."""
    return Identity(
        agent_id=machine_hex(city_seed, machine.agent_seed, "agent", 32),
        install_id=machine_hex(city_seed, machine.agent_seed, "install", 32),
        machine_id_source="MachineGuid",
        fingerprint=machine_hex(city_seed, machine.index, "fingerprint", 64),
        fingerprint_sources=FINGERPRINT_SOURCES,
    )


class Reports:
    """Build report after report for one machine; `started` is the run's start (UTC)."""

    def __init__(self, city_seed: int, machine: Machine, started: datetime) -> None:
        self.machine = machine
        self.identity = identity(city_seed, machine)
        self.values = facts(machine)
        rng = random.Random(machine.seed ^ 0x5EED)
        self._uptime_at_start = rng.uniform(600.0, 9 * 3600.0)
        self._started = started
        self.values["os"]["boot_time"] = timestamp(
            started - timedelta(seconds=self._uptime_at_start)
        )
        self._not_after = started + timedelta(days=CERTIFICATE_DAYS)
        self._not_after_text = timestamp(self._not_after).split(".")[0] + "Z"
        fs = self.values["disks"]["filesystems"][0]
        self._disk_total = fs["total_bytes"]
        self._disk_used = 1.0 - fs["free_bytes"] / fs["total_bytes"]
        self._old = machine.generation == "old"
        self._collectors = {
            name: {
                "success": True,
                "duration_seconds": round(rng.uniform(0.0002, 0.03), 6),
                "error": None,
                "not_applicable": False,
            }
            for name in COLLECTORS
        }

    def build(
        self, seq: int, collected_at: datetime, ward: str, links: Links, inventory: bool
    ) -> dict[str, Any]:
        """Return report `seq` as collected at `collected_at` (aware) under `ward`."""
        rng = random.Random(self.machine.seed * 1_000_003 + seq)
        days = (self._not_after - collected_at).total_seconds() / 86400.0
        probes = [
            probe(target, condition, rng, round(days, 3), self._not_after_text)
            for target, condition in links.conditions(ward)
        ]
        m = self.machine
        return build(
            identity=self.identity,
            placement=Placement(m.hostname, ward, m.role, m.asset_tag),
            seq=seq,
            collected_at=collected_at,
            kind="inventory" if inventory else "health",
            values={**self.values, "health": self._health(rng, collected_at)},
            probes=probes,
            collectors=self._collectors,
        )

    def _health(self, rng: random.Random, collected_at: datetime) -> dict[str, Any]:
        busy = (0.2, 0.9) if self._old else (0.02, 0.45)
        memory = (0.75, 0.95) if self._old else (0.35, 0.7)
        used = min(1.0, max(0.0, self._disk_used + rng.uniform(-0.002, 0.002)))
        uptime = self._uptime_at_start + (collected_at - self._started).total_seconds()
        return {
            "cpu_used_ratio": round(rng.uniform(*busy), 4),
            "memory_used_ratio": round(rng.uniform(*memory), 4),
            "swap_used_ratio": round(rng.uniform(0.0, 0.2), 4),
            "load1": None,
            "load5": None,
            "load15": None,
            "uptime_seconds": round(max(0.0, uptime), 2),
            "process_count": rng.randrange(140, 260),
            "filesystems": [
                {
                    "mount": "C:\\",
                    "used_ratio": round(used, 4),
                    "free_bytes": int(self._disk_total * (1 - used)),
                }
            ],
            "temperatures": [],
            "battery": None,
        }


def now_utc() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)
