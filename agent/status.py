"""`wardwatch-agent status`: what ward IT staff check first when a machine seems silent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from agent import config as agent_config
from agent import statefile
from agent.machine import with_enrollment
from agent.spool import SPOOL_FILE, Spool


def _when(seconds: float | None) -> str:
    if not seconds:
        return "never"
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def status_lines(config_path: Path | None) -> list[str]:
    """Describe the spool, the last delivery and the enrollment, one fact per line."""
    config = with_enrollment(agent_config.load(config_path))
    state = Path(config.state_directory)
    if not (state / SPOOL_FILE).exists():
        return [f"no spool in {state}: the agent has not run here yet (start: wardwatch-agent run)"]
    with Spool.open(state / SPOOL_FILE, config.spool.max_bytes) as spool:
        s = spool.status()
    enrolled = statefile.read_token(state) is not None
    lines = [
        f"collector:      {config.collector.url or '(none configured)'}",
        f"enrolled:       {'yes' if enrolled else 'no (run: wardwatch-agent enroll ...)'}",
        f"spool depth:    {s.depth_reports} reports, {s.depth_bytes} bytes",
        f"oldest queued:  {_when(s.oldest_created_at)}",
        f"next seq:       {s.next_seq}",
        f"dropped (full): {s.dropped_unreported} not yet reported",
        f"rejected:       {s.rejected_reports}",
        f"last success:   {_when(s.last_success_at)}",
        f"last error:     {s.last_error or 'none'} ({_when(s.last_error_at)})",
    ]
    if s.health.error:
        lines.append(
            f"ACTION: {s.health.unspooled} reports could not be stored since "
            f"{_when(s.health.error_at)} ({s.health.error}); free disk space in {state}"
        )
    if s.needs_reenroll:
        lines.append("ACTION: the collector refused the token; run wardwatch-agent enroll again")
    return lines
