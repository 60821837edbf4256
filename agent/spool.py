"""The spool: every report is stored durably before any send and deleted only on acknowledgement.

SQLite in WAL mode with synchronous=FULL: a committed report survives a crash or power cut.
Seqs are gap-free: `append()` reads `next_seq`, builds the report with it, stores it and
advances `next_seq` in one transaction, so a crash before the commit reuses the same seq
and a crash after it leaves the report queued. Bodies are stored zlib-compressed.

The spool is bounded by `max_bytes` (stored, compressed bytes): after an insert the
oldest non-inventory reports are dropped until it fits, and each drop is counted in
`dropped_unreported` until a stored report carries the count. Inventory reports are never
dropped, so if only inventories remain the spool may stay above its bound. The WAL is
checkpointed every WAL_CHECKPOINT_PAGES and truncated back to WAL_LIMIT_BYTES, so on disk
the spool takes about `max_bytes` plus SQLite's page slack plus WAL_LIMIT_BYTES.

A report that cannot be stored at all (the disk is full) is counted in the spool's health
file (`agent/spool_health.py`) and carried, like a drop, by the next report stored.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from agent import spool_health
from agent.errors import AgentError
from agent.spool_health import SpoolHealth
from contract.report import encode

log = logging.getLogger(__name__)

SPOOL_FILE = "spool.sqlite"
REJECTED_KEPT = 100
WAL_CHECKPOINT_PAGES = 64  # 256 KiB of 4 KiB pages: a few minutes of reports
WAL_LIMIT_BYTES = 1024 * 1024
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, body BLOB NOT NULL, size INTEGER NOT NULL,
    raw_size INTEGER NOT NULL, dropped_reported INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS rejected (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, reason TEXT NOT NULL, body BLOB NOT NULL,
    rejected REAL NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('next_seq', 1), ('dropped_unreported', 0);
"""


class SpoolError(AgentError):
    """The spool database cannot be opened, read or written."""


class Spooled(NamedTuple):
    """One queued report: its seq and its encoded JSON bytes."""

    seq: int
    body: bytes


@dataclass(frozen=True)
class SpoolStatus:
    """What `wardwatch-agent status` shows about delivery; times are Unix seconds."""

    depth_reports: int
    depth_bytes: int
    oldest_created_at: float | None
    next_seq: int
    dropped_unreported: int
    rejected_reports: int
    last_success_at: float | None
    last_error: str | None
    last_error_at: float | None
    needs_reenroll: bool
    health: SpoolHealth = SpoolHealth()  # reports that could not be stored, and why


class Spool:
    """A durable, bounded FIFO of encoded reports keyed by seq."""

    def __init__(
        self, db: sqlite3.Connection, path: Path, max_bytes: int, clock: Callable[[], float]
    ):
        self._db, self.path, self.max_bytes, self._clock = db, path, max_bytes, clock

    @classmethod
    def open(cls, path: Path, max_bytes: int, clock: Callable[[], float] = time.time) -> Spool:
        """Open (or create) the spool database at `path`, bounded to `max_bytes` stored bytes."""
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
            db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
            db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as err:
            hint = (
                "is another wardwatch-agent using this state_directory? Stop it and try again"
                if "locked" in str(err)
                else "move it aside and restart (reports still in it are then not sent)"
            )
            raise SpoolError(f"cannot open spool {path}: {err}; {hint}") from err
        try:
            spool_health.prepare(Path(path).parent)
        except OSError as err:  # a full disk at start: reports then fail to spool, uncounted
            log.error("cannot prepare the spool's health file in %s: %s", Path(path).parent, err)
        return cls(db, Path(path), max_bytes, clock)

    def close(self) -> None:
        """Close the database; the spool cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def next_seq(self) -> int:
        """Return the seq the next stored report must carry."""
        return int(self._meta("next_seq"))

    def unreported_drops(self) -> int:
        """Return how many reports were dropped and not yet reported to the collector."""
        return int(self._meta("dropped_unreported"))

    def advance_to(self, held_seq: int) -> int:
        """Make the next seq greater than `held_seq` (the collector's last for this agent);
        return it.

        When the spool's own counter is behind the collector's, its state was wiped (a
        reinstall): the reports it queued since carry seqs the collector already holds for
        older reports, and would be taken for replays and dropped. They are renumbered after
        `held_seq`, in order, with the `seq` inside each report rewritten. A counter ahead of
        the collector's is left alone: queued seqs at or below `held_seq` are then reports
        the collector did store (their acknowledgement was lost), to be acknowledged again.
        """
        with self._write() as db:
            counter = int(_get(db, "next_seq"))
            next_seq = max(counter, held_seq + 1)
            queued = db.execute("SELECT seq, body FROM reports ORDER BY seq").fetchall()
            if queued and counter <= held_seq:
                db.execute("UPDATE reports SET seq = -seq")  # out of the way of the new seqs
                next_seq = held_seq + 1
                for old, blob in queued:
                    report = json.loads(zlib.decompress(blob))
                    report["seq"] = next_seq
                    _rewrite(db, -old, report)
                    next_seq += 1
            _set(db, "next_seq", next_seq)
        return next_seq

    def restamp(self, seq: int, ward: str) -> bool:
        """Make queued report `seq` name unit `ward`; return whether it was rewritten (False
        when it is not queued, already names `ward`, or cannot be read)."""
        with self._write() as db:
            row = db.execute("SELECT body FROM reports WHERE seq = ?", (seq,)).fetchone()
            if row is None:
                return False
            try:
                report = json.loads(zlib.decompress(row[0]))
            except (zlib.error, ValueError):
                return False
            if not isinstance(report, dict) or report.get("ward") == ward:
                return False
            report["ward"] = ward
            _rewrite(db, seq, report)
        return True

    def append(self, kind: str, build: Callable[[int, int], bytes]) -> int:
        """Store `build(seq, dropped_reports)` as the next report; return its seq.

        The build (a whole collection cycle) runs outside any transaction, so `status` and
        `enroll` never wait for it; the store itself is one transaction (one writer only).
        """
        health = spool_health.read(self.path.parent)
        seq, dropped = self.next_seq(), self.unreported_drops() + health.unspooled
        try:
            self.put(seq, kind, build(seq, dropped), dropped, unspooled=health.unspooled)
        except SpoolError as err:
            self._unspooled(health, err)
            raise
        if health != SpoolHealth():
            self._unspooled(SpoolHealth(), None)
        return seq

    def put(
        self, seq: int, kind: str, body: bytes, dropped_reported: int = 0, unspooled: int = 0
    ) -> None:
        """Store a report built with `next_seq()` that carries `dropped_reported` drops, of
        which `unspooled` are reports that could not be stored (not yet counted in the spool)."""
        with self._write() as db:
            expected = int(_get(db, "next_seq"))
            if seq != expected:
                raise SpoolError(f"seq {seq} is not the next seq {expected}; one writer only")
            _add(db, "dropped_unreported", unspooled)
            self._insert(db, seq, kind, body, dropped_reported)

    def _unspooled(self, health: SpoolHealth, err: SpoolError | None) -> None:
        """Count one more report lost to `err` in the health file, or clear it (`err` None)."""
        if err is not None:
            health = SpoolHealth(health.unspooled + 1, str(err), self._clock())
        try:
            spool_health.write(self.path.parent, health)
        except OSError as failed:
            log.error("cannot record the spool's health in %s: %s", self.path.parent, failed)

    def batch(self, limit_count: int, limit_bytes: int) -> list[Spooled]:
        """Return the oldest reports, at most `limit_count` and `limit_bytes` (at least one)."""
        rows = self._read(
            "SELECT seq, body, raw_size FROM reports ORDER BY seq LIMIT ?", (limit_count,)
        )
        out: list[Spooled] = []
        total, corrupt = 0, {}
        for seq, blob, raw_size in rows:
            if out and total + raw_size > limit_bytes:
                break
            try:
                out.append(Spooled(seq, zlib.decompress(blob)))
            except zlib.error:  # never let one damaged row block the queue
                corrupt[seq] = "damaged in the spool (zlib)"
            total += raw_size
        if corrupt:
            self.settle((), corrupt)
        return out

    def settle(
        self, acknowledged: Iterable[int], rejected: Mapping[int, str], answered: bool = False
    ) -> tuple[int, int]:
        """Delete acknowledged seqs, move rejected ones aside; return both counts done.

        `answered`: the collector answered this delivery, recorded in the same transaction
        (one fsync, not two, per batch sent).
        """
        with self._write() as db:
            if answered:
                _record_success(db, self._clock())
            acked = sum(
                db.execute("DELETE FROM reports WHERE seq=?", (s,)).rowcount
                for s in set(acknowledged)
            )
            moved = sum(
                _move_rejected(db, seq, reason, self._clock()) for seq, reason in rejected.items()
            )
            db.execute(
                "DELETE FROM rejected WHERE seq NOT IN "
                "(SELECT seq FROM rejected ORDER BY rejected DESC, seq DESC LIMIT ?)",
                (REJECTED_KEPT,),
            )
        return acked, moved

    def rejected(self) -> list[tuple[int, str]]:
        """Return the kept rejected reports as (seq, reason), newest first."""
        rows = self._read("SELECT seq, reason FROM rejected ORDER BY rejected DESC, seq DESC")
        return [(int(seq), str(reason)) for seq, reason in rows]

    def depth(self) -> tuple[int, int]:
        """Return the queued report count and their stored bytes."""
        ((count, size),) = self._read("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM reports")
        return int(count), int(size)

    def collector_window_seconds(self) -> float | None:
        """Return the staleness window the collector last told, seconds; None if never."""
        value = self._meta("collector_window_seconds")
        return float(value) if isinstance(value, int | float) else None

    def keep_collector_window(self, seconds: float) -> None:
        """Remember the staleness window the collector told, seconds."""
        with self._write() as db:
            _set(db, "collector_window_seconds", float(seconds))

    def record_failure(self, error: str, needs_reenroll: bool = False) -> None:
        """Remember the last delivery error and whether the token was refused."""
        with self._write() as db:
            _set(db, "last_error", error)
            _set(db, "last_error_at", self._clock())
            _set(db, "needs_reenroll", int(needs_reenroll))

    def status(self) -> SpoolStatus:
        """Summarise the queue and the last delivery outcome for the CLI."""
        count, size = self.depth()
        ((oldest,),) = self._read("SELECT MIN(created) FROM reports")
        ((rejected,),) = self._read("SELECT COUNT(*) FROM rejected")
        return SpoolStatus(
            depth_reports=count,
            depth_bytes=size,
            oldest_created_at=oldest,
            next_seq=self.next_seq(),
            dropped_unreported=self.unreported_drops(),
            rejected_reports=int(rejected),
            last_success_at=self._meta("last_success_at"),
            last_error=self._meta("last_error"),
            last_error_at=self._meta("last_error_at"),
            needs_reenroll=bool(self._meta("needs_reenroll")),
            health=spool_health.read(self.path.parent),
        )

    def _insert(
        self, db: sqlite3.Connection, seq: int, kind: str, body: bytes, dropped: int
    ) -> None:
        blob = zlib.compress(body, 6)
        db.execute(
            "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
            (seq, kind, blob, len(blob), len(body), dropped, self._clock()),
        )
        _set(db, "next_seq", seq + 1)
        _add(db, "dropped_unreported", -dropped)
        self._enforce_bound(db)

    def _enforce_bound(self, db: sqlite3.Connection) -> None:
        """Drop the oldest non-inventory reports until the spool fits in max_bytes."""
        ((total,),) = db.execute("SELECT COALESCE(SUM(size), 0) FROM reports").fetchall()
        if total <= self.max_bytes:
            return
        rows = db.execute(
            "SELECT seq, size, dropped_reported FROM reports WHERE kind != 'inventory' ORDER BY seq"
        ).fetchall()
        victims, lost = [], 0
        for seq, size, carried in rows:
            if total <= self.max_bytes:
                break
            victims.append((seq,))
            total -= size
            lost += 1 + carried  # a dropped report never delivers the drops it carried
        db.executemany("DELETE FROM reports WHERE seq=?", victims)
        _add(db, "dropped_unreported", lost)
        log.warning("spool over %d bytes: dropped %d oldest reports", self.max_bytes, len(victims))

    def _meta(self, key: str) -> Any:
        rows = self._read("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0][0] if rows else None

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise SpoolError(f"cannot read spool {self.path}: {err}") from err

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one IMMEDIATE transaction; translate SQLite errors."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as err:
            raise SpoolError(f"cannot write spool {self.path}: {err}") from err


def _rewrite(db: sqlite3.Connection, at: int, report: dict[str, Any]) -> None:
    """Store `report` in place of the queued row `at`, under the seq the report carries."""
    raw = encode(report)
    packed = zlib.compress(raw, 6)
    db.execute(
        "UPDATE reports SET seq = ?, body = ?, size = ?, raw_size = ? WHERE seq = ?",
        (report["seq"], packed, len(packed), len(raw), at),
    )


def _record_success(db: sqlite3.Connection, now: float) -> None:
    _set(db, "last_success_at", now)
    _set(db, "needs_reenroll", 0)


def _move_rejected(db: sqlite3.Connection, seq: int, reason: str, now: float) -> int:
    """Move one queued report into `rejected`; give back the drops it carried."""
    row = db.execute("SELECT kind, body, dropped_reported FROM reports WHERE seq=?", (seq,))
    found = row.fetchone()
    if found is None:
        return 0
    kind, body, carried = found
    db.execute(
        "INSERT OR REPLACE INTO rejected VALUES (?, ?, ?, ?, ?)",
        (seq, kind, reason[:500], body, now),
    )
    db.execute("DELETE FROM reports WHERE seq=?", (seq,))
    _add(db, "dropped_unreported", carried)
    return 1


def _get(db: sqlite3.Connection, key: str) -> Any:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def _set(db: sqlite3.Connection, key: str, value: object) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _add(db: sqlite3.Connection, key: str, delta: int) -> None:
    db.execute("UPDATE meta SET value = value + ? WHERE key=?", (delta, key))
