"""A machine's availability to a link target over the standard's window, from its reports.

The collector under test judges by the shipped standard with the links' window cut to
10 minutes, so reports whose `collected_at` spans 5 minutes (half the window) make the
ratio known. The probes are the agent's own, run against a loopback listener (success)
and a closed port (connection refused).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from api_client import enroll, metrics, ndjson, sample_value, send
from live_collector import WINDOW_SECONDS, LiveCollector
from sqlalchemy import select

from collector.store.engine import make_engine
from collector.store.findings import findings_of
from collector.store.tables import findings
from standard.finding import Finding


@pytest.fixture(scope="module")
def collector_standard(short_window_standard: str) -> str:
    return short_window_standard


def test_availability_over_the_window_is_exposed_and_judged(
    collector: LiveCollector, datacenter_probes: dict[bool, list[dict[str, Any]]]
) -> None:
    assert datacenter_probes[True][0]["result"] == "success"
    assert datacenter_probes[False][0]["result"] == "connection_refused"
    agent = enroll(collector.url, collector.secret)
    start = datetime.now(UTC) - timedelta(seconds=WINDOW_SECONDS / 2)
    ups = [True] * 7 + [False] * 3 + [True]  # one cycle every 30 s over 5 minutes

    def ratio_and_compliance() -> tuple[float | None, float | None]:
        text = metrics(collector.url)
        return (
            sample_value(text, "wardwatch_probe_availability_ratio", agent_id=agent.agent_id),
            sample_value(text, "wardwatch_machine_compliant", agent_id=agent.agent_id),
        )

    for seq, up in enumerate(ups, start=1):
        collected = start + timedelta(seconds=30 * (seq - 1))
        report = agent.report(seq, collected_at=collected.isoformat().replace("+00:00", "Z"))
        report["probes"] = datacenter_probes[up]
        answer = send(collector.url, agent.token, ndjson(report))
        assert answer.status == 200 and answer.body["acknowledged"] == [seq], answer
        if seq == len(ups) - 1:  # 4.5 minutes observed: not yet half the window
            assert ratio_and_compliance()[0] is None

    # The last report is judged on the 10 cycles before it: 7 of 10 reached the data centre,
    # under the standard's 99%; its own probe succeeded, so that is its only link finding.
    assert ratio_and_compliance() == (pytest.approx(0.7), 0.0)
    stored = stored_findings(collector, agent.agent_id)
    assert [(f.target, f.measured) for f in stored if f.rule == "link_availability"] == [
        ("datacenter", pytest.approx(0.7))
    ]
    assert not [f for f in stored if f.rule == "link_failing"]


def test_a_report_stamped_days_ahead_does_not_blind_the_window(
    collector: LiveCollector, datacenter_probes: dict[bool, list[dict[str, Any]]]
) -> None:
    agent = enroll(collector.url, collector.secret)
    now = datetime.now(UTC)

    def send_at(seq: int, moment: datetime, up: bool) -> None:
        report = agent.report(seq, collected_at=moment.isoformat().replace("+00:00", "Z"))
        report["probes"] = datacenter_probes[up]
        answer = send(collector.url, agent.token, ndjson(report))
        assert answer.status == 200 and answer.body["acknowledged"] == [seq], answer

    send_at(1, now + timedelta(days=2), up=True)  # an agent clock two days fast, once
    start = now - timedelta(seconds=WINDOW_SECONDS / 2)
    ups = [True] * 7 + [False] * 3 + [True]
    for seq, up in enumerate(ups, start=2):
        send_at(seq, start + timedelta(seconds=30 * (seq - 2)), up)
    ratio = sample_value(
        metrics(collector.url), "wardwatch_probe_availability_ratio", agent_id=agent.agent_id
    )
    assert ratio == pytest.approx(8 / 11)  # the fast report counted as now, not in two days


def stored_findings(collector: LiveCollector, agent_id: str) -> tuple[Finding, ...]:
    """Read an agent's current findings from the collector's store."""
    engine = make_engine(collector.store_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(findings).where(findings.c.agent_id == agent_id))
            return findings_of(rows)
    finally:
        engine.dispose()
