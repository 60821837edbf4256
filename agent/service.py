"""The agent service: collect on schedule, spool every report, deliver in the background.

Three duties on one thread, each with its own next-due time: a report (health and probes)
every `intervals.health_seconds` at a fixed per-agent offset, a full inventory every
`intervals.inventory_seconds` or when the hardware changes, and delivery whenever the
spool holds reports and the back-off allows. `threading.Event.wait` sleeps between them
(no APScheduler: see docs/architecture.md for the memory figures).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from pathlib import Path

from agent import config_fork, statefile
from agent.config import AgentConfig
from agent.cycle import Cycle
from agent.delivery import Delivery, DeliveryPolicy, apply_pushed_config
from agent.errors import AgentError
from agent.hardware_change import HardwareSignature, signature
from agent.machine import ENROLLMENT_FILE, identify, placement, with_enrollment
from agent.spool import SPOOL_FILE, Spool
from agent.transport import Client
from contract.report import encode

log = logging.getLogger(__name__)


def offset_seconds(agent_id: str, interval_seconds: float) -> float:
    """Spread agents over the interval: a fixed offset derived from the agent id."""
    return int(agent_id[:8], 16) % max(1, int(interval_seconds * 1000)) / 1000


class Service:
    """The running agent: one loop, stopped by `stop`."""

    def __init__(self, config: AgentConfig, stop: threading.Event) -> None:
        self.config = config
        self.stop = stop
        self.state = Path(config.state_directory)
        self.state.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.cycle = Cycle(config, identify(config), placement(config))
        self._enrolled = _stamp(self.state / ENROLLMENT_FILE)
        self.signature = HardwareSignature(lambda: signature(config.paths))

    def run(self) -> None:
        """Open the spool and loop until stopped: report on schedule, deliver when due."""
        with Spool.open(self.state / SPOOL_FILE, self.config.spool.max_bytes) as self.spool:
            self.delivery = Delivery(
                self.spool,
                Client(self.config.collector),
                DeliveryPolicy.from_config(self.config),
                lambda: statefile.read_token(self.state),
                enrolled_ward=self._enrolled_ward,
            )
            self._loop()

    def _loop(self) -> None:
        next_report = time.monotonic()  # the first report, an inventory, goes at once
        next_delivery = 0.0
        first = True
        while not self.stop.is_set():
            if time.monotonic() >= next_report:
                self._report(inventory=first or self._inventory_due())
                first = False
                health = self.config.intervals.health_seconds  # a push may change it
                next_report = _next_slot(
                    time.monotonic(), health, offset_seconds(self.cycle.identity.agent_id, health)
                )
                next_delivery = 0.0
            if self.config.collector.url and time.monotonic() >= next_delivery:
                # Deliver until the next report is due, but never for less than a few seconds.
                next_delivery = self._deliver(deadline=max(next_report, time.monotonic() + 5))
            self.stop.wait(
                max(0.05, min(next_report, next_delivery or next_report) - time.monotonic())
            )

    def _inventory_due(self) -> bool:
        changed = self.signature.changed()  # always read, so the stored signature stays current
        age = time.monotonic() - self.cycle.inventory_at
        return changed or age >= self.config.intervals.inventory_seconds

    def _follow_enrollment(self) -> None:
        """Take the ward of a new enrollment (a PC moved to another unit) from the next report."""
        stamp = _stamp(self.state / ENROLLMENT_FILE)
        if stamp == self._enrolled:
            return
        self._enrolled = stamp
        try:
            self.config = with_enrollment(self.config)
        except AgentError as err:
            log.error("%s", err)
            return
        self.cycle.placement = placement(self.config)
        log.info("enrolled in ward %s: reports name it from now on", self.config.identity.ward)

    def _enrolled_ward(self) -> str:
        """Return the unit this agent is enrolled in now (following a new enrollment)."""
        self._follow_enrollment()
        return self.config.identity.ward

    def _report(self, *, inventory: bool) -> None:
        self._follow_enrollment()
        try:
            seq = self.spool.append(
                "inventory" if inventory else "health",
                lambda seq, dropped: encode(
                    self.cycle.collect(seq, inventory=inventory, dropped_reports=dropped)
                ),
            )
            log.info("report %d (%s) spooled", seq, "inventory" if inventory else "health")
        except AgentError as err:
            log.error("could not spool a report: %s", err)
        except Exception:  # a bug must cost one report, never the service
            log.exception("building report failed; the next cycle tries again")

    def _deliver(self, deadline: float) -> float:
        try:
            result = self.delivery.flush(deadline)
        except Exception as err:  # the spool keeps the reports; try again after a pause
            log.error("delivery failed: %s", err, exc_info=not isinstance(err, AgentError))
            return time.monotonic() + self.delivery.retry_cap_seconds()
        if result.config_text:
            new = apply_pushed_config(self.config, result.config_text)
            if new != self.config:
                log.info("applying configuration pushed by the collector")
                self.config = new
                self.cycle.reconfigure(new)
                self.delivery.policy = DeliveryPolicy.from_config(new)
        return result.next_attempt_at


def _next_slot(now: float, interval: float, offset: float) -> float:
    """Return the next time after `now` that is `offset` past a multiple of `interval`."""
    wall = time.time()
    base = wall - (wall - offset) % interval + interval
    return now + (base - wall)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def run_forever(config_path: Path | None) -> int:
    """Run the service until SIGTERM or SIGINT; return the exit status."""
    config = with_enrollment(config_fork.load(config_path))
    logging.getLogger().setLevel(config.log_level.upper())
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    service = Service(config, stop)
    log.info("wardwatch agent %s started", service.cycle.identity.agent_id)
    service.run()
    log.info("wardwatch agent stopped")
    return 0
