"""save_batch: dedup, ordering by seq, findings, handovers, inventory, atomicity."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, Table, func, select
from store_rows import read_history

from collector.store.agents import get_agent
from collector.store.errors import StoreError
from collector.store.handovers import list_handovers
from collector.store.reports import IngestItem, SaveResult, save_batch
from collector.store.tables import findings, history, latest, latest_inventory
from standard.finding import Finding

MakeItem = Callable[..., IngestItem]


def _save(engine: Engine, *items: IngestItem) -> list[SaveResult]:
    with engine.begin() as conn:
        return save_batch(conn, items)


def _latest_seq(engine: Engine, aid: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(latest.c.seq).where(latest.c.agent_id == aid)).scalar()


def _count(engine: Engine, table: Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_empty_batch_does_nothing(engine: Engine) -> None:
    assert _save(engine) == []


def test_reports_of_several_agents_become_latest(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    results = _save(engine, item(agents[0], 1), item(agents[1], 1))
    assert [r.status for r in results] == ["latest", "latest"]
    with engine.connect() as conn:
        agent = get_agent(conn, agents[0])
    assert agent is not None and (agent.last_seq, agent.hostname) == (1, "host-1")
    assert _count(engine, history) == 2


def test_same_seq_twice_in_one_batch_is_a_duplicate(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    results = _save(engine, item(agents[0], 5), item(agents[0], 5))
    assert [r.status for r in results] == ["latest", "duplicate"]
    assert _count(engine, history) == 1


def test_same_seq_in_a_later_batch_is_a_duplicate_and_touches_nothing(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    _save(engine, item(agents[0], 5))
    again = item(agents[0], 5, ward="xa-con-dao", kind="inventory", received_at=2e9)
    assert [r.status for r in _save(engine, again)] == ["duplicate"]
    with engine.connect() as conn:
        agent = get_agent(conn, agents[0])
        report = conn.execute(select(latest.c.report)).scalar_one()
    assert agent is not None and agent.ward == "phuong-ben-thanh"
    assert json.loads(report)["ward"] == "phuong-ben-thanh"
    assert (_count(engine, history), _count(engine, latest_inventory)) == (1, 0)


def test_older_seq_is_kept_in_history_but_not_latest(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    _save(engine, item(agents[0], 10))
    results = _save(engine, item(agents[0], 7), item(agents[0], 8))
    assert [r.status for r in results] == ["older", "older"]
    assert _latest_seq(engine, agents[0]) == 10
    with engine.connect() as conn:
        assert [h.seq for h in read_history(conn, agents[0], since=0.0)] == [7, 8, 10]
        agent = get_agent(conn, agents[0])
    assert agent is not None and agent.last_seq == 10


def test_highest_seq_of_a_batch_wins_whatever_its_place(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    results = _save(engine, item(agents[0], 3), item(agents[0], 2))
    assert [r.status for r in results] == ["latest", "older"]
    assert _latest_seq(engine, agents[0]) == 3


def test_findings_are_replaced_and_keep_since_when_repeated(
    engine: Engine, agents: list[str], item: MakeItem, finding: Callable[..., Finding]
) -> None:
    first = (finding("memory_min"), finding("disk_kind", "hdd"))
    _save(engine, item(agents[0], 1, findings=first, received_at=100.0))
    _save(engine, item(agents[0], 2, findings=(finding("memory_min", 5),), received_at=200.0))
    _save(engine, item(agents[0], 1, findings=first, received_at=300.0))  # stale replay
    with engine.connect() as conn:
        rows = conn.execute(select(findings.c.rule, findings.c.measured, findings.c.since)).all()
    assert [tuple(r) for r in rows] == [("memory_min", "5", 100.0)]


def test_a_report_never_changes_its_agents_unit(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    _save(engine, item(agents[0], 1))
    _save(engine, item(agents[0], 2, ward="phuong-tan-dinh", received_at=50.0))
    with engine.connect() as conn:
        assert list_handovers(conn) == []  # moves are made at enrollment, with evidence
        agent = get_agent(conn, agents[0])
    assert agent is not None and agent.ward == "phuong-ben-thanh"


def test_inventory_is_kept_from_the_last_inventory_report(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    _save(engine, item(agents[0], 1, kind="inventory"), item(agents[0], 2))
    _save(engine, item(agents[0], 3))
    with engine.connect() as conn:
        seqs = conn.execute(select(latest_inventory.c.seq)).scalars().all()
    assert seqs == [1]
    assert _latest_seq(engine, agents[0]) == 3


def test_failed_batch_rolls_back_everything(
    engine: Engine, agents: list[str], item: MakeItem, finding: Callable[..., Finding]
) -> None:
    _save(engine, item(agents[0], 1))
    broken = finding(rule=None)  # findings.rule is NOT NULL: fails after latest is written
    with pytest.raises(StoreError):
        _save(
            engine,
            item(agents[0], 2, ward="phuong-tan-dinh"),
            item(agents[1], 1, findings=(broken,)),
        )
    assert _latest_seq(engine, agents[0]) == 1
    assert (_count(engine, history), _count(engine, latest)) == (1, 1)
    with engine.connect() as conn:
        assert list_handovers(conn) == []
    retried = _save(engine, item(agents[0], 2), item(agents[1], 1))
    assert [r.status for r in retried] == ["latest", "latest"]


def test_report_of_an_unknown_agent_fails_the_batch(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    with pytest.raises(StoreError):
        _save(engine, item(agents[0], 1), item("f" * 32, 1))
    assert _count(engine, history) == 0


def test_unchanged_findings_are_left_alone(
    engine: Engine, agents: list[str], item: MakeItem, finding: Callable[..., Finding]
) -> None:
    same = (finding("memory_min"),)
    _save(engine, item(agents[0], 1, findings=same, received_at=100.0))
    _save(engine, item(agents[0], 2, findings=same, received_at=200.0))
    _save(engine, item(agents[0], 3, received_at=300.0))
    _save(engine, item(agents[0], 4, findings=same, received_at=400.0))
    with engine.connect() as conn:
        rows = conn.execute(select(findings.c.rule, findings.c.since)).all()
    assert [tuple(r) for r in rows] == [("memory_min", 400.0)]


def test_concurrent_batches_of_one_agent_serialise(
    engine: Engine, agents: list[str], item: MakeItem
) -> None:
    def send(first: int) -> None:
        for seq in range(first, 41, 2):
            _save(engine, item(agents[0], seq), item(agents[1], seq))

    threads = [threading.Thread(target=send, args=(first,)) for first in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as conn:
        agent = get_agent(conn, agents[0])
    assert agent is not None and agent.last_seq == 40
    assert _latest_seq(engine, agents[0]) == 40
    assert _count(engine, history) == 80


def test_a_mixed_batch_of_replays_repeats_and_agents_is_stored_whole(
    engine: Engine, agents: list[str], item: MakeItem, finding: Callable[..., Finding]
) -> None:
    _save(engine, item(agents[0], 5), item(agents[1], 2))
    results = _save(
        engine,
        item(agents[0], 7),
        item(agents[0], 5),  # stored before: a duplicate
        item(agents[0], 6),  # above the stored seq, below the batch's newest
        item(agents[0], 7),  # twice in the batch
        item(agents[1], 1),  # below the stored seq
        item(agents[1], 3, kind="inventory", findings=(finding("disk_kind", "hdd"),)),
        item(agents[2], 1, ward="phuong-tan-dinh"),
        item(agents[2], 2, ward="phuong-tan-dinh"),
    )
    assert [r.status for r in results] == [
        "latest", "duplicate", "older", "duplicate", "older", "latest", "older", "latest"
    ]  # fmt: skip
    assert [_latest_seq(engine, aid) for aid in agents] == [7, 3, 2]
    assert _count(engine, history) == 8
    with engine.connect() as conn:
        assert [(a.last_seq, a.ward) for a in map(lambda aid: get_agent(conn, aid), agents)] == [
            (7, "phuong-ben-thanh"), (3, "phuong-ben-thanh"), (2, "phuong-ben-thanh")
        ]  # fmt: skip
        inventory = conn.execute(select(latest_inventory.c.agent_id, latest_inventory.c.seq))
        assert [tuple(row) for row in inventory] == [(agents[1], 3)]
        stored = conn.execute(select(findings.c.agent_id, findings.c.rule, findings.c.target))
        assert [tuple(row) for row in stored] == [(agents[1], "disk_kind", None)]
