"""The inventory's errors: a file that cannot be used names its file, line and key."""

from __future__ import annotations

from configfile.errors import ConfigError


class InventoryError(ConfigError):
    """An inventory file or text that breaks a rule; names the file, the line and the key."""
