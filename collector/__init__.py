"""wardwatch collector: ingest agent reports, keep state, judge the standard, expose metrics."""

from contract import __version__

__all__ = ["__version__"]
