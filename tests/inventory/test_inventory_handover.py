"""Moves between units: handover events and the counts each unit head signs."""

from __future__ import annotations

from inventory.handover import (
    HandoverEvent,
    MoveCount,
    detect_move,
    handover_summary,
    unit_key,
)
from inventory.model import ExpectedMachine, Inventory, Ward

T0 = 1_751_328_000.0  # 2025-07-01T00:00:00Z
BEN_NGHE = "Quận 1 / Phường Bến Nghé"


def move(agent: str, old: str, new: str, at: float) -> HandoverEvent:
    """Build the event for `agent` moving from `old` to `new` at T0 + `at` seconds."""
    event = detect_move(old, new, agent, T0 + at, hostname=f"PC-{agent}")
    assert event is not None
    return event


def test_a_ward_change_is_a_handover_event() -> None:
    event = detect_move("quan-1-phuong-ben-nghe", "phuong-sai-gon", "a1", T0, "SG-PC01")
    assert event == HandoverEvent("quan-1-phuong-ben-nghe", "phuong-sai-gon", "a1", "SG-PC01", T0)


def test_first_report_same_ward_or_no_ward_is_no_move() -> None:
    assert detect_move(None, "phuong-sai-gon", "a1", T0) is None
    assert detect_move("", "phuong-sai-gon", "a1", T0) is None
    assert detect_move("phuong-sai-gon", "phuong-sai-gon", "a1", T0) is None
    assert detect_move("phuong-sai-gon", "", "a1", T0) is None


def test_unit_key_folds_vietnamese_names_to_slugs() -> None:
    assert unit_key(BEN_NGHE) == "quan-1-phuong-ben-nghe"
    assert unit_key("Đặc khu Côn Đảo") == "dac-khu-con-dao"
    assert unit_key("phuong-sai-gon") == "phuong-sai-gon"


def test_summary_counts_reported_moves_per_pair() -> None:
    events = [
        move("a1", "quan-1-phuong-ben-nghe", "phuong-sai-gon", 10),
        move("a2", "quan-1-phuong-ben-nghe", "phuong-sai-gon", 20),
        move("a3", "quan-1-phuong-da-kao", "phuong-tan-dinh", 30),
    ]
    summary = handover_summary(events, Inventory())
    assert summary.pairs == {
        ("quan-1-phuong-ben-nghe", "phuong-sai-gon"): MoveCount(reported=2, listed=0),
        ("quan-1-phuong-da-kao", "phuong-tan-dinh"): MoveCount(reported=1, listed=0),
    }


def test_an_agent_counts_once_from_first_origin_to_last_destination() -> None:
    events = [
        move("a1", "phuong-tan-dinh", "phuong-sai-gon", 30),  # out of order on purpose
        move("a1", "quan-1-phuong-da-kao", "phuong-tan-dinh", 10),
        move("a2", "phuong-sai-gon", "phuong-ben-thanh", 10),
        move("a2", "phuong-ben-thanh", "phuong-sai-gon", 20),  # a round trip: no move
    ]
    summary = handover_summary(events, Inventory())
    assert summary.pairs == {("quan-1-phuong-da-kao", "phuong-sai-gon"): MoveCount(1, 0)}


def test_inventory_former_unit_and_reports_meet_in_one_row() -> None:
    inventory = Inventory(
        wards={"phuong-sai-gon": Ward("phuong-sai-gon", "Sài Gòn", "phuong")},
        machines=(
            ExpectedMachine("phuong-sai-gon", hostname="SG-PC01", former_unit=BEN_NGHE),
            ExpectedMachine("phuong-sai-gon", hostname="SG-PC02", former_unit=BEN_NGHE),
            ExpectedMachine("phuong-sai-gon", hostname="SG-PC03"),
        ),
    )
    events = [move("a1", "quan-1-phuong-ben-nghe", "phuong-sai-gon", 10)]
    summary = handover_summary(events, inventory)
    assert summary.pairs == {("quan-1-phuong-ben-nghe", "phuong-sai-gon"): MoveCount(1, 2)}
    assert summary.names == {"quan-1-phuong-ben-nghe": BEN_NGHE}


def test_machine_whose_former_unit_is_its_ward_did_not_move() -> None:
    inventory = Inventory(
        wards={"phuong-sai-gon": Ward("phuong-sai-gon", "Sài Gòn", "phuong")},
        machines=(ExpectedMachine("phuong-sai-gon", "SG-PC01", former_unit="phuong-sai-gon"),),
    )
    assert handover_summary([], inventory).pairs == {}
