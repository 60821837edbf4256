"""Handovers counted per ward: the moves into and out of each unit, from the stored rows."""

from __future__ import annotations

from sqlalchemy import Engine

from collector.store.handovers import WardHandovers, handovers_by_ward
from collector.store.moves import move

BEN_THANH, TAN_DINH, SAI_GON = "phuong-ben-thanh", "phuong-tan-dinh", "phuong-sai-gon"


def test_no_handover_counts_no_ward(engine: Engine) -> None:
    with engine.connect() as conn:
        assert handovers_by_ward(conn) == {}


def test_each_move_counts_out_of_its_old_ward_and_into_its_new_one(
    engine: Engine, agents: list[str], now: float
) -> None:
    with engine.begin() as conn:
        move(conn, agents[0], BEN_THANH, TAN_DINH, 2, "proven", now)
        move(conn, agents[1], BEN_THANH, TAN_DINH, 5, "approved", now + 1)
        move(conn, agents[0], TAN_DINH, SAI_GON, 9, "proven", now + 2)
    with engine.connect() as conn:
        counts = handovers_by_ward(conn)

    assert counts == {
        BEN_THANH: WardHandovers(into=0, out_of=2),
        SAI_GON: WardHandovers(into=1, out_of=0),
        TAN_DINH: WardHandovers(into=2, out_of=1),
    }


def test_a_move_into_the_same_ward_is_no_handover(
    engine: Engine, agents: list[str], now: float
) -> None:
    with engine.begin() as conn:
        move(conn, agents[0], BEN_THANH, BEN_THANH, 2, "proven", now)
    with engine.connect() as conn:
        assert handovers_by_ward(conn) == {}
