"""Read an inventory CSV: a units file (wards.csv, hcmc-units-2025.csv) or a machines file."""

from __future__ import annotations

import csv
import io
import typing
from collections.abc import Callable, Iterator
from typing import TypeVar

from configfile.fields import FieldError
from inventory.access import SshAccess
from inventory.assemble import Located, Parsed
from inventory.errors import InventoryError
from inventory.model import Agentless, ExpectedMachine, OsFamily, Role, UnitKind, Ward

WARD_COLUMNS = ("code", "kind", "name", "official_code", "former_units", "expected_machines")
MACHINE_COLUMNS = (
    "ward", "hostname", "asset_tag", "role", "former_unit", "address", "os_family", "agentless",
    *(f"ssh_{key}" for key in ("user", "key_file", "port", "known_host", "trust_on_first_use")),
)  # fmt: skip
ALIASES = {"slug": "code"}  # data/hcmc-units-2025.csv says slug for the ward code
REQUIRED = {"code": ("code", "kind", "name"), "ward": ("ward",)}

T = TypeVar("T")
Row = dict[str, str | None]
Where = Located[None]


def read_csv(text: str, source: str) -> Parsed:
    """Parse CSV `text` as units or machines, chosen by its header; `source` names it."""
    rows = _numbered(text, source)
    first = next(rows, None)
    if first is None:
        return Parsed([], [])
    fields, shown = _header(first[1], source)
    if "code" in fields:
        return Parsed([_row(r, _ward) for r in _cells(rows, fields, shown, source)], [])
    return Parsed([], [_row(r, _machine) for r in _cells(rows, fields, shown, source)])


def _numbered(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))  # Excel writes a BOM
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as err:
        raise InventoryError(source, reader.line_num + 1, "", f"not valid CSV: {err}") from err


def _header(header: list[str], source: str) -> tuple[list[str], dict[str, str]]:
    names = [h.strip() for h in header] or [""]
    fields = [ALIASES.get(n, n) for n in names]
    at: Where = Located(None, source, 1)
    table = "code" if "code" in fields else "ward" if "ward" in fields else None
    if table is None:
        raise at.error(names[0], "header names neither code/slug (units) nor ward (machines)")
    allowed = WARD_COLUMNS if table == "code" else MACHINE_COLUMNS
    for i, (f, n) in enumerate(zip(fields, names, strict=True)):
        if f not in allowed:
            raise at.error(n, f"unknown column (allowed: {', '.join(allowed)})")
        if f in fields[:i]:
            raise at.error(n, "column given twice")
    missing = [f for f in REQUIRED[table] if f not in fields]
    if missing:
        raise at.error(missing[0], "required column is missing")
    return fields, {f: n for f, n in zip(fields, names, strict=True) if f != n}


def _cells(
    rows: Iterator[tuple[int, list[str]]], fields: list[str], shown: dict[str, str], source: str
) -> Iterator[tuple[Row, Where]]:
    for line, cells in rows:
        where: Where = Located(None, source, line, columns=shown)
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(fields):
            raise where.error("", f"expected {len(fields)} cells, got {len(cells)}")
        yield {f: (c.strip() or None) for f, c in zip(fields, cells, strict=True)}, where


def _row(item: tuple[Row, Where], build: Callable[[Row, Where], T]) -> Located[T]:
    row, where = item
    try:
        value = build(row, where)
    except FieldError as err:
        raise where.error(err.key, err.message) from err
    return Located(value, where.source, where.line, columns=where.columns)


def _ward(row: Row, where: Where) -> Ward:
    return Ward(
        code=row.get("code") or "",
        name=row.get("name") or "",
        kind=typing.cast(UnitKind, _choice(row, "kind", typing.get_args(UnitKind), where)),
        official_code=row.get("official_code"),
        former_units=tuple(
            u.strip() for u in (row.get("former_units") or "").split(";") if u.strip()
        ),
        expected_machines=_count(row, "expected_machines", where),
    )


def _machine(row: Row, where: Where) -> ExpectedMachine:
    os_family = _choice(row, "os_family", typing.get_args(OsFamily), where, optional=True)
    agentless = _choice(row, "agentless", typing.get_args(Agentless), where, optional=True)
    try:
        return ExpectedMachine(
            ward=row.get("ward") or "",
            hostname=row.get("hostname"),
            asset_tag=row.get("asset_tag"),
            role=typing.cast(
                Role, _choice(row, "role", typing.get_args(Role), where, "workstation")
            ),
            former_unit=row.get("former_unit"),
            address=row.get("address"),
            os_family=typing.cast(OsFamily | None, os_family),
            agentless=typing.cast(Agentless | None, agentless),
            ssh=_ssh(row, where),
        )
    except FieldError as err:  # `ssh` is the ssh_* columns in a CSV
        raise FieldError("agentless" if err.key == "ssh" else err.key, err.message) from err


def _ssh(row: Row, where: Where) -> SshAccess | None:
    """Build the SSH login from the ssh_* columns; None when all are empty."""
    if not any(row.get(name) for name in MACHINE_COLUMNS if name.startswith("ssh_")):
        return None
    trust = (row.get("ssh_trust_on_first_use") or "false").lower()
    if trust not in ("true", "false", "yes", "no", "1", "0"):
        raise where.error("ssh_trust_on_first_use", f"expected true or false, got {trust!r}")
    port = _count(row, "ssh_port", where)
    try:
        return SshAccess(
            user=row.get("ssh_user"),
            key_file=row.get("ssh_key_file"),
            port=22 if port is None else port,
            known_host=row.get("ssh_known_host"),
            trust_on_first_use=trust in ("true", "yes", "1"),
        )
    except FieldError as err:
        raise where.error(f"ssh_{err.key}", err.message) from err


def _choice(
    row: Row,
    name: str,
    allowed: tuple[str, ...],
    where: Where,
    default: str = "",
    optional: bool = False,
) -> str | None:
    value = row.get(name) or default
    if optional and not value:
        return None
    if value not in allowed:
        raise where.error(name, f"{value!r} is not one of: {', '.join(allowed)}")
    return value


def _count(row: Row, name: str, where: Where) -> int | None:
    value = row.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise where.error(name, f"expected a whole number, got {value!r}") from None
