"""The simulator's errors: each says what went wrong and what to do next, Vietnamese first."""

from __future__ import annotations


class SimulatorError(Exception):
    """Something the person running the simulator must fix; `vi` and `en` say what."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.en = en
        self.vi = vi

    def text(self, lang: str) -> str:
        """Return the message in `lang` ("vi" or "en")."""
        return self.vi if lang == "vi" else self.en
