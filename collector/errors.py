"""The collector's errors: what it refuses, and why, as an HTTP status and a reason."""

from configfile.errors import ConfigError

__all__ = ["REQUEST_CAUSES", "CollectorError", "ConfigError", "Rejected"]

# A refused request's cause word by status: the label of the rejection counter.
REQUEST_CAUSES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "too_large",
    415: "bad_encoding",
    429: "rate_limited",
}


class CollectorError(Exception):
    """A failure of the collector itself, with what to do next."""


class Rejected(CollectorError):
    """A request (or one report) refused: `status` is the 4xx to answer, `reason` says why."""

    def __init__(self, status: int, reason: str, retry_after_seconds: float | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retry_after_seconds = retry_after_seconds

    @property
    def cause(self) -> str:
        """Return the bounded cause word for this status."""
        return REQUEST_CAUSES.get(self.status, "other")
