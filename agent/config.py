"""The agent's configuration: what `agent/agent.example.yml` documents, key for key."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from agent.paths import PathsConfig
from agent.probes.targets import check_target
from configfile.fields import FieldError, positive
from configfile.load import field_names, load_file, load_json

Role = Literal["workstation", "server", "video_conference"]
ProberName = Literal["icmp", "tcp", "http", "dns"]


@dataclass(frozen=True)
class CollectorConfig:
    """Where the collector is and how to trust it."""

    url: str = ""
    ca_file: str | None = None
    verify_tls: bool = True
    timeout_seconds: float = 10.0
    batch_size: int = 50

    def __post_init__(self) -> None:
        if self.url and not self.url.startswith(("http://", "https://")):
            raise FieldError("url", f"must start with https:// or http://, got {self.url!r}")
        positive("timeout_seconds", self.timeout_seconds)
        positive("batch_size", self.batch_size)


@dataclass(frozen=True)
class IdentityConfig:
    """Who this machine is in the city: its ward, role and asset tag."""

    ward: str = ""
    role: Role = "workstation"
    asset_tag: str | None = None


@dataclass(frozen=True)
class IntervalsConfig:
    """How often each part of the report is collected, in seconds."""

    health_seconds: float = 60.0
    inventory_seconds: float = 6 * 3600.0
    retry_max_seconds: float = 300.0

    def __post_init__(self) -> None:
        for name in ("health_seconds", "inventory_seconds", "retry_max_seconds"):
            positive(name, getattr(self, name))


@dataclass(frozen=True)
class SpoolConfig:
    """The on-disk queue of reports not yet acknowledged."""

    max_bytes: int = 50 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.max_bytes < 64 * 1024:
            raise FieldError("max_bytes", "must be at least 65536 (64 KiB)")


@dataclass(frozen=True)
class CollectorSwitch:
    """One collector's switch."""

    enabled: bool = True


@dataclass(frozen=True)
class ModuleConfig:
    """A probe module, as in blackbox_exporter: how to probe, not what."""

    prober: ProberName
    timeout_seconds: float = 5.0
    # http
    method: Literal["GET", "HEAD"] = "GET"
    valid_status_codes: tuple[int, ...] = ()
    ca_file: str | None = None
    # dns
    query_name: str = ""
    query_type: Literal["A", "AAAA"] = "A"

    def __post_init__(self) -> None:
        positive("timeout_seconds", self.timeout_seconds)
        if self.prober == "dns" and not self.query_name:
            raise FieldError("query_name", "a dns module needs query_name")


@dataclass(frozen=True)
class TargetConfig:
    """A named thing to probe with a module."""

    name: str
    module: str
    target: str


@dataclass(frozen=True)
class ProbesConfig:
    """The data-link probes: modules, targets, samples per cycle and the cycle deadline."""

    samples: int = 5
    sample_interval_seconds: float = 0.2
    deadline_seconds: float = 30.0
    modules: dict[str, ModuleConfig] = field(default_factory=dict)
    targets: tuple[TargetConfig, ...] = ()

    def __post_init__(self) -> None:
        positive("samples", self.samples)
        positive("deadline_seconds", self.deadline_seconds)
        names = set()
        for i, t in enumerate(self.targets):
            if t.module not in self.modules:
                raise FieldError("targets", f"targets[{i}] uses unknown module {t.module!r}")
            if t.name in names:
                raise FieldError("targets", f"targets[{i}]: name {t.name!r} is used twice")
            names.add(t.name)
        for i, t in enumerate(self.targets):
            try:
                module = self.modules[t.module]
                check_target(t.target, module.prober, module.query_name)
            except ValueError as err:
                raise FieldError("targets", f"targets[{i}] ({t.name}): {err}") from err


@dataclass(frozen=True)
class AgentConfig:
    """The whole agent configuration file."""

    collector: CollectorConfig = CollectorConfig()
    identity: IdentityConfig = IdentityConfig()
    state_directory: str = "/var/lib/wardwatch-agent"
    intervals: IntervalsConfig = IntervalsConfig()
    spool: SpoolConfig = SpoolConfig()
    collectors: dict[str, CollectorSwitch] = field(default_factory=dict)
    paths: PathsConfig = PathsConfig()
    probes: ProbesConfig = ProbesConfig()
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    def __post_init__(self) -> None:
        if not self.collectors:
            return
        from agent.collectors import registry  # late: it loads every collector

        for name in self.collectors:
            if name not in registry.names():
                known = ", ".join(registry.names())
                raise FieldError("collectors", f"unknown collector {name!r} (known: {known})")


def load(path: str | Path | None) -> AgentConfig:
    """Read the agent config at `path`, or the defaults when `path` is None."""
    if path is None:
        return AgentConfig()
    return load_file(path, AgentConfig)


def with_remote(config: AgentConfig, text: str) -> AgentConfig:
    """Apply the collector's pushed JSON config (probes and intervals) to `config`."""
    pushed = load_json(text, RemoteConfig, "collector response")
    names = field_names(RemoteConfig)
    changes = {n: getattr(pushed, n) for n in names if getattr(pushed, n) is not None}
    return dataclasses.replace(config, **changes)


@dataclass(frozen=True)
class RemoteConfig:
    """The part of the config the collector may replace, with no restart."""

    probes: ProbesConfig | None = None
    intervals: IntervalsConfig | None = None
