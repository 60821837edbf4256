"""Everything one collector process holds: store, fleet, standard, inventory, ingest, metrics."""

from __future__ import annotations

import dataclasses
import gc
import logging
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from collector.availability import Availability
from collector.availability_rebuild import rebuild_availability, save_availability
from collector.clone_recorder import CloneRecorder
from collector.config import CollectorConfig
from collector.engine_wiring import open_store, rebuild_fleet
from collector.errors import REQUEST_CAUSES
from collector.ingest.decode import CAUSES
from collector.ingest.group_commit import GroupCommitter
from collector.ingest.pipeline import Ingest
from collector.ingest.rate_limit import RateLimiter
from collector.inventory_uploads import keep_upload
from collector.metrics.self_metrics import SelfMetrics
from collector.policy_files import PolicyFiles
from collector.secrets import VerifiedSecrets
from collector.staleness import stale_after_seconds
from collector.state import Fleet
from collector.store.reports import IngestItem, SaveResult, save_batch
from collector.tokens import AgentTokens
from inventory.model import Inventory
from standard.model import Standard

log = logging.getLogger(__name__)


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
    viewer_token_hash: str | None
    started_at: float
    availability: Availability

    @classmethod
    def start(cls, config: CollectorConfig) -> Runtime:
        """Open the store (migrating it), load policy and inventory, rebuild the fleet."""
        files = PolicyFiles.read(config)
        engine = open_store(config.storage, config.enrollment_secret_files)
        links = files.standard.links
        availability = rebuild_availability(engine, links)
        fleet = rebuild_fleet(engine, files.inventory, availability, links)
        # The loaded fleet is long-lived: keep the collector from walking it (full
        # collections took ~20% of ingest CPU and paused ~87 ms each). When collections
        # run is collector/gc_clock.py's business.
        gc.collect()
        gc.freeze()
        metrics = SelfMetrics(rejection_reasons=(*CAUSES, *REQUEST_CAUSES.values()))
        committer = _committer(engine, config, metrics)
        log.info("collector ready: %d machines loaded, store %s", len(fleet), engine.url)
        return cls(config, engine, fleet, files.standard, metrics, committer,
                   files.admin_token_hash, files.viewer_token_hash, time.time(),
                   availability)  # fmt: skip

    def __post_init__(self) -> None:
        limits = self.config.limits
        self.ingest = Ingest(
            fleet=self.fleet,
            standard=lambda: self.standard,
            committer=self.committer,
            limiter=RateLimiter(limits.agent_burst_reports, limits.agent_reports_per_second),
            metrics=self.metrics,
            max_reports=limits.max_reports_per_request,
            on_clone=CloneRecorder(self.engine, self.fleet, self.metrics),
            availability=self.availability,
        )
        self.tokens = AgentTokens(self.engine)
        self.enrollment_secrets = VerifiedSecrets()
        pushed = {k: v for k, v in dataclasses.asdict(self.config.agents).items() if v is not None}
        self.agent_config: dict[str, Any] | None = pushed or None
        self.stale_after_seconds = stale_after_seconds(self.config, self.standard)

    def replace_inventory(self, text: str, fmt: str) -> Inventory:
        """Validate an uploaded inventory, keep it in the data directory and use it now."""
        self.fleet.inventory = keep_upload(self.config, text, fmt)
        return self.fleet.inventory

    def stop(self) -> None:
        """Commit what is queued, save the availability counts and close the store."""
        self.committer.close()
        try:
            save_availability(self.engine, self.availability)
        except SQLAlchemyError as err:  # the next start counts them again from history
            log.error("could not save the availability counts: %s", err)
        self.engine.dispose()


def _committer(
    engine: Engine, config: CollectorConfig, metrics: SelfMetrics
) -> GroupCommitter[IngestItem, SaveResult]:
    def commit(items: list[IngestItem]) -> list[SaveResult]:
        with engine.begin() as conn:
            return save_batch(conn, items)

    writers = config.storage.writer_count()
    return GroupCommitter(
        commit, config.group_commit_max_items, metrics.batch_committed, writers=writers
    )
