"""`wardwatch-simulate` as a process feeding a real collector: the simulated city's
inventory and plan written first, then its machines reporting over HTTP, their links
changed while it runs through the control file.

The city starts with its own faults healed (every degraded link restored), so that only
what a test breaks, and the plan's silent machines and clones, raise alerts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import yaml
from deployment import Collector, command, stop_process, tail

TARGETS = ("datacenter", "video_conference", "records", "documents", "feedback_1022")


class SimulatedCity:
    """`machines` machines of the 168 units from `seed`, reporting every `interval_seconds`."""

    def __init__(self, directory: Path, machines: int, seed: int, interval_seconds: float):
        self.directory = directory
        self.args = ["--machines", str(machines), "--seed", str(seed)]
        self.interval_seconds = interval_seconds
        self.inventory = directory / "city.yml"
        plan = directory / "plan.json"
        self._simulate("--inventory-out", str(self.inventory), "--plan-out", str(plan))
        self.plan: dict[str, Any] = json.loads(plan.read_text(encoding="utf-8"))
        self.control_file = directory / "control.yml"
        self.healed = [
            {"ward": w} for w in sorted({d["ward"] for d in self.plan["degraded_links"]})
        ]
        self._control(degrade=[])
        self.log = directory / "simulator.log"
        self.process: subprocess.Popen[bytes] | None = None

    def _simulate(self, *args: str) -> None:
        argv = [command("wardwatch-simulate"), *self.args, *args]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr

    def _control(self, degrade: list[dict[str, Any]]) -> None:
        """Write the control file at once (it is read again when it changes)."""
        temp = self.control_file.with_suffix(".tmp")
        temp.write_text(yaml.safe_dump({"restore": self.healed, "degrade": degrade}), "utf-8")
        os.replace(temp, self.control_file)

    def start(self, collector: Collector) -> None:
        """Start the city reporting to `collector` in the background."""
        argv = [
            command("wardwatch-simulate"), *self.args,
            "--collector", collector.url, "--secret-file", str(collector.secret_file),
            "--interval", str(self.interval_seconds), "--state", str(self.directory / "state"),
            "--control", str(self.control_file), "--connections", "4", "--lang", "en",
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)

    def degrade(self, ward: str, loss: float = 0.3, rtt_ms: float = 400) -> None:
        """Make `ward`'s links to the data centre and the four tools lossy and slow."""
        self._control(
            [{"ward": ward, "target": t, "loss": loss, "rtt_ms": rtt_ms} for t in TARGETS]
        )

    def stop(self) -> None:
        """Stop the city as Ctrl-C does; it must exit cleanly."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                stop_process(self.process)
            assert self.process.returncode == 0, tail(self.log)
        self.process = None

    def machines(self, reporting: str) -> list[dict[str, Any]]:
        """Return the plan's machines that report as `reporting` ("always", "stops", ...)."""
        return [m for m in self.plan["machines"] if m["reporting"] == reporting]

    def quiet_unit(self) -> dict[str, Any]:
        """Return a unit of two or more machines that all report and stay put, no fault of
        the city's own: phuong-tan-dinh when it is one."""
        trouble = {m["ward"] for m in self.plan["machines"]
                   if m["reporting"] != "always" or m["moves_in_reports"]}  # fmt: skip
        units = [u for u in self.plan["units"] if u["reporting"] >= 2 and u["ward"] not in trouble]
        assert units, "the city has no unit of two machines without faults"
        return next((u for u in units if u["ward"] == "phuong-tan-dinh"), units[0])
