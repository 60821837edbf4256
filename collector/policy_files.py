"""Everything the collector's config points at, read and checked."""

from __future__ import annotations

from dataclasses import dataclass

from collector.config import CollectorConfig
from collector.inventory_uploads import current_inventory
from collector.secrets import hash_token, read_secret
from inventory.model import Inventory
from standard.model import Standard, load_standard


@dataclass(frozen=True)
class PolicyFiles:
    """Everything the config points at, read and checked: what `check-config` verifies."""

    standard: Standard
    inventory: Inventory
    ward_secrets: int  # how many, each read and long enough
    admin_token_hash: str | None

    @classmethod
    def read(cls, config: CollectorConfig) -> PolicyFiles:
        """Read the standard, the inventory, the secrets and the admin token of `config`."""
        return cls(
            standard=load_standard(config.standard_file)
            if config.standard_file
            else load_standard(),
            inventory=current_inventory(config),
            ward_secrets=sum(
                bool(read_secret(path)) for path in config.enrollment_secret_files.values()
            ),
            admin_token_hash=hash_token(read_secret(config.admin_token_file))
            if config.admin_token_file
            else None,
        )
