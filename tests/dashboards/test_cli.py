"""`wardwatch-dashboards`: writes the generated files, and `--check` names a stale one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from panel_queries import GENERATED

from dashboards.cli import main


def copy_of_generated(tmp_path: Path) -> Path:
    root = tmp_path / "dashboards"
    for part in ("vi", "en", "rules"):
        shutil.copytree(GENERATED / part, root / part)
    return root


def test_the_committed_files_pass_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert capsys.readouterr().err == ""


def test_a_changed_dashboard_fails_the_check_and_says_what_to_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_of_generated(tmp_path)
    edited = root / "en" / "unit-detail.json"
    edited.write_text(edited.read_text().replace("Unit", "Ward", 1))
    (root / "rules" / "wardwatch.yml").unlink()

    assert main(["--check", "--out", str(root), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "out of date: en/unit-detail.json" in err
    assert "out of date: rules/wardwatch.yml" in err
    assert "run wardwatch-dashboards, then commit the files" in err


def test_generating_writes_what_is_missing_and_then_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "dashboards"

    assert main(["--out", str(root)]) == 0
    assert "đã ghi vi/city-overview.json" in capsys.readouterr().out
    assert main(["--out", str(root)]) == 0
    assert capsys.readouterr().out == "không có gì thay đổi\n"
    assert main(["--check", "--out", str(root)]) == 0
