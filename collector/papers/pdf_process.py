"""PDFs written in a child process of their own, one at a time, for the collector.

A city's handover records take WeasyPrint a long while; in the collector's own process
that would hold the interpreter against ingest and keep WeasyPrint's memory for good. The
child is spawned (not forked from a threaded server) at the first PDF and kept for the
next ones.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from collector.papers.errors import PdfWriterStopped
from collector.papers.to_pdf import to_pdf


class PdfProcess:
    """Turns HTML pages into PDF in one child process; callable like `to_pdf`."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # one PDF at a time: each takes a core

    def __call__(self, html: str) -> bytes:
        """Write `html` as PDF in the child; wait for the PDFs asked for before it."""
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            try:
                return self._pool.submit(to_pdf, html).result()
            except BrokenProcessPool as err:
                self._pool = None
                raise PdfWriterStopped(
                    "the PDF writer stopped before it finished: ask again"
                ) from err

    def close(self) -> None:
        """Stop the child, if one was started."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None
