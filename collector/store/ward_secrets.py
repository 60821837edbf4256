"""Enrolment secrets per ward, stored as sha256 hex; ward "*" admits every ward."""

from __future__ import annotations

from sqlalchemy import Connection, select

from collector.store.dialect import insert
from collector.store.tables import ward_secrets

ANY_WARD = "*"


def add_ward_secret(conn: Connection, ward: str, secret_hash: str) -> None:
    """Accept `secret_hash` for enrolments into `ward` (or ANY_WARD); idempotent."""
    conn.execute(
        insert(conn, ward_secrets).on_conflict_do_nothing(),
        {"ward": ward, "secret_hash": secret_hash},
    )


def secret_admits(conn: Connection, ward: str, secret_hash: str) -> bool:
    """Tell whether `secret_hash` admits an enrolment into `ward`."""
    found = conn.execute(
        select(ward_secrets.c.ward).where(
            ward_secrets.c.secret_hash == secret_hash,
            ward_secrets.c.ward.in_((ward, ANY_WARD)),
        )
    ).first()
    return found is not None
