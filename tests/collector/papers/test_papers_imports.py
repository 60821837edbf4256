"""WeasyPrint and XlsxWriter load only when a PDF or a workbook is written: not at the
collector's start, not on the command line's other commands, never in the agent."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("weasyprint", "xlsxwriter", "pydyf", "fontTools")


@pytest.mark.parametrize("module", ["collector.app", "collector.cli", "agent.cli"])
def test_importing_loads_neither_writer(module: str) -> None:
    probe = f"import sys, {module}; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"
