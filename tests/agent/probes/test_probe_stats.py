"""Summaries of samples: loss, rtt min/avg/max/p95, jitter and the result word."""

from __future__ import annotations

import pytest

from agent.probes.result import ResultWord, Sample
from agent.probes.stats import jitter, overall_result, percentile, summarise


def ok(rtt: float) -> Sample:
    return Sample("success", rtt)


def bad(word: ResultWord) -> Sample:
    return Sample(word, error=word)


def test_summary_of_mixed_samples() -> None:
    summary = summarise([ok(0.010), bad("timeout"), ok(0.030), ok(0.020), bad("timeout")])
    assert summary.result == "success"
    assert (summary.samples, summary.successes) == (5, 3)
    assert summary.loss_ratio == pytest.approx(0.4)
    assert summary.rtt_min_seconds == pytest.approx(0.010)
    assert summary.rtt_avg_seconds == pytest.approx(0.020)
    assert summary.rtt_max_seconds == pytest.approx(0.030)
    assert summary.rtt_p95_seconds == pytest.approx(0.030)
    # consecutive successes 10 -> 30 -> 20 ms: (20 + 10) / 2
    assert summary.jitter_seconds == pytest.approx(0.015)


def test_summary_of_failures_only() -> None:
    summary = summarise([bad("timeout"), bad("connection_refused"), bad("timeout")])
    assert summary.result == "timeout"
    assert (summary.successes, summary.loss_ratio) == (0, 1.0)
    assert summary.rtt_min_seconds is None
    assert summary.rtt_p95_seconds is None
    assert summary.jitter_seconds is None


def test_summary_of_nothing() -> None:
    summary = summarise([])
    assert (summary.result, summary.samples, summary.loss_ratio) == ("error", 0, 1.0)


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([], 95, None),
        ([5.0], 95, 5.0),
        ([3.0, 1.0, 2.0], 95, 3.0),
        ([float(v) for v in range(1, 21)], 95, 19.0),
        ([float(v) for v in range(1, 101)], 95, 95.0),
        ([float(v) for v in range(1, 101)], 50, 50.0),
        ([1.0, 2.0, 3.0, 4.0], 0, 1.0),
    ],
)
def test_percentile_nearest_rank(values: list[float], percent: int, expected: float | None) -> None:
    assert percentile(values, percent) == expected


@pytest.mark.parametrize(
    ("rtts", "expected"),
    [([], None), ([0.1], None), ([0.1, 0.3], 0.2), ([0.1, 0.2, 0.1, 0.2], 0.1)],
)
def test_jitter(rtts: list[float], expected: float | None) -> None:
    assert jitter(rtts) == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([bad("timeout"), ok(0.1)], "success"),
        ([bad("timeout"), bad("deadline_exceeded"), bad("deadline_exceeded")], "deadline_exceeded"),
        ([bad("tls_error"), bad("timeout")], "tls_error"),
    ],
)
def test_overall_result(samples: list[Sample], expected: str) -> None:
    assert overall_result(samples) == expected
