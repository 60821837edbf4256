"""The names of the documents and formats: what the command line offers without loading
the documents' code."""

from __future__ import annotations

from typing import Literal

Document = Literal["reinvestment", "handover", "readiness"]
Format = Literal["html", "pdf", "xlsx", "csv", "json"]
DOCUMENTS: tuple[Document, ...] = ("reinvestment", "handover", "readiness")
FORMATS: tuple[Format, ...] = ("html", "pdf", "xlsx", "csv", "json")
