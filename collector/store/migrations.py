"""Numbered schema migrations, applied at start-up, each step in its own transaction.

A step is a function of a Connection. Steps create tables from `tables.py`; once a step
is released, a change to one of its tables is a new step (ALTER ...), and the old step
gets a frozen copy of the table as it was, so that an old database upgrades step by step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Double,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    false,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from collector.store import tables
from collector.store.errors import MigrationError

_meta = MetaData()
schema_migrations = Table(
    "schema_migrations",
    _meta,
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("applied_at", Double, nullable=False),  # unix seconds
)
# Frozen: the table as step 1 made it (sha256 hex of each secret); step 3 drops it.
_ward_secrets_v1 = Table(
    "ward_secrets",
    _meta,
    Column("ward", Text, primary_key=True),
    Column("secret_hash", Text, primary_key=True),
)
# Frozen: agents and handovers as steps 1 and 2 made them; step 4 adds columns.
_agents_v1 = Table(
    "agents",
    _meta,
    Column("agent_id", Text, primary_key=True),
    Column("ward", Text, nullable=False),
    Column("hostname", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("fingerprint", Text, nullable=False),
    Column("install_id", Text, nullable=False),
    Column("enrolled_at", Double, nullable=False),
    Column("revoked_at", Double),
    Column("last_seq", BigInteger),
    Column("last_report_at", Double),
    Column("clone_suspected", Boolean, nullable=False, server_default=false()),
)
_handovers_v1 = Table(
    "handovers",
    _meta,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agent_id", Text, ForeignKey("agents.agent_id", ondelete="CASCADE"), nullable=False),
    Column("from_ward", Text, nullable=False),
    Column("to_ward", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("at", Double, nullable=False),
    Index("handovers_at", "at"),
)
_LOCK_KEY = 0x77617264  # "ward": serialises migrators on PostgreSQL


@dataclass(frozen=True)
class Step:
    """One migration: its version number, a name, and the function that applies it."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _create(*new: Table) -> Callable[[Connection], None]:
    def apply(conn: Connection) -> None:
        for table in new:
            table.create(conn)

    return apply


def _rehash_secrets(conn: Connection) -> None:
    """Drop the sha256 secrets: the files the config names are hashed again at start."""
    _ward_secrets_v1.drop(conn)
    tables.enrollment_secrets.create(conn)


def _bind_moves(conn: Connection) -> None:
    """Add the previous unit to agents, the evidence to handovers, and move requests."""
    conn.exec_driver_sql("ALTER TABLE agents ADD COLUMN previous_ward TEXT")
    conn.exec_driver_sql("ALTER TABLE agents ADD COLUMN ward_from_seq BIGINT")
    conn.exec_driver_sql("ALTER TABLE handovers ADD COLUMN evidence TEXT NOT NULL DEFAULT 'report'")
    tables.move_requests.create(conn)


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "ingest: agents, secrets, latest, findings, history",
        _create(
            _ward_secrets_v1,
            _agents_v1,
            tables.latest,
            tables.findings,
            tables.history,
        ),
    ),
    Step(
        2,
        "reconciliation and trends: inventory, handovers, clones, snapshots",
        _create(tables.latest_inventory, _handovers_v1, tables.clones, tables.snapshots),
    ),
    Step(3, "ward enrollment secrets under a password KDF", _rehash_secrets),
    Step(4, "moves between units bound to enrollment, with their evidence", _bind_moves),
    Step(5, "availability counts kept across restarts", _create(tables.availability_counts)),
    Step(
        6,
        "agentless machines: their agent ids and host keys trusted on first use",
        _create(tables.agentless_hosts),
    ),
)


def migrate(engine: Engine, target: int | None = None) -> list[int]:
    """Apply the missing steps up to `target` (default: the latest); return those applied."""
    goal = STEPS[-1].version if target is None else target
    try:
        with engine.begin() as conn:
            _lock(conn)
            schema_migrations.create(conn, checkfirst=True)
        return [step.version for step in STEPS if step.version <= goal and _apply(engine, step)]
    except SQLAlchemyError as err:
        raise MigrationError(f"migration failed: {err}") from err


def current_version(conn: Connection) -> int:
    """Return the highest applied step, 0 for an empty database."""
    if not conn.dialect.has_table(conn, schema_migrations.name):
        return 0
    versions = conn.execute(select(schema_migrations.c.version)).scalars().all()
    return max(versions, default=0)


def _apply(engine: Engine, step: Step) -> bool:
    with engine.begin() as conn:
        _lock(conn)
        version = current_version(conn)
        if version > STEPS[-1].version:
            raise MigrationError(f"database is at step {version}, newer than this code")
        if version >= step.version:
            return False
        step.apply(conn)
        conn.execute(
            schema_migrations.insert(),
            {"version": step.version, "name": step.name, "applied_at": time.time()},
        )
        return True


def _lock(conn: Connection) -> None:
    # SQLite needs nothing: transactions begin IMMEDIATE (see engine.py).
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
