"""Migrations: idempotent, step by step, refusing a database newer than the code."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, select

from collector.store import tables
from collector.store.agents import enroll, get_agent
from collector.store.engine import make_engine
from collector.store.errors import MigrationError
from collector.store.migrations import STEPS, current_version, migrate, schema_migrations


def test_migrate_twice_is_a_no_op(engine: Engine) -> None:
    assert migrate(engine) == []
    with engine.connect() as conn:
        assert current_version(conn) == STEPS[-1].version
        applied = conn.execute(select(schema_migrations.c.version)).scalars().all()
    assert sorted(applied) == [step.version for step in STEPS]


def test_fresh_database_gets_every_table(store_url: str) -> None:
    engine = make_engine(store_url)
    assert migrate(engine) == [step.version for step in STEPS]
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(tables.metadata.tables) <= names


def test_upgrade_from_step_one_keeps_data(store_url: str, now: float) -> None:
    engine = make_engine(store_url)
    assert migrate(engine, target=1) == [1]
    assert "clones" not in inspect(engine).get_table_names()
    with engine.begin() as conn:  # a row as step 1's code wrote it
        conn.exec_driver_sql(
            "INSERT INTO agents (agent_id, ward, hostname, role, token_hash, fingerprint, "
            "install_id, enrolled_at) VALUES "
            f"('{'a' * 32}', 'xa-con-dao', 'pc', 'server', '{'t' * 64}', '{'f' * 64}', "
            f"'{'i' * 32}', {now})"
        )
    assert migrate(engine) == [step.version for step in STEPS[1:]]
    with engine.begin() as conn:
        # Step 2's clones table works on the data step 1 held.
        outcome = enroll(
            conn, "a" * 32, "xa-con-dao", "pc", "server", "u" * 64, "e" * 64, "i" * 32, now
        )
        agent = get_agent(conn, "a" * 32)
    engine.dispose()
    assert outcome.kind == "clone"
    assert agent is not None and agent.fingerprint == "f" * 64


def test_database_newer_than_code_is_refused(engine: Engine, now: float) -> None:
    with engine.begin() as conn:
        conn.execute(
            schema_migrations.insert(), {"version": 999, "name": "future", "applied_at": now}
        )
    with pytest.raises(MigrationError, match="newer than this code"):
        migrate(engine)
