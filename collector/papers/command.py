"""`wardwatch-collector report DOCUMENT`: write a document from the store or a collector.

The format is `--format`, else the suffix of `-o`. The file is written whole or not at all
(a temporary file, then renamed); without `-o` a text format goes to standard output.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from collector.papers.errors import PaperError
from collector.papers.names import DOCUMENTS, FORMATS

if TYPE_CHECKING:
    from collector.papers.catalogue import Rendered

BINARY = {"xlsx", "pdf"}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `report` command to the collector's command line."""
    report = sub.add_parser(
        "report",
        help="write a document for officials: the reinvestment list, handover records, readiness",
        description="Write a document from the collector's store (--config) or from a running "
        "collector (--from URL --token-file FILE). docs/papers.md describes each.",
    )
    report.add_argument("document", choices=DOCUMENTS)
    report.add_argument("--format", choices=FORMATS, help="default: the suffix of -o")
    report.add_argument("--unit", help="one unit's code, e.g. phuong-tan-dinh (default: the city)")
    report.add_argument("--lang", choices=("vi", "en"), default="vi")
    report.add_argument("--table", help="CSV only: the table to write (default: the main one)")
    report.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout)")
    report.add_argument("--config", type=Path, help="collector YAML config (for the store)")
    report.add_argument("--from", dest="from_url", metavar="URL", help="a running collector")
    report.add_argument("--token-file", help="with --from: the file holding the viewer token")
    report.add_argument("--ca-file", help="with --from https: the CA that signed the collector")
    report.set_defaults(handler=run)


def _format(args: argparse.Namespace) -> str:
    fmt: str | None = args.format
    if fmt is None and args.output is not None:
        fmt = args.output.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise PaperError(f"give --format ({', '.join(FORMATS)}) or an -o file ending in one")
    return fmt


def _written(args: argparse.Namespace, fmt: str) -> Rendered:
    options = {"unit": args.unit, "lang": args.lang, "table": args.table}
    if args.from_url:
        if not args.token_file:
            raise PaperError("--from needs --token-file: the file holding the viewer token")
        from collector.papers.remote import fetch

        return fetch(args.from_url, args.token_file, args.document, fmt,
                     ca_file=args.ca_file, **options)  # fmt: skip
    from collector import config as collector_config
    from collector.papers.catalogue import render
    from collector.papers.sources import from_store

    inputs = from_store(collector_config.load(args.config))
    return render(args.document, fmt, inputs, **options)


def run(args: argparse.Namespace) -> int:
    """Write the document asked for; return the exit status."""
    fmt = _format(args)
    if args.output is None and fmt in BINARY and sys.stdout.isatty():
        raise PaperError(f"{fmt} is binary: give -o FILE")
    written = _progress(lambda: _written(args, fmt), args.lang, fmt)
    if args.output is None:
        sys.stdout.buffer.write(written.body)
        sys.stdout.flush()
        return 0
    _save(args.output, written.body)
    print(f"{args.output}: {len(written.body):,} bytes", file=sys.stderr)
    return 0


def _progress(work: Callable[[], Rendered], lang: str, fmt: str) -> Rendered:
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return work()
    what = "Đang lập văn bản" if lang == "vi" else "Writing the document"
    with console.status(f"{what} ({fmt})…"):
        return work()


def _save(path: Path, body: bytes) -> None:
    folder = path.resolve().parent
    if not folder.is_dir():
        raise PaperError(f"cannot write {path}: the folder {folder} does not exist")
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temp, path)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise PaperError(f"cannot write {path}: {err}") from err
