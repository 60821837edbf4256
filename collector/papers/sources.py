"""Where the documents' inputs come from: a running collector's memory, or its store.

The command line reads the store directly (SQLite or PostgreSQL, as the collector's
config names it) without migrating it, so it refuses a store at another schema version.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from collector.config import CollectorConfig
from collector.engine_wiring import rebuild_fleet
from collector.inventory_uploads import current_inventory
from collector.papers.inputs import PaperInputs, StoreTooOld
from collector.staleness import stale_after_seconds
from collector.store import make_engine
from collector.store.engine import reader
from collector.store.handovers import list_handover_sightings
from collector.store.migrations import STEPS, current_version
from standard.model import load_standard

if TYPE_CHECKING:
    from collector.runtime import Runtime


def from_runtime(runtime: Runtime, clock: Callable[[], float] = time.time) -> PaperInputs:
    """Read the running collector's fleet and the store's moves."""
    with reader(runtime.engine).connect() as conn:
        moves = list_handover_sightings(conn)
    config = runtime.config
    return PaperInputs(
        machines=runtime.fleet.snapshot(),
        inventory=runtime.fleet.inventory,
        standard=runtime.standard,
        moves=tuple(moves),
        now=clock(),
        stale_after_seconds=runtime.stale_after_seconds,
        papers=config.papers,
        retention_days=config.storage.retention_days,
        wards_seen=runtime.fleet.wards_seen(),
    )


def from_store(config: CollectorConfig, clock: Callable[[], float] = time.time) -> PaperInputs:
    """Read the store `config` names, and its standard and inventory; never write to it."""
    standard = load_standard(config.standard_file) if config.standard_file else load_standard()
    inventory = current_inventory(config)
    url = config.storage.resolved_url()
    if config.storage.on_sqlite and not Path(make_url(url).database or "").is_file():
        raise StoreTooOld(f"no store at {make_url(url).database}: check storage in --config")
    engine = make_engine(url)
    try:
        _check_version(engine)
        fleet = rebuild_fleet(engine, inventory)
        with reader(engine).connect() as conn:
            moves = list_handover_sightings(conn)
    finally:
        engine.dispose()
    return PaperInputs(
        machines=fleet.snapshot(),
        inventory=inventory,
        standard=standard,
        moves=tuple(moves),
        now=clock(),
        stale_after_seconds=stale_after_seconds(config, standard),
        papers=config.papers,
        retention_days=config.storage.retention_days,
        wards_seen=fleet.wards_seen(),
    )


def _check_version(engine: Engine) -> None:
    with reader(engine).connect() as conn:
        version = current_version(conn)
    latest = STEPS[-1].version
    shown = engine.url.render_as_string(hide_password=True)
    if version == 0:
        raise StoreTooOld(f"the store {shown} holds no wardwatch data: check storage in --config")
    if version != latest:
        fix = "start the collector once to migrate it" if version < latest else "upgrade wardwatch"
        raise StoreTooOld(
            f"the store {shown} is at schema step {version}, this wardwatch reads {latest}: {fix}"
        )
