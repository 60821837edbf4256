"""`wardwatch-dashboards`: write or check the generated files, or push them to Grafana.

wardwatch-dashboards              write dashboards/{vi,en}/*.json and dashboards/rules/
wardwatch-dashboards --check      fail when a committed file differs from a new build
wardwatch-dashboards push --url https://grafana.example --token-file grafana.token
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboards import output
from dashboards.push import Pushed, PushError, connect, push, read_token
from dashboards.text import LANGS, Lang, Text

WROTE = Text("đã ghi {path}", "wrote {path}")
UNCHANGED = Text("không có gì thay đổi", "nothing changed")
OUT_OF_DATE = Text("chưa cập nhật: {path}", "out of date: {path}")
REGENERATE = Text("chạy wardwatch-dashboards rồi commit các tệp",
                  "run wardwatch-dashboards, then commit the files")  # fmt: skip
PUSHING = Text("đẩy lên Grafana tại {url}…", "pushing to Grafana at {url}…")
PUSHED = Text("đã đẩy {n} bảng điều khiển", "pushed {n} dashboards")
ERROR = Text("lỗi", "error")


def parser() -> argparse.ArgumentParser:
    """Return the command line's parser."""
    p = argparse.ArgumentParser(
        prog="wardwatch-dashboards",
        description="Bảng điều khiển Grafana của wardwatch / wardwatch's Grafana dashboards",
    )
    p.add_argument("--lang", choices=LANGS, default="vi", help="messages in vi or en")
    p.add_argument("--check", action="store_true", help="only check the committed files")
    p.add_argument("--out", type=Path, default=output.HERE, help="the dashboards/ directory")
    sub = p.add_subparsers(dest="command")
    send = sub.add_parser("push", help="push the dashboards to a Grafana server")
    send.add_argument("--url", required=True, help="Grafana's base URL")
    send.add_argument("--token-file", type=Path, required=True, help="a service account token")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    args = parser().parse_args(argv)
    lang: Lang = args.lang
    if args.command == "push":
        return _push(args.url, args.token_file, lang)
    if args.check:
        return _check(args.out, lang)
    changed = output.write(args.out)
    for path in changed:
        print(WROTE.filled(path=path).in_(lang))
    if not changed:
        print(UNCHANGED.in_(lang))
    return 0


def _check(root: Path, lang: Lang) -> int:
    stale = output.stale(root)
    for path in stale:
        print(OUT_OF_DATE.filled(path=path).in_(lang), file=sys.stderr)
    if stale:
        print(REGENERATE.in_(lang), file=sys.stderr)
        return 1
    return 0


def _push(url: str, token_file: Path, lang: Lang) -> int:
    def done(pushed: Pushed) -> None:  # one line a dashboard: the push's progress
        print(f"  {pushed.title} ({pushed.uid}, v{pushed.version})", flush=True)

    print(PUSHING.filled(url=url).in_(lang), flush=True)
    try:
        pushed = push(connect(url, read_token(token_file)), done)
    except PushError as err:
        print(f"wardwatch-dashboards: {ERROR.in_(lang)}: {err.text.in_(lang)}", file=sys.stderr)
        return 2
    print(PUSHED.filled(n=len(pushed)).in_(lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
