"""The store's errors: what the collector catches when durable state fails."""


class StoreError(Exception):
    """A store operation failed; its transaction was or must be rolled back."""


class MigrationError(StoreError):
    """A schema migration step failed or the database is newer than this code."""
