"""Every document of the fixed state, as CSV (each table) and JSON, byte for byte.

To regenerate the golden files after an intended change, run
`WARDWATCH_REGENERATE_GOLDEN=1 pytest tests/collector/papers` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collector.papers.catalogue import render
from collector.papers.inputs import PaperInputs

GOLDEN = Path(__file__).parents[2] / "testdata" / "papers"
REGENERATE = os.environ.get("WARDWATCH_REGENERATE_GOLDEN") == "1"
TABLES = [
    ("reinvestment", "machines"),
    ("reinvestment", "units"),
    ("reinvestment", "operational"),
    ("handover", "machines"),
    ("handover", "pairs"),
    ("readiness", "units"),
    ("readiness", "reasons"),
]


def _compare(name: str, body: bytes) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(body)
    assert body.decode("utf-8") == path.read_bytes().decode("utf-8"), name


@pytest.mark.parametrize(("document", "table"), TABLES)
def test_each_table_as_csv_matches_its_golden_file(
    document: str, table: str, inputs: PaperInputs
) -> None:
    written = render(document, "csv", inputs, table=table)
    _compare(f"{document}-{table}.vi.csv", written.body)


@pytest.mark.parametrize("document", ["reinvestment", "handover", "readiness"])
def test_the_main_table_in_english_matches_its_golden_file(
    document: str, inputs: PaperInputs
) -> None:
    _compare(f"{document}.en.csv", render(document, "csv", inputs, lang="en").body)


@pytest.mark.parametrize(("document", "lang"), [
    ("reinvestment", "vi"), ("handover", "vi"), ("readiness", "vi"), ("handover", "en"),
])  # fmt: skip
def test_each_document_as_json_matches_its_golden_file(
    document: str, lang: str, inputs: PaperInputs
) -> None:
    _compare(f"{document}.{lang}.json", render(document, "json", inputs, lang=lang).body)
