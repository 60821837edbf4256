"""`wardwatch-collector ssh-sweep`: ask the running collector to read its agentless machines
now, show its progress as it streams, then a summary. Vietnamese first, `--lang en`."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from collector.config import CollectorConfig
from collector.errors import CollectorError

TEXT = {
    "vi": {
        "title": "Đọc máy không cài tác tử qua SSH",
        "summary": "Kết quả",
        "result": "kết quả",
        "machines": "số máy",
        "failed": "Máy chưa đọc được",
        "unit": "đơn vị",
        "host": "máy",
        "detail": "chi tiết",
        "none": "Không có máy nào được đánh dấu agentless: ssh trong danh mục",
        "all": "tất cả đơn vị",
    },
    "en": {
        "title": "Reading agentless machines over SSH",
        "summary": "Results",
        "result": "result",
        "machines": "machines",
        "failed": "Machines not read",
        "unit": "unit",
        "host": "machine",
        "detail": "detail",
        "none": "No machine in the inventory is marked agentless: ssh",
        "all": "every unit",
    },
}
RESULTS = {
    "ok": ("đã đọc và lưu", "read and stored"),
    "host_key_changed": ("khóa máy chủ đã đổi: từ chối", "host key changed: refused"),
    "host_key_unknown": ("khóa máy chủ chưa biết: từ chối", "unknown host key: refused"),
    "auth_failed": ("đăng nhập bị từ chối", "login refused"),
    "key_unreadable": ("không đọc được khóa SSH", "SSH key unreadable"),
    "command_timeout": ("lệnh bị treo", "a command hung"),
    "timeout": ("quá thời hạn", "timed out"),
    "connect_failed": ("không kết nối được", "cannot connect"),
    "ssh_error": ("lỗi SSH", "SSH error"),
    "ingest_refused": ("báo cáo bị từ chối", "report refused"),
    "revoked": ("đã thu hồi", "revoked"),
    "error": ("lỗi", "error"),
}


def sweep_url(config: CollectorConfig, base: str | None, unit: str | None) -> str:
    """Return the sweep endpoint of the collector `config` describes (or at `base`)."""
    listen = config.listen
    if base is None:
        host = "127.0.0.1" if listen.host in ("0.0.0.0", "::", "") else listen.host
        scheme = "https" if listen.tls_cert_file else "http"
        base = f"{scheme}://{host}:{listen.port}"
    query = f"?unit={urllib.parse.quote(unit)}" if unit else ""
    return base.rstrip("/") + "/api/v1/admin/agentless/sweep" + query


def stream(url: str, token: str, ca_file: str | None, timeout: float) -> Iterator[dict[str, Any]]:
    """POST to the sweep endpoint and yield each event line as it arrives."""
    request = urllib.request.Request(
        url, method="POST", headers={"Authorization": f"Bearer {token}"}
    )
    context = ssl.create_default_context(cafile=ca_file) if url.startswith("https") else None
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as answer:
            for line in answer:
                if line.strip():
                    yield json.loads(line)
    except urllib.error.HTTPError as err:
        raise CollectorError(f"{url}: {err.code} {_reason(err)}") from err
    except (urllib.error.URLError, OSError) as err:
        raise CollectorError(
            f"{url}: the collector does not answer ({err}); start it (wardwatch-collector serve) "
            "or give its address with --url"
        ) from err


def _reason(err: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(err.read())["error"])
    except (ValueError, KeyError, TypeError):
        return str(err.reason)


def admin_token(config: CollectorConfig) -> str:
    """Read the admin token the sweep endpoint asks for."""
    if config.admin_token_file is None:
        raise CollectorError(
            "ssh-sweep asks the running collector: its config needs admin_token_file"
        )
    return Path(config.admin_token_file).read_text(encoding="utf-8").strip()


def run(events: Iterator[dict[str, Any]], lang: str, unit: str | None, console: Console) -> int:
    """Show the sweep's progress and summary; return 0 if every machine was read, else 1."""
    text = TEXT[lang]
    hosts: list[dict[str, Any]] = []
    results: dict[str, int] = {}
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"), TimeElapsedColumn(),
        console=console, transient=False,
    ) as progress:  # fmt: skip
        task = progress.add_task(f"{text['title']} ({unit or text['all']})", total=None, last="")
        for event in events:
            if event["event"] == "start":
                progress.update(task, total=event["hosts"])
            elif event["event"] == "host":
                hosts.append(event)
                last = f"{event['ward']}/{event['hostname']}: {word(event['result'], lang)}"
                progress.update(task, advance=1, last=last)
            elif event["event"] == "done":
                results = event["results"]
    _summary(console, text, lang, hosts, results)
    return 0 if all(h["result"] == "ok" for h in hosts) else 1


def word(result: str, lang: str) -> str:
    """Say a result word in `lang`."""
    vi, en = RESULTS.get(result, (result, result))
    return vi if lang == "vi" else en


def _summary(
    console: Console, text: dict[str, str], lang: str, hosts: list[dict[str, Any]],
    results: dict[str, int],
) -> None:  # fmt: skip
    if not hosts:
        console.print(text["none"])
        return
    table = Table(title=text["summary"])
    table.add_column(text["result"])
    table.add_column(text["machines"], justify="right")
    for result, count in results.items():
        table.add_row(f"{word(result, lang)} ({result})", str(count))
    console.print(table)
    failed = [h for h in hosts if h["result"] != "ok"]
    if failed:
        rows = Table(title=text["failed"])
        for column in ("unit", "host", "result", "detail"):
            rows.add_column(text[column])
        for h in sorted(failed, key=lambda h: (h["ward"], h["hostname"])):
            rows.add_row(h["ward"], h["hostname"], word(h["result"], lang), h["detail"])
        console.print(rows)
