"""Open the store for this process and rebuild the fleet from what it keeps."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Engine

from collector.config import StorageConfig
from collector.state import Fleet, project
from collector.store import make_engine, migrate
from collector.store.current import load_current
from collector.store.ward_secrets import add_ward_secret
from inventory.model import Inventory


def open_store(storage: StorageConfig, ward_secret_hashes: Mapping[str, str]) -> Engine:
    """Open the store (migrating it) and accept the wards' enrollment secret hashes."""
    if storage.url is None:
        Path(storage.data_directory).mkdir(parents=True, exist_ok=True)
    engine = make_engine(
        storage.resolved_url(),
        synchronous=storage.sqlite_synchronous,
        pool_size=max(5, storage.writer_count() + 3),  # the writers, and readers beside them
    )
    migrate(engine)
    with engine.begin() as conn:
        for ward, hashed in ward_secret_hashes.items():
            add_ward_secret(conn, ward, hashed)
    return engine


def rebuild_fleet(engine: Engine, inventory: Inventory) -> Fleet:
    """Return the fleet of every machine's latest state kept in the store."""
    fleet = Fleet(inventory=inventory)
    for current in load_current(engine):
        report = json.loads(current.report_json)
        fleet.put(
            project(
                report,
                current.findings,
                current.received_at,
                current.collected_at,
                current.clone_suspected,
            )
        )
    return fleet
