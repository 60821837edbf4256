"""A whole city's store for the documents' benchmark (not timed): the 168 units of Ho Chi
Minh City, N machines spread over them, each enrolled under one of its unit's former units
and moved to the new unit with its token (or a share of them), written through the
collector's own store functions (enroll, save_batch, the move) into a SQLite store; and the
inventory that lists every machine with the former unit it came from.

Machines differ as a city's do: one in eight has 4 GiB, one in ten an HDD, one in fifteen a
4th-generation CPU without TPM 2.0 on Windows 10 (replace it), one in thirty only two
cores; the rest meet the standard. Findings are judged once per kind of machine.
"""

from __future__ import annotations

import copy
import csv
import datetime
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "ingest")]

from enroll import PROBES, VALUES, probe  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from collector.store import make_engine, migrate  # noqa: E402
from collector.store.agents import enroll  # noqa: E402
from collector.store.history import compact_history  # noqa: E402
from collector.store.reports import IngestItem, save_batch  # noqa: E402
from contract.report import Identity, Placement, build, encode  # noqa: E402
from inventory.handover import unit_key  # noqa: E402
from standard.evaluate import evaluate  # noqa: E402
from standard.model import load_standard  # noqa: E402

UNITS_CSV = ROOT / "inventory" / "data" / "hcmc-units-2025.csv"
FORMER_PER_UNIT = 2
BATCH = 500
GIB = 2**30


def units() -> list[tuple[str, str, str]]:
    """Return (code, kind, Vietnamese name) of the city's 168 units."""
    with UNITS_CSV.open(encoding="utf-8") as f:
        return [(row["slug"], row["kind"], row["name"]) for row in csv.DictReader(f)]


def former_unit(name: str, k: int) -> str:
    """Name the former unit `k` of the unit `name`, as the inventory writes former units."""
    return f"Quận cũ / Phường {name} {k + 1}"


def former_code(name: str, k: int) -> str:
    """Return the code the former unit `k` of unit `name` enrolled its agents under."""
    return unit_key(former_unit(name, k))


def kind(i: int) -> tuple[bool, bool, bool, bool]:
    """Return machine `i`'s shortfalls: (4 GiB, HDD, old CPU on Windows 10, two cores)."""
    return (i % 8 == 1, i % 10 == 2, i % 15 == 3, i % 30 == 5)


def values(i: int) -> dict[str, Any]:
    """Return the collectors' values of machine `i`: Windows 11 on a sound PC, or its kind."""
    small, hdd, old, two = kind(i)
    v = copy.deepcopy(VALUES)
    v["system"]["bios_date"] = "2022-03-01"  # within the standard's seven years
    v["os"].update(family="windows", id="windows", id_like=[], name="Windows 11 Pro",
                   version="11", build="26100.2314", edition="Professional")  # fmt: skip
    if small:
        v["memory"]["total_bytes"] = 4 * GIB
    if hdd:
        v["disks"]["physical"][0].update(kind="hdd", model="WDC WD5000AAKX")
    if old:
        v["cpu"]["model"] = "Intel(R) Core(TM) i5-4570 CPU @ 3.20GHz"
        v["security"]["tpm_version"] = "1.2"
        v["os"].update(name="Windows 10 Pro", version="10", build="19045.6456")
    if two:
        v["cpu"].update(physical_cores=2, logical_cores=2)
    return v


def report(i: int, ward: str, seq: int, at: float) -> dict[str, Any]:
    """Return machine `i`'s report number `seq` under `ward` at `at` (unix seconds)."""
    identity = Identity(f"c1{i:030x}", f"d1{i:030x}", "machine-id", f"{i:064x}", ("dmi_uuid",))
    moment = datetime.datetime.fromtimestamp(at, datetime.UTC)
    return build(identity=identity, placement=Placement(f"PC-{i:05d}", ward, "workstation"),
                 seq=seq, collected_at=moment, kind="inventory", values=values(i),
                 probes=[probe(t) for t in PROBES], collectors={})  # fmt: skip


def _item(rep: dict[str, Any], at: float, findings: Any) -> IngestItem:
    return IngestItem(rep["agent_id"], rep["seq"], rep["kind"], encode(rep).decode(), at, at,
                      rep["ward"], rep["hostname"], findings, compact_history(rep))  # fmt: skip


def _placed(machines: int) -> Iterator[tuple[int, str, str, int]]:
    """Yield (machine, unit code, unit name, former unit index) for every machine."""
    city = units()
    for i in range(machines):
        code, _, name = city[i % len(city)]
        yield i, code, name, (i // len(city)) % FORMER_PER_UNIT


def fill(engine: Engine, machines: int, moved_ratio: float, now: float) -> None:
    """Enroll, report and move every machine; the last reports a minute before `now`."""
    standard = load_standard()
    judged: dict[tuple[bool, ...], Any] = {}
    before, moved_at, latest = now - 120 * 86400, now - 110 * 86400, now - 60
    placed = list(_placed(machines))
    moving = {i for i, *_ in placed if (i * 7919) % 1000 < moved_ratio * 1000}
    for start in range(0, len(placed), BATCH):
        chunk = placed[start : start + BATCH]
        with engine.begin() as conn:
            items = []
            for i, code, name, k in chunk:
                ward = former_code(name, k) if i in moving else code
                rep = report(i, ward, 1, before)
                enroll(conn, rep["agent_id"], ward, rep["hostname"], "workstation",
                       secrets.token_hex(32), rep["identity"]["fingerprint"], "a" * 32,
                       before - 86400)  # fmt: skip
                key = kind(i)
                if key not in judged:
                    at = datetime.datetime.fromtimestamp(latest, datetime.UTC)
                    judged[key] = evaluate(rep, standard, today=at.date(), received_at=at)
                items.append(_item(rep, before, judged[key]))
            save_batch(conn, items)
        with engine.begin() as conn:
            items = []
            for i, code, _, _ in chunk:
                rep = report(i, code, 2, latest)
                if i in moving:
                    enroll(conn, rep["agent_id"], code, rep["hostname"], "workstation",
                           secrets.token_hex(32), rep["identity"]["fingerprint"], "a" * 32,
                           moved_at, proven=True, from_seq=2)  # fmt: skip
                items.append(_item(rep, latest, judged[kind(i)]))
            save_batch(conn, items)


def inventory_yaml(machines: int) -> str:
    """Return the inventory: the city's units (included from the CSV) with their former
    units, and every machine with the former unit it came from."""
    lines = [f"include_units: {UNITS_CSV.name}", "wards:"]
    for code, unit_kind, name in units():
        formers = ", ".join(f'"{former_unit(name, k)}"' for k in range(FORMER_PER_UNIT))
        lines.append(f'  - {{code: {code}, name: "{name}", kind: {unit_kind}, '
                     f"former_units: [{formers}]}}")  # fmt: skip
    lines.append("machines:")
    for i, code, name, k in _placed(machines):
        lines.append(f'  - {{ward: {code}, hostname: PC-{i:05d}, '
                     f'former_unit: "{former_unit(name, k)}"}}')  # fmt: skip
    return "\n".join(lines) + "\n"


def build_store(directory: Path, machines: int, moved_ratio: float, now: float) -> Path:
    """Write the store and the inventory into `directory`; return the collector's config."""
    data = directory / "data"
    data.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{data / 'wardwatch.sqlite'}", synchronous="NORMAL")
    migrate(engine)
    fill(engine, machines, moved_ratio, now)
    engine.dispose()
    (directory / UNITS_CSV.name).write_bytes(UNITS_CSV.read_bytes())  # included beside it
    (directory / "inventory.yml").write_text(inventory_yaml(machines), encoding="utf-8")
    config = directory / "collector.yml"
    config.write_text(f"storage: {{data_directory: {data}}}\ninventory_file: inventory.yml\n")
    return config
