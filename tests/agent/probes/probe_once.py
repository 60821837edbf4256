"""Run one prober once, on a probe loop of its own, as the probe tests do."""

from __future__ import annotations

from agent.config import ModuleConfig
from agent.probes.loop import ProbeLoop
from agent.probes.probers import PROBERS
from agent.probes.result import Sample


def probe(prober: str, target: str, module: ModuleConfig, deadline: float) -> Sample:
    """Return the Sample of prober `prober` for `target` by `deadline` (monotonic seconds)."""
    task = PROBERS[prober](target, module, deadline)
    loop = ProbeLoop()
    ended: list[Sample] = []
    try:
        loop.start(task, deadline, ended.append)
        while not ended:
            loop.poll(deadline)
    finally:
        loop.close()
    return ended[0]
