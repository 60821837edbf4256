"""The main job's processes: each started with its log in var/logs, stopped in order.

Children run in sessions of their own, so Ctrl-C reaches the job alone, which then stops
them one by one (the simulator and the agent before the collector they send to) and waits
for each to save what it keeps.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

STOP_SECONDS = 20.0


def program(name: str) -> str:
    """Return the path of a console script beside this Python, or of a system binary."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        raise FileNotFoundError(name)
    return found


class Child:
    """One process of the job, its output appended to `log`."""

    def __init__(self, name: str, command: Sequence[str], log: Path) -> None:
        self.name, self.command, self.log = name, list(command), log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Child:
        """Start the process in its own session."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def alive(self) -> bool:
        """Tell whether the process is running."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> int | None:
        """SIGTERM the process and wait for it; SIGKILL after STOP_SECONDS. Return its code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def tail(self, lines: int = 5) -> str:
        """Return the end of its log."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def wait_ready(child: Child, url: str, seconds: float = 60.0) -> bool:
    """Wait until GET `url` answers 200 while `child` runs; False if it died or timed out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not child.alive():
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False
