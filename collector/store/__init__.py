"""Durable state of the collector (SQLAlchemy Core on SQLite or PostgreSQL).

Open with `make_engine(url)`, then `migrate(engine)` at start-up. Operation modules take
a Connection inside the caller's transaction (`with engine.begin() as conn:`):
agents, ward_secrets, reports (save_batch), clones, handovers, history, snapshots,
retention; current.load_current(engine) streams the state that rebuilds the Fleet.
"""

from collector.store.engine import make_engine, sqlite_url
from collector.store.errors import MigrationError, StoreError
from collector.store.migrations import migrate

__all__ = ["MigrationError", "StoreError", "make_engine", "migrate", "sqlite_url"]
