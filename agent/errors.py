"""The agent's errors: everything it raises on purpose derives from AgentError."""


class AgentError(Exception):
    """A failure the agent reports to its user with a clear next step."""


class NotApplicable(AgentError):
    """A fact this platform or machine does not have: recorded, not a failure."""


class DeliveryError(AgentError):
    """The collector could not be reached or refused a request."""
