"""Retention prunes only old rows; snapshots are upserted per day and ward."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import Engine
from store_rows import read_history, read_snapshots

from collector.store.agents import enroll
from collector.store.clones import list_clones, resolve_clone
from collector.store.reports import IngestItem, save_batch
from collector.store.retention import Pruned, prune
from collector.store.snapshots import WardSnapshot, write_snapshot

MakeItem = Callable[..., IngestItem]


def test_prune_deletes_only_rows_older_than_the_cut_off(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    a = agents[0]
    with engine.begin() as conn:
        save_batch(conn, [item(a, 1, received_at=100.0), item(a, 2, received_at=200.0)])
        resolved = enroll(conn, a, "w", "h", "server", "t2", "e" * 64, "i", 100.0).clone_id
        enroll(conn, a, "w", "h", "server", "t3", "d" * 64, "i", 100.0)
        assert resolved is not None
        resolve_clone(conn, resolved, accepted=False, now=100.0)
    with engine.begin() as conn:
        assert prune(conn, older_than=150.0) == Pruned(history=1, clones=1)
        assert [h.seq for h in read_history(conn, a, since=0.0)] == [2]
        assert [c.new_fingerprint for c in list_clones(conn)] == ["d" * 64]
        # A replay of the pruned seq 1 can no longer be called a duplicate, yet stays older.
        assert [r.status for r in save_batch(conn, [item(a, 1)])] == ["older"]
        assert prune(conn, older_than=150.0) == Pruned(history=0, clones=0)


def test_history_keeps_the_compact_health(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    with engine.begin() as conn:
        save_batch(conn, [item(agents[0], 1)])
        assert read_history(conn, agents[0], since=0.0)[0].health == {"cpu_used_ratio": 0.5}


def test_snapshot_of_a_day_is_replaced_by_a_later_one(engine: Engine) -> None:
    day = date(2026, 1, 2)
    first = [WardSnapshot("phuong-sai-gon", 10, 8, 5, {"video_conference": 1.0})]
    second = [
        WardSnapshot("phuong-sai-gon", 10, 9, 6, {"video_conference": 0.5}),
        WardSnapshot("xa-con-dao", 4, 4, 4, {}),
    ]
    with engine.begin() as conn:
        write_snapshot(conn, date(2026, 1, 1), first)
        write_snapshot(conn, day, first)
        write_snapshot(conn, day, second)
        write_snapshot(conn, day, [])
    with engine.connect() as conn:
        assert read_snapshots(conn, day, day) == [(day, row) for row in second]
        assert len(read_snapshots(conn, date(2026, 1, 1), day)) == 3
