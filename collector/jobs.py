"""Background jobs on APScheduler: staleness sweep, retention, the daily compliance snapshot."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

from collector.agentless.service import AgentlessService
from collector.availability_rebuild import SAVE_EVERY_MINUTES, save_availability
from collector.runtime import Runtime
from collector.store.retention import prune
from collector.store.snapshots import WardSnapshot, write_snapshot
from collector.wards import reporting_machines, ward_views

log = logging.getLogger(__name__)

CITY_TIME = ZoneInfo("Asia/Ho_Chi_Minh")  # office hours and snapshot days are local
FIRST_SWEEP_SECONDS = 10.0


class Jobs:
    """The collector's periodic duties, each logged with what it did."""

    def __init__(self, runtime: Runtime, agentless: AgentlessService | None = None) -> None:
        self.runtime = runtime
        self.agentless = agentless
        self._stale: set[str] = set()
        self.scheduler = BackgroundScheduler(
            timezone=CITY_TIME, job_defaults={"coalesce": True, "misfire_grace_time": 3600}
        )
        self.scheduler.add_job(self.sweep_stale, "interval", minutes=1, id="stale_sweep")
        self.scheduler.add_job(self.apply_retention, "interval", hours=1, id="retention")
        self.scheduler.add_job(self.save_availability, "interval", minutes=SAVE_EVERY_MINUTES,
                               id="availability_save")  # fmt: skip
        # At the end of the office day in the city, when the day's machines have reported.
        self.scheduler.add_job(self.snapshot, "cron", hour=16, minute=30, id="daily_snapshot")
        if agentless is not None and agentless.settings.scheduled:
            self.scheduler.add_job(
                self.sweep_agentless,
                "interval",
                seconds=agentless.settings.interval_seconds,
                id="agentless_sweep",
                # the first sweep soon after start, not one whole interval later
                next_run_time=datetime.now(CITY_TIME) + timedelta(seconds=FIRST_SWEEP_SECONDS),
            )

    def start(self) -> None:
        """Start the scheduler thread."""
        self.scheduler.start()

    def stop(self) -> None:
        """Stop the scheduler, letting a running job finish."""
        self.scheduler.shutdown(wait=True)

    def sweep_stale(self) -> set[str]:
        """Log machines that fell silent since the last sweep (they show up=0 in /metrics)."""
        runtime = self.runtime
        fresh = reporting_machines(runtime.fleet, time.time(), runtime.stale_after_seconds)
        fresh_ids = {m.agent_id for m in fresh}
        stale = {m.agent_id for m in runtime.fleet} - fresh_ids
        for agent_id in sorted(stale - self._stale):
            machine = runtime.fleet.get(agent_id)
            if machine is not None:
                log.warning(
                    "machine %s (%s, ward %s) stopped reporting",
                    machine.hostname,
                    agent_id,
                    machine.ward,
                )
        self._stale = stale
        return stale

    def sweep_agentless(self) -> None:
        """Read the agentless machines over SSH, unless the last sweep is still running."""
        if self.agentless is not None:
            self.agentless.sweep(wait=False)

    def apply_retention(self) -> None:
        """Delete history and receipts older than the retention windows."""
        cutoff = time.time() - self.runtime.config.storage.retention_days * 86400
        total = 0
        while True:  # in bounded transactions, so ingest never waits long for the lock
            with self.runtime.engine.begin() as conn:
                pruned = prune(conn, cutoff)
            total += pruned.history
            if not pruned.history:
                break
        log.info("retention: pruned %d history rows", total)

    def save_availability(self) -> None:
        """Save the availability counts, so a restart (or a crash) replays only minutes."""
        runtime = self.runtime
        saved = save_availability(runtime.engine, runtime.availability)
        log.info("availability: saved the counts of %d machine targets", saved)

    def snapshot(self) -> None:
        """Write today's per-ward compliance row, the source of trend panels."""
        runtime = self.runtime
        views = ward_views(runtime.fleet, runtime.standard, runtime.stale_after_seconds)
        rows = [
            WardSnapshot(
                ward=v.ward,
                expected=v.expected,
                reporting=v.reporting,
                compliant=v.compliant,
                readiness=dict(v.readiness_by_target),
            )
            for v in views
        ]
        with runtime.engine.begin() as conn:
            write_snapshot(conn, datetime.now(CITY_TIME).date(), rows)
        log.info("daily snapshot: %d wards", len(rows))
