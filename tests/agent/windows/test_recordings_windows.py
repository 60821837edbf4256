"""The recorded Windows outputs: complete per scenario and documented with their command."""

from __future__ import annotations

import json
from typing import Any

import pytest
from windows_recordings import PIPELINES, SCENARIOS, TESTDATA

IN_PROCESS_KEYS = {
    "machine_guid", "firmware_type", "os", "memory", "filesystems", "interfaces", "health",
}  # fmt: skip


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_pipeline_is_recorded_once(name: str) -> None:
    directory = TESTDATA / name
    for query in PIPELINES:
        answers = [directory / f"{query}.json", directory / f"{query}.error"]
        assert sum(p.exists() for p in answers) == 1, f"{name}: {query}"


@pytest.mark.parametrize("name", SCENARIOS)
def test_in_process_reads_are_recorded(name: str) -> None:
    reads: dict[str, Any] = json.loads((TESTDATA / name / "inprocess.json").read_text("utf-8"))
    assert set(reads) == IN_PROCESS_KEYS


def test_readme_names_every_file_and_its_exact_command() -> None:
    readme = (TESTDATA / "README.md").read_text(encoding="utf-8")
    for name, pipeline in PIPELINES.items():
        assert f"`{name}.json`" in readme
        assert pipeline in readme, f"README.md lacks the pipeline of {name}.json"
    for scenario in SCENARIOS:
        assert f"`{scenario}`" in readme


def test_single_objects_and_arrays_are_both_recorded() -> None:
    first = {p.read_bytes()[:1] for p in TESTDATA.glob("*/*.json") if p.name != "inprocess.json"}
    assert {b"{", b"[", b""} <= first
