"""Delivery: lossless, in order, exactly once in the collector's view, over real HTTP."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from fake_collector import FakeCollector, report_bytes

from agent.config import AgentConfig, CollectorConfig
from agent.delivery import Delivery, DeliveryPolicy, _uniform, apply_pushed_config
from agent.spool import SPOOL_FILE, Spool
from agent.transport import Client
from contract.report import schema


class Clock:
    """A hand-moved monotonic clock, seconds."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake() -> Iterator[FakeCollector]:
    with FakeCollector() as server:
        yield server


@pytest.fixture
def spool(tmp_path: Path) -> Iterator[Spool]:
    with Spool.open(tmp_path / SPOOL_FILE, 1 << 20) as opened:
        yield opened


def make_delivery(
    spool: Spool,
    fake: FakeCollector,
    clock: Clock,
    batch_size: int = 50,
    token: str | None = "t0ken",
    rng: random.Random | None = None,
    retry_max_seconds: float = 60,
    enrolled_ward: str | None = None,
) -> Delivery:
    policy = DeliveryPolicy(
        batch_size=batch_size, retry_min_seconds=1, retry_max_seconds=retry_max_seconds
    )
    client = Client(CollectorConfig(url=fake.url, timeout_seconds=5))
    uniform = (rng or random.Random(7)).uniform
    return Delivery(spool, client, policy, lambda: token, clock, uniform, lambda: enrolled_ward)


def queue(spool: Spool, count: int) -> None:
    for _ in range(count):
        spool.append("health", lambda seq, dropped: report_bytes(seq, dropped))


def flush_until_empty(delivery: Delivery, clock: Clock, rounds: int = 20) -> list[str]:
    statuses = []
    for _ in range(rounds):
        clock.now = max(clock.now, delivery.next_attempt_at)
        result = delivery.flush(deadline=clock.now + 30)
        statuses.append(result.status)
        if result.status == "delivered":
            break
    return statuses


def test_refusals_then_every_report_once_in_order(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock, batch_size=4)
    queue(spool, 10)
    fake.refuse(3)
    assert flush_until_empty(delivery, clock) == ["backoff"] * 3 + ["delivered"]
    assert list(fake.stored) == list(range(1, 11))
    assert fake.received[-10:] == list(range(1, 11))
    assert spool.depth() == (0, 0)
    jsonschema.validate(fake.stored[1], schema())  # the tests send real reports


def test_a_lost_ack_is_resent_and_counted_once(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock)
    queue(spool, 3)
    fake.refuse(1, "commit_close")
    assert flush_until_empty(delivery, clock) == ["backoff", "delivered"]
    assert fake.received == [1, 2, 3, 1, 2, 3]
    assert list(fake.stored) == [1, 2, 3]
    assert spool.depth()[0] == 0


def test_backoff_waits_without_sending(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock)
    queue(spool, 1)
    fake.refuse(1, "close")
    first = delivery.flush(deadline=clock.now + 30)
    assert first.status == "backoff" and "connection_reset" in (first.error or "")
    assert spool.status().last_error == first.error
    assert delivery.flush(deadline=clock.now + 30).status == "waiting"
    assert len(fake.batches) == 1


class Ceiling(random.Random):
    """A random source that always draws the top of the range."""

    def uniform(self, a: float, b: float) -> float:
        return b


def backoff_waits(spool: Spool, fake: FakeCollector, rng: random.Random) -> list[float]:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock, rng=rng)
    queue(spool, 1)
    fake.refuse(9)
    waits = []
    for _ in range(9):
        clock.now = delivery.next_attempt_at or clock.now
        assert delivery.flush(deadline=clock.now + 30).status == "backoff"
        waits.append(delivery.next_attempt_at - clock.now)
    return waits


def test_backoff_doubles_up_to_retry_max(spool: Spool, fake: FakeCollector) -> None:
    assert backoff_waits(spool, fake, Ceiling()) == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_backoff_has_full_jitter(spool: Spool, fake: FakeCollector) -> None:
    waits = backoff_waits(spool, fake, random.Random(7))
    caps = [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert all(1 <= wait <= cap for wait, cap in zip(waits, caps, strict=True))
    assert len(set(waits[1:])) == len(waits) - 1


def told_window(spool: Spool, fake: FakeCollector, seconds: float) -> None:
    """Let the collector tell its staleness window in one answer (a delivered report)."""
    fake.stale_after = seconds
    queue(spool, 1)
    assert make_delivery(spool, fake, Clock()).flush(deadline=1e9).status == "delivered"


def test_a_told_staleness_window_caps_the_backoff_at_a_third(
    spool: Spool, fake: FakeCollector
) -> None:
    told_window(spool, fake, 30)
    clock = Clock()
    # A new Delivery on the same spool: the window outlives an agent restart.
    delivery = make_delivery(spool, fake, clock, rng=Ceiling(), retry_max_seconds=300)
    assert delivery.retry_cap_seconds() == 10
    queue(spool, 1)
    fake.refuse(8, "close")  # the collector is down: no answer to tell anything
    waits = []
    for _ in range(8):
        clock.now = max(clock.now, delivery.next_attempt_at)
        assert delivery.flush(deadline=clock.now + 30).status == "backoff"
        waits.append(delivery.next_attempt_at - clock.now)
    assert waits == [1, 2, 4, 8, 10, 10, 10, 10]


def test_the_config_caps_the_backoff_below_a_told_window(spool: Spool, fake: FakeCollector) -> None:
    told_window(spool, fake, 600)
    assert make_delivery(spool, fake, Clock(), retry_max_seconds=60).retry_cap_seconds() == 60


def test_without_a_told_window_the_config_caps_the_backoff(
    spool: Spool, fake: FakeCollector
) -> None:
    for bad in (True, -5, 0, "180", None, 1e12, [180], 10**400):
        fake.stale_after = bad  # type: ignore[assignment]  # what a broken collector says
        queue(spool, 1)
        delivery = make_delivery(spool, fake, Clock(), retry_max_seconds=300)
        assert delivery.flush(deadline=1e9).status == "delivered"
        assert delivery.retry_cap_seconds() == 300, bad


def test_a_retry_after_past_the_window_is_shortened(spool: Spool, fake: FakeCollector) -> None:
    told_window(spool, fake, 30)
    clock = Clock()
    delivery = make_delivery(spool, fake, clock, retry_max_seconds=300)
    queue(spool, 1)
    fake.refuse(1, (503, {"Retry-After": "600"}))
    assert delivery.flush(deadline=clock.now + 30).status == "backoff"
    assert 10 <= delivery.next_attempt_at - clock.now <= 11


def test_a_report_built_before_enrolling_in_another_unit_is_restamped(
    spool: Spool, fake: FakeCollector
) -> None:
    queue(spool, 2)  # both name unit 26734
    fake.ward = "26735"  # the collector moved the agent there since
    result = make_delivery(spool, fake, Clock(), enrolled_ward="26735").flush(deadline=1e9)
    assert (result.status, result.acknowledged_reports, result.rejected_reports) == (
        "delivered", 2, 0,
    )  # fmt: skip
    assert [fake.stored[seq]["ward"] for seq in (1, 2)] == ["26735", "26735"]
    jsonschema.validate(fake.stored[1], schema())


def test_a_report_naming_the_enrolled_unit_refused_as_elsewhere_is_set_aside(
    spool: Spool, fake: FakeCollector
) -> None:
    queue(spool, 1)
    fake.ward = "26735"  # the collector says another unit than the agent believes
    result = make_delivery(spool, fake, Clock(), enrolled_ward="26734").flush(deadline=1e9)
    assert (result.status, result.rejected_reports) == ("delivered", 1)
    assert spool.rejected() == [(1, "enrolled in 26735")]


def test_413_halves_the_batch(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock, batch_size=10)
    queue(spool, 10)
    fake.max_batch = 3
    result = delivery.flush(deadline=clock.now + 30)
    assert (result.status, result.acknowledged_reports) == ("delivered", 10)
    assert [len(b) for b in fake.batches[:3]] == [10, 5, 2]
    assert list(fake.stored) == list(range(1, 11))


def test_a_single_report_too_large_is_moved_aside(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock, batch_size=1)
    queue(spool, 1)
    fake.max_batch = 0
    assert delivery.flush(deadline=clock.now + 30).rejected_reports == 1
    assert spool.rejected() == [(1, "collector refused it as too large (413)")]


def test_429_retry_after_is_honoured(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock)
    queue(spool, 2)
    fake.refuse(1, (429, {"Retry-After": "120"}))
    assert delivery.flush(deadline=clock.now + 30).status == "backoff"
    assert 120 <= delivery.next_attempt_at - clock.now <= 132
    clock.now += 119
    assert delivery.flush(deadline=clock.now + 30).status == "waiting"
    assert len(fake.batches) == 1
    clock.now += 14
    assert delivery.flush(deadline=clock.now + 30).status == "delivered"


def test_401_asks_for_re_enrollment(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    queue(spool, 1)
    result = make_delivery(spool, fake, clock, token="stale").flush(deadline=clock.now + 30)
    assert result.status == "needs_reenroll" and "re-enroll" in (result.error or "")
    assert spool.status().needs_reenroll
    assert make_delivery(spool, fake, clock).flush(clock.now + 30).status == "delivered"
    assert not spool.status().needs_reenroll


def test_a_poisoned_report_never_blocks_the_queue(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    delivery = make_delivery(spool, fake, clock, batch_size=2)
    queue(spool, 5)
    fake.poison = {2}
    result = delivery.flush(deadline=clock.now + 30)
    assert (result.status, result.acknowledged_reports, result.rejected_reports) == (
        "delivered",
        4,
        1,
    )
    assert list(fake.stored) == [1, 3, 4, 5]
    assert spool.rejected() == [(2, "poisoned for the test")]


def test_not_enrolled_sends_nothing(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    queue(spool, 1)
    result = make_delivery(spool, fake, clock, token=None).flush(deadline=clock.now + 30)
    assert result.status == "not_enrolled" and fake.batches == []


def test_the_deadline_stops_a_flush(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    queue(spool, 3)
    result = make_delivery(spool, fake, clock).flush(deadline=clock.now)
    assert (result.status, result.sent_reports, fake.batches) == ("deadline", 0, [])


def test_pushed_config_is_returned_and_a_bad_one_ignored(spool: Spool, fake: FakeCollector) -> None:
    clock = Clock()
    queue(spool, 1)
    fake.push_config = {"intervals": {"health_seconds": 30}}
    result = make_delivery(spool, fake, clock).flush(deadline=clock.now + 30)
    config = apply_pushed_config(AgentConfig(), result.config_text)
    assert config.intervals.health_seconds == 30
    kept = apply_pushed_config(config, '{"intervals": {"health_seconds": -1}}')
    assert kept is config


SENDER = """
import sys, time
from pathlib import Path
from agent import statefile
from agent.config import CollectorConfig
from agent.delivery import Delivery, DeliveryPolicy
from agent.spool import SPOOL_FILE, Spool
from agent.transport import Client
from fake_collector import report_bytes

state, url, total = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
spool = Spool.open(state / SPOOL_FILE, 1 << 20)
policy = DeliveryPolicy(batch_size=3, retry_min_seconds=0.01, retry_max_seconds=0.05)
client = Client(CollectorConfig(url=url, timeout_seconds=20))
delivery = Delivery(spool, client, policy, lambda: statefile.read_token(state))
while spool.next_seq() <= total or spool.depth()[0]:
    if spool.next_seq() <= total:
        spool.append("health", lambda seq, dropped: report_bytes(seq, dropped))
    result = delivery.flush(time.monotonic() + 5)
    time.sleep(max(0.0, result.next_attempt_at - time.monotonic()))
"""


def run_sender(state: Path, fake: FakeCollector, total: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]))
    argv = [sys.executable, "-c", SENDER, str(state), fake.url, str(total)]
    return subprocess.Popen(argv, env=env)


def kill_while_held(sender: subprocess.Popen[bytes], fake: FakeCollector) -> None:
    assert fake.held.wait(15), "the sender never reached the held request"
    sender.send_signal(signal.SIGKILL)
    sender.wait(10)
    release, fake.held, fake.release = fake.release, threading.Event(), threading.Event()
    release.set()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_sigkill_mid_send_loses_nothing(tmp_path: Path, fake: FakeCollector) -> None:
    from agent import statefile

    statefile.write_token(tmp_path, "t0ken")
    total = 20
    # Killed once before the collector stores the batch, once after (a lost ACK).
    fake.script.extend(["accept", "accept", "hold", "accept", "accept", "commit_hold"])
    senders = [run_sender(tmp_path, fake, total)]
    try:
        kill_while_held(senders[-1], fake)
        senders.append(run_sender(tmp_path, fake, total))
        kill_while_held(senders[-1], fake)
        senders.append(run_sender(tmp_path, fake, total))
        assert senders[-1].wait(30) == 0
    finally:
        for sender in senders:
            if sender.poll() is None:
                sender.kill()
                sender.wait()
    assert list(fake.stored) == list(range(1, total + 1))  # each once, none missing, in order
    assert len(fake.received) > len(set(fake.received))  # the lost ACK was resent
    with Spool.open(tmp_path / SPOOL_FILE, 1 << 20) as spool:
        assert spool.depth()[0] == 0 and spool.next_seq() == total + 1


def test_the_default_jitter_spreads_over_its_whole_range() -> None:
    values = [_uniform(2.0, 5.0) for _ in range(2000)]
    assert 2.0 <= min(values) < 2.1 and 4.9 < max(values) < 5.0
