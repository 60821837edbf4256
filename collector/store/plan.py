"""Plan what a batch of fresh (non-duplicate) reports changes, before writing anything."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from collector.store.findings import digest
from contract.report import INVENTORY_KINDS
from standard.finding import Finding


class Planned(Protocol):
    """What planning reads from a report (reports.IngestItem satisfies it)."""

    @property
    def agent_id(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def hostname(self) -> str: ...
    @property
    def received_at(self) -> float: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...


T = TypeVar("T", bound=Planned)


class Known(NamedTuple):
    """An agent's row as the batch found it (locked); times are unix seconds."""

    hostname: str
    last_seq: int | None
    last_report_at: float | None
    findings_digest: str | None  # of the stored latest report's findings


@dataclass(frozen=True)
class Plan(Generic[T]):
    """The writes of one batch: new latest reports, inventories, agent rows."""

    winners: list[T] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # agent_id -> digest of winner's
    findings_changed: list[T] = field(default_factory=list)  # winners with new findings
    inventories: list[T] = field(default_factory=list)
    agent_rows: list[dict[str, Any]] = field(default_factory=list)
    winner_keys: set[tuple[str, int]] = field(default_factory=set)

    def is_winner(self, item: Planned) -> bool:
        """Tell whether `item` becomes its agent's latest report."""
        return (item.agent_id, item.seq) in self.winner_keys


def plan_batch(fresh: Sequence[T], known: Mapping[str, Known]) -> Plan[T]:
    """Plan the writes for `fresh` reports given their agents' `known` rows."""
    by_agent: dict[str, list[T]] = defaultdict(list)
    for item in fresh:
        by_agent[item.agent_id].append(item)
    plan: Plan[T] = Plan()
    for agent_id, items in by_agent.items():
        _plan_agent(plan, agent_id, sorted(items, key=lambda i: i.seq), known[agent_id])
    return plan


def _plan_agent(plan: Plan[T], agent_id: str, items: list[T], known: Known) -> None:
    newer = [i for i in items if known.last_seq is None or i.seq > known.last_seq]
    inventories = [i for i in items if i.kind in INVENTORY_KINDS]
    if inventories:
        plan.inventories.append(inventories[-1])
    if newer:
        _plan_winner(plan, newer[-1], known)
    plan.agent_rows.append(
        {
            "b_agent_id": agent_id,
            "b_hostname": newer[-1].hostname if newer else known.hostname,
            "b_last_seq": max(items[-1].seq, known.last_seq or 0),
            "b_last_report_at": max(known.last_report_at or 0.0, *(i.received_at for i in items)),
        }
    )


def _plan_winner(plan: Plan[T], winner: T, known: Known) -> None:
    plan.winners.append(winner)
    plan.winner_keys.add((winner.agent_id, winner.seq))
    plan.digests[winner.agent_id] = found = digest(winner.findings)
    if found != known.findings_digest:
        plan.findings_changed.append(winner)
