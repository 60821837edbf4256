"""Words the documents share, in Vietnamese and English."""

from __future__ import annotations

from standard.wording import Text

ROLES = {
    "workstation": Text("Máy trạm", "Workstation"),
    "server": Text("Máy chủ", "Server"),
    "video_conference": Text("Máy phòng họp trực tuyến", "Video-conference PC"),
}
SEVERITIES = {
    "critical": Text("Nghiêm trọng", "Critical"),
    "warning": Text("Cảnh báo", "Warning"),
    "info": Text("Thông tin", "Info"),
}
EVIDENCE = {
    "proven": Text("Máy tự xác minh (token)", "Proven by the PC's token"),
    "approved": Text("TT CĐS phê duyệt", "Approved by the DTC"),
    "report": Text("Theo báo cáo (chưa xác minh)", "Seen in reports (unproven)"),
}
READY = Text("Sẵn sàng", "Ready")
NOT_READY = Text("Chưa sẵn sàng", "Not ready")
UNIT = Text("Đơn vị", "Unit")
UNIT_CODE = Text("Mã đơn vị", "Unit code")
HOSTNAME = Text("Tên máy", "Host name")
ASSET_TAG = Text("Mã tài sản", "Asset tag")
TOTAL = Text("Tổng cộng", "Total")
CITY_TOTAL = Text("Tổng cộng toàn thành phố", "City total")
GENERATED = Text("Số liệu lập lúc", "Figures as of")


def role(code: str) -> Text:
    """Return the words for a machine role."""
    return ROLES.get(code, Text(code, code))
