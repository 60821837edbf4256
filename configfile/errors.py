"""The error of a config file that cannot be used."""


class ConfigError(Exception):
    """A config file that cannot be used; names the file, the line and the key."""

    def __init__(self, source: str, line: int, key: str, message: str) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        self.source = source
        self.line = line
        self.key = key
        self.message = message
