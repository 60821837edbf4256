"""One simulated agent's side of the protocol: enroll, move, and deliver its queued reports.

It speaks to the collector as the agent does (agent/enroll.py, agent/delivery.py): the
ward secret buys a token; a PC carried to another unit re-enrolls there presenting its
current token, which proves the move; reports wait in a queue until acknowledged, go
oldest first in batches of up to 50, and a refused report is dropped from the queue so
it never blocks the others. A clone carries its original's token and ids on other
hardware, so the collector refuses every report it sends.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import orjson

from simulator.city import Machine
from simulator.connection import Answer, Connection, Unreachable
from simulator.links import Links
from simulator.reports import Reports
from simulator.state import AgentState
from simulator.stats import Stats

ENROLL_PATH = "/api/v1/enroll"
REPORTS_PATH = "/api/v1/reports"
BATCH_REPORTS = 50  # the agent's default collector.batch_size
MAX_QUEUED = 1000  # reports an agent keeps while the collector does not answer
REFUSALS = {400: "malformed", 403: "mismatch", 409: "clone", 413: "too_large", 422: "schema"}

Outcome = Literal["done", "retry", "reenroll", "refused", "fatal"]


@dataclass
class Queued:
    """A report collected and waiting for its acknowledgement."""

    seq: int
    collected_at: datetime
    inventory: bool


class SimAgent:
    """One machine's agent: its kept state, its report builder and its queue."""

    def __init__(self, machine: Machine, reports: Reports, state: AgentState) -> None:
        self.machine = machine
        self.reports = reports
        self.state = state
        self.original: SimAgent | None = None  # for a clone: whose token it carries
        self.queue: list[Queued] = []
        self.waiting = False  # a job for it is queued or running
        self.failures = 0
        self.inventory_next = True  # the first report of a run is a full inventory
        self.stays = False  # a move the collector did not make: it reports where it is
        if not state.ward:
            state.ward = machine.former_ward or machine.ward

    @property
    def token(self) -> str | None:
        """Return the token it sends: its own, or its original's for a clone."""
        return self.original.state.token if self.original else self.state.token

    @property
    def needs_move(self) -> bool:
        """Tell whether it still reports under its former unit and must move."""
        return self.state.ward != self.machine.ward and self.state.sent > 0 and not self.stays

    def collect(self, now: datetime, stats: Stats) -> None:
        """Collect report seq+1 now; the oldest queued is dropped when the queue is full."""
        self.state.seq += 1
        self.queue.append(Queued(self.state.seq, now, self.inventory_next))
        self.inventory_next = False
        if len(self.queue) > MAX_QUEUED:
            del self.queue[0]
            stats.dropped += 1


def enroll_body(agent: SimAgent, secret: str, ward: str) -> bytes:
    """Return the enrollment request: the agent's facts and the ward's secret."""
    identity = agent.reports.identity
    return json.dumps(
        {
            "ward": ward,
            "secret": secret,
            "agent_id": identity.agent_id,
            "hostname": agent.machine.hostname,
            "role": agent.machine.role,
            "identity": identity.as_report(),
            "next_seq": agent.state.seq + 1,
        }
    ).encode()


async def enroll(conn: Connection, agent: SimAgent, secret: str, stats: Stats) -> Outcome:
    """Enroll into the ward it belongs in now; into a new unit the current token proves it."""
    moving = agent.needs_move and agent.state.token is not None
    ward = agent.machine.ward if moving else agent.state.ward
    headers = {"Content-Type": "application/json"}
    if moving:
        headers["Authorization"] = f"Bearer {agent.state.token}"
    try:
        answer = await conn.post(ENROLL_PATH, enroll_body(agent, secret, ward), headers)
    except Unreachable as err:
        stats.failures[err.reason] += 1
        stats.last_error = str(err)
        return "retry"
    return _enrolled(agent, answer, ward, moving, stats)


def _enrolled(agent: SimAgent, answer: Answer, ward: str, moving: bool, stats: Stats) -> Outcome:
    body = answer.json() or {}
    if answer.status == 200 and isinstance(body.get("token"), str):
        first = agent.state.token is None
        agent.state.token = body["token"]
        agent.state.seq = max(agent.state.seq, int(body.get("last_seq") or 0))
        agent.state.ward = ward
        stats.enrolled += int(first)
        stats.moved += int(moving)
        agent.state.moved = agent.state.moved or moving
        return "done"
    stats.enroll_refused[str(answer.status)] += 1
    stats.last_error = f"enroll {answer.status}: {body.get('detail') or answer.body[:200]!r}"
    if answer.status == 403 and not moving:
        return "fatal"  # the secret is wrong for every agent alike
    if moving and answer.status < 500 and answer.status != 429:
        agent.stays = True  # pending or refused by the DTC: keep reporting where it is
        return "done"
    if answer.status in (429, 503) or answer.status >= 500:
        return "retry"
    return "refused"


async def deliver(conn: Connection, agent: SimAgent, links: Links, stats: Stats) -> Outcome:
    """Send the oldest queued reports in one batch and settle the queue from the answer."""
    token = agent.token
    if token is None:
        return "reenroll"
    batch = agent.queue[:BATCH_REPORTS]
    bodies = [
        orjson.dumps(
            agent.reports.build(q.seq, q.collected_at, agent.state.ward, links, q.inventory)
        )
        for q in batch
    ]
    payload = gzip.compress(b'{"reports":[' + b",".join(bodies) + b"]}", 6)
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
    }
    stats.reports_sent += len(batch)
    try:
        answer = await conn.post(REPORTS_PATH, payload, headers)
    except Unreachable as err:
        stats.failures[err.reason] += 1
        stats.last_error = str(err)
        return "retry"
    return _settled(agent, batch, answer, stats)


def _settled(agent: SimAgent, batch: list[Queued], answer: Answer, stats: Stats) -> Outcome:
    body = answer.json() or {}
    rejected = body.get("rejected") if isinstance(body, dict) else None
    if answer.status == 200 or (isinstance(rejected, list) and rejected):
        acked = {s for s in body.get("acknowledged", ()) if isinstance(s, int)}
        refused = {r.get("seq"): r for r in rejected or () if isinstance(r, dict)}
        for r in refused.values():
            stats.rejected[REFUSALS.get(int(r.get("status", 0)), str(r.get("status")))] += 1
        settled = acked | set(refused)
        agent.queue = [q for q in agent.queue if q.seq not in settled]
        agent.state.sent += len(acked)
        stats.acked(len(acked))
        agent.failures = 0
        return "done"
    stats.failures[f"http_{answer.status}"] += 1
    stats.last_error = f"reports {answer.status}: {answer.body[:200]!r}"
    if answer.status == 401:
        return "reenroll"
    return "retry"
