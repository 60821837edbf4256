"""The collectors, registered by this explicit import list (never a directory scan)."""

from agent.collectors import (  # noqa: F401  (imported to register)
    cpu,
    disks,
    health,
    media,
    memory,
    network,
    os,
    security,
    system,
)
