"""A real agent against faults of its machine: a full disk under its state directory.

The state directory is a tmpfs of its own (mounted by the test, as root), filled to the
last byte while the agent runs; then room is made again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from deployment import WARD, Agent, Collector, sample, wait_for

from agent.spool import SPOOL_FILE, WAL_LIMIT_BYTES

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of `size` at `where` for the block; unmount it after."""
    where.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
                   check=True)  # fmt: skip
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(directory: Path) -> Path:
    """Write a file in `directory` until the disk is full; return it."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as err:
        assert err.errno == errno.ENOSPC, err
    finally:
        os.close(fd)
    return filler


def test_reports_lost_to_a_full_disk_are_counted_shown_and_reported(tmp_path: Path) -> None:
    (tmp_path / "collector").mkdir()
    (tmp_path / "agent").mkdir()
    collector = Collector(tmp_path / "collector", None)
    agent = Agent(tmp_path / "agent", collector.port)
    with small_disk(agent.state, "2m"):
        try:
            collector.start()
            agent_id = agent.enroll(collector)
            agent.start()
            logs = (agent.log, collector.log)

            def machine_seen() -> bool:  # the ward's rows show from enrollment on
                return sample(collector.metrics(), "wardwatch_machine_info", agent_id=agent_id) == 1

            wait_for("the first report", machine_seen, 20, *logs)

            filler = fill(agent.state)
            lost = wait_for("3 reports that could not be stored", lambda: _lost(agent, 3), 30,
                            *logs)  # fmt: skip
            assert "free disk space" in agent.cli("status").stdout

            filler.unlink()

            def reported() -> float | None:
                count = sample(collector.metrics(), DROPPED, ward=WARD)
                return count if count is not None and count >= lost else None

            wait_for("the collector told of every lost report", reported, 30, *logs)
            assert "could not be stored" not in agent.cli("status").stdout
            wal = agent.state / (SPOOL_FILE + "-wal")
            assert not wal.exists() or wal.stat().st_size <= WAL_LIMIT_BYTES + 64 * 4096
        finally:
            agent.stop()
            collector.stop()


DROPPED = "wardwatch_ingest_agent_dropped_reports_total"


def _lost(agent: Agent, at_least: int) -> int | None:
    """Return how many reports `status` says could not be stored, once at least `at_least`."""
    for line in agent.cli("status").stdout.splitlines():
        if "could not be stored" in line:
            count = int(line.split("ACTION:")[1].split()[0])
            return count if count >= at_least else None
    return None
