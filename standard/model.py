"""The equipment standard as frozen dataclasses, loaded from `standard/default.yml`.

Every threshold lives in the YAML file the DTC edits; nothing here has a default, so the
file is the one place a number is written. End-of-support dates come from a second file,
`standard/os_support.yml`, and travel with the standard so that `evaluate` needs one
argument for policy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from configfile.fields import FieldError, positive, ratio
from configfile.load import field_names, load_file
from standard.os_support import OsSupport, load_os_support

ROLES = ("workstation", "server", "video_conference")
HERE = Path(__file__).resolve().parent
DEFAULT_STANDARD = HERE / "default.yml"
DEFAULT_OS_SUPPORT = HERE / "os_support.yml"
# The data centre and the four tools: every standard names a link standard for each.
STANDARD_TARGETS = ("datacenter", "video_conference", "records", "documents", "feedback_1022")


@dataclass(frozen=True)
class RoleStandard:
    """What one role's machine must have."""

    min_physical_cores: int
    min_memory_bytes: int
    require_system_disk_ssd: bool
    min_free_disk_ratio: float
    require_os_in_support: bool
    min_nic_speed_bits_per_second: int
    max_age_years: float
    require_camera: bool
    require_microphone: bool

    def __post_init__(self) -> None:
        for key in ("min_physical_cores", "min_memory_bytes", "max_age_years"):
            positive(key, getattr(self, key))
        positive("min_nic_speed_bits_per_second", self.min_nic_speed_bits_per_second)
        ratio("min_free_disk_ratio", self.min_free_disk_ratio)


@dataclass(frozen=True)
class LinkStandard:
    """What the link from a machine to one target must achieve."""

    label_vi: str
    label_en: str
    max_loss_ratio: float
    max_rtt_p95_seconds: float
    max_jitter_seconds: float
    min_availability_ratio: float
    availability_window_seconds: float

    def __post_init__(self) -> None:
        ratio("max_loss_ratio", self.max_loss_ratio)
        ratio("min_availability_ratio", self.min_availability_ratio)
        for key in ("max_rtt_p95_seconds", "max_jitter_seconds", "availability_window_seconds"):
            positive(key, getattr(self, key))
        for key in ("label_vi", "label_en"):
            if not getattr(self, key).strip():
                raise FieldError(key, "must not be empty")


@dataclass(frozen=True)
class TlsStandard:
    """How long a target's certificate must still be valid."""

    min_days_to_expiry: float

    def __post_init__(self) -> None:
        positive("min_days_to_expiry", self.min_days_to_expiry)


@dataclass(frozen=True)
class ClockStandard:
    """How far a machine's clock may be from the collector's."""

    max_drift_seconds: float

    def __post_init__(self) -> None:
        positive("max_drift_seconds", self.max_drift_seconds)


@dataclass(frozen=True)
class AgentStandard:
    """When the collector calls an agent stale (the collector applies it, not evaluate)."""

    stale_after_intervals: int

    def __post_init__(self) -> None:
        positive("stale_after_intervals", self.stale_after_intervals)


@dataclass(frozen=True)
class ReadinessStandard:
    """What a ward needs to count as ready."""

    min_reporting_ratio: float
    min_compliant_ratio: float
    min_link_share_ratio: float

    def __post_init__(self) -> None:
        for key in ("min_reporting_ratio", "min_compliant_ratio", "min_link_share_ratio"):
            ratio(key, getattr(self, key))


@dataclass(frozen=True)
class Tolerances:
    """Allowances for how machines report facts."""

    memory_reserved_ratio: float

    def __post_init__(self) -> None:
        ratio("memory_reserved_ratio", self.memory_reserved_ratio)


@dataclass(frozen=True)
class Costs:
    """Estimated prices of each remedy, in đồng (VND)."""

    replace_pc: int
    replace_server: int
    add_memory: int
    replace_disk_with_ssd: int
    replace_nic: int
    add_camera: int
    add_microphone: int

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            if getattr(self, f.name) < 0:
                raise FieldError(f.name, f"must not be negative, got {getattr(self, f.name)}")


@dataclass(frozen=True)
class StandardFile:
    """The standard file as the DTC writes it."""

    version: int
    roles: dict[str, RoleStandard]
    links: dict[str, LinkStandard]
    tolerances: Tolerances
    tls: TlsStandard
    clock: ClockStandard
    agent: AgentStandard
    readiness: ReadinessStandard
    costs_vnd: Costs

    def __post_init__(self) -> None:
        if self.version != 1:
            raise FieldError("version", f"only version 1 is understood, got {self.version}")
        _exactly("roles", self.roles, ROLES)
        missing = [t for t in STANDARD_TARGETS if t not in self.links]
        if missing:
            raise FieldError("links", f"missing standard targets: {', '.join(missing)}")


def _exactly(key: str, given: Mapping[str, object], wanted: tuple[str, ...]) -> None:
    unknown = sorted(set(given) - set(wanted))
    missing = [w for w in wanted if w not in given]
    if unknown:
        raise FieldError(key, f"unknown {key}: {', '.join(unknown)} (allowed: {', '.join(wanted)})")
    if missing:
        raise FieldError(key, f"missing {key}: {', '.join(missing)}")


@dataclass(frozen=True)
class Standard(StandardFile):
    """The standard file plus the end-of-support table it is judged with."""

    os_support: OsSupport

    def replacement_cost_vnd(self, role: str) -> int:
        """Return the cost of replacing a machine of `role`, in đồng."""
        costs = self.costs_vnd
        return costs.replace_server if role == "server" else costs.replace_pc


def load_standard(
    path: str | Path = DEFAULT_STANDARD, os_support_path: str | Path = DEFAULT_OS_SUPPORT
) -> Standard:
    """Read and validate the standard at `path` and the end-of-support table beside it."""
    policy = load_file(path, StandardFile)
    table = load_os_support(os_support_path)
    values = {name: getattr(policy, name) for name in field_names(StandardFile)}
    return Standard(**values, os_support=table)
