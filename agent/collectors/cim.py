"""The Windows boundary: run one PowerShell pipeline as JSON records, read registry values.

Every CIM/WMI fact the Windows collectors use goes through `query()`, which runs Windows
PowerShell 5.1 (`powershell.exe`, present on every Windows 10/11 and Server 2016+) with the
pipeline as `-EncodedCommand` (UTF-16LE base64: no quoting rules, non-ASCII safe). The
script writes its JSON to the raw stdout stream as UTF-8, so the console code page (OEM
1258 on Vietnamese Windows) cannot mangle device names. A failure is written to stderr as
PowerShell's `FullyQualifiedErrorId` (language-independent) and a tab, then the message.
"""

from __future__ import annotations

import base64
import json
import ntpath
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from agent.errors import AgentError

Record = dict[str, Any]
Query = Callable[[str], list[Record]]
INTEGERS = "integers"  # a property typed as a list of integers (ChassisTypes)
Types = Mapping[str, type | str]  # property -> its CIM type: str, int, bool or INTEGERS

HKLM_CURRENT_VERSION = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion"
HKLM_CRYPTOGRAPHY = r"SOFTWARE\Microsoft\Cryptography"

_SCRIPT = """$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
function Send($stream, $text) {
  $bytes = [Text.Encoding]::UTF8.GetBytes($text); $stream.Write($bytes, 0, $bytes.Length)
  $stream.Flush()
}
try { $json = @PIPELINE@ | ConvertTo-Json -Depth 4 -Compress }
catch {
  Send ([Console]::OpenStandardError()) ($_.FullyQualifiedErrorId + "`t" + $_.Exception.Message)
  exit 1
}
if ($json) { Send ([Console]::OpenStandardOutput()) $json }
exit 0
"""


class CimError(AgentError):
    """A PowerShell, CIM or registry read that failed; `error_id` is PowerShell's error id."""

    def __init__(self, message: str, error_id: str | None = None) -> None:
        super().__init__(message)
        self.error_id = error_id


def powershell_command() -> tuple[str, ...]:
    """Return Windows PowerShell by absolute path (never via PATH) and its quiet flags."""
    root = os.environ.get("SYSTEMROOT", r"C:\Windows")
    exe = ntpath.join(root, "System32", "WindowsPowerShell", "v1.0", "powershell.exe")
    return (exe, "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass")


def script(pipeline: str) -> str:
    """Wrap `pipeline` in the script that prints its records as compact UTF-8 JSON."""
    return _SCRIPT.replace("@PIPELINE@", pipeline)


def run(
    pipeline: str, timeout_seconds: float = 15, *, command: Sequence[str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run `pipeline` in PowerShell and return the finished process; raise CimError."""
    encoded = base64.b64encode(script(pipeline).encode("utf-16-le")).decode("ascii")
    argv = [*(command or powershell_command()), "-EncodedCommand", encoded]
    try:
        return subprocess.run(
            argv,
            capture_output=True,
            timeout=timeout_seconds,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except subprocess.TimeoutExpired as err:
        raise CimError(f"PowerShell timed out after {timeout_seconds} s: {pipeline}") from err
    except OSError as err:
        raise CimError(f"cannot run PowerShell: {err}") from err


def query(
    pipeline: str, timeout_seconds: float = 15, *, command: Sequence[str] | None = None
) -> list[Record]:
    """Run a PowerShell `pipeline` and return its objects as records; raise CimError."""
    done = run(pipeline, timeout_seconds, command=command)
    if done.returncode != 0:
        raise failure(done.returncode, done.stderr, pipeline)
    return decode(done.stdout)


def failure(returncode: int, stderr: bytes, pipeline: str) -> CimError:
    """Build the CimError for a failed run from its exit code and stderr."""
    text = stderr.decode("utf-8", errors="replace").strip()
    error_id, tab, message = text.partition("\t")
    if not tab or "\n" in error_id:  # not written by our script (PowerShell did not start)
        error_id, message = "", text
    detail = message.strip() or f"exit status {returncode}"
    return CimError(f"{' '.join(pipeline.split()[:2])}: {detail}", error_id or None)


def decode(stdout: bytes) -> list[Record]:
    """Decode ConvertTo-Json output: one object, an array, or nothing, as a list of records."""
    try:
        text = stdout.decode("utf-8-sig").strip()
        value = json.loads(text) if text else []
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CimError(f"PowerShell printed something that is not UTF-8 JSON: {err}") from err
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, dict) for item in items if item is not None):
        raise CimError(f"PowerShell printed JSON that is not objects: {text[:80]!r}")
    return [item for item in items if item is not None]


def typed(records: list[Record], types: Types) -> list[Record]:
    """Return `records` with each property in `types` that holds another type set to None
    (unknown, as the report allows), so one odd value never fails a collector."""
    return [{**record, **{key: None for key in types if not _fits(record.get(key), types[key])}}
            for record in records]  # fmt: skip


def _fits(value: Any, kind: type | str) -> bool:
    if value is None:
        return True
    if kind == INTEGERS:
        return isinstance(value, list) and all(_fits(v, int) and v is not None for v in value)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)  # type: ignore[arg-type]  # a type here, not INTEGERS


def registry_values(key: str, names: Iterable[str]) -> dict[str, Any]:
    """Read the values `names` under HKEY_LOCAL_MACHINE\\`key` (64-bit view); skip missing."""
    if sys.platform != "win32":
        raise CimError("the Windows registry exists only on Windows")
    import winreg

    access = winreg.KEY_READ | winreg.KEY_WOW64_64KEY  # 32-bit Python must not see WOW6432Node
    values: dict[str, Any] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key, 0, access) as handle:
            for name in names:
                try:
                    values[name] = winreg.QueryValueEx(handle, name)[0]
                except FileNotFoundError:
                    continue
    except OSError as err:
        raise CimError(f"cannot read HKLM\\{key}: {err}") from err
    return values
