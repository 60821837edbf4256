"""Who may scrape /metrics, as Prometheus's `authorization` or `basic_auth` scrape settings
present themselves: open by default, else a bearer token or a user and password."""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass

from collector.config import MetricsConfig
from collector.secrets import hash_token, read_secret


@dataclass(frozen=True)
class ScrapeAuth:
    """The one credential /metrics accepts, kept as a hash; `expected` None: open."""

    scheme: str = ""  # "bearer" or "basic"
    expected: str | None = None

    @classmethod
    def from_config(cls, config: MetricsConfig) -> ScrapeAuth:
        """Read the credential files `config` names."""
        if config.bearer_token_file:
            return cls("bearer", hash_token(read_secret(config.bearer_token_file)))
        if config.basic_username and config.basic_password_file:
            password = read_secret(config.basic_password_file)
            return cls("basic", hash_token(f"{config.basic_username}:{password}"))
        return cls()

    def admits(self, authorization: str) -> bool:
        """Tell whether a request with this Authorization header may scrape."""
        if self.expected is None:
            return True
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != self.scheme:
            return False
        if self.scheme == "basic":
            try:
                value = base64.b64decode(value.strip(), validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return False
        return hmac.compare_digest(hash_token(value.strip()), self.expected)
