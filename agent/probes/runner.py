"""Run every probe target concurrently, each for `samples` samples, within one deadline.

Each target gets a thread (at most 16 at once). Its samples start every
`sample_interval_seconds` (start to start; a slow sample delays the next, never
overlaps it), each bounded by min(module timeout, time left in the cycle). At
`deadline_seconds` (plus a little slack) the cycle returns whatever it has: samples not
taken by then count as `deadline_exceeded`; a prober still running is abandoned to
finish on its own within its timeout.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from agent.config import ModuleConfig, ProbesConfig, TargetConfig
from agent.probes.probers import PROBERS, Prober
from agent.probes.result import Sample
from agent.probes.stats import summarise

log = logging.getLogger(__name__)

MAX_THREADS = 16
SLACK_SECONDS = 0.2
Clock = Callable[[], float]
_MISSING = "the cycle deadline passed first"


@dataclass
class _Target:
    """One target's progress in a cycle; mutable because its worker thread fills it in."""

    config: TargetConfig
    module: ModuleConfig
    samples: list[Sample] = field(default_factory=list)
    started: float | None = None
    finished: float | None = None


def run_probes(
    config: ProbesConfig,
    clock: Clock = time.monotonic,
    *,
    probers: Mapping[str, Prober] = PROBERS,
) -> list[dict[str, Any]]:
    """Probe every target of `config` once per cycle; return the report's `probes` items."""
    if not config.targets:
        return []
    targets = [_Target(t, config.modules[t.module]) for t in config.targets]
    cycle_end = clock() + config.deadline_seconds
    pool = _pool()
    futures = [pool.submit(_sample_target, t, config, cycle_end, clock, probers) for t in targets]
    wait(futures, timeout=max(cycle_end - clock(), 0.0) + SLACK_SECONDS)
    for future in futures:
        future.cancel()  # a target that never started this cycle: its samples are missing
    return [as_report(t, config.samples, clock) for t in targets]


@functools.cache
def _pool() -> ThreadPoolExecutor:
    """Return the process's probe threads, kept across cycles (starting them costs ~1 ms)."""
    return ThreadPoolExecutor(MAX_THREADS, "wardwatch-probe")


def _sample_target(
    target: _Target,
    config: ProbesConfig,
    cycle_end: float,
    clock: Clock,
    probers: Mapping[str, Prober],
) -> None:
    target.started = clock()
    prober = probers[target.module.prober]
    for index in range(config.samples):
        began = clock()
        budget = min(target.module.timeout_seconds, cycle_end - began)
        if budget <= 0:
            break
        target.samples.append(_one(prober, target, time.monotonic() + budget))
        if index + 1 < config.samples:
            pause = min(began + config.sample_interval_seconds, cycle_end) - clock()
            time.sleep(max(pause, 0.0))
    target.finished = clock()


def _one(prober: Prober, target: _Target, deadline: float) -> Sample:
    try:
        return prober(target.config.target, target.module, deadline)
    except Exception as err:  # one broken probe must not stop the others
        log.exception("probe %s (%s) failed", target.config.name, target.config.target)
        return Sample("error", error=f"{type(err).__name__}: {err}")


def as_report(target: _Target, expected: int, clock: Clock) -> dict[str, Any]:
    """Return the report's probe item for `target`; samples not taken are deadline_exceeded."""
    taken = list(target.samples)  # a copy: a late worker may still append
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
