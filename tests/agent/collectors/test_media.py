"""The media collector: ALSA cards with capture, video4linux cameras, the fake machines."""

from __future__ import annotations

from agent.collectors import media
from agent.collectors.registry import Context

CARDS = """\
 0 [PCH            ]: HDA-Intel - HDA Intel PCH
                      HDA Intel PCH at 0xf7f30000 irq 31
 1 [C920           ]: USB-Audio - HD Pro Webcam C920
                      HD Pro Webcam C920 at usb-0000:00:14.0-2, high speed
"""


def test_parse_cards() -> None:
    assert media.parse_cards(CARDS) == [(0, "HDA Intel PCH"), (1, "HD Pro Webcam C920")]
    assert media.parse_cards("--- no soundcards ---\n") == []


def test_desktop_has_a_microphone_but_no_camera(tree, validate_section) -> None:
    value = media.collect(Context(tree("desktop"), "linux"))
    validate_section("hardware.media", value)
    assert value == {
        "camera_present": False,
        "microphone_present": True,
        "cameras": [],
        "microphones": ["HDA Intel PCH"],
    }


def test_laptop_camera_once_and_hdmi_audio_is_no_microphone(tree, validate_section) -> None:
    value = media.collect(Context(tree("laptop"), "linux"))
    validate_section("hardware.media", value)
    assert value["cameras"] == ["Integrated Camera: Integrated C"]  # not its metadata node
    assert value["microphones"] == ["HD-Audio Generic"]


def test_vm_has_neither(tree, validate_section) -> None:
    value = media.collect(Context(tree("vm"), "linux"))
    validate_section("hardware.media", value)
    assert (value["camera_present"], value["microphone_present"]) == (False, False)


def test_this_machine(this_machine) -> None:
    value = this_machine(media.collect, "hardware.media")
    assert value is None or value["camera_present"] == bool(value["cameras"])
