"""batched: a batch's rows written in one statement per table (PostgreSQL) or row by row."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

from collector.store import tables
from collector.store.batched import insert_rows, update_rows, upsert_newer, write
from collector.store.bulk import dbapi_errors
from collector.store.tables import history, latest


def _latest_row(aid: str, seq: int) -> dict[str, Any]:
    return {
        "agent_id": aid,
        "seq": seq,
        "kind": "health",
        "report": f'{{"seq": {seq}}}',
        "collected_at": 1.5,
        "received_at": 2.5,
        "findings_digest": "",
    }


def _history_row(aid: str, seq: int, health: str | None = "{}") -> dict[str, Any]:
    return {"agent_id": aid, "seq": seq, "received_at": 2.0, "collected_at": 1.0, "health": health}


def test_postgresql_gets_one_statement_per_batch_and_sqlite_one_per_row() -> None:
    assert insert_rows("postgresql", history).per_batch is not None
    assert upsert_newer("postgresql", latest).per_batch is not None
    assert insert_rows("sqlite", history).per_batch is None
    assert update_rows("sqlite", tables.agents, "agent_id", ("ward",)).per_batch is None


def test_upsert_keeps_a_stored_row_of_higher_seq(engine: Engine, agents: list[str]) -> None:
    with engine.begin() as conn:
        write(conn, upsert_newer(conn.dialect.name, latest), [_latest_row(agents[0], 10)])
    with engine.begin() as conn:
        rows = [_latest_row(agents[0], 5), _latest_row(agents[1], 3)]
        write(conn, upsert_newer(conn.dialect.name, latest), rows)
    with engine.begin() as conn:
        write(conn, upsert_newer(conn.dialect.name, latest), [_latest_row(agents[1], 4)])
    with engine.connect() as conn:
        stored = conn.execute(select(latest.c.agent_id, latest.c.seq, latest.c.report)).all()
    assert sorted(tuple(row) for row in stored) == [
        (agents[0], 10, '{"seq": 10}'),
        (agents[1], 4, '{"seq": 4}'),
    ]


def test_inserted_rows_keep_their_values_and_nulls(engine: Engine, agents: list[str]) -> None:
    healths = [None if seq % 2 else f'{{"n": {seq}}}' for seq in range(50)]
    rows = [_history_row(agents[0], seq, health) for seq, health in enumerate(healths)]
    with engine.begin() as conn:
        write(conn, insert_rows(conn.dialect.name, history), rows)
    with engine.connect() as conn:
        query = select(history.c.seq, history.c.health).order_by(history.c.seq)
        stored = conn.execute(query).all()
    assert [tuple(row) for row in stored] == [(r["seq"], r["health"]) for r in rows]


def test_a_row_whose_key_is_stored_fails_the_whole_write(engine: Engine, agents: list[str]) -> None:
    with engine.begin() as conn:
        write(conn, insert_rows(conn.dialect.name, history), [_history_row(agents[0], 1)])
    with pytest.raises(Exception) as raised, engine.begin() as conn:
        rows = [_history_row(agents[0], 2), _history_row(agents[0], 1)]
        write(conn, insert_rows(conn.dialect.name, history), rows)
    with engine.connect() as conn:
        assert isinstance(raised.value, dbapi_errors(conn))
        assert conn.execute(select(history.c.seq)).scalars().all() == [1]


def test_update_touches_only_the_rows_named(engine: Engine, agents: list[str]) -> None:
    rows = [
        {"b_agent_id": agents[0], "b_ward": "xa-con-dao", "b_last_seq": 7},
        {"b_agent_id": agents[2], "b_ward": "phuong-tan-dinh", "b_last_seq": 9},
    ]
    with engine.begin() as conn:
        update = update_rows(conn.dialect.name, tables.agents, "agent_id", ("ward", "last_seq"))
        write(conn, update, rows)
    table = tables.agents
    with engine.connect() as conn:
        query = select(table.c.agent_id, table.c.ward, table.c.last_seq).order_by(table.c.agent_id)
        stored = [tuple(row) for row in conn.execute(query)]
    assert stored == [
        (agents[0], "xa-con-dao", 7),
        (agents[1], "phuong-ben-thanh", None),
        (agents[2], "phuong-tan-dinh", 9),
    ]
