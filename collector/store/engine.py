"""Open the store's database: SQLite (one WAL file in a data directory) or PostgreSQL.

SQLite durability, `synchronous` (a config choice; FULL is the default here):
- FULL fsyncs the WAL at every commit: an acknowledged report survives a power cut.
  With group commit that is one fsync per batch, not per report (bench/store_batch.py
  compares FULL and NORMAL).
- NORMAL fsyncs the WAL only at checkpoints. A commit is still a complete write() into
  the WAL, so a crash of the collector process (kill -9, OOM) loses nothing: the kernel
  holds those pages and writes them out. A power cut or kernel panic can lose the commits
  since the last checkpoint (up to `wal_autocheckpoint`, about 4 MB of WAL: a few hundred
  reports, seconds of ingest); the file stays consistent. Those reports were acknowledged
  and deleted from the agents' spools, so they are gone for good: a gap in history, and
  `latest` is older until each machine's next report.

SQLite transactions begin IMMEDIATE (the write lock is taken at BEGIN, waiting up to
`busy_timeout`), so a transaction that reads then writes never fails on a stale
snapshot. Read-only paths that must not queue behind writers use `reader(engine)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from collector.store import pg_arrays

SQLITE_FILE = "wardwatch.sqlite"
Synchronous = Literal["NORMAL", "FULL"]
_DEFERRED = "wardwatch_deferred"


def sqlite_url(data_dir: Path) -> str:
    """Return the URL of the SQLite store inside `data_dir`."""
    return f"sqlite:///{Path(data_dir) / SQLITE_FILE}"


def make_engine(
    url: str,
    *,
    synchronous: Synchronous = "FULL",
    busy_timeout_seconds: float = 10.0,
    pool_size: int = 5,
) -> Engine:
    """Create the engine for `url` with the store's pragmas or pool settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, synchronous, busy_timeout_seconds)
    return _postgresql_engine(parsed, pool_size)


def reader(engine: Engine) -> Engine:
    """Return `engine` with SQLite transactions begun DEFERRED, for read-only work."""
    return engine.execution_options(**{_DEFERRED: True})


def _postgresql_engine(url: URL, pool_size: int) -> Engine:
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,  # a restarted server must not fail the first batch after it
        pool_recycle=1800,
    )
    if engine.dialect.driver == "psycopg":

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            pg_arrays.register(dbapi_connection.adapters)  # batched.py's array parameters

    return engine


def _sqlite_engine(url: URL, synchronous: Synchronous, busy_timeout_seconds: float) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    pragmas = (
        "PRAGMA journal_mode=WAL",
        f"PRAGMA synchronous={synchronous}",
        f"PRAGMA busy_timeout={int(busy_timeout_seconds * 1000)}",
        "PRAGMA foreign_keys=ON",
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        deferred = conn.get_execution_options().get(_DEFERRED, False)
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return engine
