"""Ingest one authenticated batch: validate, judge, commit in a group, then update the fleet
and each machine's availability counts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from collector.availability import Availability, outcomes
from collector.errors import Rejected
from collector.ingest.decode import Decoded, Refused, decode, split
from collector.ingest.group_commit import GroupCommitter
from collector.ingest.judge import Judge
from collector.ingest.projection import Projection
from collector.ingest.rate_limit import RateLimiter
from collector.metrics.self_metrics import SelfMetrics
from collector.state import Fleet, MachineState
from collector.store.history import compact_history
from collector.store.reports import IngestItem, SaveResult
from collector.tokens import TokenHolder
from standard.finding import Finding
from standard.model import LinkStandard, Standard


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer to one batch: acknowledged seqs and per-report refusals."""

    acknowledged: list[int] = field(default_factory=list)
    rejected: list[Refused] = field(default_factory=list)

    @property
    def status(self) -> int:
        """Return 200 if anything was acknowledged (or nothing sent), else the first 4xx."""
        return 200 if self.acknowledged or not self.rejected else self.rejected[0].status


class _Pending(NamedTuple):
    """What a batch's commit leaves to do: the fleet and availability updates."""

    items: list[IngestItem]
    cycles: list[tuple[tuple[str, bool], ...]]  # each item's probe cycle (target, success)
    state: MachineState  # the newest report's, put in the fleet if the store takes it as latest
    links: Mapping[str, LinkStandard]
    drops: list[int]  # each item's `delivery.dropped_reports`: reports its spool could not keep


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
        availability: Availability | None = None,
    ) -> None:
        self._fleet = fleet
        self._standard = standard
        self._judge = Judge(standard)
        self._project = Projection()
        self._availability = availability or Availability()
        self._committer = committer
        self._limiter = limiter
        self._metrics = metrics
        self._max_reports = max_reports
        self._on_clone = on_clone
        self._clock = clock

    async def batch(self, holder: TokenHolder, body: bytes, content_type: str) -> Outcome:
        """Validate, judge and commit every report in `body` sent by the token's `holder`.

        A report must name the holder's agent and the unit it is enrolled in; from other
        hardware than it enrolled on (a cloned disk image carries the token too) it is
        refused and queued for the DTC.
        """
        agent_id = holder.agent_id
        started = time.perf_counter()
        lines = split(body, content_type)
        if len(lines) > self._max_reports:
            raise Rejected(413, f"{len(lines)} reports in one request; at most {self._max_reports}")
        wait = self._limiter.take(agent_id, len(lines))
        if wait:
            raise Rejected(429, f"agent {agent_id} is over its rate; retry in {wait:.1f} s", wait)
        outcome = Outcome()
        good = await self._checked(lines, holder, outcome)
        if good:
            pending = self._prepare(good, live=len(lines) == 1)
            # The decoded reports (many objects each) must not wait for the commit
            # with it: freed now, their memory serves the next requests while still cached.
            del good
            await self._commit(pending, outcome)
        for refused in outcome.rejected:
            self._metrics.report_rejected(refused.cause)
        latency = time.perf_counter() - started
        for _ in outcome.acknowledged:
            self._metrics.report_accepted(latency)
        return outcome

    def forget(self, agent_id: str) -> None:
        """Drop a revoked agent's judged machine findings and facts, availability counts."""
        self._judge.forget(agent_id)
        self._project.forget(agent_id)
        self._availability.forget(agent_id)

    async def _checked(
        self, lines: list[bytes], holder: TokenHolder, outcome: Outcome
    ) -> list[Decoded]:
        """Return the valid reports among `lines`; add a refusal for each other one."""
        good: list[Decoded] = []
        for raw in lines:
            checked = decode(raw)
            if isinstance(checked, Decoded):
                checked = await self._check_identity(checked, holder)
            if isinstance(checked, Refused):
                outcome.rejected.append(checked)
            else:
                good.append(checked)
        return good

    def _prepare(self, good: list[Decoded], live: bool) -> _Pending:
        # Only the newest report can become the machine's state (the store's winner is an
        # agent's highest seq, first of equals): judge and project that one alone. A batch
        # of several is a replayed backlog, whose age says nothing about the clock.
        newest = max(good, key=lambda d: d.seq)
        links = self._standard().links
        now = self._clock()  # when this batch arrived
        # On the agent's clock, never ahead of the collector's: one report stamped days ahead
        # would otherwise push every later cycle out of its window.
        ratios = self._availability.ratios(
            newest.report["agent_id"], min(newest.collected_at, now), links
        )
        findings = self._judge(newest, now=now, live=live, availability=ratios)
        return _Pending(
            [self._item(d, findings if d is newest else (), now) for d in good],
            [outcomes(d.report["probes"]) for d in good],
            self._project(newest, findings, now, ratios),
            links,
            [d.report["delivery"]["dropped_reports"] for d in good],
        )

    async def _commit(self, pending: _Pending, outcome: Outcome) -> None:
        results = await self._committer.submit(pending.items)
        rows = zip(results, pending.items, pending.cycles, pending.drops, strict=True)
        for result, item, cycle, dropped in rows:
            outcome.acknowledged.append(result.seq)
            if result.status == "duplicate":
                continue
            if dropped:
                self._metrics.spool_dropped(pending.state.ward, dropped)
            at = min(item.collected_at, item.received_at)
            self._availability.record_outcomes(item.agent_id, cycle, at, pending.links, item.seq)
            if result.status == "latest":
                self._fleet.put(pending.state)

    async def _check_identity(self, checked: Decoded, holder: TokenHolder) -> Decoded | Refused:
        report = checked.report
        agent_id, fingerprint = holder.agent_id, holder.fingerprint
        if report["agent_id"] != agent_id:
            return Refused(
                checked.seq, 403, "agent_mismatch", "report's agent_id is not the token's agent"
            )
        if (report["kind"] == "agentless") != holder.agentless:
            return Refused(
                checked.seq,
                403,
                "kind_mismatch",
                "only the collector's own SSH collection sends reports of kind agentless",
            )
        if report["ward"] != holder.ward_for(checked.seq):
            return _elsewhere(checked.seq, report["ward"], holder.ward_for(checked.seq))
        if report["identity"]["fingerprint"] != fingerprint:
            clone_id = await asyncio.to_thread(self._on_clone, report, fingerprint)
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

    def _item(self, checked: Decoded, findings: tuple[Finding, ...], now: float) -> IngestItem:
        report = checked.report
        return IngestItem(
            agent_id=report["agent_id"],
            seq=checked.seq,
            kind=report["kind"],
            report_json=checked.raw.decode(),
            collected_at=checked.collected_at,
            received_at=now,
            ward=report["ward"],
            hostname=report["hostname"],
            findings=findings,
            history_json=compact_history(report),
        )


def _elsewhere(seq: int, named: str, enrolled: str) -> Refused:
    """Refuse a report naming another unit than its agent is enrolled in."""
    return Refused(
        seq,
        403,
        "ward_mismatch",
        f"the report names unit {named!r} but this machine is enrolled in {enrolled!r}. "
        f"A PC carried to {named!r} enrolls there again: wardwatch-agent enroll --ward "
        f"{named} (it proves the move with its current token) / Máy đã chuyển đơn vị: "
        "đăng ký lại vào đơn vị mới",
    )
