"""Read the agent's config file in a forked child, so the service never loads a YAML parser.

PyYAML and its C extension, once imported, stay resident for the life of the process, only
to read one small file at start-up. The service forks, the child parses and validates the
file and pipes back the finished `AgentConfig` (or the error naming file, line and key),
and exits; the parent unpickles it. Platforms without fork() read the file in-process.
What it saves: bench/agent_footprint/README.md.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from agent import config as agent_config
from agent.config import AgentConfig
from agent.errors import AgentError
from configfile.errors import ConfigError


def load(path: Path | None) -> AgentConfig:
    """Return the validated config at `path` (the defaults when None), parsed in a child."""
    if path is None or not hasattr(os, "fork"):
        return agent_config.load(path)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, then leave without running any of the parent's cleanup
        os.close(read_end)
        try:
            with os.fdopen(write_end, "wb") as out:
                out.write(pickle.dumps(_answer(path)))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        data = answer.read()
    os.waitpid(pid, 0)
    if not data:
        raise AgentError(f"{path}: the config reader exited without an answer; run it again")
    kind, value = pickle.loads(data)
    if kind == "error":
        raise ConfigError(*value)
    if kind == "crash":
        raise AgentError(f"{path}: reading the config failed: {value}")
    return value


def _answer(path: Path) -> tuple[str, Any]:
    try:
        return "config", agent_config.load(path)
    except ConfigError as err:
        return "error", (err.source, err.line, err.key, err.message)
    except BaseException as err:  # anything else: reported by the parent, never lost
        return "crash", f"{type(err).__name__}: {err}"
