"""Store fixtures: a migrated engine and factories for agents and reports."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from collector.store.agents import enroll
from collector.store.engine import make_engine
from collector.store.migrations import migrate
from collector.store.reports import IngestItem
from standard.finding import Finding

NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z

MakeItem = Callable[..., IngestItem]


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """Return a migrated store."""
    eng = make_engine(store_url)
    migrate(eng)
    yield eng
    eng.dispose()


def agent_id(n: int) -> str:
    """Return the 32-hex agent id of test agent `n`."""
    return f"{n:032x}"


@pytest.fixture
def now() -> float:
    """Return the tests' pinned clock, unix seconds."""
    return NOW


@pytest.fixture
def agents(engine: Engine) -> list[str]:
    """Enrol agents 1..3 in ward "phuong-ben-thanh" and return their ids."""
    ids = [agent_id(n) for n in (1, 2, 3)]
    with engine.begin() as conn:
        for n, aid in enumerate(ids, start=1):
            enroll(
                conn,
                aid,
                "phuong-ben-thanh",
                f"pc-{n}",
                "workstation",
                f"{n:064x}",
                f"{n:064x}",
                aid,
                NOW,
            )
    return ids


def _finding(rule: str = "memory_min", measured: Any = 2**31) -> Finding:
    return Finding(
        rule,
        "hardware",
        "warning",
        measured,
        2**32,
        "Thiếu RAM",
        "Too little RAM",
        cost_vnd=1_000_000,
    )


def _item(
    aid: str,
    seq: int,
    ward: str = "phuong-ben-thanh",
    kind: str = "health",
    findings: tuple[Finding, ...] = (),
    received_at: float = NOW,
) -> IngestItem:
    report = {"agent_id": aid, "seq": seq, "ward": ward, "kind": kind}
    return IngestItem(
        aid,
        seq,
        kind,
        json.dumps(report),
        received_at - 1.0,
        received_at,
        ward,
        f"host-{aid[-1]}",
        findings,
        '{"cpu_used_ratio":0.5}',
    )


@pytest.fixture
def item() -> MakeItem:
    """Return a factory of reports: item(agent_id, seq, ward=..., kind=..., findings=...)."""
    return _item


@pytest.fixture
def finding() -> Callable[..., Finding]:
    """Return a factory of findings: finding(rule, measured)."""
    return _finding
