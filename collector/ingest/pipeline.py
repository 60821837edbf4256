"""Ingest one authenticated batch: validate, judge, commit in a group, then update the fleet."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from collector.errors import Rejected
from collector.ingest.decode import Decoded, Refused, decode, split
from collector.ingest.group_commit import GroupCommitter
from collector.ingest.rate_limit import RateLimiter
from collector.metrics.self_metrics import SelfMetrics
from collector.standard.evaluate import evaluate
from collector.standard.model import Standard
from collector.state import Fleet, project
from collector.store.history import compact_history
from collector.store.reports import IngestItem, SaveResult


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer to one batch: acknowledged seqs and per-report refusals."""

    acknowledged: list[int] = field(default_factory=list)
    rejected: list[Refused] = field(default_factory=list)

    @property
    def status(self) -> int:
        """Return 200 if anything was acknowledged (or nothing sent), else the first 4xx."""
        return 200 if self.acknowledged or not self.rejected else self.rejected[0].status


def token_hash(token: str) -> str:
    """Hash a bearer token the way the store keeps it (sha256 hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


class Ingest:
    """Turn an agent's batch body into committed, judged reports."""

    def __init__(
        self,
        *,
        fleet: Fleet,
        standard: Callable[[], Standard],
        committer: GroupCommitter[IngestItem, SaveResult],
        limiter: RateLimiter,
        metrics: SelfMetrics,
        max_reports: int,
        on_clone: Callable[[dict[str, Any], str], int],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._fleet = fleet
        self._standard = standard
        self._committer = committer
        self._limiter = limiter
        self._metrics = metrics
        self._max_reports = max_reports
        self._on_clone = on_clone
        self._clock = clock

    async def batch(
        self, agent_id: str, fingerprint: str, body: bytes, content_type: str
    ) -> Outcome:
        """Validate, judge and commit every report in `body` sent by `agent_id`.

        `fingerprint` is the hardware the token was enrolled on: a report from other
        hardware (a cloned disk image carries the token too) is refused and queued.
        """
        started = time.perf_counter()
        lines = split(body, content_type)
        if len(lines) > self._max_reports:
            raise Rejected(413, f"{len(lines)} reports in one request; at most {self._max_reports}")
        wait = self._limiter.take(agent_id, len(lines))
        if wait:
            raise Rejected(429, f"agent {agent_id} is over its rate; retry in {wait:.1f} s", wait)
        outcome = Outcome()
        items: list[IngestItem] = []
        states: list[tuple[Decoded, Any]] = []
        for raw in lines:
            checked = decode(raw)
            if isinstance(checked, Decoded):
                checked = self._check_identity(checked, agent_id, fingerprint)
            if isinstance(checked, Refused):
                outcome.rejected.append(checked)
                continue
            # Only the newest report of a batch is live; older ones are a replayed backlog
            # whose age says nothing about the agent's clock.
            item, findings = self._judge(checked, live=raw is lines[-1])
            items.append(item)
            states.append((checked, findings))
        if items:
            results = await self._committer.submit(items)
            self._apply(results, states, items, outcome)
        for refused in outcome.rejected:
            self._metrics.report_rejected(refused.cause)
        latency = time.perf_counter() - started
        for _ in outcome.acknowledged:
            self._metrics.report_accepted(latency)
        return outcome

    def _check_identity(
        self, checked: Decoded, agent_id: str, fingerprint: str
    ) -> Decoded | Refused:
        report = checked.report
        if report["agent_id"] != agent_id:
            return Refused(
                checked.seq, 403, "agent_mismatch", "report's agent_id is not the token's agent"
            )
        if report["identity"]["fingerprint"] != fingerprint:
            clone_id = self._on_clone(report, fingerprint)
            return Refused(
                checked.seq,
                409,
                "clone",
                (
                    f"this report comes from other hardware than agent {agent_id} was enrolled "
                    f"on: recorded as possible clone #{clone_id} for the DTC. On a cloned disk "
                    "image give this machine its own id and enroll it; after a hardware change "
                    "the DTC accepts the new fingerprint"
                ),
            )
        return checked

    def _judge(self, checked: Decoded, live: bool) -> tuple[IngestItem, Any]:
        report = checked.report
        received = self._clock()
        moment = datetime.fromtimestamp(received, UTC)
        findings = evaluate(
            report, self._standard(), today=moment.date(), received_at=moment if live else None
        )
        item = IngestItem(
            agent_id=report["agent_id"],
            seq=checked.seq,
            kind=report["kind"],
            report_json=checked.raw.decode(),
            collected_at=_epoch(report["collected_at"]),
            received_at=received,
            ward=report["ward"],
            hostname=report["hostname"],
            findings=findings,
            history_json=compact_history(report),
        )
        return item, findings

    def _apply(
        self,
        results: list[SaveResult],
        states: list[tuple[Decoded, Any]],
        items: list[IngestItem],
        outcome: Outcome,
    ) -> None:
        for result, (checked, findings), item in zip(results, states, items, strict=True):
            outcome.acknowledged.append(result.seq)
            if result.status != "latest":
                continue
            self._fleet.put(project(checked.report, findings, item.received_at, item.collected_at))
