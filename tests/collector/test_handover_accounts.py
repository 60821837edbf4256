"""The PCs moved between units: only moves with evidence count, every move is listed."""

from __future__ import annotations

from collector.handover_accounts import handover_accounts
from collector.store.handovers import Handover, HandoverSighting
from inventory.handover import MoveCount
from inventory.model import ExpectedMachine, Inventory, Ward

T0 = 1_751_328_000.0
OLD = "quan-1-phuong-ben-nghe"


def _moved(agent: str, old: str, new: str, at: float, evidence: str) -> HandoverSighting:
    return HandoverSighting(Handover(agent, old, new, 5, T0 + at, evidence), f"pc-{agent}",
                            T0 + at - 60, T0 + at + 60)  # fmt: skip


def test_a_ward_change_seen_only_in_reports_is_listed_not_counted() -> None:
    moves = [
        _moved("a1", OLD, "phuong-sai-gon", 10, "proven"),
        _moved("a2", OLD, "phuong-sai-gon", 20, "approved"),
        _moved("a3", OLD, "phuong-sai-gon", 30, "report"),
    ]
    accounts = handover_accounts(moves, {"a1": "SG-PC01"}, Inventory())

    assert [e.agent_id for e in accounts.events] == ["a1", "a2", "a3"]
    assert accounts.summary.pairs == {(OLD, "phuong-sai-gon"): MoveCount(2, 0)}
    assert sorted(accounts.moved) == ["a1", "a2"]
    assert accounts.moved["a1"].hostname == "SG-PC01"  # the fleet's name wins
    assert accounts.moved["a2"].hostname == "pc-a2"  # else the one it enrolled with


def test_a_pc_moved_twice_keeps_the_receipts_of_both_ends() -> None:
    first = _moved("a1", OLD, "phuong-tan-dinh", 10, "proven")
    second = _moved("a1", "phuong-tan-dinh", "phuong-sai-gon", 500, "approved")
    inventory = Inventory(
        wards={"phuong-sai-gon": Ward("phuong-sai-gon", "Sài Gòn", "phuong")},
        machines=(
            ExpectedMachine("phuong-sai-gon", "pc-a1", former_unit="Quận 1 / Phường Bến Nghé"),
        ),
    )
    accounts = handover_accounts([first, second], {}, inventory)

    pc = accounts.moved["a1"]
    assert (pc.first, pc.last, pc.evidence) == (first, second, ("proven", "approved"))
    assert accounts.summary.pairs == {(OLD, "phuong-sai-gon"): MoveCount(1, 1)}
