"""Agentless collection as the collector runs it: sweeps over the inventory's `agentless: ssh`
machines, a bounded number at once, each bounded in time, each outcome kept and exposed."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import paramiko
from sqlalchemy import Engine

from collector.agentless.collect import build_report, read_identity
from collector.agentless.findings import RULE_PREFIX, failure_finding
from collector.agentless.host_keys import KnownHosts, fingerprint
from collector.agentless.hosts import Host, agentless_hosts
from collector.agentless.metrics import AgentlessMetrics
from collector.agentless.remote_source import RemoteSource
from collector.agentless.session import Session, SshFailure, Timeouts
from collector.agentless.status import HostStatus, Statuses
from collector.agentless.submit import IngestFn, Submitter
from collector.config import CollectorConfig
from collector.ingest.pipeline import Outcome
from collector.runtime import Runtime
from collector.state import Fleet
from collector.store.agentless_hosts import list_records, record_trust
from collector.tokens import TokenHolder

log = logging.getLogger(__name__)

INGEST_WAIT_SECONDS = 60.0  # a report waits at most this long for its group commit

OnHost = Callable[[HostStatus], None]


class AgentlessService:
    """Read agentless machines over SSH and feed their reports to ingest."""

    @classmethod
    def for_runtime(cls, runtime: Runtime, loop: asyncio.AbstractEventLoop) -> AgentlessService:
        """Build the service of a running collector: reports go to its ingest on `loop`,
        statuses to its /metrics."""

        def ingest(holder: TokenHolder, body: bytes) -> Outcome:
            batch = runtime.ingest.batch(holder, body, "application/x-ndjson")
            return asyncio.run_coroutine_threadsafe(batch, loop).result(INGEST_WAIT_SECONDS)

        service = cls(runtime.config, runtime.fleet, runtime.engine, ingest)
        runtime.metrics.add(AgentlessMetrics(service.statuses))
        return service

    def __init__(
        self,
        config: CollectorConfig,
        fleet: Fleet,
        engine: Engine,
        ingest: IngestFn,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = config.agentless
        self._data = config.storage.data_directory
        known = self.settings.known_hosts_file or str(Path(self._data) / "ssh_known_hosts")
        self.known_hosts = KnownHosts(Path(known))
        self.statuses = Statuses()
        self._fleet = fleet
        self._engine = engine
        self._submitter = Submitter(engine, ingest)
        self._clock = clock
        self._sweeping = threading.Lock()
        with engine.connect() as conn:
            self._agent_ids = {(r.ward, r.hostname): r.agent_id for r in list_records(conn)}

    def hosts(self, unit: str | None = None) -> list[Host]:
        """List the machines a sweep reads (of `unit` only, if given)."""
        return agentless_hosts(self._fleet.inventory, self.settings, self._data, unit)

    def sweep(
        self, unit: str | None = None, on_host: OnHost | None = None, wait: bool = True
    ) -> list[HostStatus] | None:
        """Read every agentless machine (of `unit`); None if `wait` is off and a sweep is
        already running. `on_host` hears each machine's status as it ends."""
        if not self._sweeping.acquire(blocking=wait):
            log.info("agentless: a sweep is still running; this one is skipped")
            return None
        try:
            return self._sweep(self.hosts(unit), on_host)
        finally:
            self._sweeping.release()

    def _sweep(self, hosts: list[Host], on_host: OnHost | None) -> list[HostStatus]:
        self.known_hosts.reload()
        done = []
        workers = max(1, min(self.settings.concurrency, len(hosts)))
        with ThreadPoolExecutor(workers, thread_name_prefix="agentless") as pool:
            for future in as_completed([pool.submit(self.read, h) for h in hosts]):
                status = future.result()
                done.append(status)
                if on_host is not None:
                    on_host(status)
        log.info("agentless sweep: %d machines, %d read", len(done), sum(s.ok for s in done))
        return done

    def read(self, host: Host) -> HostStatus:
        """Read one machine into the store; return how it went (never raises)."""
        started = time.monotonic()
        try:
            agent_id, seq = self._read(host, started)
            result, detail = "ok", f"report {seq} stored"
        except SshFailure as err:
            agent_id, seq, result, detail = None, None, err.result, err.detail
        except Exception as err:  # one machine's surprise never stops the sweep
            log.exception("agentless %s: collection failed", host.label)
            agent_id, seq, result, detail = None, None, "error", f"{type(err).__name__}: {err}"
        if result != "ok":
            log.warning("agentless %s: %s: %s", host.label, result, detail)
        now = self._clock()
        agent_id = agent_id or self._agent_ids.get((host.ward, host.hostname))
        status = self.statuses.record(
            HostStatus(
                host,
                result,
                detail,
                time.monotonic() - started,
                now,
                agent_id,
                now if result == "ok" else None,
                seq,
            )
        )
        self._mark(status)
        return status

    def _read(self, host: Host, started: float) -> tuple[str, int]:
        settings = self.settings
        timeouts = Timeouts(
            settings.connect_timeout_seconds,
            settings.command_timeout_seconds,
            started + settings.host_timeout_seconds,
        )
        session = Session.open(host, self.known_hosts, timeouts, self._trusted)
        try:
            source = RemoteSource(host, session)
            identity = read_identity(host, source)
            self._agent_ids[(host.ward, host.hostname)] = identity.agent_id
            holder, seq = self._submitter.holder(host, identity, self._clock())
            report = build_report(host, source, identity, seq)
            return identity.agent_id, self._submitter.submit(holder, report)
        finally:
            session.close()

    def _trusted(self, host: Host, key: paramiko.PKey) -> None:
        """Record a host key trusted on first use in the store (the file already has it)."""
        with self._engine.begin() as conn:
            record_trust(
                conn, host.ward, host.hostname, key.get_name(), fingerprint(key), self._clock()
            )
        self.statuses.trusted()

    def _mark(self, status: HostStatus) -> None:
        """Put the failure's finding on the machine in the fleet (or clear an old one)."""
        machine = self._fleet.get(status.agent_id) if status.agent_id else None
        if machine is None:
            return
        finding = failure_finding(status.result, status.detail)
        kept = tuple(f for f in machine.findings if not f.rule.startswith(RULE_PREFIX))
        if finding is not None or kept != machine.findings:
            self._fleet.put(machine._replace(findings=kept + ((finding,) if finding else ())))
