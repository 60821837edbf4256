"""`wardwatch-simulate`, the simulated city, as a process beside a real collector.

Its inventory and plan are written first, so the collector starts on the city's
inventory; then the city enrolls and reports over HTTP as its agents would, until stopped.
"""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

from deployment import Collector, command, stop_process, tail


class SimulatedCity:
    """The city of `machines` machines from `seed`, reporting every `interval_seconds`."""

    def __init__(
        self, directory: Path, machines: int, interval_seconds: float, seed: int = 2025
    ) -> None:
        self.directory = directory
        self.base = [command("wardwatch-simulate"), "--machines", str(machines),
                     "--seed", str(seed)]  # fmt: skip
        self.interval_seconds = interval_seconds
        self.inventory = directory / "city.yml"
        self.plan_file = directory / "plan.json"
        self.log = directory / "simulator.log"
        self.process: subprocess.Popen[bytes] | None = None

    def write_inventory(self) -> str:
        """Write the city's inventory and plan; return the inventory's text."""
        argv = [*self.base, "--inventory-out", str(self.inventory), "--plan-out",
                str(self.plan_file)]  # fmt: skip
        subprocess.run(argv, check=True, capture_output=True, timeout=300)
        return self.inventory.read_text(encoding="utf-8")

    @property
    def plan(self) -> dict[str, Any]:
        """Return the city's plan: its units, machines, clones, handovers."""
        plan: dict[str, Any] = json.loads(self.plan_file.read_text(encoding="utf-8"))
        return plan

    def start(self, collector: Collector, connections: int = 8) -> None:
        """Start the city against `collector` (its enrollment secret admits every unit)."""
        argv = [*self.base, "--collector", collector.url, "--secret-file",
                str(collector.secret_file), "--interval", f"{self.interval_seconds:g}",
                "--state", str(self.directory / "simulator-state"),
                "--connections", str(connections), "--lang", "en"]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)

    def check(self) -> None:
        """Fail, with the end of its log, if the city has stopped."""
        assert self.process is not None and self.process.poll() is None, tail(self.log)

    def stop(self) -> None:
        """Stop the city as Ctrl-C does (it saves its state), then make sure it is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                stop_process(self.process)
        self.process = None
