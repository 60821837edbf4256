"""The committed dashboards and rules are what the generator writes, and hold together."""

from __future__ import annotations

import re
from typing import Any

import pytest
from panel_queries import GENERATED, dashboards, panels, queries

from collector.metrics.families import all_families
from collector.metrics.self_metrics import SelfMetrics
from dashboards import output, rollups

UIDS = {
    f"{base}-{lang}"
    for base in ("wardwatch-city", "wardwatch-unit", "wardwatch-machine", "wardwatch-links",
                 "wardwatch-collector")
    for lang in ("vi", "en")
}  # fmt: skip
PROMETHEUS_OWN = {"scrape_duration_seconds"}  # series Prometheus writes for each scrape
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}


def test_the_committed_files_are_what_the_generator_writes() -> None:
    stale = output.stale()

    assert stale == [], f"out of date: {stale}; run wardwatch-dashboards and commit"


def test_two_builds_write_the_same_bytes() -> None:
    assert output.generated() == output.generated()


def test_every_dashboard_has_its_fixed_uid() -> None:
    found = [doc["uid"] for lang in ("vi", "en") for doc in dashboards(lang).values()]

    assert sorted(found) == sorted(UIDS)


def test_each_language_asks_the_same_queries() -> None:
    def exprs(lang: str) -> list[tuple[str, str]]:
        return [(q.dashboard, q.expr) for q in queries(lang)]

    assert exprs("vi") == exprs("en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_panel_reads_the_datasource_variable(lang: str) -> None:
    for name, doc in dashboards(lang).items():
        variables = {v["name"]: v for v in doc["templating"]["list"]}
        assert variables["datasource"]["query"] == "prometheus", name
        for panel in panels(doc):
            assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, name


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_unit_and_machine_choices_come_from_the_info_metrics(lang: str) -> None:
    for doc in dashboards(lang).values():
        variables = {v["name"]: v for v in doc["templating"]["list"]}
        assert variables["unit"]["query"] == "query_result(wardwatch_ward_info)"
        if "machine" in variables:
            assert variables["machine"]["query"].startswith("query_result(wardwatch_machine_info{")
        if "role" in variables:
            assert [o["value"] for o in variables["role"]["options"]][1:] == [
                "workstation", "server", "video_conference"]  # fmt: skip


def texts(doc: dict[str, Any]) -> list[str]:
    """Return a dashboard's title, description and its panels' titles and descriptions."""
    found = [doc["title"], doc["description"]]
    for panel in doc["panels"]:
        found.append(panel["title"])
        for inner in panel.get("panels", []):
            found += [inner["title"], inner["description"]]
        found += [panel["description"]] if "description" in panel else []
    return found


def test_every_text_is_written_in_each_language() -> None:
    vi, en = dashboards("vi"), dashboards("en")
    for name in vi:
        pairs = list(zip(texts(vi[name]), texts(en[name]), strict=True))
        assert all(v != e for v, e in pairs), [p for p in pairs if p[0] == p[1]]
        assert re.search("[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữ]", vi[name]["title"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_links_between_dashboards_stay_in_their_language(lang: str) -> None:
    for path in sorted((GENERATED / lang).glob("*.json")):
        urls = re.findall(r'"url": "/d/([a-z-]+)', path.read_text(encoding="utf-8"))
        assert urls or path.stem in ("collector-health", "machine-detail"), path
        assert all(uid in UIDS and uid.endswith(f"-{lang}") for uid in urls), urls


def collector_metric_names() -> set[str]:
    """Return every series name the collector's /metrics can hold."""
    names = {family.name for family in all_families()}
    for family in SelfMetrics().registry.collect():
        names |= {family.name + suffix for suffix in SUFFIXES.get(family.type, ("",))}
    return names


def metric_names(expr: str) -> set[str]:
    """Return the metric names an expression reads (label values and names left out)."""
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    bare = re.sub(r"\{[^}]*\}", "", bare)
    bare = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", bare)
    words = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", bare))
    return {w for w in words if w.startswith("wardwatch_") or ":" in w or w in PROMETHEUS_OWN}


def test_every_metric_a_panel_or_rule_reads_exists() -> None:
    exposed = collector_metric_names() | PROMETHEUS_OWN
    recorded = {r.record for r in rollups.ROLLUPS}
    read = {name for q in queries("vi") for name in metric_names(q.expr)}
    read |= {name for r in rollups.ROLLUPS for name in metric_names(r.expr())}

    assert read - exposed - recorded == set()
    assert {"wardwatch_ward_handovers_in", "wardwatch_ingest_latency_seconds_bucket"} <= read


def test_every_recorded_series_is_read_by_a_panel() -> None:
    read = {name for q in queries("vi") for name in metric_names(q.expr)}

    assert {r.record for r in rollups.ROLLUPS} - read == set()
