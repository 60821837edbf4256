"""Run a Core statement straight on the DBAPI cursor, compiled once per dialect.

`conn.execute(stmt, rows)` rebuilds every row's parameters in Python, and even
`exec_driver_sql` sets up events and a result per statement, of which a group commit runs
four or five per transaction (bench/ingest/stages.py). Here a statement is compiled once
and each row only becomes a tuple (positional drivers) or is passed as is (named ones), on
the connection's DBAPI cursor inside the caller's transaction: errors are the driver's
(`dbapi_errors`).
Only for columns whose types need no bind or result processing (text, integers, doubles),
which is all the hot path reads and writes.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.sql.expression import ClauseElement


def executemany(conn: Connection, stmt: ClauseElement, rows: Sequence[Mapping[str, Any]]) -> None:
    """Execute `stmt` once per row of `rows` (dicts keyed by bind parameter name)."""
    if not rows:
        return
    sql, order = _compiled(conn.dialect, stmt)
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(sql, list(rows) if order is None else [order(row) for row in rows])
    finally:
        cursor.close()


def execute(conn: Connection, stmt: ClauseElement, row: Mapping[str, Any]) -> None:
    """Execute `stmt` once with the bind parameters `row`."""
    _run(conn, stmt, row, fetch=False)


def fetchall(conn: Connection, stmt: ClauseElement, row: Mapping[str, Any]) -> list[Any]:
    """Execute the query `stmt` with the bind parameters `row`; return its rows as tuples."""
    return _run(conn, stmt, row, fetch=True)


def _run(conn: Connection, stmt: ClauseElement, row: Mapping[str, Any], fetch: bool) -> list[Any]:
    sql, order = _compiled(conn.dialect, stmt)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, row if order is None else order(row))
        return list(cursor.fetchall()) if fetch else []
    finally:
        cursor.close()


@contextlib.contextmanager
def pipelined(conn: Connection) -> Iterator[None]:
    """Send the statements this module runs inside the block in one round trip (psycopg).

    In psycopg's pipeline mode a statement does not wait for its answer: the block's
    statements (and the BEGIN psycopg puts before the first) go out together and are
    answered when rows are fetched or the block ends. Only for statements run here:
    SQLAlchemy's own execution reads a statement's results as soon as it is sent. On
    SQLite and other drivers the block runs as it is.
    """
    if conn.dialect.driver != "psycopg":
        yield
        return
    with conn.connection.dbapi_connection.pipeline():  # type: ignore[union-attr]
        yield


def dbapi_errors(conn: Connection) -> type[Exception]:
    """Return the base class of the errors the driver under `conn` raises."""
    error: type[Exception] = conn.dialect.loaded_dbapi.Error
    return error


@functools.cache
def _compiled(dialect: Dialect, stmt: ClauseElement) -> tuple[str, Any]:
    compiled = stmt.compile(dialect=dialect)
    names = getattr(compiled, "positiontup", None)  # SQLCompiler's; None for named styles
    if not names:
        return str(compiled), None
    getter = itemgetter(*names)
    order = getter if len(names) > 1 else (lambda row: (getter(row),))
    return str(compiled), order
