"""Send the spool to the collector oldest first; delete on acknowledgement, back off on failure.

`flush()` never sleeps: after a failure it sets `next_attempt_at` (on the injected clock)
and returns, so the service loop stays responsive. A duplicate seq is acknowledged by the
collector and deleted like any other; a rejected report is moved aside so it never blocks
the queue. Only `SpoolError` (a local disk problem) escapes `flush()`.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from agent.config import AgentConfig, with_remote
from agent.errors import AgentError
from agent.spool import Spool, Spooled
from agent.transport import Response
from configfile.errors import ConfigError

log = logging.getLogger(__name__)

REPORTS_PATH = "/api/v1/reports"
RETRY_AFTER_MAX_SECONDS = 3600.0
# Retries come at least this often within the collector's staleness window, so a machine
# is up again well before the window ends once the collector is back.
ATTEMPTS_PER_WINDOW = 3
LONGEST_WINDOW_SECONDS = 30 * 86400.0  # past this a told window is not believed
REENROLL_HINT = "the collector refused the token (401); re-enroll: wardwatch-agent enroll"


class Poster(Protocol):
    """What delivery needs from a transport: `transport.Client` or a test double."""

    def post(
        self,
        path: str,
        payload: bytes | Mapping[str, Any],
        token: str | None = None,
        gzip: bool = True,
    ) -> Response: ...


@dataclass(frozen=True)
class DeliveryPolicy:
    """Batch limits and retry bounds; bytes are uncompressed report JSON."""

    batch_size: int = 50
    batch_bytes: int = 1024 * 1024
    retry_min_seconds: float = 1.0
    retry_max_seconds: float = 300.0

    @classmethod
    def from_config(cls, config: AgentConfig) -> DeliveryPolicy:
        """Take the batch size and retry bound from the agent's config."""
        return cls(
            batch_size=config.collector.batch_size,
            retry_max_seconds=config.intervals.retry_max_seconds,
        )


@dataclass(frozen=True)
class FlushResult:
    """What one flush did; `status` is one word, `next_attempt_at` on the delivery clock.

    status: empty (nothing queued), delivered (queue drained), deadline (reports left),
    waiting (still backing off, nothing sent), backoff, needs_reenroll, not_enrolled.
    """

    sent_reports: int
    acknowledged_reports: int
    rejected_reports: int
    status: str
    next_attempt_at: float
    config_text: str | None = None
    error: str | None = None


@dataclass
class _Step:
    """The outcome of one POST of one batch."""

    acknowledged: int = 0
    rejected: int = 0
    config_text: str | None = None
    failure: str | None = None
    wait_seconds: float | None = None
    needs_reenroll: bool = False


class Delivery:
    """Flush the spool to the collector with batching, backoff and Retry-After."""

    def __init__(
        self,
        spool: Spool,
        client: Poster,
        policy: DeliveryPolicy,
        token: Callable[[], str | None],
        clock: Callable[[], float] = time.monotonic,
        uniform: Callable[[float, float], float] | None = None,
        enrolled_ward: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.spool, self.client, self.policy = spool, client, policy
        self._token, self._clock, self._uniform = token, clock, uniform or _uniform
        self._enrolled_ward = enrolled_ward
        self.batch_size = policy.batch_size
        self.failures = 0
        self.next_attempt_at = 0.0
        self.stale_after_seconds = spool.collector_window_seconds()  # None until told

    def retry_cap_seconds(self) -> float:
        """Return the longest wait between attempts, seconds: `retry_max_seconds`, and once
        the collector told its staleness window, at most a third of that window."""
        within = self._window_cap()
        cap = self.policy.retry_max_seconds
        return cap if within is None else min(cap, within)

    def _window_cap(self) -> float | None:
        if self.stale_after_seconds is None:
            return None
        return max(self.policy.retry_min_seconds, self.stale_after_seconds / ATTEMPTS_PER_WINDOW)

    def _hear(self, body: Mapping[str, Any] | None) -> None:
        """Keep the staleness window an answer tells (in the spool, across restarts)."""
        window = stale_window(body.get("stale_after_seconds") if body else None)
        if window is not None and window != self.stale_after_seconds:
            self.spool.keep_collector_window(window)
            self.stale_after_seconds = window

    def flush(self, deadline: float) -> FlushResult:
        """Send queued reports until the queue is empty, a failure, or `deadline`."""
        if self._clock() < self.next_attempt_at:
            return FlushResult(0, 0, 0, "waiting", self.next_attempt_at)
        token = self._read_token()
        if token is None:
            wait = self.policy.retry_min_seconds  # a local file: cheap to look again soon
            step = _Step(failure="not enrolled: run wardwatch-agent enroll", wait_seconds=wait)
            return self._fail(0, step, "not_enrolled")
        self.batch_size = min(self.policy.batch_size, self.batch_size * 2)
        sent, total = 0, _Step()
        while batch := self.spool.batch(self.batch_size, self.policy.batch_bytes):
            if self._clock() >= deadline:
                return self._result(sent, total, "deadline")
            step = self._send(batch, token)
            sent += len(batch)
            total.acknowledged += step.acknowledged
            total.rejected += step.rejected
            total.config_text = step.config_text or total.config_text
            if step.failure is not None:
                status = "needs_reenroll" if step.needs_reenroll else "backoff"
                return self._fail(sent, step, status, total)
        return self._result(sent, total, "delivered" if sent else "empty")

    def _send(self, batch: Sequence[Spooled], token: str) -> _Step:
        """POST one batch and settle the spool from the answer."""
        payload = b'{"reports":[' + b",".join(item.body for item in batch) + b"]}"
        try:
            answer = self.client.post(REPORTS_PATH, payload, token=token)
        except AgentError as err:
            return _Step(failure=str(err))
        self._hear(answer.body)
        if answer.status == 200 or _judged(answer.body):
            # A 4xx that lists each report's fate (all refused) settles like a 200.
            return self._settle(batch, answer.body or {})
        if answer.status == 413:
            return self._too_large(batch)
        step = _Step(failure=answer.error_text())
        if answer.status == 401:
            step.failure, step.needs_reenroll = f"{step.failure}; {REENROLL_HINT}", True
        elif answer.status in (429, 503):
            step.wait_seconds = answer.retry_after_seconds()
        return step

    def _settle(self, batch: Sequence[Spooled], body: Mapping[str, Any]) -> _Step:
        """Delete acknowledged seqs and move rejected ones aside."""
        queued = {item.seq for item in batch}
        acked = {s for s in _list(body, "acknowledged") if _is_seq(s) and s in queued}
        rejected, restamped = {}, 0
        for item in _list(body, "rejected"):
            if not isinstance(item, Mapping):
                continue
            seq, reason = item.get("seq"), str(item.get("reason", "no reason given"))
            if not _is_seq(seq) or seq not in queued or seq in acked:
                log.warning("collector rejected report seq %s: %s", seq, reason)
            elif item.get("cause") == "ward_mismatch" and self._restamp(seq):
                restamped += 1
            else:
                log.warning("collector rejected report seq %s: %s", seq, reason)
                rejected[seq] = reason
        acknowledged, moved = self.spool.settle(acked, rejected, answered=True)
        pushed = body.get("config")
        step = _Step(acknowledged, moved, json.dumps(pushed) if pushed is not None else None)
        if not acked and not rejected and not restamped:
            step.failure = f"collector answered 200 but settled none of {len(batch)} reports"
        return step

    def _restamp(self, seq: int) -> bool:
        """Make report `seq` name the unit enrolled in since it was built; say if it changed.

        An enrollment into another unit while a report was being built leaves that report
        naming the old one under a seq the collector expects from the new one.
        """
        ward = self._enrolled_ward()
        if not ward or not self.spool.restamp(seq, ward):
            return False
        log.info("report seq %d was built before enrolling in %s: sent again naming it", seq, ward)
        return True

    def _too_large(self, batch: Sequence[Spooled]) -> _Step:
        """Halve the batch after a 413; a single report too large is moved aside."""
        if len(batch) > 1:
            self.batch_size = max(1, len(batch) // 2)
            log.info("collector said 413: batch size now %d", self.batch_size)
            return _Step()
        moved = self.spool.settle((), {batch[0].seq: "collector refused it as too large (413)"})
        return _Step(rejected=moved[1])

    def _fail(self, sent: int, step: _Step, status: str, total: _Step | None = None) -> FlushResult:
        """Schedule the next attempt with backoff (or Retry-After) and record the error."""
        if status != "not_enrolled":  # only failures at the collector grow the backoff
            self.failures += 1
        wait = self._backoff_seconds()
        if step.wait_seconds is not None:
            # Waiting past the window would show the machine down: the window's share wins.
            wait = min(step.wait_seconds, RETRY_AFTER_MAX_SECONDS, self._window_cap() or math.inf)
            wait += self._uniform(0.0, wait * 0.1)  # spread a herd told the same moment
        self.next_attempt_at = self._clock() + wait
        error = step.failure or status
        log.warning("delivery failed (%s), next attempt in %.1f s", error, wait)
        self.spool.record_failure(error, needs_reenroll=step.needs_reenroll)
        done = total or _Step()
        return FlushResult(
            sent,
            done.acknowledged,
            done.rejected,
            status,
            self.next_attempt_at,
            done.config_text,
            error,
        )

    def _result(self, sent: int, total: _Step, status: str) -> FlushResult:
        self.failures, self.next_attempt_at = 0, 0.0
        return FlushResult(sent, total.acknowledged, total.rejected, status, 0.0, total.config_text)

    def _backoff_seconds(self) -> float:
        """Return a full-jitter delay, its cap doubling per failure up to the retry cap."""
        policy = self.policy
        doublings = min(self.failures - 1, 32)
        cap = min(self.retry_cap_seconds(), policy.retry_min_seconds * 2.0**doublings)
        return self._uniform(min(policy.retry_min_seconds, cap), cap)

    def _read_token(self) -> str | None:
        try:
            return self._token()
        except AgentError as err:
            log.warning("cannot read the token: %s", err)
            return None


def stale_window(value: Any) -> float | None:
    """Return a told staleness window in seconds if `value` is a believable one, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    # Compared before float(): an integer of 400 digits is valid JSON and overflows a float.
    return float(value) if 0 < value <= LONGEST_WINDOW_SECONDS else None


def _is_seq(value: Any) -> bool:
    """Tell whether an answer's value can be a seq (JSON true is not 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _judged(body: Mapping[str, Any] | None) -> bool:
    """Tell whether an answer says, report by report, what became of the batch."""
    rejected = body.get("rejected") if body else None
    return isinstance(rejected, list) and bool(rejected)


def _list(body: Mapping[str, Any], key: str) -> list[Any]:
    """Return `body[key]` if it is a list, else an empty list."""
    value = body.get(key)
    return value if isinstance(value, list) else []


def apply_pushed_config(config: AgentConfig, text: str | None) -> AgentConfig:
    """Return `config` with the collector's pushed JSON applied; keep it if that is bad."""
    if not text:
        return config
    try:
        return with_remote(config, text)
    except (ConfigError, ValueError) as err:
        log.warning("ignoring the collector's pushed config, keeping the last good: %s", err)
        return config


def _uniform(low: float, high: float) -> float:
    """Return a float spread evenly over [low, high) from os.urandom.

    The `random` module would stay loaded in the agent's memory for two jitters.
    """
    return low + (high - low) * int.from_bytes(os.urandom(7), "big") / 2**56
