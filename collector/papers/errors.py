"""What can go wrong when a document is asked for, said so that the asker can fix it."""

from __future__ import annotations

from collector.errors import CollectorError


class PaperError(CollectorError):
    """A document that cannot be made as asked; the message says what to do instead."""


class UnknownUnit(PaperError):
    """A unit code that neither the inventory nor any machine or move names."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"unit {code!r} is not in the inventory and no machine or move names it: "
            "give a unit code such as phuong-tan-dinh (the index at /reports lists them)"
        )
        self.code = code


class PdfWriterStopped(PaperError):
    """The child process writing PDFs died (killed, out of memory) before it answered."""
