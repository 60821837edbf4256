"""Enrollment: token stored privately and atomically, seq moved past the collector's."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_collector import IDENTITY, FakeCollector, closed_port

from agent import statefile
from agent.config import AgentConfig
from agent.enroll import EnrollError, EnrollResult, enroll
from agent.spool import SPOOL_FILE, Spool


@pytest.fixture
def fake() -> Iterator[FakeCollector]:
    with FakeCollector() as server:
        yield server


def run_enroll(url: str, state: Path, secret: str = "s3cret") -> EnrollResult:
    return enroll(url, "26734", secret, state, IDENTITY, "pc-01", AgentConfig())


def test_enroll_stores_a_private_token(tmp_path: Path, fake: FakeCollector) -> None:
    result = run_enroll(fake.url, tmp_path)
    path = tmp_path / "token"
    assert result.token_path == path
    assert statefile.read_token(tmp_path) == "t0ken"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    sent = fake.enrollments[0]
    assert (sent["ward"], sent["agent_id"], sent["hostname"]) == ("26734", "a" * 32, "pc-01")
    assert sent["identity"] == IDENTITY.as_report()


def test_enroll_moves_the_seq_past_the_collectors(tmp_path: Path, fake: FakeCollector) -> None:
    fake.stored = {41: {}}
    result = run_enroll(fake.url, tmp_path)
    assert (result.collector_last_seq, result.next_seq) == (41, 42)
    with Spool.open(tmp_path / SPOOL_FILE, 1 << 20) as spool:
        assert spool.next_seq() == 42


def test_enroll_never_moves_the_seq_back(tmp_path: Path, fake: FakeCollector) -> None:
    with Spool.open(tmp_path / SPOOL_FILE, 1 << 20) as spool:
        spool.advance_to(99)
    fake.stored = {5: {}}
    assert run_enroll(fake.url, tmp_path).next_seq == 100


def test_enroll_returns_the_pushed_config(tmp_path: Path, fake: FakeCollector) -> None:
    fake.push_config = {"intervals": {"health_seconds": 30}}
    result = run_enroll(fake.url, tmp_path)
    assert result.config_text == '{"intervals": {"health_seconds": 30}}'


def test_a_wrong_secret_says_what_to_check(tmp_path: Path, fake: FakeCollector) -> None:
    with pytest.raises(EnrollError) as caught:
        run_enroll(fake.url, tmp_path, secret="guess")
    message = str(caught.value)
    assert message.startswith("collector said 403: bad secret")
    assert "wrong enrollment secret for ward 26734; check --secret-file" in message
    assert not (tmp_path / "token").exists()


def test_an_unreachable_collector_says_what_to_check(tmp_path: Path) -> None:
    with pytest.raises(EnrollError, match=r"nothing listens there; check collector\.url"):
        run_enroll(f"http://127.0.0.1:{closed_port()}", tmp_path)


def test_a_wrong_url_says_what_to_check(tmp_path: Path, fake: FakeCollector) -> None:
    with pytest.raises(EnrollError, match="no enrollment endpoint"):
        run_enroll(fake.url + "/wardwatch", tmp_path)


def test_an_answer_without_token_is_refused(tmp_path: Path, fake: FakeCollector) -> None:
    fake.token = ""
    with pytest.raises(EnrollError, match="without a usable token"):
        run_enroll(fake.url, tmp_path)


def test_token_rewrite_is_atomic_and_private(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("old\n")
    os.chmod(path, 0o644)
    statefile.write_token(tmp_path, "new")
    assert statefile.read_token(tmp_path) == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["token"]  # no temp file left


def test_no_token_before_enrollment(tmp_path: Path) -> None:
    assert statefile.read_token(tmp_path) is None


def test_enroll_keeps_the_collectors_staleness_window(tmp_path: Path, fake: FakeCollector) -> None:
    fake.stale_after = 90
    run_enroll(fake.url, tmp_path)
    with Spool.open(tmp_path / SPOOL_FILE, 1 << 20) as spool:
        assert spool.collector_window_seconds() == 90


def test_a_move_answer_without_a_request_number_is_an_enroll_error(
    tmp_path: Path, fake: FakeCollector
) -> None:
    fake.enroll_answer = (202, {}, b'{"request_id": "4", "from_ward": "26734"}')
    with pytest.raises(EnrollError, match="bad request_id '4'; upgrade the collector"):
        run_enroll(fake.url, tmp_path)
