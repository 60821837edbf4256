"""Everything one collector process holds: store, fleet, standard, inventory, ingest, metrics."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import hashlib
import hmac
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from agent.config import IntervalsConfig
from collector.config import CollectorConfig
from collector.errors import REQUEST_CAUSES, CollectorError, Rejected
from collector.ingest.decode import CAUSES
from collector.ingest.group_commit import GroupCommitter
from collector.ingest.pipeline import Ingest
from collector.ingest.rate_limit import RateLimiter
from collector.metrics.self_metrics import SelfMetrics
from collector.state import Fleet, project
from collector.store import make_engine, migrate
from collector.store.agents import agent_by_token_hash
from collector.store.clones import record_clone
from collector.store.current import load_current
from collector.store.engine import reader
from collector.store.reports import IngestItem, SaveResult, save_batch
from collector.store.ward_secrets import add_ward_secret
from inventory.load import DATA_DIR, loads
from inventory.load import load as load_inventory
from inventory.model import Inventory
from standard.model import Standard, load_standard

log = logging.getLogger(__name__)


def read_secret(path: str) -> str:
    """Read a one-line secret file, saying which file is wrong if it cannot be used."""
    try:
        secret = Path(path).read_text(encoding="utf-8").strip()
    except OSError as err:
        raise CollectorError(f"cannot read secret file {path}: {err}") from err
    if len(secret) < 16:
        raise CollectorError(f"secret in {path} is shorter than 16 characters: make a longer one")
    return secret


def secret_hash(secret: str) -> str:
    """Hash an enrollment secret or token (sha256 hex), as the store keeps it."""
    return hashlib.sha256(secret.encode()).hexdigest()


UPLOADED_INVENTORY = "inventory-upload"


def uploaded_inventories(config: CollectorConfig) -> list[Path]:
    """Return the inventory uploaded through the admin API, if one is kept."""
    folder = Path(config.storage.data_directory)
    return [
        p for p in (folder / f"{UPLOADED_INVENTORY}.{f}" for f in ("yaml", "csv")) if p.exists()
    ]


def _inventory(config: CollectorConfig) -> Inventory:
    """Load the last uploaded inventory, else the config's file, else none."""
    uploaded = uploaded_inventories(config)
    if uploaded:
        path = uploaded[0]
        return loads(path.read_text(encoding="utf-8"), path.suffix[1:], str(path), DATA_DIR)
    return load_inventory(config.inventory_file) if config.inventory_file else Inventory()


@dataclass(frozen=True)
class PolicyFiles:
    """Everything the config points at, read and checked: what `check-config` verifies."""

    standard: Standard
    inventory: Inventory
    ward_secret_hashes: dict[str, str]
    admin_token_hash: str | None

    @classmethod
    def read(cls, config: CollectorConfig) -> PolicyFiles:
        """Read the standard, the inventory, the secrets and the admin token of `config`."""
        return cls(
            standard=load_standard(config.standard_file)
            if config.standard_file
            else load_standard(),
            inventory=_inventory(config),
            ward_secret_hashes={
                ward: secret_hash(read_secret(path))
                for ward, path in config.enrollment_secret_files.items()
            },
            admin_token_hash=secret_hash(read_secret(config.admin_token_file))
            if config.admin_token_file
            else None,
        )


def stale_after_seconds(config: CollectorConfig, standard: Standard) -> float:
    """How long without a report makes a machine silent: the config's `stale_after_seconds`,
    else the standard's `agent.stale_after_intervals` times the agents' report interval
    (the `intervals.health_seconds` the collector pushes, else the agent's default)."""
    if config.stale_after_seconds is not None:
        return config.stale_after_seconds
    pushed = config.agents.intervals
    interval = (pushed or IntervalsConfig()).health_seconds
    return standard.agent.stale_after_intervals * interval


@dataclass
class Runtime:
    """The collector's live parts, built by `start()` and released by `stop()`."""

    config: CollectorConfig
    engine: Engine
    fleet: Fleet
    standard: Standard
    metrics: SelfMetrics
    committer: GroupCommitter[IngestItem, SaveResult]
    admin_token_hash: str | None
    started_at: float

    @classmethod
    def start(cls, config: CollectorConfig) -> Runtime:
        """Open the store (migrating it), load policy and inventory, rebuild the fleet."""
        files = PolicyFiles.read(config)
        storage = config.storage
        if storage.url is None:
            Path(storage.data_directory).mkdir(parents=True, exist_ok=True)
        writers = storage.writer_count()
        engine = make_engine(
            storage.resolved_url(),
            synchronous=storage.sqlite_synchronous,
            pool_size=max(5, writers + 3),  # the writers, and readers beside them
        )
        migrate(engine)
        with engine.begin() as conn:
            for ward, hashed in files.ward_secret_hashes.items():
                add_ward_secret(conn, ward, hashed)
        fleet = Fleet(inventory=files.inventory)
        _rebuild(engine, fleet)
        # The loaded fleet is long-lived: keep the collector from walking it (full
        # collections took ~20% of ingest CPU and paused ~87 ms each). When collections
        # run is collector/gc_clock.py's business.
        gc.collect()
        gc.freeze()
        metrics = SelfMetrics(rejection_reasons=(*CAUSES, *REQUEST_CAUSES.values()))

        def commit(items: list[IngestItem]) -> list[SaveResult]:
            with engine.begin() as conn:
                return save_batch(conn, items)

        committer = GroupCommitter(
            commit, config.group_commit_max_items, metrics.batch_committed, writers=writers
        )
        log.info("collector ready: %d machines loaded, store %s", len(fleet), engine.url)
        return cls(config, engine, fleet, files.standard, metrics, committer,
                   files.admin_token_hash, time.time())  # fmt: skip

    def __post_init__(self) -> None:
        limits = self.config.limits
        self.ingest = Ingest(
            fleet=self.fleet,
            standard=lambda: self.standard,
            committer=self.committer,
            limiter=RateLimiter(limits.agent_burst_reports, limits.agent_reports_per_second),
            metrics=self.metrics,
            max_reports=limits.max_reports_per_request,
            on_clone=self.record_clone,
        )
        # token hash -> (agent_id, enrolled fingerprint), for enrolled, unrevoked agents
        self._tokens: dict[str, tuple[str, str]] = {}
        pushed = {k: v for k, v in dataclasses.asdict(self.config.agents).items() if v is not None}
        self.agent_config: dict[str, Any] | None = pushed or None
        self.stale_after_seconds = stale_after_seconds(self.config, self.standard)

    async def authenticate_agent(self, authorization: str) -> tuple[str, str]:
        """Return the token's agent id and enrolled fingerprint, or refuse with 401."""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Rejected(401, "missing bearer token: enroll the agent (wardwatch-agent enroll)")
        hashed = secret_hash(token.strip())
        known = self._tokens.get(hashed)
        if known is None:  # a database read: off the event loop
            known = await asyncio.to_thread(self._lookup_token, hashed)
        return known

    def _lookup_token(self, hashed: str) -> tuple[str, str]:
        with reader(self.engine).connect() as conn:
            agent = agent_by_token_hash(conn, hashed)
        if agent is None or agent.revoked_at is not None:
            raise Rejected(401, "token not recognised or revoked: enroll the agent again")
        known = self._tokens[hashed] = (agent.agent_id, agent.fingerprint)
        return known

    def record_clone(self, report: dict[str, Any], known_fingerprint: str) -> int:
        """Queue a report whose hardware differs from its token's agent; flag the machine."""
        identity = report["identity"]
        with self.engine.begin() as conn:
            clone_id = record_clone(
                conn,
                report["agent_id"],
                known_fingerprint,
                identity["fingerprint"],
                identity["install_id"],
                report["hostname"],
                report["ward"],
                time.time(),
            )
        self.fleet.flag_clone(report["agent_id"])
        self.metrics.clone_detected()
        return clone_id

    def replace_inventory(self, text: str, fmt: str) -> Inventory:
        """Validate an uploaded inventory, keep it in the data directory and use it now."""
        inventory = loads(text, fmt, source="upload", base_dir=DATA_DIR)
        for old in uploaded_inventories(self.config):
            old.unlink(missing_ok=True)
        path = Path(self.config.storage.data_directory) / f"{UPLOADED_INVENTORY}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)  # atomic: a crash leaves the old upload or the new one
        self.fleet.inventory = inventory
        return inventory

    def forget_agent(self, agent_id: str) -> None:
        """Drop an agent's cached token after enrollment, revocation or a clone decision."""
        for hashed, (cached, _) in list(self._tokens.items()):
            if cached == agent_id:
                self._tokens.pop(hashed, None)

    def is_admin(self, authorization: str) -> bool:
        """Tell whether `authorization` carries the admin token."""
        scheme, _, token = authorization.partition(" ")
        return (
            self.admin_token_hash is not None
            and scheme.lower() == "bearer"
            and hmac.compare_digest(secret_hash(token.strip()), self.admin_token_hash)
        )

    def stop(self) -> None:
        """Commit what is queued and close the store."""
        self.committer.close()
        self.engine.dispose()


def _rebuild(engine: Engine, fleet: Fleet) -> None:
    for current in load_current(engine):
        report = json.loads(current.report_json)
        fleet.put(
            project(
                report,
                current.findings,
                current.received_at,
                current.collected_at,
                current.clone_suspected,
            )
        )
