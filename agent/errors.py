"""The agent's errors: everything it raises on purpose derives from AgentError."""


class AgentError(Exception):
    """A failure the agent reports to its user with a clear next step."""


class ConfigError(AgentError):
    """A config file that cannot be used; names the file, the line and the key."""

    def __init__(self, source: str, line: int, key: str, message: str) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        self.source = source
        self.line = line
        self.key = key
        self.message = message


class NotApplicable(AgentError):
    """A fact this platform or machine does not have: recorded, not a failure."""


class DeliveryError(AgentError):
    """The collector could not be reached or refused a request."""
