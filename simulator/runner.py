"""Run the city: every agent on its own phase of the interval, over a few shared connections.

One asyncio loop on one core: a heap of due times says which agent collects next; an agent
with reports queued waits for one of the connections; failures back off with jitter as
the agent's delivery does. The control file is looked at every second and the agents'
tokens and seqs are saved every interval (`--state`).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from configfile.errors import ConfigError
from simulator import state as kept
from simulator.agents import Outcome, SimAgent, deliver, enroll
from simulator.city import City, Degradation
from simulator.connection import Connection, ssl_context, target
from simulator.control import ControlFile, effective, read_control
from simulator.errors import SimulatorError
from simulator.links import Links
from simulator.reports import Reports, now_utc
from simulator.stats import Stats

HOUSEKEEPING_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0


@dataclass(frozen=True)
class Options:
    """How to run: where the collector is, the secret, the pace, where state is kept."""

    collector_url: str
    secret: str
    interval_seconds: float = 60.0
    duration_seconds: float | None = None
    connections: int = 16
    ca_file: str | None = None
    state_dir: Path | None = None
    control_file: Path | None = None
    timeout_seconds: float = 30.0


class CityRunner:
    """The running city: agents, their schedule, the connections and the faults in force."""

    def __init__(
        self,
        city: City,
        options: Options,
        base: list[Degradation],
        stats: Stats,
        started: datetime | None = None,
    ) -> None:
        self.city, self.options, self.stats = city, options, stats
        self.base = base
        self.links = Links([u.ward.code for u in city.units], base)
        self.control = ControlFile()
        self.control_error = ""
        self._control_stamp: tuple[float, int] | None = None
        self._kept = (
            kept.load(options.state_dir, city.seed, len(city.machines)) if options.state_dir else {}
        )
        begun = started or now_utc()
        self.agents: dict[int, SimAgent] = {}
        for m in city.machines:
            if m.reporting == "never":
                continue
            state = self._kept.setdefault(m.index, kept.AgentState())
            self.agents[m.index] = SimAgent(m, Reports(city.seed, m, begun), state)
        for agent in self.agents.values():
            if agent.machine.clone_of is not None:
                agent.original = self.agents[agent.machine.clone_of]
        stats.machines = len(city.machines)
        stats.enrolled = sum(1 for a in self.agents.values() if a.state.token)
        self._jitter = random.Random(city.seed)
        self._jobs: asyncio.Queue[SimAgent] = asyncio.Queue()
        self._stop = asyncio.Event()
        self.fatal: SimulatorError | None = None

    def stop(self) -> None:
        """Ask the run to end: agents stop, state is saved."""
        self._stop.set()

    async def run(self, on_tick: Callable[[], None] = lambda: None) -> None:
        """Run until the duration ends, `stop()` is called or a fatal refusal."""
        url = target(self.options.collector_url)
        tls = ssl_context(url, self.options.ca_file)
        workers = [
            asyncio.create_task(self._worker(Connection(url, tls, self.options.timeout_seconds)))
            for _ in range(self.options.connections)
        ]
        for agent in self.agents.values():
            if agent.machine.clone_of is None and (agent.state.token is None or agent.needs_move):
                self._enqueue(agent)
        try:
            await self._schedule(on_tick)
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            self._save(clean=True)
        if self.fatal is not None:
            raise self.fatal

    async def _schedule(self, on_tick: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()
        interval = self.options.interval_seconds
        start = loop.time()
        end = start + self.options.duration_seconds if self.options.duration_seconds else None
        heap = [(start + a.machine.phase_ratio * interval, i, a) for i, a in self.agents.items()]
        heapq.heapify(heap)
        housekeeping = save_at = start
        while not self._stop.is_set():
            now = loop.time()
            if end is not None and now >= end:
                return
            while heap and heap[0][0] <= now:
                due, i, agent = heapq.heappop(heap)
                self._due(agent)
                heapq.heappush(heap, (due + interval, i, agent))
            if now >= housekeeping:
                housekeeping = now + HOUSEKEEPING_SECONDS
                self._read_control()
                self.stats.queued = self._jobs.qsize()
                on_tick()
            if now >= save_at:
                save_at = now + max(interval, 10.0)
                self._save(clean=False)
            wake = min(heap[0][0] if heap else housekeeping, housekeeping)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), max(0.0, wake - loop.time()))

    def _due(self, agent: SimAgent) -> None:
        """Collect a report if the agent is enrolled, reporting and not silenced."""
        m = agent.machine
        if agent.token is None or self._silenced(agent):
            return
        if m.reporting == "stops" and agent.state.sent >= m.stops_after_reports:
            return
        agent.collect(now_utc(), self.stats)
        self._enqueue(agent)

    def _silenced(self, agent: SimAgent) -> bool:
        silence = self.control.silence
        m = agent.machine
        return (
            m.ward in silence.wards
            or f"{m.ward}/{m.hostname}" in silence.machines
            or agent.reports.identity.agent_id in silence.machines
        )

    def _enqueue(self, agent: SimAgent) -> None:
        if not agent.waiting:
            agent.waiting = True
            self._jobs.put_nowait(agent)

    async def _worker(self, conn: Connection) -> None:
        try:
            while True:
                agent = await self._jobs.get()
                try:
                    outcome = await self._serve(conn, agent)
                except Exception as err:  # one agent's fault must not stop the connection
                    self.stats.failures["error"] += 1
                    self.stats.last_error = f"{agent.machine.hostname}: {err!r}"
                    outcome = "retry"
                self._after(agent, outcome)
        finally:
            conn.close()

    async def _serve(self, conn: Connection, agent: SimAgent) -> Outcome:
        is_clone = agent.machine.clone_of is not None
        if not is_clone and (agent.state.token is None or agent.needs_move):
            return await enroll(conn, agent, self.options.secret, self.stats)
        if agent.queue:
            return await deliver(conn, agent, self.links, self.stats)
        return "done"

    def _after(self, agent: SimAgent, outcome: Outcome) -> None:
        agent.waiting = False
        if outcome == "done":
            more = agent.queue or (agent.needs_move and agent.machine.clone_of is None)
            if more and agent.token is not None:
                self._enqueue(agent)
        elif outcome == "reenroll":
            if agent.machine.clone_of is None:
                agent.state.token = None
                self._enqueue(agent)
        elif outcome == "retry":
            agent.failures += 1
            delay = min(MAX_BACKOFF_SECONDS, 2.0 ** min(agent.failures, 6))
            agent.waiting = True
            asyncio.get_running_loop().call_later(
                delay * self._jitter.uniform(0.5, 1.0), self._jobs.put_nowait, agent
            )
        elif outcome == "fatal" and self.fatal is None:
            self.fatal = SimulatorError(
                "Collector từ chối mã bí mật đăng ký (403): kiểm tra --secret-file và "
                f"enrollment_secret_files của collector ({self.stats.last_error})",
                "The collector refused the enrollment secret (403): check --secret-file and "
                f"the collector's enrollment_secret_files ({self.stats.last_error})",
            )
            self._stop.set()

    def _read_control(self) -> None:
        path = self.options.control_file
        if path is None:
            return
        try:
            info = path.stat()
        except OSError:
            return  # not written yet: nothing is switched on
        stamp = (info.st_mtime, info.st_size)
        if stamp == self._control_stamp:
            return
        self._control_stamp = stamp
        try:
            self.control = read_control(str(path), set(self.links_wards()))
        except ConfigError as err:
            self.control_error = str(err)
            return
        self.control_error = ""
        self.links.reset(effective(self.base, self.control))

    def links_wards(self) -> list[str]:
        """Return the ward codes of the city."""
        return [u.ward.code for u in self.city.units]

    def _save(self, *, clean: bool) -> None:
        if self.options.state_dir is None:
            return
        kept.save(
            self.options.state_dir, self.city.seed, len(self.city.machines), self._kept, clean=clean
        )
