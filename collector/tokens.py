"""Who a token belongs to: an enrolled agent (looked up once, then kept), the admin, or the
viewer, who reads the documents under /reports and nothing else."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
from typing import NamedTuple

from sqlalchemy import Engine

from collector.errors import Rejected
from collector.secrets import hash_token
from collector.store.agents import agent_by_token_hash
from collector.store.engine import reader


class TokenHolder(NamedTuple):
    """The enrolled agent a token belongs to: its hardware, and the units it reports under."""

    agent_id: str
    fingerprint: str
    ward: str
    previous_ward: str | None = None  # before its last move
    ward_from_seq: int | None = None  # the first seq reported under `ward` after that move
    agentless: bool = False  # the collector's own SSH collection, never a bearer token

    def ward_for(self, seq: int) -> str:
        """Return the unit report `seq` must name: the previous one for reports before a move."""
        before = self.ward_from_seq is not None and seq < self.ward_from_seq
        return self.previous_ward if before and self.previous_ward else self.ward


class AgentTokens:
    """The enrolled, unrevoked agents' tokens seen so far, by hash."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._known: dict[str, TokenHolder] = {}  # by token hash

    async def authenticate(self, authorization: str) -> TokenHolder:
        """Return the agent the bearer token belongs to, or refuse with 401."""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Rejected(401, "missing bearer token: enroll the agent (wardwatch-agent enroll)")
        hashed = hash_token(token.strip())
        known = self._known.get(hashed)
        if known is None:  # a database read: off the event loop
            known = await asyncio.to_thread(self._lookup, hashed)
        return known

    def forget(self, agent_id: str) -> None:
        """Drop an agent's kept token after enrollment, revocation or a clone decision."""
        for hashed, holder in list(self._known.items()):
            if holder.agent_id == agent_id:
                self._known.pop(hashed, None)

    def _lookup(self, hashed: str) -> TokenHolder:
        with reader(self._engine).connect() as conn:
            agent = agent_by_token_hash(conn, hashed)
        if agent is None or agent.revoked_at is not None:
            raise Rejected(401, "token not recognised or revoked: enroll the agent again")
        known = self._known[hashed] = TokenHolder(
            agent.agent_id, agent.fingerprint, agent.ward, agent.previous_ward, agent.ward_from_seq
        )
        return known


def is_admin(authorization: str, admin_token_hash: str | None) -> bool:
    """Tell whether `authorization` carries the admin token whose hash is `admin_token_hash`."""
    scheme, _, token = authorization.partition(" ")
    return scheme.lower() == "bearer" and _matches(token, admin_token_hash)


def reads_papers(
    authorization: str, viewer_token_hash: str | None, admin_token_hash: str | None
) -> bool:
    """Tell whether `authorization` may read /reports: the viewer's or the admin's token, as a
    bearer token or as the password of HTTP basic auth (what a browser asks for)."""
    token = presented_token(authorization)
    return token is not None and (
        _matches(token, viewer_token_hash) or _matches(token, admin_token_hash)
    )


def presented_token(authorization: str) -> str | None:
    """Return the token of a bearer header or the password of a basic one, else None."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip() or None
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2].strip() or None


def _matches(token: str, token_hash: str | None) -> bool:
    return token_hash is not None and hmac.compare_digest(hash_token(token.strip()), token_hash)
