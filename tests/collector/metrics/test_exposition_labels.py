"""Label values survive the text format exactly, whatever UTF-8 they hold."""

from __future__ import annotations

import pytest
from metrics_state import M1, M3, NASTY_WARD, NOW, machine
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from collector.metrics import render
from collector.metrics.textformat import escape_label_value
from collector.state import Fleet

NASTY = [
    '"',
    "\\",
    "\n",
    "\\n",
    '\\"',
    "\r\t",
    "a\\",
    "Đặc khu Côn Đảo 🏝",
    '{a="b"} 1',
    "%s %d",
    "",
]


def samples(body: bytes) -> list[Sample]:
    """Parse `body` back with prometheus_client's parser."""
    return [s for f in text_string_to_metric_families(body.decode()) for s in f.samples]


def info_of(body: bytes, agent_id: str) -> dict[str, str]:
    """Return the labels of wardwatch_machine_info for `agent_id`."""
    (info,) = [
        s for s in samples(body) if s.name == "wardwatch_machine_info"
        and s.labels["agent_id"] == agent_id
    ]  # fmt: skip
    return dict(info.labels)


def test_nasty_ward_name_round_trips(fast_body: bytes) -> None:
    (ward,) = [s for s in samples(fast_body) if s.labels.get("ward") == "phuong-ben-thanh"
               and s.name == "wardwatch_ward_info"]  # fmt: skip
    assert ward.labels["ward_name"] == NASTY_WARD
    assert info_of(fast_body, M3)["ward"] == NASTY_WARD


def test_machine_info_labels_round_trip(fast_body: bytes) -> None:
    assert info_of(fast_body, M1) == {
        "agent_id": M1, "cpu_model": 'Intel "OEM" \\ 2.0GHz', "hostname": "PC-a1a1",
        "os": "Windows 11 Pro", "os_version": "10.0.22631", "role": "workstation",
        "ward": "phuong-ben-thanh",
    }  # fmt: skip
    assert info_of(fast_body, M3)["hostname"] == "máy-chủ-01"


@pytest.mark.parametrize("text", NASTY)
def test_any_label_value_round_trips(text: str) -> None:
    fleet = Fleet()
    fleet.put(machine(M1, text, hostname=text, cpu_model=text, probes=()))
    labels = info_of(render(fleet, (), None, now=NOW), M1)
    assert (labels["ward"], labels["hostname"], labels["cpu_model"]) == (text, text, text)


def test_escaping_touches_only_backslash_quote_and_line_feed() -> None:
    assert escape_label_value('a\\b"c\nd\re\tđ') == 'a\\\\b\\"c\\nd\re\tđ'
