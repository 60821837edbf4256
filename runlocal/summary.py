"""The one-screen summary: units ready, machines below standard, silent ones, alerts firing.

The figures come from Prometheus's HTTP API (what it scraped from the collector) and the
alerts from Alertmanager's API v2; a figure not known yet (before the first scrape) is
shown as "…", an API that does not answer as its error.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from typing import Any

from runlocal.settings import Settings

QUERIES = {
    "units": "count(wardwatch_ward_machines_expected > 0)",
    "ready": "sum(wardwatch_ward_ready and on(ward) wardwatch_ward_machines_expected > 0)",
    "below": "count((wardwatch_machine_compliant == 0) and (wardwatch_machine_up == 1))",
    "silent": "sum(wardwatch_ward_machines_silent)",
    "reporting": "sum(wardwatch_machine_up)",
}
WORDS = {
    "title": ("wardwatch đang chạy", "wardwatch is running"),
    "ready": ("Đơn vị sẵn sàng", "Units ready"),
    "below": ("Máy chưa đạt chuẩn", "Machines below standard"),
    "silent": ("Máy mất liên lạc", "Silent machines"),
    "reporting": ("Máy đang gửi báo cáo", "Machines reporting"),
    "alerts": ("Cảnh báo đang bật", "Alerts firing"),
    "target": ("Prometheus thu thập collector", "Prometheus scraping the collector"),
    "where": ("Xem ở đâu", "Where to look"),
    "of": ("trên", "of"),
    "none": ("không", "none"),
    "up": ("đang chạy", "up"),
    "down": ("không thu thập được", "down"),
    "unknown": ("chưa biết", "not yet known"),
    "stopped": ("đã dừng", "stopped"),
    "logs": ("nhật ký", "logs"),
}


def word(key: str, lang: str) -> str:
    """Return `key`'s text in `lang`."""
    vi, en = WORDS[key]
    return vi if lang == "vi" else en


@dataclass(frozen=True)
class Figures:
    """What the summary shows; None where not known yet."""

    values: dict[str, float | None]
    target_up: bool | None
    alerts: Counter[str]
    alerts_error: str = ""


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


def _scalar(base: str, query: str) -> float | None:
    found = _get(f"{base}/api/v1/query?{urllib.parse.urlencode({'query': query})}")
    result = found.get("data", {}).get("result", [])
    return float(result[0]["value"][1]) if result else None


def target_up(base: str) -> bool | None:
    """Tell whether Prometheus's collector target is up (None before its first scrape)."""
    found = _get(f"{base}/api/v1/targets?state=active")
    targets = [t for t in found["data"]["activeTargets"] if t["labels"].get("job") == "wardwatch"]
    if not targets or targets[0]["health"] == "unknown":
        return None
    return bool(targets[0]["health"] == "up")


def firing(base: str) -> Counter[str]:
    """Count the active, unsilenced alerts Alertmanager holds, by alert name."""
    found = _get(f"{base}/api/v2/alerts?active=true&silenced=false&inhibited=false")
    return Counter(a.get("labels", {}).get("alertname", "?") for a in found)


def figures(s: Settings) -> Figures:
    """Ask Prometheus and Alertmanager for the summary's figures."""
    values: dict[str, float | None] = dict.fromkeys(QUERIES)
    up: bool | None = None
    try:
        values = {k: _scalar(s.prometheus_url, q) for k, q in QUERIES.items()}
        up = target_up(s.prometheus_url)
    except (OSError, ValueError, KeyError):
        pass
    try:
        return Figures(values, up, firing(s.alertmanager_url))
    except (OSError, ValueError) as err:
        return Figures(values, up, Counter(), str(err))


def _n(value: float | None) -> str:
    return "…" if value is None else f"{value:,.0f}"


def render(s: Settings, f: Figures, stopped: list[str]) -> str:
    """Return the summary's lines."""
    lang, v = s.lang, f.values
    alerts = ", ".join(f"{name} ×{n}" for name, n in f.alerts.most_common()) or word("none", lang)
    if f.alerts_error:
        alerts = f.alerts_error
    target = {True: "up", False: "down", None: "unknown"}[f.target_up]
    lines = [
        f"── {word('title', lang)} · {time.strftime('%H:%M:%S')} "
        f"──────────────────────────────────",
        f"  {word('ready', lang)}: {_n(v['ready'])} {word('of', lang)} {_n(v['units'])}",
        f"  {word('reporting', lang)}: {_n(v['reporting'])}",
        f"  {word('below', lang)}: {_n(v['below'])}",
        f"  {word('silent', lang)}: {_n(v['silent'])}",
        f"  {word('alerts', lang)}: {sum(f.alerts.values())} ({alerts})",
        f"  {word('target', lang)}: {word(target, lang)}",
    ]
    if stopped:
        lines.append(f"  {word('stopped', lang)}: {', '.join(stopped)}")
    return "\n".join(lines)


def where(s: Settings) -> str:
    """Return the 'where to look' lines, printed at start."""
    logs = s.var / "logs"
    return "\n".join(
        [
            f"{word('where', s.lang)}:",
            f"  Prometheus:    {s.prometheus_url}/graph   (alerts: {s.prometheus_url}/alerts)",
            f"  Alertmanager:  {s.alertmanager_url}",
            f"  metrics:       {s.collector_url}/metrics",
            f"  API spec:      {s.collector_url}/api/v1/openapi.json",
            f'  admin:         curl -H "Authorization: Bearer $(cat {s.var}/admin.token)" '
            f"{s.collector_url}/api/v1/admin/agents",
            f"  this machine:  .venv/bin/wardwatch-agent show --config {s.var}/agent.yml "
            "--standard standard/default.yml",
            f"  city:          {s.var}/plan.json, faults: {s.var}/control.yml (docs/simulator.md)",
            f"  {word('logs', s.lang)}:{' ' * (13 - len(word('logs', s.lang)))}{logs}/",
        ]
    )
