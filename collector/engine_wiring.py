"""Open the store for this process and rebuild the fleet from what it keeps."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Engine

from collector.availability import Availability, outcomes
from collector.config import StorageConfig
from collector.secrets import hash_enrollment_secret, read_secret
from collector.state import Fleet, project
from collector.store import make_engine, migrate
from collector.store.agents import wards_enrolled
from collector.store.current import load_current
from collector.store.engine import reader
from collector.store.ward_secrets import sync_ward_secrets
from inventory.model import Inventory
from standard.model import LinkStandard


def open_store(storage: StorageConfig, ward_secret_files: Mapping[str, str]) -> Engine:
    """Open the store (migrating it) and keep the wards' enrollment secrets (ward -> file)
    as the config names them, hashing only a new or changed file's."""
    if storage.url is None:
        Path(storage.data_directory).mkdir(parents=True, exist_ok=True)
    engine = make_engine(
        storage.resolved_url(),
        synchronous=storage.sqlite_synchronous,
        pool_size=max(5, storage.writer_count() + 3),  # the writers, and readers beside them
    )
    migrate(engine)
    stamps = {ward: _stamp(path) for ward, path in ward_secret_files.items()}
    with engine.begin() as conn:
        sync_ward_secrets(
            conn, stamps, lambda ward: hash_enrollment_secret(read_secret(ward_secret_files[ward]))
        )
    return engine


def _stamp(path: str) -> str:
    """Name a secret file's current content without reading it: path, size, mtime."""
    found = os.stat(path)
    return f"{os.path.abspath(path)}:{found.st_size}:{found.st_mtime_ns}"


def rebuild_fleet(
    engine: Engine,
    inventory: Inventory,
    availability: Availability | None = None,
    links: Mapping[str, LinkStandard] | None = None,
) -> Fleet:
    """Return the fleet of every machine's latest state kept in the store, each probe with
    the availability it had when that report arrived (from `availability`, rebuilt first),
    and every unit an agent enrolled in."""
    fleet = Fleet(inventory=inventory)
    with reader(engine).connect() as conn:
        fleet.see_wards(wards_enrolled(conn))
    for current in load_current(engine):
        report = json.loads(current.report_json)
        ratios = None
        if availability is not None and links:
            # As ingest took it: at the report's arrival, from the cycles before its own.
            at = min(current.collected_at, current.received_at)
            cycle = outcomes(report["probes"])
            ratios = availability.ratios(current.agent_id, at, links, without=cycle)
        fleet.put(
            project(
                report,
                current.findings,
                current.received_at,
                current.collected_at,
                current.clone_suspected,
                ratios,
            )
        )
    return fleet
