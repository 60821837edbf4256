"""The collector's config: the example documents every key, bad values name their line."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from agent.config import IntervalsConfig, RemoteConfig
from collector import config
from collector.staleness import stale_after_seconds
from configfile.errors import ConfigError
from standard.model import AgentStandard, load_standard

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "testdata" / "collector-config"
EXAMPLE = ROOT / "collector" / "collector.example.yml"


def _cases() -> list[tuple[str, str]]:
    lines = (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(" ", 1)) for line in lines if line]  # type: ignore[misc]


@pytest.mark.parametrize(("where", "message"), _cases())
def test_bad_config_is_refused_naming_file_line_and_key(where: str, message: str) -> None:
    name, line, _ = where.split(":")
    with pytest.raises(ConfigError) as caught:
        config.load(BAD / name)
    assert str(caught.value).startswith(f"{BAD / name}:{line}:"), str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize("name", ["missing-admin-token.yml", "missing-inventory.yml"])
def test_a_missing_file_is_named_with_its_key_by_serve_and_check_config(name: str) -> None:
    for command in ("serve", "check-config"):
        done = subprocess.run(
            [sys.executable, "-m", "collector.cli", command, "--config", str(BAD / name)],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip

        assert done.returncode == 2, done.stderr
        assert f"{BAD / name}:2:" in done.stderr and "does not exist" in done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) <= 2


def test_example_loads_to_the_defaults() -> None:
    loaded = config.load(EXAMPLE)
    assert loaded == config.CollectorConfig()


def test_example_documents_every_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for top in dataclasses.fields(config.CollectorConfig):
        assert f"{top.name}:" in text, f"collector.example.yml lacks {top.name}"
    for section in ("listen", "storage", "limits", "metrics", "papers"):
        for f in dataclasses.fields(getattr(config.CollectorConfig(), section)):
            assert f"{f.name}:" in text, f"collector.example.yml lacks {section}.{f.name}"


def test_relative_paths_are_taken_from_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "c.yml").write_text(
        "storage: {data_directory: data}\nadmin_token_file: admin.token\n"
        "enrollment_secret_files: {'*': secrets/city}\n",
        encoding="utf-8",
    )
    (tmp_path / "secrets").mkdir()
    for named in ("admin.token", "secrets/city"):
        (tmp_path / named).write_text("a-secret-of-24-characters\n")
    loaded = config.load(tmp_path / "c.yml")
    assert loaded.storage.data_directory == str(tmp_path / "data")
    assert loaded.admin_token_file == str(tmp_path / "admin.token")
    assert loaded.enrollment_secret_files == {"*": str(tmp_path / "secrets" / "city")}
    assert loaded.storage.resolved_url() == f"sqlite:///{tmp_path / 'data' / 'wardwatch.sqlite'}"


def test_check_config_reads_every_file_the_config_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from collector.cli import main

    (tmp_path / "city.secret").write_text("s" * 24 + "\n", encoding="utf-8")
    (tmp_path / "short.secret").write_text("x\n", encoding="utf-8")
    good = tmp_path / "good.yml"
    good.write_text("enrollment_secret_files: {'*': city.secret}\n"
                    f"inventory_file: {ROOT / 'inventory' / 'data' / 'hcmc-example.yml'}\n",
                    encoding="utf-8")  # fmt: skip
    bad = tmp_path / "bad.yml"
    bad.write_text("enrollment_secret_files: {'*': short.secret}\n", encoding="utf-8")

    assert main(["check-config", "--config", str(good)]) == 0
    assert "168 wards, 1 enrollment secrets" in capsys.readouterr().out
    assert main(["check-config", "--config", str(bad)]) == 2
    assert "short.secret is shorter than 16 characters" in capsys.readouterr().err


def test_silence_follows_the_standards_missed_intervals() -> None:
    standard = load_standard()
    assert standard.agent.stale_after_intervals == 3
    assert stale_after_seconds(config.CollectorConfig(), standard) == 180  # 3 x 60 s
    five = dataclasses.replace(standard, agent=AgentStandard(stale_after_intervals=5))
    assert stale_after_seconds(config.CollectorConfig(), five) == 300
    every_30 = RemoteConfig(intervals=IntervalsConfig(health_seconds=30))
    assert stale_after_seconds(config.CollectorConfig(agents=every_30), standard) == 90
    explicit = config.CollectorConfig(stale_after_seconds=600)
    assert stale_after_seconds(explicit, standard) == 600


def test_postgresql_gets_two_writers_and_sqlite_one() -> None:
    postgres = config.StorageConfig(url="postgresql+psycopg://wardwatch@db/wardwatch")
    assert config.StorageConfig().writer_count() == 1
    assert postgres.writer_count() == 2
    assert dataclasses.replace(postgres, writers=4).writer_count() == 4


def test_a_viewer_token_that_is_the_admin_token_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from collector.cli import main

    for name in ("admin.token", "viewer.token", "other.token"):
        token = "the-other-token-of-24" if name == "other.token" else "one-token-for-both-24"
        (tmp_path / name).write_text(token + "\n", encoding="utf-8")
    same = tmp_path / "same.yml"
    same.write_text("admin_token_file: admin.token\nviewer_token_file: viewer.token\n")
    apart = tmp_path / "apart.yml"
    apart.write_text("admin_token_file: admin.token\nviewer_token_file: other.token\n")

    assert main(["check-config", "--config", str(same)]) == 2
    assert "holds the admin token: give the viewer a token of its own" in capsys.readouterr().err
    assert main(["check-config", "--config", str(apart)]) == 0
    assert "reports for viewers on" in capsys.readouterr().out
