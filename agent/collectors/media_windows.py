"""The `media` collector on Windows: cameras and microphones among Win32_PnPEntity devices.

Device names are localised (Vietnamese Windows calls a microphone "Micrô"), so nothing
here matches names. A microphone is an audio endpoint whose device id says "capture":
SWD\\MMDEVAPI\\{0.0.1.00000000}.{guid} (render endpoints, speakers, are {0.0.0.00000000}).
A camera is a Camera-class device, or an Image-class one driven by the USB video class
driver (usbvideo): the Image class also holds scanners. Only working devices count
(Status "OK"): a disconnected one is still listed with Status "Unknown".
"""

from __future__ import annotations

from typing import Any

from agent.collectors import cim
from agent.collectors.registry import Context

QUERIES = {
    "pnp_media": "Get-CimInstance -ClassName Win32_PnPEntity -Filter "
    "\"PNPClass='Camera' OR PNPClass='Image' OR PNPClass='AudioEndpoint'\" | Select-Object "
    "Name,PNPClass,DeviceID,Service,Status",
}
# Each property's CIM type: a value of another type is read as unknown (cim.typed).
TYPES: dict[str, cim.Types] = {
    "pnp_media": {"Name": str, "PNPClass": str, "DeviceID": str, "Service": str, "Status": str},
}

CAPTURE_ENDPOINT = "SWD\\MMDEVAPI\\{0.0.1."
VIDEO_CLASS_DRIVER = "usbvideo"


def is_camera(device: cim.Record) -> bool:
    """Say whether a PnP device is a camera (Camera class, or a UVC Image device)."""
    kind = device.get("PNPClass")
    service = str(device.get("Service") or "").lower()
    return kind == "Camera" or (kind == "Image" and service == VIDEO_CLASS_DRIVER)


def is_microphone(device: cim.Record) -> bool:
    """Say whether a PnP device is an audio capture endpoint, by its device id."""
    device_id = str(device.get("DeviceID") or "").upper()
    return device.get("PNPClass") == "AudioEndpoint" and device_id.startswith(CAPTURE_ENDPOINT)


def _names(devices: list[cim.Record]) -> list[str]:
    return sorted({str(d.get("Name") or d.get("DeviceID")).strip() for d in devices})


def parse_media(records: list[cim.Record]) -> dict[str, Any]:
    """Map Win32_PnPEntity records to the report's `hardware.media` object."""
    working = [r for r in records if r.get("Status") == "OK"]
    cameras = _names([r for r in working if is_camera(r)])
    microphones = _names([r for r in working if is_microphone(r)])
    return {
        "camera_present": bool(cameras),
        "microphone_present": bool(microphones),
        "cameras": cameras,
        "microphones": microphones,
    }


def collect(ctx: Context, query: cim.Query = cim.query) -> dict[str, Any]:
    """Read the media PnP devices and return the report's `hardware.media` object."""
    return parse_media(cim.typed(query(QUERIES["pnp_media"]), TYPES["pnp_media"]))
