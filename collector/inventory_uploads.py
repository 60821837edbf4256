"""The inventory uploaded through the admin API, kept in the data directory."""

from __future__ import annotations

import os
from pathlib import Path

from collector.config import CollectorConfig
from inventory.load import DATA_DIR, loads
from inventory.load import load as load_inventory
from inventory.model import Inventory

UPLOADED_INVENTORY = "inventory-upload"


def uploaded_inventories(config: CollectorConfig) -> list[Path]:
    """Return the inventory uploaded through the admin API, if one is kept."""
    folder = Path(config.storage.data_directory)
    return [
        p for p in (folder / f"{UPLOADED_INVENTORY}.{f}" for f in ("yaml", "csv")) if p.exists()
    ]


def current_inventory(config: CollectorConfig) -> Inventory:
    """Load the last uploaded inventory, else the config's file, else none."""
    uploaded = uploaded_inventories(config)
    if uploaded:
        path = uploaded[0]
        return loads(path.read_text(encoding="utf-8"), path.suffix[1:], str(path), DATA_DIR)
    return load_inventory(config.inventory_file) if config.inventory_file else Inventory()


def keep_upload(config: CollectorConfig, text: str, fmt: str) -> Inventory:
    """Validate an uploaded inventory and keep it in place of any earlier upload."""
    inventory = loads(text, fmt, source="upload", base_dir=DATA_DIR)
    for old in uploaded_inventories(config):
        old.unlink(missing_ok=True)
    path = Path(config.storage.data_directory) / f"{UPLOADED_INVENTORY}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)  # atomic: a crash leaves the old upload or the new one
    return inventory
