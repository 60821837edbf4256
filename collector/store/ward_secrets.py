"""Enrolment secrets per ward, stored as sha256 hex; ward "*" admits every ward."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select

from collector.store.dialect import insert
from collector.store.tables import ward_secrets

ANY_WARD = "*"


def add_ward_secret(conn: Connection, ward: str, secret_hash: str) -> None:
    """Accept `secret_hash` for enrolments into `ward` (or ANY_WARD); idempotent."""
    conn.execute(
        insert(conn, ward_secrets).on_conflict_do_nothing(),
        {"ward": ward, "secret_hash": secret_hash},
    )


def remove_ward_secret(conn: Connection, ward: str, secret_hash: str) -> bool:
    """Stop accepting `secret_hash` for `ward`; return False if it was not there."""
    result = conn.execute(
        delete(ward_secrets).where(
            ward_secrets.c.ward == ward, ward_secrets.c.secret_hash == secret_hash
        )
    )
    return result.rowcount == 1


def secret_admits(conn: Connection, ward: str, secret_hash: str) -> bool:
    """Tell whether `secret_hash` admits an enrolment into `ward`."""
    found = conn.execute(
        select(ward_secrets.c.ward).where(
            ward_secrets.c.secret_hash == secret_hash,
            ward_secrets.c.ward.in_((ward, ANY_WARD)),
        )
    ).first()
    return found is not None


def list_ward_secrets(conn: Connection) -> list[tuple[str, str]]:
    """List (ward, secret_hash) pairs."""
    query = select(ward_secrets.c.ward, ward_secrets.c.secret_hash).order_by(ward_secrets.c.ward)
    return [(row.ward, row.secret_hash) for row in conn.execute(query)]
