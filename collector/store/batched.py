"""Write a batch's rows to one table: one statement on PostgreSQL, one per row on SQLite.

With executemany a group commit of N reports ran about 3N statements: in psycopg's
pipeline mode one round trip per table, but still N statements the server binds and
runs, and N binds the client builds. On PostgreSQL (psycopg) each write is one statement
over `unnest` of one binary array per column (pg_arrays.py), whatever N; rows of one
batch never share a key there (one latest row and one agents row per agent, history keyed
by (agent_id, seq) after dedup), as one `INSERT ... ON CONFLICT DO UPDATE` requires.
SQLite runs in-process, where executemany over one compiled statement is its fastest form
(bulk.py); so does any other PostgreSQL driver.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Double, Integer, Table, Text, bindparam, func, select, update
from sqlalchemy.sql.expression import ClauseElement

from collector.store.bulk import execute, executemany
from collector.store.dialect import insert
from collector.store.pg_arrays import Column, Float8Column, Int8Column, TextColumn

_KEY_PREFIX = "b_"  # update binds: SQLAlchemy keeps column names for its own SET binds


@dataclass(frozen=True)
class BatchWrite:
    """A write of many rows: its statement per row and, on PostgreSQL, per batch."""

    per_row: ClauseElement  # bind parameters named as the rows' keys
    per_batch: ClauseElement | None  # one array parameter per key
    keys: tuple[str, ...]
    columns: tuple[type[Column], ...]  # the array type of each key's values


def write(conn: Connection, batch: BatchWrite, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write `rows` (dicts with every key of `batch`) inside the caller's transaction."""
    if not rows:
        return
    if batch.per_batch is None or conn.dialect.driver != "psycopg":
        executemany(conn, batch.per_row, rows)
        return
    keys = zip(batch.keys, batch.columns, strict=True)
    arrays = {key: kind(row[key] for row in rows) for key, kind in keys}
    execute(conn, batch.per_batch, arrays)


@functools.cache
def insert_rows(dialect: str, table: Table) -> BatchWrite:
    """Build the INSERT of whole rows of `table`, keyed by column name."""
    names = tuple(table.c.keys())
    per_batch = _from_arrays(dialect, table, names)
    return BatchWrite(table.insert(), per_batch, names, _kinds(table, names))


@functools.cache
def upsert_newer(dialect: str, table: Table) -> BatchWrite:
    """Build the upsert of whole rows of `table` keyed by agent_id: only a higher seq wins."""
    names = tuple(table.c.keys())
    per_batch = _from_arrays(dialect, table, names)
    return BatchWrite(
        _on_conflict_newer(insert(dialect, table), table, names),
        None if per_batch is None else _on_conflict_newer(per_batch, table, names),
        names,
        _kinds(table, names),
    )


@functools.cache
def update_rows(dialect: str, table: Table, key: str, names: tuple[str, ...]) -> BatchWrite:
    """Build the UPDATE of the columns `names` of `table` by `key`; rows' keys are b_NAME."""
    binds = tuple(_KEY_PREFIX + name for name in (key, *names))
    per_row = (
        update(table)
        .where(table.c[key] == bindparam(binds[0]))
        .values({name: bindparam(_KEY_PREFIX + name) for name in names})
    )
    per_batch = None
    if dialect == "postgresql":
        rows = _unnest(binds, (key, *names))
        per_batch = (
            update(table)
            .where(table.c[key] == rows.c[key])
            .values({name: rows.c[name] for name in names})
        )
    return BatchWrite(per_row, per_batch, binds, _kinds(table, (key, *names)))


def _from_arrays(dialect: str, table: Table, names: tuple[str, ...]) -> Any:
    if dialect != "postgresql":
        return None
    return insert(dialect, table).from_select(names, select(*_unnest(names, names).c))


def _unnest(binds: tuple[str, ...], names: tuple[str, ...]) -> Any:
    """Return `unnest(%(bind)s, ...) AS anon(name, ...)`: rows from one array per column."""
    return func.unnest(*(bindparam(b) for b in binds)).table_valued(*names).render_derived()


def _on_conflict_newer(stmt: Any, table: Table, names: tuple[str, ...]) -> Any:
    return stmt.on_conflict_do_update(
        index_elements=[table.c.agent_id],
        set_={name: stmt.excluded[name] for name in names if name != "agent_id"},
        where=table.c.seq < stmt.excluded.seq,
    )


def _kinds(table: Table, names: tuple[str, ...]) -> tuple[type[Column], ...]:
    return tuple(_column_of(table, name) for name in names)


def _column_of(table: Table, name: str) -> type[Column]:
    kind = table.c[name].type
    if isinstance(kind, Text):
        return TextColumn
    if isinstance(kind, Integer):  # BigInteger too; PostgreSQL casts bigint to integer
        return Int8Column
    if isinstance(kind, Double):
        return Float8Column
    raise TypeError(f"{table.name}.{name}: no array type for {kind!r}")
