"""Pick the INSERT construct of a dialect: both carry ON CONFLICT."""

from __future__ import annotations

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert(conn_or_dialect: Connection | str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """Return an INSERT on `table` that supports on_conflict_do_nothing/do_update."""
    if isinstance(conn_or_dialect, Connection):
        conn_or_dialect = conn_or_dialect.dialect.name
    if conn_or_dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
