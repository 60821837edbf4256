"""Words shown on the dashboards: Vietnamese first, English from the same definition."""

from __future__ import annotations

from typing import Literal, NamedTuple

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


class Text(NamedTuple):
    """One piece of user-facing text in both languages."""

    vi: str
    en: str

    def in_(self, lang: Lang) -> str:
        """Return the text in `lang`."""
        return self.vi if lang == "vi" else self.en

    def filled(self, **values: object) -> Text:
        """Return both texts with `values` substituted (str.format)."""
        return Text(self.vi.format(**values), self.en.format(**values))
