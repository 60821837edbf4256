"""Enrolment, token lookup, revocation, ward secrets and the clone queue."""

from __future__ import annotations

from sqlalchemy import Engine

from collector.store.agents import (
    EnrollOutcome,
    agent_by_token_hash,
    enroll,
    get_agent,
    last_seq,
    list_agents,
    revoke,
)
from collector.store.clones import list_clones, resolve_clone
from collector.store.ward_secrets import (
    ANY_WARD,
    secret_hashes_for,
    sync_ward_secrets,
)

AID = "0" * 31 + "a"
WARD = "phuong-sai-gon"
FP = "f" * 64


def _enroll(engine: Engine, token: str, fingerprint: str = FP, now: float = 1.0) -> EnrollOutcome:
    with engine.begin() as conn:
        return enroll(conn, AID, WARD, "pc-1", "workstation", token, fingerprint, "1" * 32, now)


def test_new_agent_is_found_by_token_hash(engine: Engine) -> None:
    outcome = _enroll(engine, "t1")
    with engine.connect() as conn:
        agent = agent_by_token_hash(conn, "t1")
        assert last_seq(conn, AID) is None
    assert outcome.kind == "new"
    assert agent is not None
    assert (agent.agent_id, agent.ward, agent.enrolled_at, agent.clone_suspected) == (
        AID,
        WARD,
        1.0,
        False,
    )


def test_same_fingerprint_rotates_the_token(engine: Engine) -> None:
    _enroll(engine, "t1")
    outcome = _enroll(engine, "t2")
    with engine.connect() as conn:
        assert agent_by_token_hash(conn, "t1") is None
        assert agent_by_token_hash(conn, "t2") is not None
    assert outcome.kind == "rotated"


def test_other_fingerprint_is_a_clone_and_issues_nothing(engine: Engine) -> None:
    _enroll(engine, "t1")
    first = _enroll(engine, "t2", fingerprint="e" * 64, now=2.0)
    again = _enroll(engine, "t3", fingerprint="e" * 64, now=3.0)
    with engine.connect() as conn:
        agent = agent_by_token_hash(conn, "t1")
        queue = list_clones(conn)
        assert agent_by_token_hash(conn, "t2") is None
    assert first.kind == "clone"
    assert again.clone_id == first.clone_id
    assert agent is not None and agent.fingerprint == FP and agent.clone_suspected
    assert [(c.known_fingerprint, c.new_fingerprint, c.at) for c in queue] == [(FP, "e" * 64, 2.0)]


def test_accepted_clone_adopts_the_fingerprint_and_clears_the_flag(engine: Engine) -> None:
    _enroll(engine, "t1")
    clone_id = _enroll(engine, "t2", fingerprint="e" * 64).clone_id
    assert clone_id is not None
    with engine.begin() as conn:
        assert resolve_clone(conn, clone_id, accepted=True, now=5.0)
        assert not resolve_clone(conn, clone_id, accepted=True, now=6.0)
        agent = get_agent(conn, AID)
        assert list_clones(conn) == []
        assert list_clones(conn, include_resolved=True)[0].accepted is True
    assert agent is not None and agent.fingerprint == "e" * 64 and not agent.clone_suspected
    assert _enroll(engine, "t3", fingerprint="e" * 64).kind == "rotated"


def test_revoked_agent_loses_its_token_and_cannot_re_enrol(engine: Engine) -> None:
    _enroll(engine, "t1")
    with engine.begin() as conn:
        assert revoke(conn, AID, now=7.0)
        assert not revoke(conn, AID, now=8.0)
        assert agent_by_token_hash(conn, "t1") is None
        assert list_agents(conn) == []
        assert [a.revoked_at for a in list_agents(conn, include_revoked=True)] == [7.0]
    assert _enroll(engine, "t2").kind == "revoked"


def test_ward_secrets_follow_the_config_and_rehash_only_a_changed_file(engine: Engine) -> None:
    hashed: list[str] = []

    def hash_secret(ward: str) -> str:
        hashed.append(ward)
        return f"hash-of-{ward}-{len(hashed)}"

    with engine.begin() as conn:
        sync_ward_secrets(conn, {WARD: "f:1:1", ANY_WARD: "g:1:1"}, hash_secret)
        sync_ward_secrets(conn, {WARD: "f:1:1", ANY_WARD: "g:2:2"}, hash_secret)
        assert hashed == [WARD, ANY_WARD, ANY_WARD]  # the unchanged file was not hashed again
        assert sorted(secret_hashes_for(conn, WARD)) == ["hash-of-*-3", "hash-of-phuong-sai-gon-1"]
        assert secret_hashes_for(conn, "xa-con-dao") == ["hash-of-*-3"]
        sync_ward_secrets(conn, {WARD: "f:1:1"}, hash_secret)
        assert secret_hashes_for(conn, "xa-con-dao") == []  # a secret no longer configured
