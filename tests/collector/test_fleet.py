"""The fleet keeps each machine's newest state, whatever order commits land in."""

from __future__ import annotations

from collector.state import Fleet, MachineState

AGENT = "a" * 32


def _state(seq: int, hostname: str) -> MachineState:
    return MachineState(
        AGENT, "phuong-ben-thanh", "workstation", hostname, "", "", "", "", None, None, None,
        None, None, None, None, 0.0, 0.0, seq, (), (),
    )  # fmt: skip


def test_an_older_report_landing_late_does_not_replace_the_newer() -> None:
    fleet = Fleet()
    fleet.put(_state(8, "PC-moi"))

    fleet.put(_state(7, "PC-cu"))  # its commit finished first, its result arrived last

    state = fleet.get(AGENT)
    assert state is not None and (state.seq, state.hostname) == (8, "PC-moi")


def test_the_same_or_a_newer_report_replaces_the_state() -> None:
    fleet = Fleet()
    fleet.put(_state(8, "PC-cu"))

    fleet.put(_state(8, "PC-doi-ten"))
    assert fleet.get(AGENT) == _state(8, "PC-doi-ten")

    fleet.put(_state(9, "PC-moi"))
    assert fleet.get(AGENT) == _state(9, "PC-moi")
