"""Start the main job, print the summary every minute, stop everything on Ctrl-C.

Order: the city's inventory and every config; the collector (until /readyz); this
machine's agent, enrolled then running; the simulated city; Alertmanager; Prometheus.
Ctrl-C (or SIGTERM) stops them in reverse; ./var keeps the store, the agents' state,
Prometheus's data and the logs, so the next start continues.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Sequence

from runlocal import configs
from runlocal.children import Child, program, wait_ready
from runlocal.settings import Settings, settings
from runlocal.summary import figures, render, where

FIRST_SUMMARY_SECONDS = 20.0


class Failed(Exception):
    """The job cannot start; the message says why and what to do, Vietnamese first."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the job; return the exit status."""
    s = settings(list(argv) if argv is not None else None)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    children: list[Child] = []
    try:
        start(s, children)
        watch(s, children, stop)
    except Failed as err:
        print(str(err), file=sys.stderr, flush=True)
        return 1
    except FileNotFoundError as err:
        print(
            said(
                s,
                f"không tìm thấy {err}: chạy scripts/setup",
                f"{err} not found: run scripts/setup",
            ),
            file=sys.stderr,
            flush=True,
        )
        return 1
    finally:
        for child in reversed(children):
            child.stop()
    print(said(s, f"Đã dừng; dữ liệu giữ trong {s.var}", f"Stopped; the data is kept in {s.var}"))
    return 0


def said(s: Settings, vi: str, en: str) -> str:
    """Return the sentence in the job's language."""
    return vi if s.lang == "vi" else en


def start(s: Settings, children: list[Child]) -> None:
    """Write the files and start every part, in order."""
    inventory, plan = s.var / "inventory.yml", s.var / "plan.json"
    s.var.mkdir(parents=True, exist_ok=True)
    _run(
        s,
        [
            program("wardwatch-simulate"),
            "--machines",
            str(s.machines),
            "--inventory-out",
            str(inventory),
            "--plan-out",
            str(plan),
            "--expect",
            f"{s.ward}/{s.hostname}",
        ],
    )
    written = configs.write_all(s, inventory)
    logs = s.var / "logs"
    collector = _started(
        children,
        Child(
            "collector",
            [program("wardwatch-collector"), "serve", "--config", str(s.var / "collector.yml")],
            logs / "collector.log",
        ),
    )
    if not wait_ready(collector, s.collector_url + "/readyz"):
        raise Failed(
            said(s, "collector không khởi động được", "the collector did not start")
            + f"; {logs / 'collector.log'}:\n{collector.tail()}"
        )
    agent = s.var / "agent.yml"
    _run(
        s,
        [
            program("wardwatch-agent"),
            "enroll",
            "--config",
            str(agent),
            "--collector",
            s.collector_url,
            "--ward",
            s.ward,
            "--secret-file",
            str(s.var / "ward.secret"),
        ],
    )
    _started(
        children,
        Child(
            "agent", [program("wardwatch-agent"), "run", "--config", str(agent)], logs / "agent.log"
        ),
    )
    _started(
        children,
        Child(
            "simulator",
            [
                program("wardwatch-simulate"),
                "--collector",
                s.collector_url,
                "--secret-file",
                str(s.var / "ward.secret"),
                "--machines",
                str(s.machines),
                "--interval",
                str(s.interval_seconds),
                "--state",
                str(s.var / "simulator"),
                "--control",
                str(s.var / "control.yml"),
                "--lang",
                s.lang,
            ],
            logs / "simulator.log",
        ),
    )
    alertmanager = _started(
        children,
        Child(
            "alertmanager",
            [
                program("prometheus-alertmanager"),
                f"--config.file={written.alertmanager_config}",
                f"--storage.path={s.var / 'alertmanager'}",
                f"--web.listen-address=127.0.0.1:{s.alertmanager_port}",
                "--cluster.listen-address=",
            ],
            logs / "alertmanager.log",
        ),
    )
    prometheus = _started(
        children,
        Child(
            "prometheus",
            [
                program("prometheus"),
                f"--config.file={s.var / 'prometheus.yml'}",
                f"--storage.tsdb.path={s.var / 'prometheus'}",
                f"--web.listen-address=127.0.0.1:{s.prometheus_port}",
            ],
            logs / "prometheus.log",
        ),
    )
    for child, url in ((alertmanager, s.alertmanager_url), (prometheus, s.prometheus_url)):
        if not wait_ready(child, url + "/-/ready"):
            raise Failed(
                said(s, f"{child.name} không khởi động được", f"{child.name} did not start")
                + f"; {child.log}:\n{child.tail()}"
            )
    print(_started_text(s, written), flush=True)


def _started(children: list[Child], child: Child) -> Child:
    children.append(child.start())
    return child


def _run(s: Settings, command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise Failed(
            said(s, "lệnh thất bại", "a command failed")
            + f": {' '.join(command)}\n"
            + (done.stderr or done.stdout).strip()
        )


def _started_text(s: Settings, written: configs.Written) -> str:
    lines = [
        said(
            s,
            f"wardwatch đã chạy: collector, agent của máy này, thành phố mô phỏng "
            f"({s.machines:,} máy), Prometheus, Alertmanager. Ctrl-C để dừng.",
            f"wardwatch is running: the collector, this machine's agent, the simulated "
            f"city ({s.machines:,} machines), Prometheus, Alertmanager. Ctrl-C stops.",
        )
    ]
    lines.append(
        said(
            s,
            f"  Tệp luật của Prometheus: {len(written.rule_files)}",
            f"  Prometheus rule files: {len(written.rule_files)}",
        )
    )
    lines += [f"  {said(s, 'bỏ qua', 'skipped')} {p}: {why}" for p, why in written.skipped_rules]
    if written.alertmanager_note:
        vi, en = written.alertmanager_note
        lines.append(
            f"  Alertmanager: {said(s, vi, en)}; "
            f"{said(s, 'dùng cấu hình cục bộ', 'using a local config')}"
        )
    return "\n".join([*lines, where(s)])


def watch(s: Settings, children: list[Child], stop: threading.Event) -> None:
    """Print the summary every `summary_seconds` until stopped; fail if the collector dies."""
    wait = min(FIRST_SUMMARY_SECONDS, s.summary_seconds)
    while not stop.wait(wait):
        wait = s.summary_seconds
        stopped = [c.name for c in children if not c.alive()]
        print(render(s, figures(s), stopped), flush=True)
        if "collector" in stopped:
            collector = children[0]
            raise Failed(
                said(s, "collector đã dừng", "the collector stopped")
                + f"; {collector.log}:\n{collector.tail()}"
            )
