"""Availability over a window: known after half a window, old cycles age out, gaps count."""

from __future__ import annotations

import dataclasses

import pytest

from collector.availability import BUCKETS, Availability, outcomes
from standard.model import LinkStandard, load_standard

DAY = 86_400.0
T0 = 1_761_955_200.0  # 2025-11-01 00:00 UTC, a bucket boundary for a one-day window
A = "a" * 32


@pytest.fixture(scope="module")
def links() -> dict[str, LinkStandard]:
    return dict(load_standard().links)


def _cycles(tracker: Availability, links: dict[str, LinkStandard], start: float,
            hours: float, up: bool, target: str = "datacenter") -> float:  # fmt: skip
    """Record one cycle a minute for `hours`; return the time of the last one."""
    at = start
    for _ in range(int(hours * 60)):
        tracker.record(A, [{"name": target, "result": "success" if up else "timeout"}], at, links)
        at += 60
    return at - 60


def test_unknown_until_half_a_window_is_observed(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 11, up=True)
    assert tracker.ratios(A, now, links) == {}
    now = _cycles(tracker, links, now + 60, 1.1, up=True)
    assert tracker.ratios(A, now, links) == {"datacenter": 1.0}


def test_the_ratio_counts_the_cycles_of_the_window(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 20, up=True)
    now = _cycles(tracker, links, now + 60, 4, up=False)  # 4 hours down in the last day
    assert tracker.ratios(A, now, links)["datacenter"] == pytest.approx(20 / 24, abs=1e-3)


def test_cycles_older_than_the_window_age_out(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 24, up=False)  # a bad day...
    now = _cycles(tracker, links, now + 60, 24, up=True)  # ...then a good one
    assert tracker.ratios(A, now, links)["datacenter"] == pytest.approx(1.0, abs=1 / BUCKETS)
    now = _cycles(tracker, links, now + 60, 2, up=True)  # a whole bucket more: aged out
    assert tracker.ratios(A, now, links)["datacenter"] == 1.0


def test_a_machine_silent_for_a_window_starts_afresh(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 24, up=False)
    now = _cycles(tracker, links, now + 2 * DAY, 1, up=True)
    assert tracker.ratios(A, now, links) == {}  # one hour seen since: not yet half a window


def test_a_replayed_backlog_lands_in_the_hours_it_was_measured(
    links: dict[str, LinkStandard],
) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 12, up=True)
    # the collector was unreachable for 6 hours; the agent's spool replays them now
    _cycles(tracker, links, now + 60, 6, up=False)
    now = _cycles(tracker, links, now + 60 + 6 * 3600, 6, up=True)
    assert tracker.ratios(A, now, links)["datacenter"] == pytest.approx(18 / 24, abs=1e-3)


def test_only_standard_targets_and_a_changed_window_restarts(
    links: dict[str, LinkStandard],
) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 13, up=True)
    _cycles(tracker, links, T0, 13, up=True, target="intranet")  # not in the standard
    assert set(tracker.ratios(A, now, links)) == {"datacenter"}
    hourly = {**links, "datacenter": dataclasses.replace(
        links["datacenter"], availability_window_seconds=3600)}  # fmt: skip
    now = _cycles(tracker, links=hourly, start=now + 60, hours=0.6, up=False)
    assert tracker.ratios(A, now, hourly) == {"datacenter": 0.0}


def test_a_revoked_machine_is_forgotten(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 13, up=True)
    tracker.forget(A)
    assert tracker.ratios(A, now, links) == {}


def test_a_cycle_counts_the_same_as_target_success_pairs(links: dict[str, LinkStandard]) -> None:
    probes = [
        {"name": "datacenter", "result": "success", "loss_ratio": 0.0},
        {"name": "records", "result": "timeout", "loss_ratio": 1.0},
        {"name": "not-a-standard-target", "result": "success", "loss_ratio": 0.0},
    ]
    assert outcomes(probes) == (
        ("datacenter", True),
        ("records", False),
        ("not-a-standard-target", True),
    )
    as_probes, as_pairs = Availability(), Availability()
    at = T0
    for _ in range(13 * 60):
        as_probes.record(A, probes, at, links)
        as_pairs.record_outcomes(A, outcomes(probes), at, links)
        at += 60
    assert as_pairs.ratios(A, at, links) == as_probes.ratios(A, at, links) != {}


def test_exported_counts_restore_the_same_ratios(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 10, up=True)
    now = _cycles(tracker, links, now + 60, 4, up=False)
    restored = Availability()
    restored.restore(tracker.export())
    assert restored.ratios(A, now, links) == tracker.ratios(A, now, links)
    assert restored.ratios(A, now, links)["datacenter"] == pytest.approx(600 / 840)


def test_a_cycle_left_out_of_a_ratio(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    now = _cycles(tracker, links, T0, 12, up=True)
    tracker.record(A, [{"name": "datacenter", "result": "timeout"}], now + 60, links)
    ratio = tracker.ratios(A, now + 60, links, without=[("datacenter", False)])
    assert ratio == {"datacenter": 1.0}


def test_the_highest_counted_seq_is_kept_per_agent(links: dict[str, LinkStandard]) -> None:
    tracker = Availability()
    for seq in (3, 1, 5, 4):
        tracker.record_outcomes(A, [("datacenter", True)], T0 + seq, links, seq)
    restored = Availability()
    restored.restore(tracker.export())
    assert (tracker.counted_through(A), restored.counted_through(A)) == (5, 5)
    tracker.forget(A)
    assert tracker.counted_through(A) == 0 and tracker.export() == []
