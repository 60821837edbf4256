"""Enroll this agent with the collector: prove the ward's secret, keep the token it returns.

After enrollment the spool's next seq is moved past the highest seq the collector holds
for this agent, so a reinstalled agent never sends a seq the collector would take for a
duplicate (and silently drop).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent import statefile
from agent.config import AgentConfig
from agent.delivery import Poster, stale_window
from agent.errors import AgentError, DeliveryError
from agent.spool import SPOOL_FILE, Spool
from agent.transport import Client, CollectorUnreachable, Response
from contract.report import Identity

log = logging.getLogger(__name__)

ENROLL_PATH = "/api/v1/enroll"
MAX_SEQ = 2**62  # the collector's bound on a seq; the spool's SQLite holds 63 bits


class EnrollError(AgentError):
    """Enrollment failed; the message says what to do next."""


@dataclass(frozen=True)
class EnrollResult:
    """What enrollment stored: the token file, the collector's last seq, our next seq."""

    agent_id: str
    token_path: Path
    collector_last_seq: int
    next_seq: int
    config_text: str | None


@dataclass(frozen=True)
class MovePending:
    """A move into another ward the DTC must approve; the old enrollment stays in force."""

    request_id: int
    from_ward: str
    message: str


def enroll(
    collector_url: str,
    ward: str,
    secret: str,
    state_dir: Path,
    identity: Identity,
    hostname: str,
    config: AgentConfig,
    client: Poster | None = None,
) -> EnrollResult | MovePending:
    """Enroll with the collector at `collector_url`; store the token under `state_dir`.

    A token from an earlier enrollment goes along: into another ward it proves the move
    (the state directory moved with the PC). Without it such a move waits for the DTC.
    """
    poster = client or Client(config.collector, base_url=collector_url)
    state = Path(state_dir)
    with Spool.open(state / SPOOL_FILE, config.spool.max_bytes) as spool:
        next_seq = spool.next_seq()
    payload = {
        "ward": ward,
        "secret": secret,
        "agent_id": identity.agent_id,
        "hostname": hostname,
        "role": config.identity.role,
        "identity": identity.as_report(),
        "next_seq": next_seq,
    }
    try:
        answer = poster.post(ENROLL_PATH, payload, token=statefile.read_token(state), gzip=False)
    except CollectorUnreachable as err:
        raise EnrollError(_unreachable_message(err, config.collector.timeout_seconds)) from err
    except DeliveryError as err:
        raise EnrollError(f"{err}; fix collector.ca_file in the agent config") from err
    if answer.status == 202 and answer.body and "request_id" in answer.body:
        return _pending(answer, collector_url)
    if answer.status != 200:
        raise EnrollError(_refusal_message(answer, ward, collector_url))
    agent_id, token, last_seq = _parse(answer, collector_url, identity.agent_id)
    token_path = statefile.write_token(state, token)
    window = stale_window(answer.body.get("stale_after_seconds") if answer.body else None)
    with Spool.open(state / SPOOL_FILE, config.spool.max_bytes) as spool:
        next_seq = spool.advance_to(last_seq)
        if window is not None:  # the service keeps its retries inside it from the start
            spool.keep_collector_window(window)
    pushed = answer.body.get("config") if answer.body else None
    config_text = json.dumps(pushed) if pushed is not None else None
    return EnrollResult(agent_id, token_path, last_seq, next_seq, config_text)


def _parse(answer: Response, url: str, sent_agent_id: str) -> tuple[str, str, int]:
    """Return agent_id, token and last_seq from a 200 answer; refuse a malformed one."""
    body: dict[str, Any] = dict(answer.body or {})
    token, last_seq = body.get("token"), body.get("last_seq", 0)
    agent_id = body.get("agent_id") or sent_agent_id
    if not isinstance(token, str) or not _header_safe(token.strip()):
        raise EnrollError(
            f"{url} answered 200 without a usable token; is it a wardwatch collector?"
        )
    if not isinstance(last_seq, int) or isinstance(last_seq, bool) or not 0 <= last_seq <= MAX_SEQ:
        raise EnrollError(f"{url} answered a bad last_seq {last_seq!r}; upgrade the collector")
    if agent_id != sent_agent_id:
        log.warning("collector knows this machine as agent %s, not %s", agent_id, sent_agent_id)
    return str(agent_id), token.strip(), last_seq


def _header_safe(token: str) -> bool:
    """Tell whether `token` can be sent as a bearer token: printable ASCII, no spaces."""
    return bool(token) and token.isascii() and token.isprintable() and " " not in token


def _pending(answer: Response, url: str) -> MovePending:
    """Read a 202 answer: the move request the DTC must decide."""
    body = answer.body or {}
    request_id = body.get("request_id")
    if not isinstance(request_id, int) or isinstance(request_id, bool):
        raise EnrollError(f"{url} answered 202 with a bad request_id {request_id!r}; "
                          "upgrade the collector")  # fmt: skip
    return MovePending(request_id, str(body.get("from_ward")), str(body.get("message")))


def _refusal_message(answer: Response, ward: str, url: str) -> str:
    """Say why the collector refused enrollment and what to do next."""
    said = answer.error_text()
    if answer.status == 403 and "refused moving" in said:
        return said  # a move the DTC refused: the collector says so
    if answer.status == 403:
        return f"{said}: wrong enrollment secret for ward {ward}; check --secret-file"
    if answer.status == 401:
        return f"{said}: ward {ward} refused this enrollment; check the ward code and --secret-file"
    if answer.status in (409, 410):  # a clone, or revoked: the collector says what to do
        return said
    if answer.status == 404:
        return f"{said}: no enrollment endpoint at {url}; set collector.url to its base URL"
    if answer.status == 429 or answer.status >= 500:
        return f"{said}: the collector is busy or not ready; try again in a few minutes"
    return f"{said}; check the ward code, the secret and that agent and collector versions match"


def _unreachable_message(err: CollectorUnreachable, timeout_seconds: float) -> str:
    """Turn a network failure into the next step for the person enrolling."""
    hints = {
        "tls_error": "the collector's TLS certificate is not trusted; set collector.ca_file "
        "to the CA that signed it",
        "connection_refused": "nothing listens there; check collector.url and that the "
        "collector is running",
        "timeout": f"no answer within {timeout_seconds:g} s; check the network and firewall",
        "resolve_failed": "the host name does not resolve; check collector.url and DNS",
    }
    return f"{err}: {hints.get(err.reason, 'check collector.url and the network')}"
