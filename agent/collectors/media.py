"""The `media` collector: cameras and microphones a video conference could use."""

from __future__ import annotations

import os
import re
from typing import Any

from agent.collectors.registry import Context, collector
from agent.collectors.source_linux import Source

_CARD = re.compile(r"^\s*(\d+)\s+\[[^\]]*\]:\s*.*?\s+-\s+(.+?)\s*$")
_CAPTURE_PCM = re.compile(r"pcm\d+c")


def collect_linux(ctx: Context) -> dict[str, Any]:
    """List this machine's cameras and microphones."""
    cameras = read_cameras(ctx.source, ctx.paths.sysfs)
    microphones = read_microphones(ctx.source, ctx.paths.procfs)
    return {
        "camera_present": bool(cameras),
        "microphone_present": bool(microphones),
        "cameras": cameras,
        "microphones": microphones,
    }


collect = collector(
    "media",
    linux=collect_linux,
    win32="agent.collectors.media_windows:collect",
)


def read_cameras(source: Source, sysfs: str) -> list[str]:
    """Name the video4linux capture devices (index 0: not a camera's metadata node)."""
    base = os.path.join(sysfs, "class/video4linux")
    names = []
    for node in sorted(source.list_dir(base), key=_natural):
        index = source.read_int(os.path.join(base, node, "index"))
        name = source.read_value(os.path.join(base, node, "name"))
        if node.startswith("video") and index in (0, None) and name and name not in names:
            names.append(name)
    return names


def read_microphones(source: Source, procfs: str) -> list[str]:
    """Name the ALSA sound cards that have a capture PCM (procfs/asound/cardN/pcmMc)."""
    asound = os.path.join(procfs, "asound")
    cards = parse_cards(source.read_text(os.path.join(asound, "cards")) or "")
    return [
        name
        for index, name in cards
        if any(
            _CAPTURE_PCM.fullmatch(e) for e in source.list_dir(os.path.join(asound, f"card{index}"))
        )
    ]


def parse_cards(text: str) -> list[tuple[int, str]]:
    """Parse /proc/asound/cards into (card index, long name) pairs."""
    cards = []
    for line in text.splitlines():
        match = _CARD.match(line)
        if match:
            cards.append((int(match.group(1)), match.group(2)))
    return cards


def _natural(name: str) -> tuple[str, int]:
    digits = re.search(r"\d+$", name)
    return (name[: digits.start()], int(digits.group())) if digits else (name, -1)
