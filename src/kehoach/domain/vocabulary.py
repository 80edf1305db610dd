"""Every closed list of values: what records may write in a choice field, and the statuses the site
computes. Each value as it is written (Vietnamese without diacritics), with its label and meaning.

This is the one place these values are spelled. The record schema offers them (checker, field
reference page, JSON Schemas), the model and the status rules compare against the members, the
templates get the enums as globals. A member is a `str` equal to its value, so it is written as
the value everywhere (JSON, CSV, HTML, f-strings) and a dictionary keyed by members answers for
the plain value too.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar


class ValueEnum(str, Enum):
    """An enum of strings written as their value (`enum.StrEnum`, which Python 3.10 lacks): a str
    mix-in Enum is written `Class.MEMBER` by str() and, since Python 3.11, by format()."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(self, format_spec)


class Vocabulary(ValueEnum):
    """A closed list of values; each member has a label people read and, where useful, a meaning."""

    label: str
    meaning: str

    def __new__(cls, value: str, label: str, meaning: str = "") -> Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.meaning = meaning
        return member

    @classmethod
    def labels(cls: type[V]) -> dict[V, str]:
        """{member: label}, in the order the members are declared."""
        return {member: member.label for member in cls}


V = TypeVar("V", bound=Vocabulary)


# ---------------------------------------------------------------- written in records


class OrganizationKind(Vocabulary):
    CENTRAL = "trung-uong", "Cơ quan Trung ương", "Trung ương Đảng, Ban Bí thư"
    PARTY_COMMITTEE = "cap-uy", "Cấp ủy", "Tỉnh ủy, Ban Thường vụ, Thường trực, huyện ủy, thành ủy, đảng ủy"
    PARTY_BOARD = "ban-dang", "Ban đảng", "Ban Tổ chức, Ban Tuyên giáo… của cấp ủy"
    INSPECTION = "uy-ban-kiem-tra", "Ủy ban kiểm tra", "Ủy ban Kiểm tra của cấp ủy"
    OFFICE = "van-phong", "Văn phòng cấp ủy", "Văn phòng, lãnh đạo và chuyên viên văn phòng"
    PARTY_DELEGATION = "ban-can-su-dang-doan", "Ban cán sự đảng, đảng đoàn", ""
    FRONT_AND_UNIONS = "mat-tran-doan-the", "Mặt trận và đoàn thể", "Mặt trận Tổ quốc, các tổ chức chính trị - xã hội"
    PRESS = "co-quan-bao-chi", "Cơ quan báo chí", "báo, đài, cơ quan thông tin đại chúng"
    PERSON = "ca-nhan", "Cá nhân, chức danh", "cấp ủy viên, chuyên viên"


class Level(Vocabulary):
    CENTRAL = "trung-uong", "Trung ương"
    PROVINCE = "tinh", "Tỉnh"
    DISTRICT = "huyen", "Huyện"
    GRASSROOTS = "co-so", "Cơ sở"


class LeadRole(Vocabulary):
    """The word a plan uses for the organizations it gives a task to (issue 14, point 4: the roles
    plans assign, as the domain notes list them). Those who take part as partners are “phối hợp”
    (field phoi_hop); those who receive reports are named in the field bao_cao."""

    LEADS = "chu-tri", "chủ trì", "tổ chức chủ trì, chịu trách nhiệm chính"
    CARRIES_OUT = "thuc-hien", "thực hiện", "tổ chức trực tiếp thực hiện"
    ADVISES = "tham-muu", "tham mưu", "tổ chức tham mưu cho cấp ủy"
    GUIDES = "huong-dan", "hướng dẫn", "tổ chức hướng dẫn đơn vị khác thực hiện"
    ORGANISES = "to-chuc", "tổ chức", "tổ chức một việc: hội nghị, đợt sinh hoạt, lớp học…"
    DIRECTS = "chi-dao", "chỉ đạo", "cấp ủy, tổ chức chỉ đạo cấp dưới thực hiện"
    MONITORS = "theo-doi", "theo dõi, đôn đốc", "theo dõi, đôn đốc việc thực hiện của nơi khác"
    INSPECTS = "kiem-tra", "kiểm tra, giám sát", "kiểm tra, giám sát việc thực hiện"

    @property
    def abbreviation(self) -> str:
        """The letters the responsibility matrix writes in the role's cell."""
        return _LEAD_ROLE_ABBREVIATIONS[self]


_LEAD_ROLE_ABBREVIATIONS = {
    LeadRole.LEADS: "CT", LeadRole.CARRIES_OUT: "TH", LeadRole.ADVISES: "TM", LeadRole.GUIDES: "HD",
    LeadRole.ORGANISES: "TC", LeadRole.DIRECTS: "CĐ", LeadRole.MONITORS: "TD", LeadRole.INSPECTS: "KT",
}
assert set(_LEAD_ROLE_ABBREVIATIONS) == set(LeadRole), "every role has its letters in the matrix"
# Partners and report recipients, the matrix's other two marks.
COORDINATOR_ABBREVIATION, REPORT_RECIPIENT_ABBREVIATION = "PH", "BC"


class SourceKind(Vocabulary):
    """Where a document's text in the records comes from (issue 14, point 2). Only a full text is
    typeset in the official layout and called “nguyên văn”."""

    FULL_TEXT = "toan-van", "toàn văn", "chép đủ toàn bộ nội dung văn bản đã ban hành"
    EXCERPT = "trich", "trích", "chép đúng một phần của văn bản"
    RECONSTRUCTION = "dung-lai", "dựng lại", "dựng lại từ nguồn khác: tin bài, văn bản dẫn chiếu, hoặc viết để thử"
    SUMMARY = "tom-tat", "tóm tắt", "tóm tắt nội dung, theo bản tin, báo cáo hoặc văn bản khác"


class RecipientPurpose(Vocabulary):
    REPORT = "bao-cao", "để báo cáo", "viết tắt “(b/c)”"
    CARRY_OUT = "thuc-hien", "để thực hiện", ""
    INFORM = "biet", "để biết", "viết tắt “(để biết)”"
    FILE = "luu", "lưu", "lưu tại văn phòng, ví dụ “Lưu VPTU”"


class SecrecyMark(Vocabulary):
    """The secrecy mark (độ mật) a document carries, as Hướng dẫn 36-HD/VPTW prints it; in rising order."""

    SECRET = "mat", "Mật", "văn bản đóng dấu MẬT"
    TOP_SECRET = "toi-mat", "Tối mật", "văn bản đóng dấu TỐI MẬT"
    HIGHEST = "tuyet-mat", "Tuyệt mật", "văn bản đóng dấu TUYỆT MẬT"

    @property
    def rank(self) -> int:
        """1 for Mật … 3 for Tuyệt mật; 0 is a document with no mark."""
        return list(SecrecyMark).index(self) + 1


class PublishLimit(Vocabulary):
    """The highest secrecy mark a site may publish (its configuration `do_mat_toi_da`)."""

    NONE = "khong", "không văn bản mật", "chỉ văn bản không đóng dấu mật (mặc định)"
    SECRET = "mat", "đến Mật", "văn bản không mật và văn bản Mật"
    TOP_SECRET = "toi-mat", "đến Tối mật", "mọi văn bản trừ văn bản Tuyệt mật"
    HIGHEST = "tuyet-mat", "đến Tuyệt mật", "mọi văn bản"

    @property
    def rank(self) -> int:
        return list(PublishLimit).index(self)


class DeadlineKind(Vocabulary):
    DATE = "ngay", "ngày cụ thể", "hạn là một ngày: cần trường ngay"
    MONTH = "thang", "trong tháng", "hạn là ngày cuối tháng: cần trường thang"
    QUARTER = "quy", "trong quý", "hạn là ngày cuối quý: cần trường quy"
    YEAR = "nam", "trong năm", "hạn là 31/12 của năm: cần trường nam"
    EVERY_YEAR = "hang-nam", "hằng năm", "lặp lại mỗi năm, hạn 31/12 mỗi năm: có thể ghi tu_nam"
    RECURRING = "dinh-ky", "định kỳ", "lặp lại theo kỳ (hằng tháng, hằng quý, 6 tháng, hằng năm), hạn ngày cuối mỗi kỳ: cần moi_thang, có thể ghi tu_thang"
    RANGE = "khoang", "trong khoảng", "làm trong một khoảng thời gian, hạn là ngày kết thúc: cần tu và den"
    BEFORE_EVENT = "truoc-su-kien", "trước một sự kiện", "hạn là trước một sự kiện (đại hội, hội nghị…): cần su_kien, ghi ngay khi đã biết ngày diễn ra"
    ONGOING = "thuong-xuyen", "thường xuyên", "làm liên tục, không có ngày kết thúc"
    AFTER = "sau", "sau nhiệm vụ khác", "đến hạn khi nhiệm vụ ghi ở trường sau hoàn thành"
    UNSTATED = "khong", "không nêu thời hạn", "văn bản không nêu thời hạn"


class Recurrence(Enum):
    """How often a recurring task (thời hạn định kỳ) comes round: the number of months of one
    period, as `moi_thang` writes it (a number, so not a choice of strings). Periods follow the
    calendar: months, quarters I–IV, the first and the last six months of a year, years."""

    MONTHLY = 1, "hằng tháng", "mỗi tháng một kỳ, hạn ngày cuối tháng"
    QUARTERLY = 3, "hằng quý", "mỗi quý một kỳ (quý I–IV), hạn ngày cuối quý"
    HALF_YEARLY = 6, "6 tháng một lần", "6 tháng đầu năm (hạn 30/6) và 6 tháng cuối năm (hạn 31/12)"
    YEARLY = 12, "hằng năm", "mỗi năm một kỳ, hạn 31/12"

    def __init__(self, months: int, label: str, meaning: str) -> None:
        self.months = months
        self.label = label
        self.meaning = meaning


class UpdateState(Vocabulary):
    """What a progress report says of its tasks."""

    NOT_STARTED = "chua-trien-khai", "chưa triển khai", "đã nhận nhiệm vụ, chưa bắt đầu"
    IN_PROGRESS = "dang-thuc-hien", "đang thực hiện", "đã bắt đầu, chưa xong"
    DONE = "da-hoan-thanh", "đã hoàn thành", "đã xong; ngày xong ghi ở ngay_hoan_thanh (mặc định là ngày báo cáo)"
    STOPPED = "dung", "dừng", "nhiệm vụ bị dừng, hủy; ghi lý do"
    ADJUSTED = "dieu-chinh", "điều chỉnh", "nhiệm vụ được điều chỉnh (ví dụ lùi hạn); ghi lý do và hạn mới nếu có"


# ---------------------------------------------------------------- computed by the site


class AssignmentRole(Vocabulary):
    """How a task reaches an organization: the task field that names it."""

    LEAD = "chu-tri", "Chủ trì / thực hiện", "được ghi ở trường chu_tri (vai trò chính, theo vai_tro)"
    COORDINATE = "phoi-hop", "Phối hợp", "được ghi ở trường phoi_hop"
    RECEIVE_REPORTS = "bao-cao", "Nhận báo cáo", "được ghi ở trường bao_cao"


class Status(Vocabulary):
    """A task's status as of a date (kehoach.domain.status), in the order pages list them."""

    NOT_DUE = "chua-den-han", "chưa đến hạn"
    ONGOING = "thuong-xuyen", "làm thường xuyên", "nhiệm vụ làm liên tục, không có ngày hết hạn"
    NO_DEADLINE = "khong-thoi-han", "không nêu thời hạn", "văn bản không nêu thời hạn cho nhiệm vụ"
    IN_PROGRESS = "dang-thuc-hien", "đang thực hiện trong hạn"
    OVERDUE = "qua-han", "quá hạn"
    DONE_ON_TIME = "hoan-thanh-dung-han", "hoàn thành đúng hạn"
    # Done, with no date to be on time or late against (no deadline, ongoing, an undated event):
    # “đúng hạn” would claim what the plan does not say.
    DONE = "hoan-thanh", "hoàn thành", "đã xong; văn bản không nêu hạn để so"
    DONE_LATE = "hoan-thanh-qua-han", "hoàn thành quá hạn"
    STOPPED = "dung", "dừng"


DONE_STATUSES = (Status.DONE_ON_TIME, Status.DONE, Status.DONE_LATE)
