"""Summarise one target's samples: loss, round-trip times, jitter and one result word.

- p95 is the nearest-rank percentile: the ceil(0.95 * n)-th smallest successful rtt
  (with fewer than 20 successes it is the maximum).
- jitter is the mean absolute difference of consecutive successful rtts, in sample
  order with failures skipped (RFC 3550's idea without its smoothing); None below two.
- result is "success" if any sample succeeded, else the most common failure word
  (a tie goes to the word seen first).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from agent.probes.result import ResultWord, Sample


@dataclass(frozen=True)
class Summary:
    """What N samples of one target add up to; times in seconds, loss as a 0..1 ratio."""

    result: ResultWord
    samples: int
    successes: int
    loss_ratio: float
    rtt_min_seconds: float | None
    rtt_avg_seconds: float | None
    rtt_max_seconds: float | None
    rtt_p95_seconds: float | None
    jitter_seconds: float | None


def summarise(samples: Sequence[Sample]) -> Summary:
    """Reduce `samples` (in the order taken) to a Summary."""
    rtts = [s.rtt_seconds for s in samples if s.ok and s.rtt_seconds is not None]
    count = len(samples)
    return Summary(
        result=overall_result(samples),
        samples=count,
        successes=len(rtts),
        loss_ratio=1.0 - len(rtts) / count if count else 1.0,
        rtt_min_seconds=min(rtts) if rtts else None,
        rtt_avg_seconds=sum(rtts) / len(rtts) if rtts else None,
        rtt_max_seconds=max(rtts) if rtts else None,
        rtt_p95_seconds=percentile(rtts, 95),
        jitter_seconds=jitter(rtts),
    )


def overall_result(samples: Sequence[Sample]) -> ResultWord:
    """Return "success" if any sample succeeded, else the most common failure word."""
    if any(s.ok for s in samples):
        return "success"
    if not samples:
        return "error"
    return Counter(s.result for s in samples).most_common(1)[0][0]


def percentile(values: Sequence[float], percent: int) -> float | None:
    """Return the nearest-rank `percent` percentile of `values`, None if empty."""
    if not values:
        return None
    rank = max(1, -(-percent * len(values) // 100))  # ceil in integers: no float error
    return sorted(values)[rank - 1]


def jitter(rtts: Sequence[float]) -> float | None:
    """Return the mean absolute difference of consecutive `rtts`, None for fewer than two."""
    if len(rtts) < 2:
        return None
    steps = [abs(later - earlier) for earlier, later in itertools.pairwise(rtts)]
    return sum(steps) / len(steps)
