"""This machine as the agent sees it: config, identity, placement and a ready Cycle."""

from __future__ import annotations

import dataclasses
import json
import logging
import socket
import sys
from pathlib import Path

from agent import config as agent_config
from agent import statefile
from agent.config import AgentConfig
from agent.cycle import Cycle
from agent.errors import AgentError
from agent.identity import load_identity
from contract.report import Identity, Placement

log = logging.getLogger(__name__)

ENROLLMENT_FILE = "enrollment.json"


def remember_enrollment(config: AgentConfig, collector_url: str, ward: str) -> None:
    """Keep the collector URL and ward given at enrollment, for a config that names neither."""
    text = json.dumps({"collector_url": collector_url, "ward": ward})
    statefile.write_private(Path(config.state_directory) / ENROLLMENT_FILE, text)


def with_enrollment(config: AgentConfig) -> AgentConfig:
    """Fill an empty collector URL from what enrollment remembered, and take its ward.

    The enrolled ward wins over the config's: the collector accepts reports only under
    the unit the agent enrolled in, and a PC carried to another unit enrolls there again.
    """
    path = Path(config.state_directory) / ENROLLMENT_FILE
    text = statefile.read_text(path)
    if text is None:
        return config
    try:
        kept = json.loads(text)
        url, ward = str(kept["collector_url"]), str(kept["ward"])
    except (ValueError, KeyError, TypeError) as err:
        raise AgentError(f"{path} is damaged ({err}): run wardwatch-agent enroll again") from err
    collector = config.collector
    if not collector.url:
        collector = dataclasses.replace(collector, url=url)
    identity = config.identity
    if identity.ward != ward:
        identity = dataclasses.replace(identity, ward=ward)
    return dataclasses.replace(config, collector=collector, identity=identity)


def identify(config: AgentConfig) -> Identity:
    """Load this machine's identity, from a throwaway directory if the state one is closed."""
    state = Path(config.state_directory)
    try:
        state.mkdir(mode=0o700, parents=True, exist_ok=True)
        return load_identity(state, config.paths, sys.platform)
    except OSError as err:
        import tempfile  # late: only this fallback needs it

        log.info("state directory %s not writable (%s): install id is temporary", state, err)
        return load_identity(Path(tempfile.mkdtemp()), config.paths, sys.platform)


def placement(config: AgentConfig) -> Placement:
    """Say where this machine is: hostname, ward, role, asset tag."""
    ident = config.identity
    return Placement(socket.gethostname(), ident.ward, ident.role, ident.asset_tag)


def open_cycle(config_path: Path | None) -> Cycle:
    """Load the config at `config_path` and prepare a collection cycle for this machine."""
    config = with_enrollment(agent_config.load(config_path))
    return Cycle(config, identify(config), placement(config))
