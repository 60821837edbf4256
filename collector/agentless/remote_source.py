"""A machine reached over SSH as the agent's readers see a machine: a Source whose every read
is one of the fixed commands in `collector.agentless.commands`."""

from __future__ import annotations

from agent.collectors.source_linux import Source, Usage
from collector.agentless import commands
from collector.agentless.hosts import Host
from collector.agentless.session import Session, SshFailure

# Read anew each time: the CPU busy share is measured between two readings of /proc/stat.
NOT_CACHED = frozenset({"/proc/stat"})


class RemoteSource(Source):
    """Read a machine through `session`; the first failure of the connection is kept in
    `failure` and every later read answers "missing" without running anything."""

    def __init__(self, host: Host, session: Session) -> None:
        self.key = f"ssh:{host.label}"
        self._session = session
        self._cache: dict[tuple[str, str], tuple[int, bytes]] = {}
        self.failure: SshFailure | None = None
        self.commands_run = 0

    def _run(self, kind: str, path: str = "") -> tuple[int, bytes] | None:
        """Run command `kind` on `path`; None once the connection failed or for a path not
        allowed (a reader asking outside /proc, /sys, /etc, /dev is a missing fact)."""
        if self.failure is not None or not commands.allowed(kind, path):
            return None
        cached = self._cache.get((kind, path))
        if cached is not None:
            return cached
        try:
            answer = self._session.run(commands.command(kind, path))
        except SshFailure as err:
            self.failure = err
            return None
        self.commands_run += 1
        if path not in NOT_CACHED:
            self._cache[(kind, path)] = answer
        return answer

    def _output(self, kind: str, path: str = "") -> bytes | None:
        answer = self._run(kind, path)
        return answer[1] if answer is not None and answer[0] == 0 else None

    def read_bytes(self, path: str) -> bytes | None:
        """Return the bytes `cat` prints, None if it fails."""
        return self._output("read", path)

    def read_text(self, path: str) -> str | None:
        """Return the text `cat` prints, None if it fails."""
        data = self.read_bytes(path)
        return data.decode("utf-8", "replace") if data is not None else None

    def list_dir(self, path: str) -> list[str]:
        """Return the sorted names `ls -1A` lists, [] if it fails."""
        data = self._output("list", path)
        return sorted(n for n in data.decode("utf-8", "replace").splitlines() if n) if data else []

    def link_name(self, path: str) -> str | None:
        """Return the last component of what `readlink` prints, None if not a link."""
        data = self._output("link", path)
        target = data.decode("utf-8", "replace").strip().rstrip("/") if data else ""
        return target.rsplit("/", 1)[-1] or None

    def is_dir(self, path: str) -> bool:
        """Tell whether `test -d` holds."""
        answer = self._run("is_dir", path)
        return answer is not None and answer[0] == 0

    def exists(self, path: str) -> bool:
        """Tell whether `test -e` holds."""
        answer = self._run("exists", path)
        return answer is not None and answer[0] == 0

    def usage(self, mount: str) -> Usage | None:
        """Measure the filesystem at `mount` with `stat -f`; None if it fails."""
        data = self._output("usage", mount)
        return commands.parse_usage(data.decode("ascii", "replace")) if data else None

    def ipv4_addresses(self) -> dict[str, list[str]]:
        """Return what `ip -o -4 address show` lists."""
        data = self._output("ipv4")
        return commands.parse_ipv4(data.decode("utf-8", "replace")) if data else {}

    def uname(self) -> tuple[str | None, str | None]:
        """Return what `uname -r -m` prints."""
        data = self._output("uname")
        return commands.parse_uname(data.decode("utf-8", "replace")) if data else (None, None)
