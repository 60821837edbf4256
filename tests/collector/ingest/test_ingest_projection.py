"""The ingest projection keeps a machine's facts while its inventory stays the same bytes."""

from __future__ import annotations

import copy
import json
from typing import Any

from battery_reports import GIB, build

from collector.ingest.decode import Decoded, decode
from collector.ingest.projection import Projection
from collector.state import project


def _decoded(report: dict[str, Any]) -> Decoded:
    checked = decode(json.dumps(report).encode())
    assert isinstance(checked, Decoded), checked
    return checked


def test_same_state_as_project_report_after_report() -> None:
    projection = Projection()
    report = build()
    for seq in (1, 2):
        report["seq"] = seq
        report["health"]["cpu_used_ratio"] = 0.1 * seq
        checked = _decoded(report)
        state = projection(checked, (), 5.0, {"datacenter": 0.5})
        expected = project(report, (), 5.0, checked.collected_at, availability={"datacenter": 0.5})
        assert state == expected
        assert state.cpu_used_ratio == 0.1 * seq


def test_a_memory_upgrade_shows_at_the_next_report() -> None:
    projection = Projection()
    report = build()
    report["hardware"]["memory"]["total_bytes"] = 4 * GIB
    assert projection(_decoded(report), (), 5.0).memory_total_bytes == 4 * GIB
    upgraded = copy.deepcopy(report)
    upgraded["hardware"]["memory"]["total_bytes"] = 32 * GIB
    upgraded["seq"] += 1
    assert projection(_decoded(upgraded), (), 6.0).memory_total_bytes == 32 * GIB


def test_an_os_upgrade_shows_at_the_next_report() -> None:
    projection = Projection()
    report = build()
    projection(_decoded(report), (), 5.0)
    upgraded = copy.deepcopy(report)
    upgraded["os"]["version"] = "99.04"
    upgraded["seq"] += 1
    assert projection(_decoded(upgraded), (), 6.0).os_version == "99.04"
