"""Fixtures of the documents' tests: the fixed state (papers_state.py) read from a store."""

from __future__ import annotations

import pytest
from papers_state import fixed_inputs

from collector.papers.inputs import PaperInputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> PaperInputs:
    """Return the fixed state's inputs, read from a SQLite store at the state's NOW."""
    directory = tmp_path_factory.mktemp("papers")
    return fixed_inputs(f"sqlite:///{directory / 'wardwatch.sqlite'}", directory)
