"""Synthetic fleets for the exposition benchmark: HCMC's 168 units, five link probes a machine."""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter
from pathlib import Path

from collector.availability import Availability
from collector.metrics import WardView
from collector.state import Fleet, MachineState
from standard.finding import Finding
from standard.model import load_standard
from standard.probe_state import ProbeState

UNITS_CSV = Path(__file__).resolve().parent.parent / "inventory" / "data" / "hcmc-units-2025.csv"
TARGETS = ("datacenter", "video_conference", "records", "documents", "feedback_1022")
CPUS = (
    "Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz",
    "Intel(R) Core(TM) i3-4130 CPU @ 3.40GHz",
    "AMD Ryzen 5 5600G with Radeon Graphics",
    "Intel(R) Pentium(R) CPU G4560 @ 3.50GHz",
)
OSES = (
    ("Windows 10 Pro", "windows", "10.0.19045"),
    ("Windows 11 Pro", "windows", "10.0.22631"),
    ("Ubuntu", "ubuntu", "22.04"),
)
RAM_FINDING = Finding(
    "memory_min",
    "hardware",
    "critical",
    4 << 30,
    8 << 30,
    "RAM dưới chuẩn",
    "RAM below standard",
    None,
    3_500_000,
)


def units() -> list[tuple[str, str]]:
    """Return (code, Vietnamese name) of Ho Chi Minh City's 168 units."""
    with UNITS_CSV.open(encoding="utf-8") as f:
        return [(row["slug"], row["name"]) for row in csv.DictReader(f)]


def probe(rng: random.Random, target: str) -> ProbeState:
    """Return one plausible link-probe result, rounded as agents round."""
    ok = rng.random() > 0.03
    tls = round(rng.uniform(5, 400), 4) if target in ("records", "documents") else None
    return ProbeState(
        target,
        ok,
        round(rng.random() * 0.04, 4) if ok else 1.0,
        round(rng.uniform(0.002, 0.09), 6) if ok else None,
        round(rng.uniform(0.0001, 0.01), 6) if ok else None,
        tls,
        round(rng.uniform(0.95, 1.0), 4),  # availability over the standard's window
    )


def machine(i: int, ward: str, rng: random.Random, now: float) -> MachineState:
    """Return machine number `i` of `ward`: five probes, a hardware finding one time in seven."""
    os_name, os_id, os_version = OSES[i % len(OSES)]
    return MachineState(
        f"{rng.getrandbits(128):032x}",
        sys.intern(ward),
        "workstation",
        f"{ward[:12].upper()}-PC{i:05d}",
        os_name,
        os_id,
        os_version,
        CPUS[i % len(CPUS)],
        rng.choice((2, 4, 6)),
        rng.choice((4, 8, 16)) << 30,
        "ssd",
        1_000_000_000,
        "2019-05-14",
        round(rng.random(), 4),
        round(rng.random(), 4),
        now - rng.uniform(0, 120),
        now - rng.uniform(0, 600),
        i + 1,
        tuple(probe(rng, t) for t in TARGETS),
        (RAM_FINDING,) if i % 7 == 0 else (),
    )


def build_fleet(size: int, now: float, seed: int = 1) -> Fleet:
    """Return a Fleet of `size` machines spread over the 168 units."""
    rng = random.Random(seed)
    codes = [code for code, _ in units()]
    fleet = Fleet()
    for i in range(size):
        fleet.put(machine(i, codes[i % len(codes)], rng, now))
    return fleet


def availability_counts(fleet: Fleet, now: float) -> Availability:
    """Return the availability counts ingest keeps beside the fleet: every machine's five
    targets, a cycle a minute for the last two hours (all buckets are allocated at once)."""
    links = load_standard().links
    counts = Availability()
    for m in fleet.snapshot():
        probes = [{"name": p.name, "result": "success" if p.success else "timeout"}
                  for p in m.probes]  # fmt: skip
        for minute in range(120):
            counts.record(m.agent_id, probes, now - 7200 + 60 * minute, links)
    return counts


def ward_views(fleet: Fleet) -> list[WardView]:
    """Return rough per-ward rows (the real ones come from collector.readiness)."""
    machines = fleet.snapshot()
    counts = Counter(m.ward for m in machines)
    compliant = Counter(m.ward for m in machines if m.compliant)
    return [
        WardView(
            code,
            name,
            counts[code],
            counts[code],
            compliant[code],
            dict.fromkeys(TARGETS, 0.97),
            compliant[code] == counts[code],
            0,
        )
        for code, name in units()
    ]
