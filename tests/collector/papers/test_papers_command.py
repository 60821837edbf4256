"""`wardwatch-collector report`: from the store on SQLite and PostgreSQL, and from a running
collector with the viewer token; bad asks end with status 2 and what to do."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import yaml
from live_collector import ServerThread, collector_config
from papers_state import INVENTORY, LATEST, filled_store

from collector.app import create_app
from standard.model import load_standard

pytestmark = pytest.mark.slow  # a command-line process per case, on both stores
COSTS = load_standard().costs_vnd
CITY_TOTAL = (
    2 * COSTS.replace_pc + COSTS.add_camera + COSTS.add_memory + COSTS.replace_disk_with_ssd
)


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "collector.cli", "report", *args],
                          capture_output=True, timeout=120)  # fmt: skip


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Path:
    """Fill a store (SQLite or PostgreSQL) with the fixed state as of now; return its config."""
    filled_store(store_url, shift=time.time() - LATEST - 30)
    config = tmp_path / "collector.yml"
    storage = {"data_directory": str(tmp_path / "data"), "url": store_url}
    config.write_text(yaml.safe_dump({"storage": storage, "inventory_file": str(INVENTORY)}))
    return config


def test_csv_and_json_to_stdout(store: Path) -> None:
    units = _run("reinvestment", "--config", str(store), "--format", "csv", "--table", "units")
    body = _run("handover", "--config", str(store), "--format", "json", "--unit", "phuong-tan-dinh")

    assert units.returncode == 0, units.stderr
    rows = list(csv.reader(io.StringIO(units.stdout.decode("utf-8-sig"))))
    assert rows[-1][2:] == ["Tổng cộng toàn thành phố", "4", "", str(CITY_TOTAL)]
    assert body.returncode == 0, body.stderr
    records = json.loads(body.stdout)["records"]
    assert [(r["from_key"], r["reported"]) for r in records] == [
        ("quan-1-phuong-tan-dinh", 2), ("quan-1-phuong-da-kao", 1),
    ]  # fmt: skip


def test_the_format_follows_the_file_name(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dau-tu-lai.xlsx"
    done = _run("reinvestment", "--config", str(store), "--lang", "en", "-o", str(out))

    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A1"].value == "Rank"
    assert list(tmp_path.glob(".dau-tu-lai.xlsx.*")) == []  # no temporary file left behind


@pytest.fixture
def running(store_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A collector on the filled store: its URL and its viewer token's file."""
    filled_store(store_url, shift=time.time() - LATEST - 30)
    directory = tmp_path / "collector"
    directory.mkdir()
    config, _, _ = collector_config(directory, store_url)
    config = dataclasses.replace(config, inventory_file=str(INVENTORY))
    server = ServerThread(create_app(config))
    url = server.start()
    yield url, Path(str(config.viewer_token_file))
    server.stop()


def test_from_a_running_collector_with_the_viewer_token(
    running: tuple[str, Path], tmp_path: Path
) -> None:
    url, token = running
    out = tmp_path / "bien-ban.pdf"
    pdf = _run("handover", "--from", url, "--token-file", str(token), "-o", str(out))
    csv_ = _run("readiness", "--from", url, "--token-file", str(token), "--format", "csv")

    assert pdf.returncode == 0, pdf.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert csv_.returncode == 0, csv_.stderr
    assert "Phường Bến Thành" in csv_.stdout.decode("utf-8-sig")


def test_a_wrong_token_or_an_absent_collector_says_what_to_do(
    running: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = running
    wrong = tmp_path / "wrong.token"
    wrong.write_text("not-the-viewer-token-at-all\n")
    refused = _run("readiness", "--from", url, "--token-file", str(wrong), "--format", "csv")
    absent = _run("readiness", "--from", "http://127.0.0.1:9", "--token-file", str(wrong),
                  "--format", "csv")  # fmt: skip
    unknown = _run("readiness", "--from", url, "--token-file", str(wrong.parent / "x"),
                   "--format", "csv")  # fmt: skip

    assert refused.returncode == 2 and b"refused the token (401)" in refused.stderr
    assert absent.returncode == 2 and b"cannot reach the collector" in absent.stderr
    assert unknown.returncode == 2 and b"cannot read secret file" in unknown.stderr
    assert b"Traceback" not in refused.stderr + absent.stderr + unknown.stderr


def test_bad_asks_end_with_status_2_and_what_to_do(store: Path, tmp_path: Path) -> None:
    cases = [
        (("readiness", "--config", str(store), "--format", "csv", "--unit", "phuong-khong-co"),
         "not in the inventory"),
        (("readiness", "--config", str(store), "-o", str(tmp_path / "x.docx")), "give --format"),
        (("readiness", "--config", str(store), "--format", "pdf", "--table", "units"),
         "CSV only"),
        (("readiness", "--config", str(store), "-o", str(tmp_path / "no" / "x.csv")),
         "does not exist"),
        (("readiness", "--from", "http://127.0.0.1:9", "--format", "csv"), "needs --token-file"),
    ]  # fmt: skip
    for args, said in cases:
        done = _run(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert said in done.stderr.decode() and b"Traceback" not in done.stderr, done.stderr


def test_a_missing_store_is_named(tmp_path: Path) -> None:
    config = tmp_path / "c.yml"
    config.write_text(f"storage: {{data_directory: {tmp_path / 'nothing'}}}\n")
    done = _run("readiness", "--config", str(config), "--format", "csv")

    assert done.returncode == 2
    assert f"no store at {tmp_path / 'nothing' / 'wardwatch.sqlite'}" in done.stderr.decode()
    assert not (tmp_path / "nothing").exists()  # reading never creates a store
