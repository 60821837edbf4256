"""The live view of a running city: enrolled agents, reports sent and refused, rate, faults.

On a terminal it is a rich table redrawn twice a second; otherwise (a log file, a test)
one line every LINE_SECONDS, so the output stays readable when kept.
"""

from __future__ import annotations

import time
from collections import Counter

from rich.console import Console
from rich.live import Live
from rich.table import Table

from simulator.runner import CityRunner
from simulator.stats import Stats

LINE_SECONDS = 10.0
LABELS = {
    "title": ("Thành phố mô phỏng wardwatch", "wardwatch simulated city"),
    "enrolled": ("Đã đăng ký", "Enrolled"),
    "moved": ("Máy chuyển đơn vị", "PCs moved"),
    "sent": ("Báo cáo đã gửi", "Reports sent"),
    "acked": ("Được nhận", "Acknowledged"),
    "refused": ("Bị từ chối", "Refused"),
    "rate": ("Tốc độ (báo cáo/giây)", "Rate (reports/s)"),
    "failures": ("Lỗi kết nối", "Request failures"),
    "queued": ("Đang chờ kết nối", "Waiting for a connection"),
    "dropped": ("Báo cáo bỏ (hàng đợi đầy)", "Reports dropped (queue full)"),
    "degraded": ("Đường truyền suy giảm", "Degraded links"),
    "control": ("Tệp điều khiển", "Control file"),
    "error": ("Lỗi gần nhất", "Last error"),
    "elapsed": ("Thời gian chạy", "Running for"),
    "none": ("không", "none"),
    "of": ("trên", "of"),
    "expected": ("dự kiến", "expected"),
}


def label(key: str, lang: str) -> str:
    """Return the label `key` in `lang`."""
    vi, en = LABELS[key]
    return vi if lang == "vi" else en


def _counts(counter: Counter[str], lang: str) -> str:
    if not counter:
        return label("none", lang)
    return ", ".join(f"{k} {n:,}" for k, n in counter.most_common())


def rows(runner: CityRunner, stats: Stats, lang: str) -> list[tuple[str, str]]:
    """Return the (label, value) rows of the live view."""
    expected = stats.machines / runner.options.interval_seconds
    degraded = sorted(f"{w}:{t}" for w, t in runner.links.degraded)
    control = runner.control_error or (
        str(runner.options.control_file or "") or label("none", lang)
    )
    found = [
        ("enrolled", f"{stats.enrolled:,} {label('of', lang)} {stats.machines:,}"),
        ("moved", f"{stats.moved:,}"),
        ("sent", f"{stats.reports_sent:,}"),
        ("acked", f"{stats.acknowledged:,}"),
        ("refused", f"{stats.refused:,} ({_counts(stats.rejected, lang)})"),
        ("rate", f"{stats.rate():,.1f} ({label('expected', lang)} {expected:,.1f})"),
        ("failures", _counts(stats.failures, lang)),
        ("queued", f"{stats.queued:,}"),
        ("dropped", f"{stats.dropped:,}"),
        (
            "degraded",
            ", ".join(degraded[:6]) + (" ..." if len(degraded) > 6 else "") or label("none", lang),
        ),
        ("control", control),
        ("error", stats.last_error[:160] or label("none", lang)),
        ("elapsed", f"{time.monotonic() - stats.started:,.0f} s"),
    ]
    return [(label(k, lang), v) for k, v in found]


def table(runner: CityRunner, stats: Stats, lang: str) -> Table:
    """Return the live view as a rich table."""
    view = Table(
        title=f"{label('title', lang)} → {runner.options.collector_url}", show_header=False
    )
    view.add_column(style="bold")
    view.add_column()
    for name, value in rows(runner, stats, lang):
        view.add_row(name, value)
    return view


class Display:
    """Show the run: a live table on a terminal, a line every LINE_SECONDS elsewhere."""

    def __init__(self, runner: CityRunner, stats: Stats, lang: str, console: Console) -> None:
        self.runner, self.stats, self.lang, self.console = runner, stats, lang, console
        self._live: Live | None = None
        self._next_line = 0.0

    def __enter__(self) -> Display:
        if self.console.is_terminal:
            self._live = Live(
                self._table(),
                console=self.console,
                refresh_per_second=2,
                get_renderable=self._table,
            )
            self._live.__enter__()
        return self

    def _table(self) -> Table:
        return table(self.runner, self.stats, self.lang)

    def tick(self) -> None:
        """Print the one-line summary when its time has come (not on a terminal)."""
        if self._live is not None or time.monotonic() < self._next_line:
            return
        self._next_line = time.monotonic() + LINE_SECONDS
        self.console.print(
            " · ".join(f"{k}: {v}" for k, v in rows(self.runner, self.stats, self.lang)[:8])
        )

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)
        self.console.print(self._table())
