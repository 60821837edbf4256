"""What a collector restart keeps, over real HTTP on SQLite and PostgreSQL.

A machine's availability ratio comes back at once, whether the collector stopped cleanly
(its counts saved), crashed after a periodic save (the reports since are counted again
from history), or never saved any (the whole window counted from history). Without an
inventory, every unit an agent enrolled in keeps its ward rows, 0 reporting once all its
machines fall silent (here after 1 s), before and after a restart.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_client import (
    WARD,
    Agent,
    bearer,
    enroll,
    enroll_payload,
    metrics,
    ndjson,
    post_json,
    sample_value,
    send,
)
from live_collector import WINDOW_SECONDS, ServerThread, collector_config
from sqlalchemy import delete

from collector.app import CollectorApp, create_app
from collector.availability_rebuild import save_availability
from collector.config import CollectorConfig
from collector.runtime import Runtime
from collector.store.availability_counts import SavedSeries, save_counts
from collector.store.engine import make_engine
from collector.store.tables import availability_counts

RATIO = "wardwatch_probe_availability_ratio"


class Restartable:
    """A collector on one store that can be stopped and started again."""

    def __init__(self, config: CollectorConfig, secret: str) -> None:
        self.config, self.secret = config, secret
        self.server: ServerThread | None = None
        self.url = ""

    def start(self) -> None:
        self.server = ServerThread(create_app(self.config))
        self.url = self.server.start()

    def stop(self) -> None:
        assert self.server is not None
        self.server.stop()
        self.server = None

    @property
    def runtime(self) -> Runtime:
        assert self.server is not None
        app = self.server.server.config.app
        assert isinstance(app, CollectorApp)
        runtime: Runtime = app.api.state.runtime
        return runtime

    def store(self, change: Any) -> None:
        """Run `change(conn)` on the store in one transaction, the collector stopped."""
        engine = make_engine(self.config.storage.resolved_url())
        try:
            with engine.begin() as conn:
                change(conn)
        finally:
            engine.dispose()


@pytest.fixture
def restartable(
    store_url: str, tmp_path: Path, short_window_standard: str
) -> Iterator[Restartable]:
    config, secret, _ = collector_config(tmp_path, store_url, short_window_standard)
    collector = Restartable(dataclasses.replace(config, stale_after_seconds=1), secret)
    collector.start()
    yield collector
    if collector.server is not None:
        collector.stop()


def send_cycles(
    collector: Restartable, agent: Agent, probes: dict[bool, list[dict[str, Any]]],
    ups: list[bool], first_seq: int, start: datetime,
) -> None:  # fmt: skip
    """Send one report per cycle, 30 s apart from `start` (collected_at), one per request."""
    for offset, up in enumerate(ups):
        seq = first_seq + offset
        moment = start + timedelta(seconds=30 * (seq - 1))
        report = agent.report(seq, collected_at=moment.isoformat().replace("+00:00", "Z"))
        report["probes"] = probes[up]
        answer = send(collector.url, agent.token, ndjson(report))
        assert answer.status == 200 and answer.body["acknowledged"] == [seq], answer


@pytest.mark.parametrize("how", ["stopped", "crashed_after_a_save", "never_saved"])
def test_the_availability_ratio_is_the_same_right_after_a_restart(
    restartable: Restartable, datacenter_probes: dict[bool, list[dict[str, Any]]], how: str
) -> None:
    collector = restartable
    agent = enroll(collector.url, collector.secret)
    start = datetime.now(UTC) - timedelta(seconds=WINDOW_SECONDS / 2)
    ups = [True] * 4 + [False] * 3 + [True] * 4  # one cycle every 30 s over 5 minutes

    send_cycles(collector, agent, datacenter_probes, ups[:6], 1, start)
    saved_midway = collector.runtime.availability.export()
    save_availability(collector.runtime.engine, collector.runtime.availability)  # as the job does
    send_cycles(collector, agent, datacenter_probes, ups[6:], 7, start)
    before = sample_value(metrics(collector.url), RATIO, agent_id=agent.agent_id)
    collector.stop()

    if how == "crashed_after_a_save":  # the counts on disk are the periodic save's
        collector.store(lambda conn: save_midway(conn, saved_midway))
    elif how == "never_saved":
        collector.store(lambda conn: conn.execute(delete(availability_counts)))
    collector.start()

    assert before == pytest.approx(7 / 10)  # the last report's ratio: the 10 cycles before it
    assert sample_value(metrics(collector.url), RATIO, agent_id=agent.agent_id) == before


def save_midway(conn: Any, saved: list[SavedSeries]) -> None:
    save_counts(conn, saved, datetime.now(UTC).timestamp())


REPORTING = "wardwatch_ward_machines_reporting"
MOVED_OUT = "phuong-cau-ong-lanh"
NEVER_REPORTED = "xa-con-dao"


def test_units_whose_machines_fell_silent_keep_their_rows_across_a_restart(
    restartable: Restartable,
) -> None:
    collector = restartable
    agent = enroll(collector.url, collector.secret)
    mover = enroll(collector.url, collector.secret, ward=MOVED_OUT)
    enroll(collector.url, collector.secret, ward=NEVER_REPORTED)
    assert send(collector.url, agent.token, ndjson(agent.report(1))).status == 200
    assert send(collector.url, mover.token, ndjson(mover.report(1, ward=MOVED_OUT))).status == 200
    moved = post_json(collector.url, "/api/v1/enroll", enroll_payload(
        collector.secret, agent_id=mover.agent_id, fingerprint=mover.fingerprint, ward=WARD,
        hostname=mover.hostname,
    ) | {"next_seq": 2}, bearer(mover.token))  # fmt: skip
    assert moved.status == 200, moved
    answer = send(collector.url, moved.body["token"], ndjson(mover.report(2, ward=WARD)))
    assert answer.body["acknowledged"] == [2], answer
    assert reporting(collector) == {WARD: 2.0, MOVED_OUT: 0.0, NEVER_REPORTED: 0.0}

    time.sleep(1.5)  # past the staleness window: every machine is silent

    assert reporting(collector) == {WARD: 0.0, MOVED_OUT: 0.0, NEVER_REPORTED: 0.0}
    collector.stop()
    collector.start()
    assert reporting(collector) == {WARD: 0.0, MOVED_OUT: 0.0, NEVER_REPORTED: 0.0}
    text = metrics(collector.url)
    assert sample_value(text, "wardwatch_ward_info", ward=MOVED_OUT, ward_name=MOVED_OUT) == 1


def reporting(collector: Restartable) -> dict[str, float]:
    """Return each ward row's machines reporting."""
    text = metrics(collector.url)
    found = {}
    for ward in (WARD, MOVED_OUT, NEVER_REPORTED):
        value = sample_value(text, REPORTING, ward=ward)
        if value is not None:
            found[ward] = value
    return found
