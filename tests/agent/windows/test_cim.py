"""cim: the PowerShell boundary, run for real against a fake powershell.exe."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import pytest

from agent.collectors import cim

FAKE = str(Path(__file__).with_name("fake_powershell.py"))


def fake(mode: str) -> tuple[str, ...]:
    """Return a command prefix that runs the fake PowerShell in `mode`."""
    return (sys.executable, FAKE, mode)


def test_one_object_becomes_a_list_of_one() -> None:
    assert cim.query("Get-X", command=fake("one")) == [
        {"Name": "Micrô (Realtek(R) Audio)", "Status": "OK"}
    ]


def test_an_array_stays_a_list() -> None:
    assert cim.query("Get-X", command=fake("many")) == [{"A": 1}, {"A": 2}]


def test_no_output_is_an_empty_list() -> None:
    assert cim.query("Get-X", command=fake("empty")) == []


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    assert cim.query("Get-X", command=fake("bom")) == [{"A": 1}]


def test_the_pipeline_travels_encoded_inside_the_json_script() -> None:
    pipeline = "Get-PnpDevice -FriendlyName 'Micrô*' | Select-Object Name"
    [answer] = cim.query(pipeline, command=fake("echo"))
    assert answer["argv"][0] == "-EncodedCommand"
    script = answer["script"]
    assert f"{pipeline} | ConvertTo-Json -Depth 4 -Compress" in script
    assert "[Console]::OpenStandardOutput()" in script
    assert "$ErrorActionPreference = 'Stop'" in script


def test_encoded_command_is_utf16le_base64() -> None:
    encoded = base64.b64encode(cim.script("Get-X").encode("utf-16-le"))
    assert base64.b64decode(encoded).decode("utf-16-le").count("Get-X") == 1


def test_failure_carries_powershell_error_id_not_only_the_localised_message() -> None:
    with pytest.raises(cim.CimError) as caught:
        cim.query("Get-CimInstance -Namespace root\\x -ClassName Win32_Tpm", command=fake("denied"))
    assert caught.value.error_id is not None
    assert caught.value.error_id.startswith("HRESULT 0x80041003,")
    assert "Truy cập bị từ chối" in str(caught.value)


def test_failure_without_stderr_names_the_exit_status() -> None:
    with pytest.raises(cim.CimError, match="exit status 3") as caught:
        cim.query("Get-X", command=fake("bare"))
    assert caught.value.error_id is None


def test_timeout_is_a_cim_error() -> None:
    with pytest.raises(cim.CimError, match="timed out"):
        cim.query("Get-X", timeout_seconds=0.5, command=fake("hang"))


def test_missing_powershell_is_a_cim_error() -> None:
    with pytest.raises(cim.CimError, match="cannot run PowerShell"):
        cim.query("Get-X", command=("/nonexistent/powershell.exe",))


@pytest.mark.parametrize("mode", ["garbage", "scalar", "oem"])
def test_output_that_is_not_utf8_json_objects_is_a_cim_error(mode: str) -> None:
    with pytest.raises(cim.CimError):
        cim.query("Get-X", command=fake(mode))


def test_decode_drops_null_items() -> None:
    assert cim.decode(b'[{"A":1},null]') == [{"A": 1}]


def test_powershell_is_called_by_absolute_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYSTEMROOT", "D:\\Windows")
    command = cim.powershell_command()
    assert command[0] == "D:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
    assert {"-NoProfile", "-NonInteractive"} <= set(command)


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows refusal")
def test_registry_is_refused_off_windows() -> None:
    with pytest.raises(cim.CimError):
        cim.registry_values(cim.HKLM_CURRENT_VERSION, ["ProductName"])
