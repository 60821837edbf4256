"""What the inventory holds: wards and the machines each is expected to have."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from configfile.fields import FieldError
from inventory.access import SshAccess

UnitKind = Literal["phuong", "xa", "dac_khu"]
Role = Literal["workstation", "server", "video_conference"]
OsFamily = Literal["linux", "windows"]
Agentless = Literal["ssh"]


@dataclass(frozen=True)
class Ward:
    """A commune-level unit (phường, xã or đặc khu) since 1 July 2025."""

    code: str  # ASCII slug, e.g. "phuong-tan-dinh"; the agent's identity.ward
    name: str  # Vietnamese name without its kind word, e.g. "Tân Định"
    kind: UnitKind
    official_code: str | None = None  # the state's unit code, when the DTC supplies it
    former_units: tuple[str, ...] = ()  # old districts/wards it was formed from
    expected_machines: int | None = None  # count when no machine list is given

    def __post_init__(self) -> None:
        if self.expected_machines is not None and self.expected_machines < 0:
            raise FieldError(
                "expected_machines", f"must be 0 or more, got {self.expected_machines}"
            )


@dataclass(frozen=True)
class ExpectedMachine:
    """A machine the inventory expects to report, by hostname or asset tag."""

    ward: str
    hostname: str | None = None
    asset_tag: str | None = None
    role: Role = "workstation"
    former_unit: str | None = None  # the old unit it came from, for handover counts
    address: str | None = None  # how to reach it (IP or DNS name); else its hostname
    os_family: OsFamily | None = None
    agentless: Agentless | None = None  # "ssh": the collector reads it, no agent installed
    ssh: SshAccess | None = None  # with agentless: ssh, the login (else the defaults)

    def __post_init__(self) -> None:
        if not self.hostname and not self.asset_tag:
            raise FieldError("hostname", "give a hostname or an asset_tag (or both)")
        if self.address is not None and not self.address.strip():
            raise FieldError("address", "must not be empty")
        if self.ssh is not None and self.agentless != "ssh":
            raise FieldError("ssh", "ssh is the login of an agentless machine: add agentless: ssh")
        if self.agentless == "ssh":
            self._check_agentless()

    def _check_agentless(self) -> None:
        if self.os_family == "windows":
            raise FieldError(
                "agentless", "agentless collection reads Linux files: a Windows PC needs the agent"
            )
        if not self.address and not self.hostname:
            raise FieldError("agentless", "an agentless machine needs an address or a hostname")

    @property
    def target(self) -> str:
        """Return where to connect: the address, else the hostname, else the asset tag."""
        return self.address or self.hostname or self.asset_tag or ""


@dataclass(frozen=True)
class Inventory:
    """All wards and expected machines, keyed for lookups."""

    wards: dict[str, Ward] = field(default_factory=dict)
    machines: tuple[ExpectedMachine, ...] = ()

    @cached_property
    def _by_ward(self) -> dict[str, tuple[ExpectedMachine, ...]]:
        groups: dict[str, list[ExpectedMachine]] = {}
        for machine in self.machines:
            groups.setdefault(machine.ward, []).append(machine)
        return {ward: tuple(ms) for ward, ms in groups.items()}

    def machines_in(self, ward: str) -> tuple[ExpectedMachine, ...]:
        """List the machines the inventory expects in `ward`."""
        return self._by_ward.get(ward, ())

    def expected_count(self, ward: str) -> int:
        """Count the machines `ward` is expected to have."""
        listed = len(self.machines_in(ward))
        declared = self.wards[ward].expected_machines if ward in self.wards else None
        return listed if listed else (declared or 0)
