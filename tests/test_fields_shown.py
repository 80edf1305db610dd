"""Property: every field of every record is either shown to a reader or refused (issue 16).

The record schema (`kehoach.records.schema.RECORD_SCHEMAS`, walked down through its nested groups of
fields, each group once) lists every field a record may hold. For each of those field paths, SHOWN
below says what a reader sees when the field is filled in:

- the field's value, or the wording the site makes of it, in the reader-visible text of a named page:
  the page's Markdown/HTML with front matter, HTML comments, tags and tooltips dropped and entities
  unescaped, so a value that only sits in an attribute or a comment does not count;
- for an id, the address of the page it names;
- for a link, a link on a named page that goes to the written address;
- for a field whose job is an export, the cells or text of the named export file;
- for a field used only to compute something, the visible effect that proves it was used (`ky` of an
  update moves the report to the 2020 row of a yearly task; `tu_nam` starts that task's rows at 2020),
  with, where it helps, what the page would show had the field been ignored.

The fixture tree tests/fields_shown/records fills every field of every kind at least once with a
value found nowhere else (“Vết …” marker words, a distinct date per date field, one task per kind of
deadline) and loads with no problem. A field added to the schema fails `test_every_schema_field_says_where_a_reader_sees_it`
until someone writes where it is shown, and `test_the_fixture_fills_every_schema_field` until the
fixture fills it. A field whose value reaches no reader fails `test_a_filled_field_is_visible_to_readers`:
such a failure is a bug to fix in the site, not in this table.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from kehoach.content import charts
from kehoach.content.manifest import SiteOptions
from kehoach.content.pages import build_site_pages
from kehoach.domain.model import document_date
from kehoach.records.loader import load_records
from kehoach.records.schema import RECORD_SCHEMAS, Kind, RecordSchema, parse_date

FIXTURE = Path(__file__).parent / "fields_shown" / "records"
TODAY = AS_OF = dt.date(2021, 6, 30)

# ---------------------------------------------------------------- what a reader sees


@dataclass(frozen=True)
class Shown:
    """Each text appears in the reader-visible text of `page`, and none of `absent` does."""

    page: str
    texts: tuple[str, ...]
    effect: str = ""  # for a field used to compute something: why these texts prove it was used
    absent: tuple[str, ...] = ()  # what the page would show had the field not been used


@dataclass(frozen=True)
class Address:
    """An id: the site has a page at this path."""

    page: str


@dataclass(frozen=True)
class Link:
    """A link on `page`, with visible text `text`, that goes to `href`."""

    page: str
    href: str
    text: str


@dataclass(frozen=True)
class Exported:
    """Each text appears in the data of the export `file` (CSV cells, XML element text, iCalendar values)."""

    file: str
    texts: tuple[str, ...]


def shown(page: str, *texts: str, effect: str = "", absent: tuple[str, ...] = ()) -> Shown:
    return Shown(page, texts, effect, absent)


def exported(file: str, *texts: str) -> Exported:
    return Exported(file, texts)


PLAN = "ke-hoach/kh-vet.md"
DIRECTIVE = "chi-thi/ct-vet.md"
ORGANIZATION = "to-chuc/bao-vet-day-du.md"
GROUP = "to-chuc/nhom-vet.md"
FIGURES = "tien-do/chi-tieu.md"
YEARLY_TASK = "nhiem-vu/kh-vet/nv-hang-nam.md"
RECURRING_TASK = "nhiem-vu/kh-vet/nv-dinh-ky.md"
DASHBOARD = "tien-do/index.md"

SHOWN: dict[str, Shown | Address | Link | Exported] = {
    # ---- chi-thi: the directive's page
    "chi-thi: id": Address(DIRECTIVE),
    "chi-thi: loai": shown(DIRECTIVE, "Loại văn bản Chỉ thị Vết Loại"),
    "chi-thi: so_ky_hieu": shown(DIRECTIVE, "Số, ký hiệu 99-CT/VET"),
    "chi-thi: co_quan_ban_hanh": shown(DIRECTIVE, "Cơ quan ban hành Ban Bí thư Vết Ban Hành Chỉ Thị"),
    "chi-thi: ngay": shown(DIRECTIVE, "Ngày ban hành 21/01/2018"),
    "chi-thi: trich_yeu": shown(DIRECTIVE, "Vết trích yếu chỉ thị"),
    "chi-thi: tom_tat": shown(DIRECTIVE, "Tóm tắt Vết tóm tắt chỉ thị."),
    "chi-thi: toan_van": shown(DIRECTIVE, "Toàn văn Vết toàn văn chỉ thị."),
    "chi-thi: nguon": shown(DIRECTIVE, "Nguồn thông tin Vết nguồn chỉ thị"),
    "chi-thi: nguon_goc": shown(DIRECTIVE, "Nguồn văn bản tóm tắt (tóm tắt nội dung"),
    "chi-thi: can_cu": shown(DIRECTIVE, "Căn cứ Kế hoạch vết số 77-KH/VET Được căn cứ bởi Kế hoạch vết số 77-KH/VET"),
    "chi-thi: can_cu.ke_hoach": Link(DIRECTIVE, "../../ke-hoach/kh-vet/", "Kế hoạch vết số 77-KH/VET"),
    "chi-thi: can_cu.chi_thi": Link(PLAN, "../../chi-thi/ct-vet/", "Chỉ thị Vết Loại số 99-CT/VET ngày 21/01/2018"),
    "chi-thi: can_cu.ten": shown(PLAN, "Vết văn bản ngoài", effect="the same fields as a plan's can_cu"),
    "chi-thi: can_cu.dieu_khoan": shown(PLAN, "Vết văn bản ngoài, Vết điều khoản", effect="the same fields as a plan's can_cu"),
    "chi-thi: can_cu.lien_ket": Link(PLAN, "https://vet.example/dieu-le.pdf", "Vết văn bản ngoài"),
    "chi-thi: do_mat": shown(DIRECTIVE, "Độ mật, phạm vi lưu hành Mật; Vết phạm vi chỉ thị"),
    "chi-thi: pham_vi": shown(DIRECTIVE, "Mật; Vết phạm vi chỉ thị"),
    # ---- ke-hoach: the plan's page, laid out as the document
    "ke-hoach: id": Address(PLAN),
    "ke-hoach: loai": shown(PLAN, "KẾ HOẠCH VẾT Vết trích yếu kế hoạch"),
    "ke-hoach: trich_yeu": shown(PLAN, "Vết trích yếu kế hoạch"),
    "ke-hoach: co_quan_ban_hanh": shown(PLAN, "Cơ quan ban hành Ban Thường vụ Vết Ban Hành"),
    "ke-hoach: co_quan_cap_tren": shown(PLAN, "(cấp trên: Tỉnh ủy Vết Cấp Trên)"),
    "ke-hoach: tieu_de_co_quan": shown(PLAN, "VẾT DÒNG CẤP TRÊN VẾT DÒNG BAN HÀNH *"),
    "ke-hoach: nguon_goc": shown(PLAN, "Nguồn văn bản: toàn văn", "Nguồn văn bản toàn văn — Vết nguồn kế hoạch"),
    "ke-hoach: nguon": shown(PLAN, "Lấy từ: Vết nguồn kế hoạch."),
    # The fields of a cited text are listed once, under chi-thi: can_cu (the first record with them).
    "ke-hoach: can_cu": shown(PLAN, "Căn cứ Chỉ thị Vết Loại số 99-CT/VET ngày 21/01/2018; Vết văn bản ngoài, Vết điều khoản", "Được căn cứ bởi Chỉ thị Vết Loại"),
    "ke-hoach: so_ky_hieu": shown(PLAN, "Số: 77-KH/VET"),
    "ke-hoach: ngay": shown(PLAN, "ngày 15 tháng 3 năm 2019"),  # a leading zero for days below 10 and months 1, 2 only
    "ke-hoach: dia_danh": shown(PLAN, "Vết Địa Danh, ngày 15 tháng 3 năm 2019"),
    "ke-hoach: thuc_hien": shown(PLAN, "Thực hiện Chỉ thị Vết Loại số 99-CT/VET ngày 21/01/2018"),
    "ke-hoach: the_thuc": shown(PLAN, "Thể thức Vết thể thức văn bản"),
    "ke-hoach: mo_dau": shown(PLAN, "Vết đoạn mở đầu kế hoạch."),
    "ke-hoach: noi_dung": shown(PLAN, "A- VẾT TIÊU ĐỀ MỤC"),
    "ke-hoach: noi_dung.so": shown(PLAN, "A- VẾT TIÊU ĐỀ MỤC", "1. Vết đoạn văn mục con"),
    "ke-hoach: noi_dung.tieu_de": shown(PLAN, "VẾT TIÊU ĐỀ MỤC"),
    "ke-hoach: noi_dung.van_ban": shown(PLAN, "Vết đoạn văn mục lớn."),
    "ke-hoach: noi_dung.muc": shown(PLAN, "Vết đoạn văn mục lớn. 1. Vết đoạn văn mục con", effect="the sub-section follows its parent, numbered as written"),
    "ke-hoach: noi_dung.ghi_chu_bien_tap": shown(PLAN, "Ghi chú biên tập: Vết ghi chú biên tập."),
    "ke-hoach: noi_dung.nhiem_vu": shown(PLAN, "Nhiệm vụ A.1: Vết tên ngắn nhiệm vụ"),
    "ke-hoach: noi_dung.nhiem_vu.id": Address("nhiem-vu/kh-vet/nv-ngay.md"),
    "ke-hoach: noi_dung.nhiem_vu.van_ban": shown(PLAN, "“vết trích nhiệm vụ theo ngày”"),
    "ke-hoach: noi_dung.nhiem_vu.chu_tri": shown(PLAN, "Tham mưu Ban Vết Chủ Trì"),
    "ke-hoach: noi_dung.nhiem_vu.vai_tro": shown(PLAN, "Tham mưu Ban Vết Chủ Trì", "Thực hiện Nhóm Vết Các Ban"),
    "ke-hoach: noi_dung.nhiem_vu.phoi_hop": shown(PLAN, "Phối hợp Ban Vết Phối Hợp"),
    "ke-hoach: noi_dung.nhiem_vu.bao_cao": shown(PLAN, "Báo cáo Thường trực Vết Nhận Báo Cáo"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han": shown(PLAN, "Thời hạn “Vết nguyên văn thời hạn” — ngày 19/05/2019"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.loai": shown(
        PLAN, "Thời hạn hằng năm, từ năm 2020", "Thời hạn tháng 7/2019", effect="the kind decides how the deadline reads (“hằng năm” is the kind's label)"
    ),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.nguyen_van": shown(PLAN, "“Vết nguyên văn thời hạn”"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.ngay": shown(PLAN, "ngày 19/05/2019"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.thang": shown(PLAN, "tháng 7/2019 (đến 31/07/2019)"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.quy": shown(PLAN, "quý III/2019 (đến 30/09/2019)"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.nam": shown(PLAN, "năm 2022 (đến 31/12/2022)"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.tu_nam": shown(
        YEARLY_TASK, "hằng năm, từ năm 2020", "2020 31/12/2020", absent=("2019 31/12/2019",),
        effect="the task recurs from 2020, not from the plan's year 2019: the progress table has a 2020 row and no 2019 row",
    ),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.sau": shown(PLAN, "Thời hạn sau khi xong nhiệm vụ A.1"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.moi_thang": shown(
        RECURRING_TASK, "Thời hạn định kỳ hằng quý", "quý II/2020 30/06/2020", "quý III/2020 30/09/2020",
        effect="moi_thang: 3 makes the task come round each quarter: one row per quarter, due on its last day",
    ),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.tu_thang": shown(
        RECURRING_TASK, "từ quý II/2020", "quý II/2020 30/06/2020", absent=("quý I/2019", "quý I/2020"),
        effect="the task's first period is the quarter holding 4/2020, not the plan's quarter I/2019",
    ),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.tu": shown(PLAN, "từ ngày 01/04/2020 đến ngày 30/06/2020"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.den": shown(PLAN, "từ ngày 01/04/2020 đến ngày 30/06/2020"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_han.su_kien": shown(PLAN, "trước Vết Đại hội sự kiện (ngày 14/10/2020)"),
    "ke-hoach: noi_dung.nhiem_vu.ghi_chu": shown(PLAN, "Ghi chú Vết ghi chú nhiệm vụ."),
    "ke-hoach: noi_dung.nhiem_vu.ten_ngan": shown(PLAN, ": Vết tên ngắn nhiệm vụ"),
    "ke-hoach: noi_dung.nhiem_vu.thanh_phan": shown(PLAN, "Thành phần Vết thành phần tham dự"),
    "ke-hoach: noi_dung.nhiem_vu.thoi_luong": shown(PLAN, "Thời lượng Vết thời lượng"),
    "ke-hoach: noi_dung.nhiem_vu.dieu_kien": shown(PLAN, "Điều kiện Vết điều kiện"),
    "ke-hoach: noi_nhan": shown(PLAN, "Nơi nhận: - Vết dòng nơi nhận một"),
    "ke-hoach: noi_nhan.van_ban": shown(PLAN, "- Vết dòng nơi nhận một", "- Lưu Vết."),
    # A line naming one organization links to it (its name is the line itself, not repeated after it).
    "ke-hoach: noi_nhan.to_chuc": Link(PLAN, "../../to-chuc/ban-vet-nhan-bao-cao/", "Vết dòng nơi nhận một"),
    "ke-hoach: noi_nhan.muc_dich": shown(PLAN, "(để báo cáo)", "(lưu)"),
    "ke-hoach: noi_nhan.chu_thich": shown(PLAN, "Vết dòng nơi nhận một7,", effect="the mark is a superscript after the line, before its comma"),
    "ke-hoach: ky": shown(PLAN, "T/M VẾT QUYỀN HẠN VẾT CHỨC VỤ Vết Họ Tên"),
    "ke-hoach: ky.quyen_han": shown(PLAN, "T/M VẾT QUYỀN HẠN"),
    "ke-hoach: ky.chuc_vu": shown(PLAN, "VẾT CHỨC VỤ"),
    "ke-hoach: ky.ho_ten": shown(PLAN, "Vết Họ Tên"),
    "ke-hoach: chu_thich": shown(PLAN, "7 Vết nội dung chú thích."),
    "ke-hoach: chu_thich.ky_hieu": shown(PLAN, "7 Vết nội dung chú thích."),
    "ke-hoach: chu_thich.noi_dung": shown(PLAN, "Vết nội dung chú thích."),
    "ke-hoach: van_ban_nguon": shown(
        "ke-hoach/kh-vet/van-ban-nguon.md", "Vết chép nguyên văn của văn bản nguồn.", effect="the named file's text is the plan's “Văn bản nguồn” page"
    ),
    "ke-hoach: ghi_chu": shown(PLAN, "Ghi chú Vết ghi chú kế hoạch."),
    "ke-hoach: do_mat": shown(PLAN, "TỐI MẬT", "Độ mật, phạm vi lưu hành Tối mật; Vết phạm vi kế hoạch"),
    "ke-hoach: pham_vi": shown(PLAN, "TỐI MẬT Vết phạm vi kế hoạch"),
    # ---- to-chuc: the organization's page
    "to-chuc: id": Address(ORGANIZATION),
    "to-chuc: ten": shown(ORGANIZATION, "Báo Vết Đầy Đủ"),
    "to-chuc: ten_khac": shown(ORGANIZATION, "Tên khác Vết tên khác tổ chức"),
    "to-chuc: viet_tat": shown(ORGANIZATION, "Viết tắt VTTC"),
    "to-chuc: loai": shown(ORGANIZATION, "Loại Cơ quan báo chí"),
    "to-chuc: cap": shown(ORGANIZATION, "Cấp Cơ sở"),
    "to-chuc: truc_thuoc": shown(ORGANIZATION, "Trực thuộc Tỉnh ủy Vết Cấp Trên"),
    "to-chuc: ghi_chu": shown(ORGANIZATION, "Ghi chú Vết ghi chú tổ chức."),
    "to-chuc: dang_bo": shown(ORGANIZATION, "Thuộc đảng bộ của Đảng ủy Vết Khối"),
    # ---- nhom: the group's page
    "nhom: id": Address(GROUP),
    "nhom: ten": shown(GROUP, "Nhóm Vết Các Ban"),
    "nhom: ten_khac": shown(GROUP, "Tên khác Vết tên khác nhóm"),
    "nhom: viet_tat": shown(GROUP, "Viết tắt VTN"),
    "nhom: loai": shown(GROUP, "Loại Ban đảng (nhóm)"),
    "nhom: cap": shown(GROUP, "Cấp Huyện"),
    "nhom: thanh_vien": shown(GROUP, "Thành viên Ban Vết Chủ Trì Ban Vết Phối Hợp"),
    "nhom: thanh_vien_day_du": shown(GROUP, "Danh sách thành viên là đầy đủ."),
    "nhom: ghi_chu": shown(GROUP, "Ghi chú Vết ghi chú nhóm."),
    "nhom: dang_bo": shown(GROUP, "Thuộc đảng bộ của Đảng ủy Vết Khối"),
    # ---- chi-tieu: the figures page (a figure has no page of its own: its id is the key of the export)
    "chi-tieu: id": exported("du-lieu/chi-tieu.csv", "chi-tieu-vet"),
    "chi-tieu: ten": shown(FIGURES, "Vết tên chỉ tiêu (vết đơn vị)"),
    "chi-tieu: don_vi": shown(FIGURES, "(vết đơn vị)"),
    "chi-tieu: y_nghia": shown(FIGURES, "Vết ý nghĩa chỉ tiêu."),
    # ---- cap-nhat: the reported task's page and the dashboard
    "cap-nhat: ke_hoach": shown(
        YEARLY_TASK, "Kế hoạch vết số 77-KH/VET: Vết trích yếu kế hoạch", "12/01/2021 — Ban Vết Chủ Trì",
        effect="the report is listed on the page of a task of that plan, which names the plan",
    ),
    "cap-nhat: nhiem_vu": shown(DASHBOARD, "12/01/2021 Ban Vết Chủ Trì A.5: Vết đoạn văn nhiệm vụ hằng năm. đã hoàn thành"),
    "cap-nhat: to_chuc": shown(YEARLY_TASK, "12/01/2021 — Ban Vết Chủ Trì"),
    "cap-nhat: ngay": shown(YEARLY_TASK, "12/01/2021 — Ban Vết Chủ Trì"),
    "cap-nhat: trang_thai": shown(DASHBOARD, "theo quý. điều chỉnh", "theo năm. đang thực hiện", "hằng năm. đã hoàn thành"),
    "cap-nhat: ngay_hoan_thanh": shown(YEARLY_TASK, "xong ngày 28/12/2020"),
    "cap-nhat: ky": shown(
        YEARLY_TASK, "2020 31/12/2020 hoàn thành đúng hạn Nhóm Vết Các Ban: xong ngày 28/12/2020",
        absent=("2021 31/12/2021 hoàn thành",),
        effect="the report is dated 12/01/2021 but counts for 2020: the 2020 row is done, not the 2021 one",
    ),
    "cap-nhat: ty_le": shown("nhiem-vu/kh-vet/nv-nam.md", "đang thực hiện (65%)", "đang thực hiện trong hạn · 65%"),
    "cap-nhat: han_moi": shown("nhiem-vu/kh-vet/nv-quy.md", "hạn điều chỉnh thành 15/11/2019", "Ghi chú 15/11/2019 quá hạn"),
    "cap-nhat: ly_do": shown("nhiem-vu/kh-vet/nv-quy.md", "Lý do: Vết lý do điều chỉnh."),
    "cap-nhat: noi_dung": shown(YEARLY_TASK, "Vết nội dung cập nhật."),
    "cap-nhat: can_cu": shown(YEARLY_TASK, "Căn cứ: Vết loại căn cứ", "Vết trích yếu căn cứ"),
    "cap-nhat: can_cu.loai": shown(YEARLY_TASK, "Căn cứ: Vết loại căn cứ"),
    "cap-nhat: can_cu.so_ky_hieu": shown(YEARLY_TASK, "Vết loại căn cứ số 55-BC/VET"),
    "cap-nhat: can_cu.ngay": shown(YEARLY_TASK, "55-BC/VET ngày 08/01/2021"),
    "cap-nhat: can_cu.trich_yeu": shown(YEARLY_TASK, "— Vết trích yếu căn cứ"),
    "cap-nhat: can_cu.lien_ket": Link(YEARLY_TASK, "https://vet.example/can-cu-55.pdf", "mở văn bản"),
    "cap-nhat: so_lieu": shown(YEARLY_TASK, "Vết tên chỉ tiêu (II/2020): 4.321,5 vết đơn vị"),
    "cap-nhat: so_lieu.chi_tieu": shown(YEARLY_TASK, "Vết tên chỉ tiêu (II/2020)"),
    "cap-nhat: so_lieu.gia_tri": shown(FIGURES, "Ban Vết Chủ Trì 4.321,5"),
    "cap-nhat: so_lieu.ky": shown(FIGURES, "Tổ chức II/2020 Ban Vết Chủ Trì 4.321,5"),
    "cap-nhat: do_mat": shown(YEARLY_TASK, "12/01/2021 — Ban Vết Chủ Trì Mật Vết phạm vi cập nhật"),
    "cap-nhat: pham_vi": shown(YEARLY_TASK, "Mật Vết phạm vi cập nhật"),
}

# ---------------------------------------------------------------- the schema's field paths


def _walk_schema() -> tuple[dict[str, tuple[RecordSchema, str]], dict[int, str]]:
    """The schema's field paths {"kind: a.b.c": (the schema holding field c, its name)}, and where each
    nested schema was walked {id(schema): "kind: a.b."}. Each nested schema is walked once: one met
    again (a section's `muc` holds sections) is listed as a field, not walked again."""
    found: dict[str, tuple[RecordSchema, str]] = {}
    walked_at: dict[int, str] = {}
    for kind, record_schema in RECORD_SCHEMAS.items():
        walked_at[id(record_schema)] = f"{kind}: "
        stack = [record_schema]
        while stack:
            schema = stack.pop()
            prefix = walked_at[id(schema)]
            for spec in schema.fields:
                found[prefix + spec.name] = (schema, spec.name)
                if spec.schema is not None and id(spec.schema) not in walked_at:
                    walked_at[id(spec.schema)] = prefix + spec.name + "."
                    stack.append(spec.schema)
    return dict(sorted(found.items())), walked_at


FIELD_PATHS, WALKED_AT = _walk_schema()


@functools.cache
def fixture_values() -> dict[str, list]:
    """{field path: the values the fixture writes for it}, read from the YAML files as written."""
    values: dict[str, list] = {}

    def walk(mapping: dict, schema: RecordSchema, prefix: str) -> None:
        for name, value in mapping.items():
            spec = schema.field(name)
            assert spec is not None, f"{prefix}{name} is not in the schema"
            if value is None or value == [] or value == "":
                continue
            key = prefix + name
            values.setdefault(key, []).append(value)
            if spec.schema is not None:
                inner = WALKED_AT[id(spec.schema)]
                for item in value if isinstance(value, list) else [value]:
                    walk(item, spec.schema, inner)

    for kind, schema in RECORD_SCHEMAS.items():
        for file in sorted((FIXTURE / kind).glob("*.yml")):
            walk(yaml.safe_load(file.read_text(encoding="utf-8")), schema, f"{kind}: ")
    return values


# ---------------------------------------------------------------- the site, as a reader sees it

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TOOLTIP = re.compile(r"<title\b[^>]*>.*?</title>", re.S | re.I)  # an SVG <title> shows only on hover
_BLOCK_TAG = re.compile(r"</?(?:p|div|table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|br|hr|h[1-6]|caption|details|summary|svg|g|text)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+", re.M)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_HREF = re.compile(r"""\bhref\s*=\s*("([^"]*)"|'([^']*)')""", re.I)


def reader_text(page: str) -> str:
    """What a reader sees of a generated page: no front matter, comments, tags or tooltips; entities and Markdown escapes resolved."""
    text = _FRONT_MATTER.sub("", page, count=1)
    text = _COMMENT.sub(" ", text)
    text = _TOOLTIP.sub(" ", text)
    text = _BLOCK_TAG.sub(" ", text)  # between cells and paragraphs a reader sees a gap
    text = _TAG.sub("", text)  # inline tags (links, bold, superscripts) join the text around them
    text = _HEADING_MARK.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return " ".join(html.unescape(text).split())


def links(page: str) -> set[tuple[str, str]]:
    """(address, visible text) of every link on a page."""
    found = set()
    for attributes, inner in _ANCHOR.findall(_COMMENT.sub(" ", page)):
        href = _HREF.search(attributes)
        if href:
            found.add((html.unescape(href.group(2) if href.group(2) is not None else href.group(3)), reader_text(inner)))
    return found


def export_text(path: str, content: str) -> str:
    """The data of an export as a program reading it gets it: CSV cells, XML element text, iCalendar values."""
    if path.endswith(".csv"):
        return " | ".join(cell for row in csv.reader(io.StringIO(content.lstrip("\ufeff"))) for cell in row)
    if path.endswith(".xml"):
        return " | ".join(text for text in ET.fromstring(content.encode("utf-8")).itertext())
    if path.endswith(".ics"):
        unfolded = re.sub(r"\r?\n[ \t]", "", content)
        return re.sub(r"\\([,;\\])", r"\1", unfolded).replace("\\n", "\n").replace("\\N", "\n")
    return content


@pytest.fixture(scope="module")
def loaded():
    return load_records(FIXTURE, "records", today=TODAY)


@pytest.fixture(scope="module")
def site(loaded) -> dict[str, str]:
    return {page.path: page.content for page in build_site_pages(loaded.registry, None, SiteOptions(as_of=AS_OF))}


# ---------------------------------------------------------------- the tests


def test_every_schema_field_says_where_a_reader_sees_it():
    missing = [path for path in FIELD_PATHS if path not in SHOWN]
    assert not missing, "fields of the schema with no entry in SHOWN (say where a reader sees each):\n" + "\n".join(missing)
    stale = [path for path in SHOWN if path not in FIELD_PATHS]
    assert not stale, "entries of SHOWN for fields the schema no longer has:\n" + "\n".join(stale)


def test_the_schema_walk_reaches_nested_fields_and_stops_at_the_section_loop():
    assert "ke-hoach: noi_dung.nhiem_vu.thoi_han.quy" in FIELD_PATHS
    assert "cap-nhat: can_cu.lien_ket" in FIELD_PATHS
    assert "ke-hoach: noi_dung.muc" in FIELD_PATHS
    assert not any(path.startswith("ke-hoach: noi_dung.muc.") for path in FIELD_PATHS)


def test_the_fixture_loads_with_no_problem(loaded):
    assert [str(problem) for problem in loaded.problems] == []


def test_the_fixture_files_are_nfc():
    for file in sorted(FIXTURE.rglob("*")):
        if file.is_file():
            text = file.read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", text), file


def test_the_fixture_fills_every_schema_field():
    filled = fixture_values()
    unfilled = [path for path in FIELD_PATHS if path not in filled]
    assert not unfilled, "fields the fixture never fills:\n" + "\n".join(unfilled)


def test_the_fixture_has_one_task_per_kind_of_deadline_and_the_update_states_that_carry_fields(loaded):
    kinds = {task.deadline.kind.value for task in loaded.registry.tasks}
    assert {"ngay", "thang", "quy", "nam", "hang-nam", "dinh-ky", "khoang", "truoc-su-kien", "sau"} <= kinds
    states = {update.state.value for update in loaded.registry.updates}
    assert {"da-hoan-thanh", "dieu-chinh", "dang-thuc-hien"} <= states


_AS_WRITTEN = (Kind.TEXT, Kind.PARAGRAPH, Kind.MARKDOWN, Kind.TEXTS, Kind.MONTH, Kind.QUARTER)
_QUOTED_KINDS = (*_AS_WRITTEN, Kind.DATE, Kind.YEAR, Kind.NUMBER, Kind.PERCENT, Kind.CHOICE, Kind.REF, Kind.REFS)


def _written_forms(spec, value, registry) -> list[str]:
    """How the site may write a value the fixture gives a field: the text itself, the date as a date,
    the label of a choice, the name of what an id refers to."""
    items = value if isinstance(value, list) else [value]
    forms: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        if spec.kind in _AS_WRITTEN:
            forms.append(text)
        elif spec.kind is Kind.DATE:
            day, _ = parse_date(text)
            forms += [f"{day:%d/%m/%Y}", document_date(day)]
        elif spec.kind in (Kind.YEAR, Kind.PERCENT):
            forms.append(text + ("%" if spec.kind is Kind.PERCENT else ""))
        elif spec.kind is Kind.NUMBER:
            forms.append(charts.number(float(text)))
        elif spec.kind is Kind.CHOICE:
            forms.append(spec.choices(text).label)
        else:  # an id: the name of what it refers to
            if text in registry.organizations:
                forms.append(registry.organizations[text].name)
            if text in registry.directives:
                forms.append(registry.directives[text].full_title)
            if text in registry.plans:
                forms.append(registry.plans[text].short_title)
            if text in registry.figures:
                forms.append(registry.figures[text].name)
            forms += [task.position for task in registry.tasks if task.id == text]
    return forms


QUOTED = [path for path, (schema, name) in FIELD_PATHS.items() if schema.field(name).kind in _QUOTED_KINDS and isinstance(SHOWN.get(path), Shown) and not SHOWN[path].effect]


@pytest.mark.parametrize("path", QUOTED)
def test_an_expectation_quotes_a_value_the_fixture_writes(path, loaded):
    """So that a field is not “shown” by boilerplate that would be there without it: what SHOWN expects
    holds the fixture's value, as written or as the site writes it (date, label, name of the referent)."""
    schema, name = FIELD_PATHS[path]
    forms = [form for value in fixture_values().get(path, []) for form in _written_forms(schema.field(name), value, loaded.registry)]
    expected = [text.casefold() for text in SHOWN[path].texts]
    assert any(form.casefold() in text for form in forms for text in expected), f"{path}: none of {forms} is in {SHOWN[path].texts}"


@pytest.mark.parametrize("path", list(FIELD_PATHS))
def test_a_filled_field_is_visible_to_readers(path, site):
    expectation = SHOWN.get(path)
    assert expectation is not None, f"{path}: no entry in SHOWN"
    if isinstance(expectation, Address):
        assert expectation.page in site, f"{path}: no page at {expectation.page}"
        return
    if isinstance(expectation, Exported):
        assert expectation.file in site, f"{path}: no export {expectation.file}"
        data = export_text(expectation.file, site[expectation.file])
        for text in expectation.texts:
            assert text in data, f"{path}: “{text}” not in the data of {expectation.file}"
        return
    assert expectation.page in site, f"{path}: no page at {expectation.page}"
    content = site[expectation.page]
    if isinstance(expectation, Link):
        page_links = links(content)
        assert (expectation.href, expectation.text) in page_links, f"{path}: no link “{expectation.text}” to {expectation.href} on {expectation.page}; links there: {sorted(page_links)}"
        return
    visible = reader_text(content)
    for text in expectation.texts:
        assert text in visible, f"{path}: “{text}” is not visible on {expectation.page}:\n{visible}"
    for text in expectation.absent:
        assert text not in visible, f"{path}: “{text}” is on {expectation.page}, as if the field were not there:\n{visible}"
