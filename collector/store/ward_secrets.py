"""Enrollment secrets per ward as the config's files give them, kept under a password KDF.

Ward "*" admits every ward. The table follows the config at every start: a ward whose
secret file is unchanged (same path, size and modification time) keeps its hash; a changed
file is hashed again; a ward no longer configured loses its secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Connection, delete, select

from collector.store.tables import enrollment_secrets

ANY_WARD = "*"


def sync_ward_secrets(
    conn: Connection, stamps: Mapping[str, str], hash_secret: Callable[[str], str]
) -> None:
    """Make the table hold one hash per configured ward; `stamps` maps ward -> file stamp,
    `hash_secret(ward)` hashes that ward's secret (called only for a new or changed file)."""
    rows = conn.execute(select(enrollment_secrets.c.ward, enrollment_secrets.c.source_stamp))
    kept: dict[str, str] = {ward: stamp for ward, stamp in rows}
    stale = [ward for ward in kept if stamps.get(ward) != kept[ward]]
    if stale:
        conn.execute(delete(enrollment_secrets).where(enrollment_secrets.c.ward.in_(stale)))
    for ward, stamp in stamps.items():
        if kept.get(ward) != stamp:
            row = {"ward": ward, "secret_hash": hash_secret(ward), "source_stamp": stamp}
            conn.execute(enrollment_secrets.insert(), row)


def secret_hashes_for(conn: Connection, ward: str) -> list[str]:
    """Return the hashes that may admit an enrollment into `ward`: its own and ANY_WARD's."""
    query = select(enrollment_secrets.c.secret_hash).where(
        enrollment_secrets.c.ward.in_((ward, ANY_WARD))
    )
    return list(conn.execute(query).scalars())
