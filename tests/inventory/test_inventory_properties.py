"""Property tests of the inventory loaders: any text, or the shipped example with one value
replaced by any JSON value, loads as an Inventory or raises InventoryError; nothing else.

YAML goes through `loads` (with its `include_units` resolved beside the example), CSV
units and machines files through the same entry point the admin API uses.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml
from fuzzing import fixed, json_values, replaced
from hypothesis import given
from hypothesis import strategies as st

from inventory.assemble import Parsed
from inventory.errors import InventoryError
from inventory.load import DATA_DIR, HCMC_EXAMPLE, HCMC_UNITS, loads, parse
from inventory.model import Inventory

EXAMPLE = yaml.safe_load(HCMC_EXAMPLE.read_text(encoding="utf-8"))
SMALL = EXAMPLE | {"machines": EXAMPLE["machines"][:4]}  # a few machines: every key, fast
UNITS = list(csv.reader(io.StringIO(HCMC_UNITS.read_text(encoding="utf-8"))))[:6]
MACHINES = [["ward", "hostname", "asset_tag", "role", "former_unit"]] + [
    [m["ward"], m.get("hostname", ""), m.get("asset_tag", ""), m["role"], m.get("former_unit", "")]
    for m in SMALL["machines"]
]


def loads_or_refuses(text: str, fmt: str) -> None:
    """Parse `text` (a Parsed), then load it (an Inventory); either may raise InventoryError."""
    try:
        assert isinstance(parse(text, fmt, "fuzzed", DATA_DIR), Parsed)
        loaded = loads(text, fmt, "fuzzed", DATA_DIR)
    except InventoryError:
        return
    assert isinstance(loaded, Inventory)


def csv_text(rows: list[list[Any]]) -> str:
    """Write `rows` as CSV text."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def cell_replaced(rows: list[list[str]]) -> st.SearchStrategy[str]:
    """Draw `rows` as CSV with one cell replaced by any text."""
    spots = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]

    def put(spot: tuple[int, int], text: str) -> str:
        changed = [list(row) for row in rows]
        changed[spot[0]][spot[1]] = text
        return csv_text(changed)

    return st.builds(put, st.sampled_from(spots), st.text(max_size=30))


@fixed(120)
@given(replaced(SMALL))
def test_the_example_with_one_value_replaced_loads_or_is_an_inventory_error(doc: Any) -> None:
    try:
        text = yaml.safe_dump(doc, allow_unicode=True)
    except yaml.YAMLError:  # PyYAML cannot write a lone surrogate: nothing to load
        return
    loads_or_refuses(text, "yaml")


@fixed(100)
@given(st.text(max_size=300) | json_values.map(lambda v: yaml.safe_dump(v, allow_unicode=False)))
def test_any_yaml_text_loads_or_is_an_inventory_error(text: str) -> None:
    loads_or_refuses(text, "yaml")


@fixed(150)
@given(st.text(max_size=300) | cell_replaced(UNITS) | cell_replaced(MACHINES))
def test_any_csv_text_loads_or_is_an_inventory_error(text: str) -> None:
    loads_or_refuses(text, "csv")


def test_the_unchanged_documents_load() -> None:
    assert loads(yaml.safe_dump(SMALL, allow_unicode=True), "yaml", "small", DATA_DIR).machines
    assert loads(csv_text(UNITS), "csv").wards
    assert parse(csv_text(MACHINES), "csv", "machines.csv").machines  # their wards: elsewhere
