"""media on Windows: cameras and microphones found by class and device id, not by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.collectors import media_windows
from agent.collectors.registry import Context

WIN = Context(platform="win32")


def test_vietnamese_capture_endpoint_is_a_microphone(recorded: Callable[[str], Any]) -> None:
    media = media_windows.collect(WIN, query=recorded("win11-laptop-vi").query)
    assert media == {
        "camera_present": True,
        "microphone_present": True,
        "cameras": ["Integrated Camera"],  # not the unplugged "Thiết bị Video USB"
        "microphones": ["Micrô (Realtek(R) Audio)"],  # not "Loa" or "Tai nghe" (render)
    }


def test_webcam_in_image_class_but_not_the_scanner(recorded: Callable[[str], Any]) -> None:
    media = media_windows.collect(WIN, query=recorded("win10-pro-desktop").query)
    assert media["cameras"] == ["Logitech HD Webcam C270"]
    assert media["microphones"] == ["Microphone (HD Webcam C270)"]  # the Realtek jack is empty


def test_server_has_neither(recorded: Callable[[str], Any]) -> None:
    media = media_windows.collect(WIN, query=recorded("server2019-hyperv").query)
    assert media == {
        "camera_present": False,
        "microphone_present": False,
        "cameras": [],
        "microphones": [],
    }


def test_capture_rule_ignores_the_name() -> None:
    endpoint = {
        "Name": "Speakers",
        "PNPClass": "AudioEndpoint",
        "DeviceID": r"SWD\MMDEVAPI\{0.0.1.00000000}.{11111111-2222-3333-4444-555555555555}",
        "Status": "OK",
    }
    assert media_windows.is_microphone(endpoint)
    render = endpoint["DeviceID"].replace("{0.0.1.", "{0.0.0.")
    assert not media_windows.is_microphone({**endpoint, "DeviceID": render})


def test_schema(scenario: Any, validate_section: Callable[[str, Any], None]) -> None:
    validate_section("hardware.media", media_windows.collect(WIN, query=scenario.query))
