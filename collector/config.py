"""The collector's configuration: what `collector/collector.example.yml` documents."""

from __future__ import annotations

import dataclasses
import os
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from agent.config import RemoteConfig
from configfile.errors import ConfigError
from configfile.fields import FieldError, positive
from configfile.load import line_of, load_file


@dataclass(frozen=True)
class ListenConfig:
    """Where the API listens and, with both files, serves HTTPS."""

    host: str = "127.0.0.1"
    port: int = 8443
    tls_cert_file: str | None = None
    tls_key_file: str | None = None
    graceful_shutdown_seconds: float = 15.0

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise FieldError("port", f"must be 0..65535, got {self.port}")
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise FieldError(
                "tls_cert_file", "give both tls_cert_file and tls_key_file, or neither"
            )


@dataclass(frozen=True)
class StorageConfig:
    """Where state is kept: SQLite in data_directory unless a database URL is given."""

    data_directory: str = "/var/lib/wardwatch-collector"
    url: str | None = None  # e.g. postgresql+psycopg://wardwatch@db/wardwatch
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "FULL"
    retention_days: float = 30.0  # history and dedup receipts; >= how long a PC may stay off
    writers: int | None = None  # group-commit writer threads; None: 1 on SQLite, 2 on PostgreSQL

    def __post_init__(self) -> None:
        positive("retention_days", self.retention_days)
        if self.writers is not None:
            positive("writers", self.writers)
            if self.on_sqlite and self.writers > 1:
                raise FieldError(
                    "writers", "SQLite commits one transaction at a time: 1, or a PostgreSQL url"
                )

    @property
    def on_sqlite(self) -> bool:
        """Tell whether the store is SQLite (the default, or an explicit sqlite URL)."""
        return self.url is None or self.url.startswith("sqlite")

    def writer_count(self) -> int:
        """Return how many transactions ingest commits at once."""
        if self.writers is not None:
            return self.writers
        return 1 if self.on_sqlite else 2

    def resolved_url(self) -> str:
        """Return the SQLAlchemy URL, defaulting to the SQLite file in data_directory."""
        return self.url or f"sqlite:///{Path(self.data_directory) / 'wardwatch.sqlite'}"


@dataclass(frozen=True)
class LimitsConfig:
    """What one request or one agent may send."""

    max_body_bytes: int = 1024 * 1024
    max_inflated_bytes: int = 16 * 1024 * 1024
    max_reports_per_request: int = 500
    agent_burst_reports: int = 600
    agent_reports_per_second: float = 2.0

    def __post_init__(self) -> None:
        for name in (
            "max_body_bytes",
            "max_inflated_bytes",
            "max_reports_per_request",
            "agent_burst_reports",
            "agent_reports_per_second",
        ):
            positive(name, getattr(self, name))
        if self.agent_burst_reports < self.max_reports_per_request:
            raise FieldError(
                "agent_burst_reports",
                f"must be at least max_reports_per_request ({self.max_reports_per_request}), "
                "or a full batch could never pass",
            )


@dataclass(frozen=True)
class MetricsConfig:
    """Who may scrape /metrics: anyone (the default), a bearer token, or a user and password."""

    bearer_token_file: str | None = None
    basic_username: str | None = None
    basic_password_file: str | None = None

    def __post_init__(self) -> None:
        if (self.basic_username is None) != (self.basic_password_file is None):
            raise FieldError("basic_username", "give basic_username and basic_password_file")
        if self.bearer_token_file and self.basic_username:
            raise FieldError("bearer_token_file", "give a bearer token or basic auth, not both")


@dataclass(frozen=True)
class PapersConfig:
    """How the documents for officials are headed (Decree 30/2020/NĐ-CP): the issuing body
    under its superior, the place and the time zone of their dates."""

    superior_body: str = "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    superior_body_en: str = "HO CHI MINH CITY PEOPLE'S COMMITTEE"
    issuing_body: str = "TRUNG TÂM CHUYỂN ĐỔI SỐ"
    issuing_body_en: str = "DIGITAL TRANSFORMATION CENTRE"
    issuing_body_short: str = "TTCĐS"  # in document numbers: 01/BC-TTCĐS
    place: str = "Thành phố Hồ Chí Minh"
    place_en: str = "Ho Chi Minh City"
    time_zone: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            if not getattr(self, f.name).strip():
                raise FieldError(f.name, "must not be empty")
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as err:
            raise FieldError("time_zone", f"unknown time zone {self.time_zone!r}") from err


@dataclass(frozen=True)
class AgentlessConfig:
    """How the collector reads the machines the inventory marks `agentless: ssh`; a
    machine's own `ssh` login wins over `user` and `key_file`."""

    scheduled: bool = True  # a sweep every interval_seconds; ssh-sweep runs one on demand
    interval_seconds: float = 300.0
    concurrency: int = 8  # machines read at once
    connect_timeout_seconds: float = 10.0  # TCP connect, SSH handshake and login, each
    command_timeout_seconds: float = 10.0  # one read-only command
    host_timeout_seconds: float = 120.0  # everything for one machine
    user: str = "wardwatch"
    key_file: str | None = None
    known_hosts_file: str | None = None  # None: ssh_known_hosts in storage.data_directory

    def __post_init__(self) -> None:
        for name in (
            "interval_seconds",
            "concurrency",
            "connect_timeout_seconds",
            "command_timeout_seconds",
            "host_timeout_seconds",
        ):
            positive(name, getattr(self, name))
        if self.host_timeout_seconds < self.command_timeout_seconds:
            raise FieldError(
                "host_timeout_seconds",
                f"must be at least command_timeout_seconds ({self.command_timeout_seconds})",
            )


@dataclass(frozen=True)
class CollectorConfig:
    """The whole collector configuration file."""

    listen: ListenConfig = ListenConfig()
    storage: StorageConfig = StorageConfig()
    limits: LimitsConfig = LimitsConfig()
    admin_token_file: str | None = None
    viewer_token_file: str | None = None  # reads /reports and nothing else
    metrics: MetricsConfig = MetricsConfig()
    papers: PapersConfig = PapersConfig()
    enrollment_secret_files: dict[str, str] = field(default_factory=dict)
    inventory_file: str | None = None
    standard_file: str | None = None
    agents: RemoteConfig = RemoteConfig()
    agentless: AgentlessConfig = AgentlessConfig()
    stale_after_seconds: float | None = None  # None: the standard's agent.stale_after_intervals
    group_commit_max_items: int = 500
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    def __post_init__(self) -> None:
        if self.stale_after_seconds is not None:
            positive("stale_after_seconds", self.stale_after_seconds)
        positive("group_commit_max_items", self.group_commit_max_items)


def load(path: str | Path | None) -> CollectorConfig:
    """Read the collector config at `path`, or the defaults when `path` is None.

    Relative file paths in the config are taken relative to the config file's folder.
    """
    if path is None:
        return CollectorConfig()
    config = _resolved(load_file(path, CollectorConfig), Path(path).resolve().parent)
    for key, named in _named_files(config):
        if named is not None and not os.access(named, os.R_OK):
            problem = "does not exist" if not os.path.exists(named) else "cannot be read"
            raise ConfigError(str(path), line_of(path, key), key, f"file {named} {problem}")
    return config


def _named_files(config: CollectorConfig) -> list[tuple[str, str | None]]:
    """List the files the config names, by their dotted key: each must exist when loaded."""
    return [
        ("listen.tls_cert_file", config.listen.tls_cert_file),
        ("listen.tls_key_file", config.listen.tls_key_file),
        ("admin_token_file", config.admin_token_file),
        ("viewer_token_file", config.viewer_token_file),
        ("metrics.bearer_token_file", config.metrics.bearer_token_file),
        ("metrics.basic_password_file", config.metrics.basic_password_file),
        ("inventory_file", config.inventory_file),
        ("standard_file", config.standard_file),
        ("agentless.key_file", config.agentless.key_file),
        *((f"enrollment_secret_files.{ward}", named)
          for ward, named in config.enrollment_secret_files.items()),
    ]  # fmt: skip


def _resolved(config: CollectorConfig, base: Path) -> CollectorConfig:
    def at(value: str | None) -> str | None:
        return None if value is None else str(base / Path(value).expanduser())

    listen, storage = config.listen, config.storage
    return dataclasses.replace(
        config,
        listen=dataclasses.replace(
            listen, tls_cert_file=at(listen.tls_cert_file), tls_key_file=at(listen.tls_key_file)
        ),
        storage=dataclasses.replace(storage, data_directory=str(at(storage.data_directory))),
        admin_token_file=at(config.admin_token_file),
        viewer_token_file=at(config.viewer_token_file),
        metrics=dataclasses.replace(
            config.metrics,
            bearer_token_file=at(config.metrics.bearer_token_file),
            basic_password_file=at(config.metrics.basic_password_file),
        ),
        enrollment_secret_files={
            ward: str(at(f)) for ward, f in config.enrollment_secret_files.items()
        },
        inventory_file=at(config.inventory_file),
        standard_file=at(config.standard_file),
        agentless=dataclasses.replace(
            config.agentless,
            key_file=at(config.agentless.key_file),
            known_hosts_file=at(config.agentless.known_hosts_file),
        ),
    )
