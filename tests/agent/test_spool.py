"""The spool: durable, gap-free seqs, bounded without ever dropping an inventory."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fake_collector import report_bytes

from agent.spool import REJECTED_KEPT, SPOOL_FILE, Spool, SpoolError


def open_spool(tmp_path: Path, max_bytes: int = 1 << 20) -> Spool:
    return Spool.open(tmp_path / SPOOL_FILE, max_bytes, clock=lambda: 1000.0)


def append(spool: Spool, kind: str = "health") -> int:
    return spool.append(kind, lambda seq, dropped: report_bytes(seq, dropped, kind))


def carried(body: bytes) -> int:
    return int(json.loads(body)["delivery"]["dropped_reports"])


def test_seqs_start_at_one_and_survive_reopen(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        assert [append(spool) for _ in range(3)] == [1, 2, 3]
        spool.settle([1, 2, 3], {})
    with open_spool(tmp_path) as spool:
        assert spool.next_seq() == 4
        assert append(spool) == 4


def test_spool_is_wal_with_full_sync(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        append(spool)
        db = sqlite3.connect(spool.path)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()
        assert spool._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_seq_read_but_never_stored_is_reused(tmp_path: Path) -> None:
    # A crash between next_seq() and put() must leave no gap and no duplicate.
    with open_spool(tmp_path) as spool:
        assert spool.next_seq() == 1
    with open_spool(tmp_path) as spool:
        spool.put(1, "health", report_bytes(1))
        assert spool.batch(10, 1 << 20)[0].seq == 1


def test_a_failing_build_stores_nothing_and_keeps_the_seq(tmp_path: Path) -> None:
    def broken(seq: int, dropped: int) -> bytes:
        raise ValueError("collector exploded")

    with open_spool(tmp_path) as spool:
        with pytest.raises(ValueError):
            spool.append("health", broken)
        assert (spool.next_seq(), spool.depth()[0]) == (1, 0)


def test_put_refuses_a_seq_out_of_turn(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool, pytest.raises(SpoolError, match="not the next seq"):
        spool.put(5, "health", report_bytes(5))


def test_batch_is_oldest_first_and_bounded(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        for _ in range(5):
            append(spool)
        assert [s.seq for s in spool.batch(3, 1 << 20)] == [1, 2, 3]
        assert spool.batch(3, 1 << 20)[0].body == report_bytes(1)
        assert [s.seq for s in spool.batch(10, len(report_bytes(1)) * 2)] == [1, 2]
        assert [s.seq for s in spool.batch(10, 1)] == [1]  # never an empty batch


def test_ack_deletes_and_depth_counts(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        for _ in range(4):
            append(spool)
        assert spool.settle([1, 3, 99], {})[0] == 2
        assert [s.seq for s in spool.batch(10, 1 << 20)] == [2, 4]
        count, size = spool.depth()
        assert count == 2 and 0 < size < 2 * len(report_bytes(1))


def test_advance_to_never_goes_back(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        assert spool.advance_to(41) == 42
        assert spool.advance_to(7) == 42
        assert append(spool) == 42


def test_reports_queued_before_enrolling_are_renumbered_after_the_collectors_seq(
    tmp_path: Path,
) -> None:
    # a wiped machine starts again at 1; the collector already holds up to 500
    with open_spool(tmp_path) as spool:
        kinds = ["inventory", "health", "health"]
        for kind in kinds:
            append(spool, kind)
        assert spool.advance_to(500) == 504
        queued = spool.batch(10, 1 << 30)
        assert [s.seq for s in queued] == [501, 502, 503]
        reports = [json.loads(s.body) for s in queued]
        assert [r["seq"] for r in reports] == [501, 502, 503]
        assert [r["kind"] for r in reports] == kinds  # order kept
        assert append(spool) == 504
        assert spool.status().depth_reports == 4


def test_reports_already_after_the_collectors_seq_keep_theirs(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        spool.advance_to(41)
        append(spool)
        before = spool.batch(10, 1 << 30)
        assert spool.advance_to(7) == 43
        assert spool.batch(10, 1 << 30) == before


def test_a_reenrollment_keeps_reports_the_collector_may_hold_already(tmp_path: Path) -> None:
    # 1..3 were stored but their acknowledgement was lost; the agent re-enrolls (after a 401)
    with open_spool(tmp_path) as spool:
        for _ in range(3):
            append(spool)
        before = spool.batch(10, 1 << 30)
        assert spool.advance_to(3) == 4
        assert spool.batch(10, 1 << 30) == before  # same seqs: the collector acknowledges them


def fill(spool: Spool, count: int) -> None:
    append(spool, "inventory")
    for _ in range(count):
        append(spool)


def test_bound_drops_oldest_health_and_keeps_inventory(tmp_path: Path) -> None:
    with open_spool(tmp_path, max_bytes=4000) as spool:
        fill(spool, 40)
        seqs = [s.seq for s in spool.batch(100, 1 << 30)]
        assert seqs[0] == 1  # the inventory
        assert seqs[1] > 2 and seqs[-1] == 41  # the oldest health reports went
        assert spool.depth()[1] <= 4000
        assert spool.unreported_drops() > 0


def test_every_report_is_queued_or_counted_as_dropped(tmp_path: Path) -> None:
    with open_spool(tmp_path, max_bytes=4000) as spool:
        fill(spool, 60)
        queued = spool.batch(100, 1 << 30)
        in_reports = sum(carried(s.body) for s in queued)
        assert len(queued) + in_reports + spool.unreported_drops() == 61


def test_the_next_report_carries_the_drop_count_and_resets_it(tmp_path: Path) -> None:
    with open_spool(tmp_path, max_bytes=4000) as spool:
        fill(spool, 40)
        spool.settle([s.seq for s in spool.batch(100, 1 << 30)], {})  # room again: no new drop
        owed = spool.unreported_drops()
        seq = append(spool)
        assert carried(spool.batch(1, 1 << 20)[0].body) == owed
        assert (seq, spool.unreported_drops()) == (42, 0)


def test_only_inventories_stay_over_the_bound(tmp_path: Path) -> None:
    with open_spool(tmp_path, max_bytes=1000) as spool:
        for _ in range(8):
            append(spool, "inventory")
        assert spool.depth()[0] == 8 and spool.depth()[1] > 1000
        assert spool.unreported_drops() == 0


def test_rejected_reports_move_aside_bounded(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        for _ in range(REJECTED_KEPT + 5):
            append(spool)
        acked, moved = spool.settle([1], {s: f"bad {s}" for s in range(2, REJECTED_KEPT + 6)})
        assert (acked, moved) == (1, REJECTED_KEPT + 4)
        assert spool.depth()[0] == 0
        rejected = spool.rejected()
        assert len(rejected) == REJECTED_KEPT
        assert rejected[0] == (REJECTED_KEPT + 5, f"bad {REJECTED_KEPT + 5}")


def test_status_reports_depth_and_last_outcome(tmp_path: Path) -> None:
    with open_spool(tmp_path) as spool:
        append(spool)
        spool.record_failure("collector said 401", needs_reenroll=True)
        status = spool.status()
        assert (status.depth_reports, status.next_seq, status.oldest_created_at) == (1, 2, 1000.0)
        assert (status.last_error, status.needs_reenroll, status.last_success_at) == (
            "collector said 401",
            True,
            None,
        )
        spool.settle((), {}, answered=True)
        assert spool.status().needs_reenroll is False
        assert spool.status().last_success_at == 1000.0


def test_an_unreadable_spool_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / SPOOL_FILE
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(SpoolError, match="move it aside"):
        Spool.open(path, 1 << 20)
