"""The store's tables (SQLAlchemy Core), as the latest migration leaves them.

Units: every `*_at` column is unix seconds (UTC, double precision); `seq` is the agent's
gap-free report counter. Report bodies are TEXT on both SQLite and PostgreSQL, not JSONB:
the collector already holds the validated JSON text and never queries inside it in SQL
(the in-memory Fleet serves queries), so storing the text as received spares PostgreSQL a
parse and re-encode per report and keeps one code path for both dialects.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    false,
)

metadata = MetaData()


def _agent_fk(primary_key: bool = False) -> Column[str]:
    return Column(
        "agent_id",
        Text,
        ForeignKey("agents.agent_id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


enrollment_secrets = Table(
    "enrollment_secrets",
    metadata,
    Column("ward", Text, primary_key=True),  # "*" admits every ward
    Column("secret_hash", Text, nullable=False),  # collector.secrets.hash_enrollment_secret
    # the secret file's path, size and mtime when hashed: an unchanged file is not re-hashed
    Column("source_stamp", Text, nullable=False),
)

agents = Table(
    "agents",
    metadata,
    Column("agent_id", Text, primary_key=True),
    Column("ward", Text, nullable=False),  # the unit it is enrolled in: its reports must name it
    Column("hostname", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),  # sha256 hex; never the token
    Column("fingerprint", Text, nullable=False),
    Column("install_id", Text, nullable=False),
    Column("enrolled_at", Double, nullable=False),
    Column("revoked_at", Double),
    Column("last_seq", BigInteger),
    Column("last_report_at", Double),
    Column("clone_suspected", Boolean, nullable=False, server_default=false()),
    # After a move: the unit before it, and the first seq reported under `ward`; reports
    # spooled before the move (lower seqs) still name the previous unit.
    Column("previous_ward", Text),
    Column("ward_from_seq", BigInteger),
)

latest = Table(
    "latest",
    metadata,
    _agent_fk(primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("kind", Text, nullable=False),
    Column("report", Text, nullable=False),
    Column("collected_at", Double, nullable=False),
    Column("received_at", Double, nullable=False),
    Column("findings_digest", Text, nullable=False),  # findings.digest of its findings
)

findings = Table(
    "findings",
    metadata,
    _agent_fk(primary_key=True),
    Column("ordinal", Integer, primary_key=True),  # the finding's place in its report
    Column("rule", Text, nullable=False),
    Column("finding_class", Text, nullable=False),  # "hardware" or "operational"
    Column("severity", Text, nullable=False),
    Column("target", Text),
    Column("measured", Text, nullable=False),  # JSON
    Column("required", Text, nullable=False),  # JSON
    Column("message_vi", Text, nullable=False),
    Column("message_en", Text, nullable=False),
    Column("cost_vnd", BigInteger, nullable=False),
    Column("since", Double, nullable=False),  # first received report that had it
)

history = Table(
    # One row per received report: its receipt, whose key (agent_id, seq) is the dedup
    # key, and its compact health and probe record (history.compact_history).
    "history",
    metadata,
    _agent_fk(primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("received_at", Double, nullable=False),
    Column("collected_at", Double, nullable=False),
    Column("health", Text),
    Index("history_received_at", "received_at"),
)

availability_counts = Table(
    # The in-memory availability counts (collector.availability) as last saved, so a
    # restart rebuilds them from this and the history received since `taken_at`.
    "availability_counts",
    metadata,
    _agent_fk(primary_key=True),
    Column("target", Text, primary_key=True),
    Column("width_seconds", Double, nullable=False),  # one bucket's span
    Column("last_bucket", BigInteger, nullable=False),  # the window's end, in buckets
    Column("first_seconds", Double),  # the earliest cycle counted
    Column("counts", Text, nullable=False),  # successes per bucket, then cycles, comma-joined
    Column("through_seq", BigInteger, nullable=False),  # the agent's highest seq counted
    Column("taken_at", Double, nullable=False),
)

latest_inventory = Table(
    "latest_inventory",
    metadata,
    _agent_fk(primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("report", Text, nullable=False),  # the whole kind=inventory report
    Column("collected_at", Double, nullable=False),
)

handovers = Table(
    "handovers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _agent_fk(),
    Column("from_ward", Text, nullable=False),
    Column("to_ward", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),  # the first report from to_ward
    Column("at", Double, nullable=False),  # when the move was made
    # "proven": the agent presented its token; "approved": the DTC approved the request;
    # "report": a ward change seen in reports, before moves were bound to enrollment
    Column("evidence", Text, nullable=False, server_default="report"),
    Index("handovers_at", "at"),
)

move_requests = Table(
    "move_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _agent_fk(),
    Column("from_ward", Text, nullable=False),
    Column("to_ward", Text, nullable=False),
    Column("hostname", Text, nullable=False),
    Column("requested_at", Double, nullable=False),
    Column("status", Text, nullable=False),  # pending, approved, refused, done
    Column("decided_at", Double),
    Index("move_requests_agent", "agent_id", "to_ward"),
)

clones = Table(
    "clones",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _agent_fk(),
    Column("known_fingerprint", Text, nullable=False),
    Column("new_fingerprint", Text, nullable=False),
    Column("new_install_id", Text),
    Column("hostname", Text, nullable=False),
    Column("ward", Text, nullable=False),
    Column("at", Double, nullable=False),
    Column("resolved_at", Double),
    Column("accepted", Boolean),  # on resolution: was new_fingerprint the same machine?
    Index("clones_agent", "agent_id"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("day", Date, primary_key=True),
    Column("ward", Text, primary_key=True),
    Column("expected", Integer, nullable=False),
    Column("reporting", Integer, nullable=False),
    Column("compliant", Integer, nullable=False),
    Column("readiness", Text, nullable=False),  # JSON
)

# Machines read over SSH (inventory `agentless: ssh`), by their place in the inventory: the
# agent id their first report gave, and the host key trusted on first use, if one was.
agentless_hosts = Table(
    "agentless_hosts",
    metadata,
    Column("ward", Text, primary_key=True),
    Column("hostname", Text, primary_key=True),
    Column("agent_id", Text),
    Column("host_key_type", Text),
    Column("host_key_sha256", Text),  # as OpenSSH prints it: SHA256:base64, no padding
    Column("trusted_at", Double),  # unix seconds, when trusted on first use
)
