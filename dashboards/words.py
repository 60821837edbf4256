"""Words several dashboards use: variable labels, role names, states and column headers."""

from __future__ import annotations

from dashboards.text import Text

UNIT = Text("Đơn vị", "Unit")
ROLE = Text("Vai trò máy", "Machine role")
MACHINE = Text("Máy", "Machine")
DATASOURCE = Text("Nguồn dữ liệu", "Data source")
ALL = Text("Tất cả", "All")

ROLES = {
    "workstation": Text("Máy trạm văn phòng", "Office workstation"),
    "server": Text("Máy chủ", "Server"),
    "video_conference": Text("Máy phòng họp trực tuyến", "Video-conference room PC"),
}

READY = Text("Sẵn sàng", "Ready")
NOT_READY = Text("Chưa sẵn sàng", "Not ready")
UP = Text("Đang báo cáo", "Reporting")
DOWN = Text("Mất liên lạc", "Silent")
MEETS = Text("Đạt chuẩn", "Up to standard")
BELOW = Text("Chưa đạt chuẩn", "Below standard")
YES = Text("Có", "Yes")
NO = Text("Không", "No")
NONE = Text("Không có", "None")

WARD_NAME = Text("Tên đơn vị", "Unit name")
WARD_CODE = Text("Mã đơn vị", "Unit code")
HOSTNAME = Text("Tên máy", "Host name")
AGENT_ID = Text("Mã agent", "Agent id")
TARGET = Text("Hệ thống", "Target")
MILLION_VND = Text("triệu ₫", "million ₫")


def capitalised(text: Text) -> Text:
    """Return `text` with the first letter of each language's text in upper case."""
    return Text(text.vi[:1].upper() + text.vi[1:], text.en[:1].upper() + text.en[1:])
