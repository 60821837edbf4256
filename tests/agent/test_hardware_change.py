"""A new disk, NIC or memory module triggers a fresh inventory, noticed within minutes."""

from __future__ import annotations

from agent.hardware_change import HardwareSignature, signature


def test_a_change_is_noticed_once_and_not_read_more_often_than_asked() -> None:
    now = [0.0]
    reads = [(8, ("sda",), ("eno1",), 1), (8, ("sda", "sdb"), ("eno1",), 1)]
    calls = []

    def read() -> tuple[object, ...]:
        calls.append(now[0])
        return reads[min(len(calls) - 1, 1)]

    watch = HardwareSignature(read, every_seconds=300, clock=lambda: now[0])
    now[0] = 60
    assert not watch.changed()  # too soon: not even read
    assert calls == [0.0]
    now[0] = 301
    assert watch.changed()  # the second disk
    now[0] = 700
    assert not watch.changed()  # the same again


def test_this_machine_has_a_signature() -> None:
    total, disks, nics, boot = signature()
    assert isinstance(total, int) and total > 0
    assert isinstance(boot, int) and boot > 0
    assert isinstance(disks, tuple) and isinstance(nics, tuple)
