"""make_engine: SQLite pragmas and transactions, PostgreSQL driver choice, sqlite_url."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, text

from collector.store.engine import make_engine, reader, sqlite_url


def test_sqlite_store_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "data"), synchronous="NORMAL")
    with engine.connect() as conn:
        pragmas = [
            conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        ]
    engine.dispose()
    assert pragmas == ["wal", 1, 1, 10000]
    assert (tmp_path / "data" / "wardwatch.sqlite").exists()


def test_sqlite_default_is_synchronous_full(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    engine.dispose()


def test_reader_is_not_blocked_by_a_writer(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path), busy_timeout_seconds=0.05)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    seen: list[int] = []
    with engine.begin() as writer:
        writer.execute(text("INSERT INTO t VALUES (1)"))
        # A deferred reader on another connection reads the last committed state.
        thread = threading.Thread(target=lambda: seen.extend(_count(engine)))
        thread.start()
        thread.join()
    engine.dispose()
    assert seen == [0]


def _count(engine: Engine) -> list[int]:
    with reader(engine).connect() as conn:
        return [int(conn.execute(text("SELECT count(*) FROM t")).scalar_one())]


def test_plain_postgresql_url_uses_psycopg() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1/test")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()
