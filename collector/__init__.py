"""wardwatch collector: ingest agent reports, keep state, judge the standard, expose metrics."""

from agent import __version__

__all__ = ["__version__"]
