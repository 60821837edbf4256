"""Check records from every source against each other and build one Inventory."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

from inventory.errors import InventoryError
from inventory.model import ExpectedMachine, Inventory, Ward

T = TypeVar("T")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A record with where it came from: file, line, key prefix and per-field lines."""

    value: T
    source: str
    line: int
    prefix: str = ""  # "wards[3]." in YAML, "" in CSV
    lines: Mapping[str, int] = field(default_factory=dict)  # field -> line, when known
    columns: Mapping[str, str] = field(default_factory=dict)  # field -> name in the file

    def at(self) -> str:
        """Name the file and line, for messages that point back at this record."""
        return f"{self.source}:{self.line}"

    def error(self, name: str, message: str) -> InventoryError:
        """Build the error for field `name` of this record."""
        key = self.prefix + self.columns.get(name, name)
        return InventoryError(self.source, self.lines.get(name, self.line), key, message)


class Parsed(NamedTuple):
    """What one source holds before the sources are checked against each other."""

    wards: list[Located[Ward]]
    machines: list[Located[ExpectedMachine]]
    include: Located[str] | None = None  # a units file to merge (YAML `include_units`)


def assemble(
    wards: Iterable[Located[Ward]], machines: Iterable[Located[ExpectedMachine]]
) -> Inventory:
    """Check codes, references and duplicates; return the Inventory in file order."""
    by_code = _wards_by_code(wards)
    checked = tuple(_check_machines(machines, by_code))
    return Inventory(wards={code: w.value for code, w in by_code.items()}, machines=checked)


def _wards_by_code(wards: Iterable[Located[Ward]]) -> dict[str, Located[Ward]]:
    seen: dict[str, Located[Ward]] = {}
    for ward in wards:
        code = ward.value.code
        if not _SLUG.fullmatch(code):
            raise ward.error("code", f"must be an ASCII slug such as phuong-tan-dinh, got {code!r}")
        if not ward.value.name.strip():
            raise ward.error("name", "must not be empty")
        if code in seen:
            raise ward.error("code", f"duplicate ward code {code!r} (first at {seen[code].at()})")
        seen[code] = ward
    return seen


def _check_machines(
    machines: Iterable[Located[ExpectedMachine]], wards: Mapping[str, Located[Ward]]
) -> Iterable[ExpectedMachine]:
    hostnames: dict[tuple[str, str], Located[ExpectedMachine]] = {}
    tags: dict[str, Located[ExpectedMachine]] = {}
    for located in machines:
        machine = located.value
        if machine.ward not in wards:
            raise located.error("ward", f"unknown ward {machine.ward!r}")
        if machine.hostname:
            _claim(hostnames, (machine.ward, machine.hostname.casefold()), located, "hostname")
        if machine.asset_tag:
            _claim(tags, machine.asset_tag, located, "asset_tag")
        yield machine


def _claim(
    seen: dict[T, Located[ExpectedMachine]], key: T, located: Located[ExpectedMachine], name: str
) -> None:
    first = seen.setdefault(key, located)
    if first is not located:
        value = getattr(located.value, name)
        scope = f" in ward {located.value.ward!r}" if name == "hostname" else ""
        raise located.error(name, f"duplicate {name} {value!r}{scope} (first at {first.at()})")
