"""Columns of values sent to PostgreSQL as one binary array parameter each.

A batch written as one `INSERT ... SELECT * FROM unnest(%s, %s, ...)` passes each column
as an array. psycopg's own list dumper works out the element type and the dimensions of
every list in Python, for each of the 15 to 20 arrays of a group commit. These
lists name their element type, and their dumper packs them straight into PostgreSQL's
binary array format (what `array_recv` reads): a header, one dimension, then each element
as a length and its bytes, -1 for NULL.
"""

from __future__ import annotations

import struct
from typing import Any, ClassVar

from psycopg.adapt import AdaptersMap, Dumper
from psycopg.pq import Format

_HEAD = struct.Struct(">iiIii")  # dimensions, has NULLs, element type, length, lower bound
_EMPTY = struct.Struct(">iiI")  # an array of no dimensions
_LENGTH = struct.Struct(">i")
_NULL = _LENGTH.pack(-1)
_INT8 = struct.Struct(">iq")  # length 8, then the value
_FLOAT8 = struct.Struct(">id")


class Column(list[Any]):
    """The values of one column, in row order (None is NULL)."""

    element_oid: ClassVar[int]
    array_oid: ClassVar[int]

    @staticmethod
    def element(value: Any) -> bytes:
        """Return one value (not None) in binary, after its length."""
        raise NotImplementedError


class TextColumn(Column):
    """A column of str, sent as text[]."""

    element_oid, array_oid = 25, 1009

    @staticmethod
    def element(value: str) -> bytes:
        """Return `value` in UTF-8, after its length."""
        data = value.encode()
        return _LENGTH.pack(len(data)) + data


class Int8Column(Column):
    """A column of int, sent as bigint[]."""

    element_oid, array_oid = 20, 1016

    @staticmethod
    def element(value: int) -> bytes:
        """Return `value` as 8 bytes, after its length."""
        return _INT8.pack(8, value)


class Float8Column(Column):
    """A column of float, sent as double precision[]."""

    element_oid, array_oid = 701, 1022

    @staticmethod
    def element(value: float) -> bytes:
        """Return `value` as an IEEE 754 double, after its length."""
        return _FLOAT8.pack(8, value)


def pack(column: Column) -> bytes:
    """Return `column` in PostgreSQL's binary array format."""
    if not column:
        return _EMPTY.pack(0, 0, column.element_oid)
    element = column.element
    parts = [_HEAD.pack(1, None in column, column.element_oid, len(column), 1)]
    parts += [_NULL if value is None else element(value) for value in column]
    return b"".join(parts)


class _ColumnDumper(Dumper):
    format = Format.BINARY
    array_oid = 0

    def __init__(self, cls: type, context: Any = None) -> None:
        super().__init__(cls, context)
        # Set per instance: an oid on the class would also make this dumper psycopg's
        # choice for every text[] (bigint[]...) value it adapts by type, e.g. in COPY.
        self.oid = self.array_oid

    def dump(self, obj: Column) -> bytes:
        return pack(obj)


def register(adapters: AdaptersMap) -> None:
    """Teach a psycopg connection's `adapters` to send Columns as binary arrays."""
    for kind in (TextColumn, Int8Column, Float8Column):
        name = f"{kind.__name__}Dumper"
        adapters.register_dumper(kind, type(name, (_ColumnDumper,), {"array_oid": kind.array_oid}))
