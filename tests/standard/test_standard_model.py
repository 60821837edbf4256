"""The standard and end-of-support files: the shipped ones load, each invalid one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from configfile.errors import ConfigError
from configfile.load import load_file
from standard.model import DEFAULT_OS_SUPPORT, StandardFile, load_standard
from standard.os_support import OsSupport

TESTDATA = Path(__file__).resolve().parents[1] / "testdata" / "standard"
INVALID = sorted((TESTDATA / "invalid").glob("*.yml"))
OS_INVALID = sorted((TESTDATA / "os_support_invalid").glob("*.yml"))


def expectation(path: Path) -> tuple[str, bool]:
    """Read the expected error from the file's second line: (text, whole message?)."""
    line = path.read_text(encoding="utf-8").splitlines()[1]
    kind, _, text = line.removeprefix("# ").partition(": ")
    assert kind in ("expect", "expect-start"), path
    return f"{path}:{text}", kind == "expect"


def test_default_standard_loads_every_role_and_target() -> None:
    standard = load_standard()
    assert set(standard.roles) == {"workstation", "server", "video_conference"}
    assert set(standard.links) == {
        "datacenter",
        "video_conference",
        "records",
        "documents",
        "feedback_1022",
    }
    assert standard.roles["video_conference"].require_camera
    assert standard.replacement_cost_vnd("server") > standard.replacement_cost_vnd("workstation")


def test_default_os_support_cites_a_source_for_every_release() -> None:
    table = load_file(DEFAULT_OS_SUPPORT, OsSupport)
    assert len(table.releases) > 30
    assert all(r.source.startswith("https://") for r in table.releases)


def test_there_is_an_invalid_file_per_rule() -> None:
    assert len(INVALID) >= 20 and len(OS_INVALID) >= 6


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_standard_is_refused_with_file_line_and_key(path: Path) -> None:
    expected, whole = expectation(path)
    with pytest.raises(ConfigError) as caught:
        load_file(path, StandardFile)
    message = " ".join(str(caught.value).split())
    assert message == expected if whole else message.startswith(expected)


@pytest.mark.parametrize("path", OS_INVALID, ids=lambda p: p.stem)
def test_invalid_os_support_is_refused_with_file_line_and_key(path: Path) -> None:
    expected, whole = expectation(path)
    with pytest.raises(ConfigError) as caught:
        load_standard(os_support_path=path)
    message = " ".join(str(caught.value).split())
    assert message == expected if whole else message.startswith(expected)
