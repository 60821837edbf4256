"""Field rules a config dataclass's `__post_init__` applies, and the error they raise."""


class FieldError(ValueError):
    """A value that has the right type but breaks a rule of its field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def positive(key: str, value: float) -> None:
    """Refuse a number that is zero or negative."""
    if value <= 0:
        raise FieldError(key, f"must be greater than 0, got {value}")


def ratio(key: str, value: float) -> None:
    """Refuse a ratio outside 0..1."""
    if not 0 <= value <= 1:
        raise FieldError(key, f"must be a ratio between 0 and 1, got {value}")
