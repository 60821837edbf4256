"""load_current: each active agent's latest report, findings and clone flag."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Engine

from collector.store.agents import enroll, revoke
from collector.store.current import load_current
from collector.store.reports import IngestItem, save_batch
from standard.finding import Finding

MakeItem = Callable[..., IngestItem]


def test_load_current_returns_the_latest_per_agent(
    engine: Engine, agents: list[str], item: MakeItem, finding: Callable[..., Finding], now: float
) -> None:
    a, b, c = agents
    with engine.begin() as conn:
        save_batch(conn, [item(a, 1, findings=(finding("old"),)), item(b, 1), item(c, 1)])
    with engine.begin() as conn:
        save_batch(conn, [item(a, 2, findings=(finding("x"), finding("y"))), item(b, 2)])
        enroll(conn, b, "w", "h", "server", "tok", "e" * 64, "i", now)  # a clone of b
        revoke(conn, c, now)
    current = list(load_current(engine, chunk=1))
    assert [(cur.agent_id, json.loads(cur.report_json)["seq"]) for cur in current] == [
        (a, 2),
        (b, 2),
    ]
    assert [f.rule for f in current[0].findings] == ["x", "y"]
    assert current[0].findings[0] == finding("x")
    assert current[1].findings == ()
    assert [cur.clone_suspected for cur in current] == [False, True]
    assert (current[0].received_at, current[0].collected_at) == (now, now - 1.0)


def test_load_current_of_an_empty_store_is_empty(engine: Engine) -> None:
    assert list(load_current(engine)) == []
