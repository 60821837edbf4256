"""Collector health: ingest rate, refusals by reason, latency, and reports agents dropped."""

from __future__ import annotations

from grafana_foundation_sdk.builders import bargauge, stat, timeseries
from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards import uids, variables
from dashboards.board import board
from dashboards.panels import Query, bar_panel, stat_panel, steps, time_panel
from dashboards.promql import UNIT, with_ward_name
from dashboards.text import Lang, Text

TITLE = Text("wardwatch: Bộ thu thập (collector)", "wardwatch: Collector health")
ABOUT = Text(
    "Bộ thu thập: số báo cáo nhận mỗi giây, báo cáo bị từ chối theo lý do, độ trễ tiếp nhận, "
    "báo cáo agent không giữ được (hàng đợi đầy), tài nguyên của tiến trình.",
    "The collector: reports accepted per second, reports refused by reason, ingest latency, "
    "reports agents could not keep (spool full), the process's resources.",
)
ACCEPTED = "wardwatch_ingest_reports_accepted_total"
REJECTED = "wardwatch_ingest_reports_rejected_total"
LATENCY = "wardwatch_ingest_latency_seconds_bucket"
BATCH = "wardwatch_ingest_batch_size_reports_bucket"
DROPPED = f"wardwatch_ingest_agent_dropped_reports_total{{{UNIT}}}"
TOP = 15


def rate(counter: str, by: str = "") -> str:
    """Return the per-second rate of `counter`, summed (by `by` when given)."""
    return f"sum{f' by ({by})' if by else ''} (rate({counter}[$__rate_interval]))"


def quantile(q: float, buckets: str) -> str:
    """Return the `q` quantile of a histogram's buckets over the rate interval."""
    return f"histogram_quantile({q}, {rate(buckets, 'le')})"


def machines(lang: Lang) -> stat.Panel:
    """Machines the collector holds."""
    return stat_panel(
        Text("Máy đang quản lý", "Machines held"),
        Text("Số máy collector đang giữ trạng thái.", "Machines the collector holds state for."),
        [Query("sum(wardwatch_fleet_machines)", "", "instant")], lang,
    ).thresholds(steps("blue"))  # fmt: skip


def ingest_rate(lang: Lang) -> stat.Panel:
    """Reports accepted per second."""
    return stat_panel(
        Text("Báo cáo nhận mỗi giây", "Reports accepted per second"),
        Text("Báo cáo được chấp nhận và ghi vào kho dữ liệu.", "Reports accepted and committed."),
        [Query(rate(ACCEPTED), "", "instant")], lang,
    ).unit("reqps").decimals(1).thresholds(steps("blue"))  # fmt: skip


def refused(lang: Lang) -> stat.Panel:
    """Reports refused over the dashboard's time range."""
    return stat_panel(
        Text("Báo cáo bị từ chối", "Reports refused"),
        Text("Báo cáo bị trả lời 4xx trong khoảng thời gian đang xem.",
             "Reports answered with a 4xx over the time range shown."),
        [Query(f"sum(increase({REJECTED}[$__range]))", "", "instant")], lang,
    ).decimals(0).thresholds(steps("green", (1, "orange")))  # fmt: skip


def latency_p99(lang: Lang) -> stat.Panel:
    """The 99th percentile ingest latency."""
    return stat_panel(
        Text("Độ trễ tiếp nhận p99", "Ingest latency p99"),
        Text("Từ lúc nhận đến lúc xác nhận một báo cáo.",
             "From receiving a report to acknowledging it."),
        [Query(quantile(0.99, LATENCY), "", "instant")], lang,
    ).unit("s").thresholds(steps("green", (0.05, "orange"), (0.5, "red")))  # fmt: skip


def drops(lang: Lang) -> stat.Panel:
    """Reports agents could not keep, over the time range."""
    return stat_panel(
        Text("Báo cáo agent bị mất", "Reports agents dropped"),
        Text("Báo cáo agent không giữ được (hàng đợi hoặc ổ đĩa đầy), theo báo cáo kế tiếp.",
             "Reports agents could not keep (spool or disk full), as their next reports tell."),
        [Query(f"sum(increase({DROPPED}[$__range]))", "", "instant")], lang,
    ).decimals(0).thresholds(steps("green", (1, "red")))  # fmt: skip


def scrape_time(lang: Lang) -> stat.Panel:
    """How long Prometheus takes to scrape the collector's /metrics."""
    scrape = "scrape_duration_seconds and on (instance, job) wardwatch_fleet_machines"
    return stat_panel(
        Text("Thời gian đọc /metrics", "/metrics scrape time"),
        Text("Thời gian Prometheus đọc /metrics của collector.",
             "How long Prometheus takes to scrape the collector's /metrics."),
        [Query(f"max({scrape})", "", "instant")], lang,
    ).unit("s").thresholds(steps("green", (1, "orange"), (10, "red")))  # fmt: skip


def reports_over_time(lang: Lang) -> timeseries.Panel:
    """Reports accepted and refused per second, refused by reason."""
    return time_panel(
        Text("Báo cáo mỗi giây", "Reports per second"),
        Text("Chấp nhận; từ chối theo lý do.", "Accepted; refused, by reason."),
        [Query(rate(ACCEPTED), Text("chấp nhận", "accepted")),
         Query(f"{rate(REJECTED, 'reason')} > 0",
               Text("từ chối: {{reason}}", "refused: {{reason}}"))],
        lang,
    ).unit("reqps")  # fmt: skip


def latency_over_time(lang: Lang) -> timeseries.Panel:
    """Ingest latency quantiles over time."""
    return time_panel(
        Text("Độ trễ tiếp nhận", "Ingest latency"),
        Text("Phân vị 50, 95 và 99 của thời gian từ lúc nhận đến lúc xác nhận báo cáo.",
             "50th, 95th and 99th percentiles of the time from receiving to acknowledging."),
        [Query(quantile(q, LATENCY), f"p{q * 100:g}") for q in (0.5, 0.95, 0.99)], lang,
    ).unit("s")  # fmt: skip


def batches_over_time(lang: Lang) -> timeseries.Panel:
    """Reports committed per transaction over time."""
    return time_panel(
        Text("Báo cáo mỗi lần ghi", "Reports per commit"),
        Text("Số báo cáo ghi chung một giao dịch (phân vị 50 và 99).",
             "Reports committed together in one transaction (50th and 99th percentiles)."),
        [Query(quantile(q, BATCH), f"p{q * 100:g}") for q in (0.5, 0.99)], lang,
    )  # fmt: skip


def drops_by_unit(lang: Lang) -> bargauge.Panel:
    """The units whose agents dropped the most reports."""
    worst = f"topk({TOP}, sum by (ward) (increase({DROPPED}[$__range])) > 0)"
    return bar_panel(
        Text(f"Báo cáo agent bị mất theo đơn vị ({TOP} đơn vị nhiều nhất)",
             f"Reports agents dropped by unit (the {TOP} with most)"),
        Text("Trong khoảng thời gian đang xem: máy để hàng đợi đầy thường mất mạng lâu hoặc "
             "đầy ổ đĩa.", "Over the time range shown: a full spool usually means a long "
             "outage or a full disk."),
        [Query(f"sort_desc({with_ward_name(worst)})", "{{ward_name}}", "instant")], lang,
    ).decimals(0).thresholds(steps("red"))  # fmt: skip


def process(lang: Lang) -> timeseries.Panel:
    """The collector process's memory, CPU and open files."""
    cpu = "rate(wardwatch_process_cpu_seconds_total[$__rate_interval])"
    return time_panel(
        Text("Tiến trình collector", "Collector process"),
        Text("RAM thường trú (byte), CPU (giây mỗi giây), số tệp đang mở.",
             "Resident memory (bytes), CPU (seconds per second), open files."),
        [Query("wardwatch_process_resident_memory_bytes", Text("RAM", "memory")),
         Query(cpu, Text("CPU", "CPU")),
         Query("wardwatch_process_open_fds", Text("tệp mở", "open files"))],
        lang,
    )  # fmt: skip


def build(lang: Lang) -> Dashboard:
    """Return the collector health dashboard in `lang`."""
    return (
        board(uids.COLLECTOR, TITLE, ABOUT, lang)
        .with_variable(variables.datasource(lang))
        .with_variable(variables.unit(lang, many=True))
        .with_panel(machines(lang))
        .with_panel(ingest_rate(lang))
        .with_panel(refused(lang))
        .with_panel(latency_p99(lang))
        .with_panel(drops(lang))
        .with_panel(scrape_time(lang))
        .with_row(Row(Text("Tiếp nhận", "Ingest").in_(lang)))
        .with_panel(reports_over_time(lang))
        .with_panel(latency_over_time(lang))
        .with_panel(batches_over_time(lang))
        .with_panel(drops_by_unit(lang))
        .with_row(Row(Text("Tiến trình", "Process").in_(lang)))
        .with_panel(process(lang).span(24))
    )
