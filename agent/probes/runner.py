"""Run every probe target concurrently, each for `samples` samples, within one deadline.

Every target's samples are tasks on one probe loop (`agent/probes/loop.py`) on the calling
thread. A target's samples start every `sample_interval_seconds` (start to start; a slow
sample delays the next, never overlaps it), each bounded by min(module timeout, time left
in the cycle). At `deadline_seconds` the cycle returns what it has: a sample still waiting
then is a timeout, and samples not started count as `deadline_exceeded`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from agent.config import ModuleConfig, ProbesConfig, TargetConfig
from agent.probes.loop import ProbeLoop
from agent.probes.probers import PROBERS, Prober
from agent.probes.result import Sample
from agent.probes.stats import summarise

log = logging.getLogger(__name__)

Clock = Callable[[], float]
_MISSING = "the cycle deadline passed first"


@dataclass
class _Target:
    """One target's progress in a cycle; its samples are filled in as they end."""

    config: TargetConfig
    module: ModuleConfig
    samples: list[Sample] = field(default_factory=list)
    started: float | None = None
    finished: float | None = None
    next_start: float = 0.0  # time.monotonic() at which its next sample may start
    sampling: bool = False


def run_probes(
    config: ProbesConfig,
    clock: Clock = time.monotonic,
    *,
    probers: Mapping[str, Prober] = PROBERS,
) -> list[dict[str, Any]]:
    """Probe every target of `config` once per cycle; return the report's `probes` items.

    `clock` times each target's duration; the schedule itself keeps time.monotonic().
    """
    if not config.targets:
        return []
    targets = [_Target(t, config.modules[t.module]) for t in config.targets]
    now = time.monotonic()
    cycle_end = now + config.deadline_seconds
    loop = ProbeLoop()
    try:
        while now < cycle_end:
            waiting = [t for t in targets if not t.sampling and len(t.samples) < config.samples]
            if not waiting and not loop.busy:
                break
            for target in waiting:
                if target.next_start <= now:
                    _start(loop, target, config, now, cycle_end, clock, probers)
            idle = [t.next_start for t in waiting if not t.sampling]
            loop.poll(min([cycle_end, *idle]))
            now = time.monotonic()
    finally:
        loop.close()  # samples still waiting at the deadline were timed out by the loop
    return [as_report(t, config.samples, clock) for t in targets]


def _start(
    loop: ProbeLoop,
    target: _Target,
    config: ProbesConfig,
    now: float,
    cycle_end: float,
    clock: Clock,
    probers: Mapping[str, Prober],
) -> None:
    """Start `target`'s next sample on `loop`, bounded by its timeout and the cycle's end."""
    if target.started is None:
        target.started = clock()
    target.sampling = True
    target.next_start = now + config.sample_interval_seconds
    deadline = min(now + target.module.timeout_seconds, cycle_end)

    def ended(sample: Sample) -> None:
        target.samples.append(sample)
        target.sampling = False
        target.finished = clock()

    try:
        task = probers[target.module.prober](target.config.target, target.module, deadline)
    except Exception as err:  # a prober that cannot even start must not stop the others
        log.exception("probe %s (%s) failed", target.config.name, target.config.target)
        ended(Sample("error", error=f"{type(err).__name__}: {err}"))
        return
    loop.start(task, deadline, ended)


def as_report(target: _Target, expected: int, clock: Clock) -> dict[str, Any]:
    """Return the report's probe item for `target`; samples not taken are deadline_exceeded."""
    taken = target.samples
    missing = max(expected - len(taken), 0)
    samples = taken + [Sample("deadline_exceeded", error=_MISSING)] * missing
    return {
        "name": target.config.name,
        "module": target.config.module,
        "prober": target.module.prober,
        "target": target.config.target,
        "mode": next((s.mode for s in samples if s.mode), None),
        **_summary(samples),
        "duration_seconds": _duration(target, clock),
        "error": _error(taken, missing),
        "http": _latest(samples, "http"),
        "tls": _latest(samples, "tls"),
        "dns": _latest(samples, "dns"),
    }


def _summary(samples: list[Sample]) -> dict[str, Any]:
    summary = summarise(samples)
    return {
        "result": summary.result,
        "samples": summary.samples,
        "successes": summary.successes,
        "loss_ratio": round(summary.loss_ratio, 6),
        "rtt_min_seconds": _round(summary.rtt_min_seconds),
        "rtt_avg_seconds": _round(summary.rtt_avg_seconds),
        "rtt_max_seconds": _round(summary.rtt_max_seconds),
        "rtt_p95_seconds": _round(summary.rtt_p95_seconds),
        "jitter_seconds": _round(summary.jitter_seconds),
    }


def _duration(target: _Target, clock: Clock) -> float:
    if target.started is None:
        return 0.0
    ended = target.finished if target.finished is not None else clock()
    return round(max(ended - target.started, 0.0), 6)


def _error(taken: list[Sample], missing: int) -> str | None:
    errors = [s.error for s in taken if not s.ok and s.error][-1:]
    if missing:
        errors.append(f"{missing} sample(s) not taken: {_MISSING}")
    return "; ".join(errors) or None


def _latest(samples: list[Sample], key: str) -> dict[str, Any] | None:
    details = [getattr(s, key) for s in samples if getattr(s, key) is not None]
    return details[-1].as_report() if details else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
