"""How machines and their faults spread over the city: counts per unit, profiles, defects.

Most units are well equipped; some are mixed and a few poor, as the city's report found
("một số đơn vị chưa đạt chuẩn"). Carried PCs, cloned images and silent machines are then
picked among the workstations, each kind from machines the others did not take.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

from inventory.handover import unit_key
from inventory.model import Role, Ward
from simulator.city import City, Condition, Degradation, Machine, Unit
from simulator.errors import SimulatorError
from simulator.former_units import former_units
from simulator.profiles import ROOM_PCS, SERVERS, WORKSTATIONS, Generation, Profile

CONDITIONS: tuple[Condition, ...] = ("good", "mixed", "poor")
CONDITION_WEIGHTS = (0.6, 0.28, 0.12)
# Per workstation: the chance it is an old PC, then of each defect of a newer one.
OLD_PC = {"good": 0.03, "mixed": 0.15, "poor": 0.45}
MIDLIFE = {"good": 0.3, "mixed": 0.5, "poor": 0.6}
NEWER_DEFECTS = {  # defect -> chance by condition; memory_4gb and hdd only on midlife PCs
    "memory_4gb": {"good": 0.03, "mixed": 0.08, "poor": 0.12},
    "hdd": {"good": 0.03, "mixed": 0.08, "poor": 0.12},
    "windows_10": {"good": 0.05, "mixed": 0.15, "poor": 0.25},
    "nic_10mbit": {"good": 0.005, "mixed": 0.01, "poor": 0.02},
    "disk_full": {"good": 0.02, "mixed": 0.04, "poor": 0.05},
}
OLD_SERVER = {"good": 0.1, "mixed": 0.4, "poor": 0.8}
NO_CAMERA = {"good": 0.02, "mixed": 0.1, "poor": 0.25}
NO_MICROPHONE = {"good": 0.01, "mixed": 0.05, "poor": 0.15}
CARRIED_SHARE = 0.12  # of workstations, staff brought from their old unit
MOVED_IN_REPORTS_SHARE = 0.75  # of carried PCs, had the agent before the move
SILENT_SHARE = 0.01  # of all machines, each of "stops" and "never"
STOPS_AFTER_REPORTS = 3
# Links degraded from the start: (target, loss ratio, rtt seconds), one per chosen ward.
DEGRADED = (
    ("datacenter", 0.4, 0.0),
    ("video_conference", 0.0, 0.4),
    ("records", 0.2, 0.35),
    ("feedback_1022", 0.6, 0.0),
    ("documents", 0.0, 0.5),
)


def build_city(seed: int, total: int, wards: Sequence[Ward]) -> City:
    """Return the city of `total` machines over `wards`, drawn from `seed`."""
    if total < len(wards):
        raise SimulatorError(
            f"--machines {total} ít hơn {len(wards)} đơn vị: cần ít nhất một máy mỗi đơn vị",
            f"--machines {total} is fewer than the {len(wards)} units: give at least one each",
        )
    rng = random.Random(seed)
    units = [_unit(rng, ward) for ward in wards]
    machines: list[Machine] = []
    for number, (unit, count) in enumerate(
        zip(units, _counts(rng, total, len(units)), strict=True)
    ):
        machines += _unit_machines(rng, unit, count, len(machines), number + 1)
    machines = _carried(rng, machines, units)
    machines = _clones(rng, machines)
    machines = _silent(rng, machines)
    return City(seed, tuple(units), tuple(machines), _degraded(rng, units))


def _unit(rng: random.Random, ward: Ward) -> Unit:
    condition = rng.choices(CONDITIONS, CONDITION_WEIGHTS)[0]
    abbreviation = "".join(word[0] for word in unit_key(ward.name).split("-")).upper()
    ward = dataclasses.replace(ward, former_units=ward.former_units or former_units(ward))
    return Unit(ward, condition, abbreviation)


def _counts(rng: random.Random, total: int, units: int) -> list[int]:
    """Share `total` over `units` by random weights, each unit at least min(3, total // units)."""
    floor = max(1, min(3, total // units))
    weights = [rng.lognormvariate(0.0, 0.35) for _ in range(units)]
    spare = total - floor * units
    shares = [spare * w / sum(weights) for w in weights]
    counts = [floor + int(s) for s in shares]
    by_remainder = sorted(range(units), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _unit_machines(
    rng: random.Random, unit: Unit, count: int, first: int, number: int
) -> list[Machine]:
    """Make unit number `number`'s machines: workstations, then a server and a room PC."""
    roles: list[Role] = ["workstation"] * count
    if count >= 2:
        roles[-1] = "video_conference"
    if count >= 3:
        roles[-2] = "server"
    made: list[Machine] = []
    for n, role in enumerate(roles, start=1):
        index = first + len(made)
        profile, defects = _hardware(rng, role, unit.condition)
        suffix = {"workstation": f"PC{n:02d}", "server": "SRV01", "video_conference": "VC01"}
        tag = f"UBND-{number:03d}-{n:04d}" if rng.random() < 0.7 else None
        made.append(
            Machine(
                index=index,
                ward=unit.ward.code,
                hostname=f"{unit.abbreviation}-{suffix[role]}",
                asset_tag=tag,
                role=role,
                profile=profile.name,
                generation=profile.generation,
                defects=defects,
                seed=rng.getrandbits(63),
                phase_ratio=rng.random(),
            )
        )
    return made


def _hardware(
    rng: random.Random, role: Role, condition: Condition
) -> tuple[Profile, tuple[str, ...]]:
    if role == "server":
        generation: Generation = "old" if rng.random() < OLD_SERVER[condition] else "modern"
        profile = rng.choice(SERVERS[generation])
        return profile, _profile_defects(profile, min_cores=8)
    if role == "video_conference":
        profile = rng.choice(ROOM_PCS)
        found = [
            d
            for d, odds in (("no_camera", NO_CAMERA), ("no_microphone", NO_MICROPHONE))
            if rng.random() < odds[condition]
        ]
        return profile, tuple(found)
    if rng.random() < OLD_PC[condition]:
        profile = rng.choice(WORKSTATIONS["old"])
        return profile, (*_profile_defects(profile, min_cores=4), "windows_10")
    generation = "midlife" if rng.random() < MIDLIFE[condition] else "modern"
    profile = rng.choice(WORKSTATIONS[generation])
    found = []
    for defect, odds in NEWER_DEFECTS.items():
        drawn = rng.random() < odds[condition]
        if drawn and (generation == "midlife" or defect not in ("memory_4gb", "hdd")):
            found.append(defect)
    return profile, tuple(found)


def _profile_defects(profile: Profile, min_cores: int) -> tuple[str, ...]:
    """Name what an old profile falls short in by itself."""
    if profile.generation != "old":
        return ()
    found = ["old_pc", "old_bios"]
    found += ["memory_4gb"] if profile.memory_gib <= 4 else []
    found += ["hdd"] if profile.disk_kind == "hdd" else []
    found += ["no_tpm2"] if profile.tpm_version != "2.0" else []
    found += ["legacy_bios"] if profile.firmware == "bios" else []
    found += ["few_cores"] if profile.physical_cores < min_cores else []
    return tuple(found)


def _plain_workstations(machines: list[Machine]) -> list[Machine]:
    """Workstations not yet given a special part (carried, clone, silent)."""
    originals = {m.clone_of for m in machines if m.clone_of is not None}
    return [
        m
        for m in machines
        if m.role == "workstation"
        and not m.former_unit
        and m.clone_of is None
        and m.reporting == "always"
        and m.index not in originals
    ]


def _carried(rng: random.Random, machines: list[Machine], units: list[Unit]) -> list[Machine]:
    formers = {u.ward.code: u.ward.former_units for u in units}
    chosen = [m for m in _plain_workstations(machines) if rng.random() < CARRIED_SHARE]
    for m in chosen:
        moved = rng.random() < MOVED_IN_REPORTS_SHARE
        former = rng.choice(formers[m.ward])
        machines[m.index] = dataclasses.replace(m, former_unit=former, moves_in_reports=moved)
    return machines


def _clones(rng: random.Random, machines: list[Machine]) -> list[Machine]:
    """Make a couple of PCs carry a workstation's disk image: max(2, 1 per 1,000).

    The twin is another workstation of the ward, or its room PC when it has one alone:
    its own hardware, the original's machine id and agent state.
    """
    wanted = max(2, round(len(machines) / 1000))
    plain = _plain_workstations(machines)
    rooms = [m for m in machines if m.role == "video_conference"]
    by_ward: dict[str, list[Machine]] = {}
    for m in [*plain, *rooms]:
        by_ward.setdefault(m.ward, []).append(m)
    pairs = [ms[:2] for ms in by_ward.values() if len(ms) >= 2 and ms[0].role == "workstation"]
    for original, twin in rng.sample(pairs, min(wanted, len(pairs))):
        machines[twin.index] = dataclasses.replace(twin, clone_of=original.index, reporting="clone")
    return machines


def _silent(rng: random.Random, machines: list[Machine]) -> list[Machine]:
    """Make 1% of machines (at least 2) stop reporting, and 1% never report at all."""
    wanted = max(2, round(len(machines) * SILENT_SHARE))
    pool = _plain_workstations(machines)
    picked = rng.sample(pool, min(2 * wanted, len(pool)))
    for n, m in enumerate(picked):
        if n % 2:
            machines[m.index] = dataclasses.replace(m, reporting="never")
        else:
            machines[m.index] = dataclasses.replace(
                m, reporting="stops", stops_after_reports=STOPS_AFTER_REPORTS
            )
    return machines


def _degraded(rng: random.Random, units: list[Unit]) -> tuple[Degradation, ...]:
    """Degrade one target's link in 3% of the units (at least 2) from the start."""
    count = min(len(units), max(2, round(len(units) * 0.03)))
    picked = rng.sample(units, count)
    return tuple(
        Degradation(unit.ward.code, *DEGRADED[n % len(DEGRADED)]) for n, unit in enumerate(picked)
    )
