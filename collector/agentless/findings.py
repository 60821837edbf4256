"""What a failed SSH collection means for the machine: an operational finding, in Vietnamese
and English, kept on the machine until a collection succeeds again."""

from __future__ import annotations

from standard.finding import Finding, Severity

RULE_PREFIX = "agentless_"
# result word -> (severity, Vietnamese, English): what happened and what to do.
WORDING: dict[str, tuple[Severity, str, str]] = {
    "host_key_changed": (
        "critical",
        "Khóa máy chủ SSH đã thay đổi: bộ thu từ chối kết nối (có thể bị giả mạo). Kiểm tra "
        "máy; nếu máy được cài lại, xóa dòng cũ trong tệp known_hosts của bộ thu",
        "The SSH host key changed: the collector refuses to connect (a possible man in the "
        "middle). Check the machine; if it was reinstalled, remove its old known_hosts line",
    ),
    "host_key_unknown": (
        "warning",
        "Chưa biết khóa máy chủ SSH: thêm vào known_hosts hoặc bật ssh.trust_on_first_use",
        "Unknown SSH host key: add it to known_hosts or set ssh.trust_on_first_use",
    ),
    "auth_failed": (
        "warning",
        "Máy từ chối khóa đăng nhập SSH của bộ thu: thêm khóa công khai vào authorized_keys",
        "The machine refused the collector's SSH key: add the public key to authorized_keys",
    ),
    "key_unreadable": (
        "warning",
        "Bộ thu không đọc được khóa SSH của mình: kiểm tra ssh.key_file / agentless.key_file",
        "The collector cannot read its SSH key: check ssh.key_file / agentless.key_file",
    ),
    "command_timeout": (
        "warning",
        "Một lệnh đọc trên máy bị treo quá thời hạn: kiểm tra máy (ổ đĩa mạng, /proc, /sys)",
        "A read-only command hung past its timeout: check the machine (network mounts, /proc)",
    ),
    "timeout": (
        "warning",
        "Máy không trả lời SSH kịp thời hạn: kiểm tra máy và đường truyền",
        "The machine did not answer over SSH in time: check the machine and the link",
    ),
    "connect_failed": (
        "warning",
        "Không kết nối được SSH tới máy: máy tắt, sai địa chỉ, hoặc tường lửa chặn cổng",
        "Cannot connect over SSH: the machine is off, the address is wrong, or a firewall blocks",
    ),
    "ingest_refused": (
        "warning",
        "Bộ thu đã đọc được máy nhưng từ chối báo cáo (xem chi tiết): ví dụ máy có phần cứng "
        "khác với lúc đăng ký, chờ Trung tâm CĐS xác nhận",
        "The collector read the machine but refused its report (see the detail): e.g. other "
        "hardware than enrolled, waiting for the DTC to decide",
    ),
    "ssh_error": (
        "warning",
        "Lỗi giao thức SSH khi đọc máy: xem nhật ký của bộ thu",
        "An SSH protocol error while reading the machine: see the collector's log",
    ),
}


def failure_finding(result: str, detail: str) -> Finding | None:
    """Return the finding for a collection that ended in `result`; None for success."""
    wording = WORDING.get(result)
    if wording is None:
        return None
    severity, vi, en = wording
    return Finding(
        rule=RULE_PREFIX + result,
        finding_class="operational",
        severity=severity,
        measured=detail,
        required="ok",
        message_vi=vi,
        message_en=en,
    )
