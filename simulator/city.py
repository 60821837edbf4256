"""The simulated city: its 168 units, their machines and what is wrong with each, from a seed.

Everything here is drawn from one `random.Random(seed)` in a fixed order, so the same seed
and machine count give the same city, machine for machine. `build_city` is pure.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from inventory.handover import unit_key
from inventory.model import Role, Ward
from simulator.profiles import Generation

Condition = Literal["good", "mixed", "poor"]
Reporting = Literal["always", "stops", "never", "clone"]

DEFECTS = (
    "old_pc",  # an old profile: its own defects follow (4 GB, HDD, Windows 10, ...)
    "memory_4gb",
    "hdd",
    "windows_10",
    "old_bios",
    "no_tpm2",
    "legacy_bios",
    "few_cores",
    "nic_10mbit",
    "disk_full",
    "no_camera",
    "no_microphone",
)


@dataclass(frozen=True)
class Machine:
    """One simulated PC, server or room PC and how it behaves.

    `former_unit` names the old unit a carried PC came from; `moves_in_reports` says it
    enrolled there first and moves into `ward` by re-enrolling (else it is only listed).
    `clone_of` is the index of the machine whose disk image (and token) it carries.
    `stops_after_reports` applies when `reporting` is "stops".
    """

    index: int
    ward: str
    hostname: str
    asset_tag: str | None
    role: Role
    profile: str
    generation: Generation
    defects: tuple[str, ...]
    seed: int
    phase_ratio: float  # when in each interval it reports, 0..1
    former_unit: str | None = None
    moves_in_reports: bool = False
    clone_of: int | None = None
    reporting: Reporting = "always"
    stops_after_reports: int = 0

    @property
    def agent_seed(self) -> int:
        """Return the seed its identity derives from: the original's for a clone."""
        return self.clone_of if self.clone_of is not None else self.index

    @property
    def former_ward(self) -> str | None:
        """Return the ward code it reported under before the move, when it moves in reports."""
        return unit_key(self.former_unit) if self.former_unit and self.moves_in_reports else None


@dataclass(frozen=True)
class Unit:
    """One of the 168 units as simulated: its inventory ward and how well equipped it is."""

    ward: Ward
    condition: Condition
    abbreviation: str  # hostname prefix, e.g. "TD" for Tân Định


@dataclass(frozen=True)
class Degradation:
    """A ward's link to one target made lossy or slow; rtt in seconds, loss 0..1."""

    ward: str
    target: str
    loss_ratio: float = 0.0
    rtt_seconds: float = 0.0


@dataclass(frozen=True)
class City:
    """The whole simulated city: units, machines, and the links degraded from the start."""

    seed: int
    units: tuple[Unit, ...]
    machines: tuple[Machine, ...]
    degraded: tuple[Degradation, ...]

    def unit(self, code: str) -> Unit:
        """Return the unit with ward code `code`."""
        return next(u for u in self.units if u.ward.code == code)


def machine_hex(seed: int, index: int, what: str, length: int) -> str:
    """Return `length` hex digits derived from the city seed, a machine index and `what`."""
    digest = hashlib.sha256(f"wardwatch-simulate:{seed}:{index}:{what}".encode()).hexdigest()
    return digest[:length]
