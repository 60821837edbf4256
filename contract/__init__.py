"""The report contract: the versioned JSON an agent sends and the collector reads.

Shared by the agent, the collector and the simulated city; imports none of them.
"""

__version__ = "0.1.0"  # the product's version, stamped in every report as `agent_version`
