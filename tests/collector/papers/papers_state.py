"""The documents' fixed state: a store filled through the collector's own store functions
(enrollment, saved reports, proven and approved moves) at fixed times.

Machines (all Windows 11, 6 cores, 16 GiB, NVMe unless said):
- TD-PC01 (Tân Định, from Phường Tân Định, proven move): up to standard.
- TD-PC02 (Tân Định, from Phường Tân Định, proven move): 4 GiB and an HDD.
- TD-PC03 (Tân Định, from Phường Đa Kao, approved move): Windows 10 on a 6th-gen CPU with
  TPM 1.2, so it must be replaced.
- SG-PC01 (Sài Gòn, from Phường Bến Nghé, proven move): its C: drive 95% full.
- SG-PC02 (Sài Gòn): 2 cores and 4 GiB, reporting under Sài Gòn from the start (the
  inventory lists it from Bến Nghé: the record's difference).
- SG-VC01 (Sài Gòn, video conference): no camera.
- BT-PC01 (Bến Thành): the data centre unreachable.
- CG-PC01 (Cần Giờ): silent for a day.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Engine
from standard_reports import GIB, old_pc, probe, report, windows_10

from collector.config import CollectorConfig, StorageConfig
from collector.papers.inputs import PaperInputs
from collector.papers.sources import from_store
from collector.store import make_engine, migrate
from collector.store.agents import enroll
from collector.store.history import compact_history
from collector.store.moves import decide, list_requests
from collector.store.reports import IngestItem, save_batch
from contract.report import encode
from standard.evaluate import evaluate
from standard.model import load_standard

INVENTORY = Path(__file__).resolve().parents[2] / "testdata" / "papers" / "inventory.yml"
NOW = datetime(2025, 11, 1, 8, 1, 0, tzinfo=UTC).timestamp()
BEFORE_MOVE = datetime(2025, 6, 30, 9, 15, 0, tzinfo=UTC).timestamp()
MOVED_AT = datetime(2025, 7, 1, 0, 30, 0, tzinfo=UTC).timestamp()
AFTER_MOVE = datetime(2025, 7, 1, 1, 5, 0, tzinfo=UTC).timestamp()
LATEST = datetime(2025, 11, 1, 8, 0, 0, tzinfo=UTC).timestamp()
SILENT_SINCE = datetime(2025, 10, 31, 8, 0, 0, tzinfo=UTC).timestamp()


def small_memory(rep: dict[str, Any]) -> dict[str, Any]:
    """Give `rep` 4 GiB of memory."""
    rep["hardware"]["memory"]["total_bytes"] = 4 * GIB
    return rep


def hdd(rep: dict[str, Any]) -> dict[str, Any]:
    """Make `rep`'s system disk a spinning one."""
    rep["hardware"]["disks"]["physical"][0].update(kind="hdd", model="WDC WD5000AAKX")
    return rep


def two_cores(rep: dict[str, Any]) -> dict[str, Any]:
    """Give `rep` a 2-core Celeron and 4 GiB."""
    rep["hardware"]["cpu"].update(model="Intel(R) Celeron(R) CPU G1820 @ 2.70GHz", physical_cores=2)
    return small_memory(rep)


def full_disk(rep: dict[str, Any]) -> dict[str, Any]:
    """Fill `rep`'s C: drive to 95%."""
    rep["health"]["filesystems"][0].update(used_ratio=0.95, free_bytes=25 * GIB)
    return rep


def no_camera(rep: dict[str, Any]) -> dict[str, Any]:
    """Take `rep`'s camera away."""
    rep["hardware"]["media"].update(camera_present=False, cameras=[])
    return rep


def datacenter_down(rep: dict[str, Any]) -> dict[str, Any]:
    """Make `rep`'s probe of the data centre time out."""
    rep["probes"][0] = probe("datacenter", "timeout")
    return rep


Change = Callable[[dict[str, Any]], dict[str, Any]]
TD, SG, BT, CG = "phuong-tan-dinh", "phuong-sai-gon", "phuong-ben-thanh", "xa-can-gio"
OLD_TD, OLD_DK, OLD_BN = "quan-1-phuong-tan-dinh", "quan-1-phuong-da-kao", "quan-1-phuong-ben-nghe"
WS, VC = "workstation", "video_conference"


class Pc(NamedTuple):
    """One machine of the state: the unit it left (None: it never moved), and how."""

    hostname: str
    agent: int
    role: str
    before: str | None
    ward: str
    evidence: str
    changes: tuple[Change, ...]


MACHINES = (
    Pc("TD-PC01", 1, WS, OLD_TD, TD, "proven", ()),
    Pc("TD-PC02", 2, WS, OLD_TD, TD, "proven", (small_memory, hdd)),
    Pc("TD-PC03", 3, WS, OLD_DK, TD, "approved", (windows_10, old_pc)),
    Pc("SG-PC01", 4, WS, OLD_BN, SG, "proven", (full_disk,)),
    Pc("SG-PC02", 5, WS, None, SG, "", (two_cores,)),
    Pc("SG-VC01", 6, VC, None, SG, "", (no_camera,)),
    Pc("BT-PC01", 7, WS, None, BT, "", (datacenter_down,)),
    Pc("CG-PC01", 8, WS, None, CG, "", ()),
)
ASSET_TAGS = {"TD-PC01": "UBND-TD-0001", "TD-PC02": "UBND-TD-0002", "SG-PC01": "UBND-SG-0001"}


def _report(hostname: str, agent: int, role: str, ward: str, seq: int, at: float,
            changes: tuple[Change, ...]) -> dict[str, Any]:  # fmt: skip
    rep = report(role=role, ward=ward, agent=agent)
    rep.update(hostname=hostname, seq=seq, asset_tag=ASSET_TAGS.get(hostname))
    rep["collected_at"] = datetime.fromtimestamp(at, UTC).isoformat().replace("+00:00", "Z")
    for change in changes:
        rep = change(rep)
    return rep


def _save(engine: Engine, rep: dict[str, Any], at: float) -> None:
    standard = load_standard()
    received = datetime.fromtimestamp(at, UTC)
    findings = evaluate(rep, standard, today=received.date(), received_at=received)
    item = IngestItem(rep["agent_id"], rep["seq"], rep["kind"], encode(rep).decode(), at, at,
                      rep["ward"], rep["hostname"], findings, compact_history(rep))  # fmt: skip
    with engine.begin() as conn:
        save_batch(conn, [item])


def _enroll(engine: Engine, rep: dict[str, Any], ward: str, at: float, proven: bool) -> str:
    with engine.begin() as conn:
        outcome = enroll(conn, rep["agent_id"], ward, rep["hostname"], rep["role"],
                         secrets.token_hex(32), rep["identity"]["fingerprint"], "a" * 32, at,
                         proven=proven, from_seq=rep["seq"] + 1)  # fmt: skip
    return outcome.kind


def _approve_and_move(engine: Engine, rep: dict[str, Any], ward: str, shift: float) -> None:
    assert _enroll(engine, rep, ward, MOVED_AT + shift - 600, proven=False) == "pending"
    with engine.begin() as conn:
        (request,) = list_requests(conn, "pending")
        assert decide(conn, request.id, True, MOVED_AT + shift - 300) is not None
    assert _enroll(engine, rep, ward, MOVED_AT + shift, proven=False) == "moved"


def fill(engine: Engine, shift: float = 0.0) -> None:
    """Enroll every machine, save its reports and make its move; every time `shift`
    seconds later than the constants say."""
    for hostname, agent, role, before, ward, evidence, changes in MACHINES:
        at = (SILENT_SINCE if hostname == "CG-PC01" else LATEST) + shift
        if before is None:
            first = _report(hostname, agent, role, ward, 1, at, changes)
            _enroll(engine, first, ward, BEFORE_MOVE + shift, proven=False)
            _save(engine, first, at)
            continue
        old = _report(hostname, agent, role, before, 1, BEFORE_MOVE + shift, changes)
        _enroll(engine, old, before, BEFORE_MOVE + shift - 86400, proven=False)
        _save(engine, old, BEFORE_MOVE + shift)
        if evidence == "proven":
            assert _enroll(engine, old, ward, MOVED_AT + shift, proven=True) == "moved"
        else:
            _approve_and_move(engine, old, ward, shift)
        after = AFTER_MOVE + shift
        _save(engine, _report(hostname, agent, role, ward, 2, after, changes), after)
        _save(
            engine, _report(hostname, agent, role, ward, 3, LATEST + shift, changes), LATEST + shift
        )


def config_for(store_url: str, directory: Path) -> CollectorConfig:
    """Return a collector config on `store_url` with the fixed state's inventory."""
    storage = StorageConfig(data_directory=str(directory / "data"), url=store_url)
    return CollectorConfig(storage=storage, inventory_file=str(INVENTORY))


def filled_store(store_url: str, shift: float = 0.0) -> None:
    """Migrate the store at `store_url` and fill it with the fixed state, `shift` later."""
    engine = make_engine(store_url)
    try:
        migrate(engine)
        fill(engine, shift)
    finally:
        engine.dispose()


def fixed_inputs(store_url: str, directory: Path) -> PaperInputs:
    """Fill a fresh store and read the documents' inputs from it at NOW."""
    filled_store(store_url)
    return from_store(config_for(store_url, directory), clock=lambda: NOW)
