"""Everything the collector's config points at, read and checked."""

from __future__ import annotations

from dataclasses import dataclass

from collector.config import CollectorConfig
from collector.errors import CollectorError
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
    viewer_token_hash: str | None

    @classmethod
    def read(cls, config: CollectorConfig) -> PolicyFiles:
        """Read the standard, the inventory, the secrets and the admin and viewer tokens of
        `config`; a viewer token that is the admin token is refused."""
        files = cls(
            standard=load_standard(config.standard_file)
            if config.standard_file
            else load_standard(),
            inventory=current_inventory(config),
            ward_secrets=sum(
                bool(read_secret(path)) for path in config.enrollment_secret_files.values()
            ),
            admin_token_hash=_token_hash(config.admin_token_file),
            viewer_token_hash=_token_hash(config.viewer_token_file),
        )
        if files.viewer_token_hash and files.viewer_token_hash == files.admin_token_hash:
            raise CollectorError(
                f"viewer_token_file {config.viewer_token_file} holds the admin token: "
                "give the viewer a token of its own"
            )
        return files


def _token_hash(path: str | None) -> str | None:
    return hash_token(read_secret(path)) if path else None
