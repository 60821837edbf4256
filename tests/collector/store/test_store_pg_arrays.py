"""pg_arrays: columns packed in PostgreSQL's binary array format, read back by the server."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from sqlalchemy import Engine

from collector.store.engine import make_engine
from collector.store.pg_arrays import Column, Float8Column, Int8Column, TextColumn, pack


def test_an_int8_column_packs_as_array_send_writes_it() -> None:
    packed = pack(Int8Column([7, None]))
    head = struct.pack(">iiIii", 1, 1, 20, 2, 1)
    assert packed == head + struct.pack(">iq", 8, 7) + struct.pack(">i", -1)


def test_an_empty_column_has_no_dimension() -> None:
    assert pack(TextColumn()) == struct.pack(">iiI", 0, 0, 25)


@pytest.fixture
def postgres(postgres_database_url: str) -> Any:
    engine = make_engine(postgres_database_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "column",
    [
        TextColumn(["phường Bến Thành", "", None, '{"a": [1, "\\"x\\""]}', "x" * 70_000]),
        Int8Column([0, -1, 2**63 - 1, -(2**63), None]),
        Float8Column([0.1, -2.5e300, 1767225600.123456, None, 3]),
        TextColumn(),
    ],
    ids=["text", "int8", "float8", "empty"],
)
def test_the_server_reads_back_every_value(postgres: Engine, column: Column) -> None:
    with postgres.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.execute("SELECT unnest(%s)", [column])
        assert [row[0] for row in cursor.fetchall()] == list(column)


def test_columns_of_one_batch_become_rows(postgres: Engine) -> None:
    with postgres.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.execute(
            "SELECT * FROM unnest(%s, %s) AS r(name, seq)",
            [TextColumn(["a", "b"]), Int8Column([1, 2])],
        )
        assert cursor.fetchall() == [("a", 1), ("b", 2)]
