"""Pick the INSERT construct of the connection's dialect: both carry ON CONFLICT."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert(conn: Connection, table: Table) -> Any:
    """Return an INSERT on `table` that supports on_conflict_do_nothing/do_update."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
