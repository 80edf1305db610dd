"""The record schema: every field of every record kind, its type, meaning and example.

One description serves three readers: the validator (`check`), the field reference page in
`docs/`, and people reading this file. Field names are Vietnamese without diacritics so that
staff can type them on any keyboard.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from enum import Enum
from typing import Any

from kehoach.records.problems import Location, Problem
from kehoach.domain.textfold import fold_key
from kehoach.records.yamlsource import INVALID, YList, YMap, YScalar, YValue

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80
# Ids become file names: these are refused by Windows whatever the extension.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# Ids become `<folder>/<id>.md`; `index` would replace the folder's own index page.
RESERVED_IDS = {"index"}

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


class Kind(str, Enum):
    TEXT = "chuỗi"
    PARAGRAPH = "đoạn văn"
    MARKDOWN = "đoạn văn Markdown"
    SLUG = "mã"
    REF = "mã tham chiếu"
    REFS = "danh sách mã tham chiếu"
    TEXTS = "danh sách chuỗi"
    DATE = "ngày"
    MONTH = "tháng"
    QUARTER = "quý"
    YEAR = "năm"
    NUMBER = "số"
    PERCENT = "phần trăm"
    BOOL = "có/không"
    CHOICE = "một trong các giá trị"
    OBJECT = "nhóm trường"
    OBJECTS = "danh sách nhóm trường"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    meaning: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    meaning: str
    example: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    schema: "RecordSchema | None" = None
    refers_to: str = ""  # what a REF/REFS names, for docs


@dataclass(frozen=True)
class RecordSchema:
    name: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""

    def field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


@dataclass(frozen=True)
class Ref:
    """An id written in a record, with where it was written, so a dangling one can be pointed at."""

    id: str
    location: Location


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.month}/{self.year}"


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    def __str__(self) -> str:
        roman = {v: k for k, v in _ROMAN.items()}[self.quarter]
        return f"quý {roman}/{self.year}"


@dataclass
class Checked:
    """A record or nested group of fields after checking: values by field name, and where each was written."""

    schema: RecordSchema
    location: Location
    values: dict[str, Any] = field(default_factory=dict)
    where: dict[str, Location] = field(default_factory=dict)
    # Fields written with a value, valid or not: a field whose value was refused is not "missing".
    present: dict[str, Location] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def at(self, name: str) -> Location:
        return self.where.get(name, self.location)


# ---------------------------------------------------------------- value parsers

_DATE_VN = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_DATE_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_MONTH = re.compile(r"^([0-9]{1,2})/([0-9]{4})$")
_QUARTER = re.compile(r"^(?:quý\s*)?(I{1,3}|IV|[1-4])/([0-9]{4})$", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 1930, 2100


def parse_date(text: str) -> tuple[dt.date | None, str]:
    """A date as Vietnamese write it (19/5/2019, 19/05/2019) or ISO (2019-05-19); else why not."""
    text = text.strip()
    match = _DATE_VN.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(text)
        if not match:
            return None, f"“{text}” không phải một ngày"
        year, month, day = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
    try:
        return dt.date(year, month, day), ""
    except ValueError:
        return None, f"ngày {day}/{month}/{year} không có thật"


def _parse_month(text: str) -> tuple[Month | None, str]:
    match = _MONTH.match(text.strip())
    if not match:
        return None, f"“{text}” không phải một tháng"
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None, f"tháng {month} không có thật"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
    return Month(year, month), ""


def _parse_quarter(text: str) -> tuple[Quarter | None, str]:
    match = _QUARTER.match(text.strip())
    if not match:
        return None, f"“{text}” không phải một quý"
    label, year = match.group(1).upper(), int(match.group(2))
    quarter = _ROMAN.get(label) or int(label)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
    return Quarter(year, quarter), ""


_KIND_HINTS = {
    Kind.DATE: "viết ngày/tháng/năm, ví dụ 19/5/2019",
    Kind.MONTH: "viết tháng/năm, ví dụ 5/2019",
    Kind.QUARTER: "viết quý/năm bằng số La Mã, ví dụ II/2019",
    Kind.YEAR: f"viết năm bằng 4 chữ số, từ {MIN_YEAR} đến {MAX_YEAR}",
    Kind.BOOL: "viết true (có) hoặc false (không)",
}


def _shown_id(text: str) -> str:
    """An id as a message can quote it: one line, not too long, control characters visible."""
    text = "".join(ch if ch.isprintable() else f"[U+{ord(ch):04X}]" for ch in text)
    return text if len(text) <= 40 else text[:40] + "…"


def slug_problem(text: str) -> str:
    """Why an id is not usable as a file name and anchor, or '' when it is.

    Only lower-case ASCII letters, digits and inner hyphens: no `/`, `\\`, `.` (so no `../`),
    no upper case (so two ids never differ only by case on a case-insensitive file system),
    no name that Windows refuses, no `index` (it would replace the folder's index page).
    """
    if len(text) > MAX_SLUG_LENGTH:
        return f"mã “{_shown_id(text)}” dài quá {MAX_SLUG_LENGTH} ký tự"
    if not SLUG_PATTERN.match(text):
        if text.lower() != text and SLUG_PATTERN.match(text.lower()):
            return f"mã “{_shown_id(text)}” có chữ hoa; mã chỉ dùng chữ thường"
        return f"mã “{_shown_id(text)}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"
    if text in WINDOWS_RESERVED:
        return f"mã “{text}” là tên tệp Windows không cho phép"
    if text in RESERVED_IDS:
        return f"mã “{text}” trùng tên trang mục lục của thư mục"
    return ""


def suggest_slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold_key(text)).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    if not slug or slug in WINDOWS_RESERVED or slug in RESERVED_IDS:
        slug = f"{slug}-1" if slug else "ma-moi"
    return slug


# Characters that have no place in record text: control characters (a tab or a line break
# excepted where a paragraph allows them) and the bidirectional overrides that make text display
# in another order than it is stored.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_CONTROLS = "".join(map(chr, (*range(0x00, 0x20), *range(0x7F, 0xA0))))  # Unicode category Cc
_BAD_IN_LINE = re.compile("[" + re.escape(_CONTROLS + "".join(_BIDI_CONTROLS)) + "]")
_BAD_IN_PARAGRAPH = re.compile("[" + re.escape(_CONTROLS.replace("\n", "").replace("\t", "") + "".join(_BIDI_CONTROLS)) + "]")


def _bad_character(text: str, allow_newlines: bool) -> str | None:
    match = (_BAD_IN_PARAGRAPH if allow_newlines else _BAD_IN_LINE).search(text)
    return match.group() if match else None


# ---------------------------------------------------------------- the checker


@lru_cache(maxsize=None)
def _folded_label(choice: Choice) -> str:
    return fold_key(choice.label)


class SchemaChecker:
    """Checks a parsed YAML value against a schema; collects problems, never raises."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def _fail(self, location: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, message, hint))

    def check_record(self, value: YValue, schema: RecordSchema) -> Checked | None:
        if not isinstance(value, YMap):
            self._fail(
                value.location,
                f"{schema.title} phải là các dòng “tên_trường: giá trị”",
                f"xem mẫu {schema.title} trong hướng dẫn bản ghi",
            )
            return None
        return self._check_object(value, schema)

    def _check_object(self, mapping: YMap, schema: RecordSchema) -> Checked:
        checked = Checked(schema, mapping.location)
        for key, entry in mapping.entries.items():
            spec = schema.field(key)
            if spec is None:
                known = [f.name for f in schema.fields]
                close = difflib.get_close_matches(fold_key(key).replace("-", "_"), known, n=1, cutoff=0.6)
                hint = f"có phải ý bạn là “{close[0]}”?" if close else "các trường được dùng: " + ", ".join(known)
                self._fail(entry.key_location, f"trường “{_shown_id(key)}” không có trong {schema.title}", hint)
                continue
            value = entry.value
            if type(value) is YScalar and value.kind == INVALID:
                checked.present[key] = value.location
                continue
            if type(value) is YScalar and value.is_null:
                if spec.required:
                    self._fail(
                        value.location,
                        f"trường bắt buộc “{spec.name}” để trống ({_meaning(spec)})",
                        f"điền giá trị, ví dụ “{spec.name}: {spec.example.splitlines()[0]}”",
                    )
                continue  # written but empty: the same as not written
            checked.present[key] = value.location
            result = self._check_value(value, spec)
            if result is not None:
                checked.values[key] = result
                checked.where[key] = value.location
        for spec in schema.fields:
            if spec.required and spec.name not in mapping.entries:
                self._fail(
                    mapping.location,
                    f"thiếu trường bắt buộc “{spec.name}” ({_meaning(spec)})",
                    f"thêm dòng “{spec.name}: {spec.example.splitlines()[0]}”",
                )
        return checked

    def _scalar(self, value: YValue, spec: Field) -> YScalar | None:
        if isinstance(value, YScalar):
            return value
        shape = "danh sách" if isinstance(value, YList) else "nhóm trường"
        self._fail(value.location, f"trường “{spec.name}” phải là một giá trị đơn, không phải {shape}", _example_hint(spec))
        return None

    def _check_value(self, value: YValue, spec: Field) -> Any:
        kind = spec.kind
        if kind in (Kind.REFS, Kind.TEXTS, Kind.OBJECTS):
            items = value.items if isinstance(value, YList) else [value]
            if kind is Kind.OBJECTS and not isinstance(value, YList):
                self._fail(value.location, f"trường “{spec.name}” phải là danh sách (mỗi mục bắt đầu bằng “- ”)", _example_hint(spec))
                return None
            if spec.required and not items:
                self._fail(value.location, f"trường bắt buộc “{spec.name}” là danh sách rỗng ({_meaning(spec)})", _example_hint(spec))
                return None
            results = []
            for number, item in enumerate(items, 1):
                if isinstance(item, YScalar) and item.kind == INVALID:
                    continue
                if isinstance(item, YScalar) and item.is_null:
                    self._fail(item.location, f"mục thứ {number} của “{spec.name}” để trống", "điền giá trị hoặc xóa dòng “- ” thừa")
                    continue
                if kind is Kind.OBJECTS:
                    if not isinstance(item, YMap):
                        self._fail(item.location, f"mỗi mục của “{spec.name}” phải là các dòng “tên_trường: giá trị”", _example_hint(spec))
                        continue
                    results.append(self._check_object(item, spec.schema))
                    continue
                scalar = self._scalar(item, spec)
                if scalar is None:
                    continue
                single = _item_field(spec)
                result = self._check_scalar(scalar, single)
                if result is not None:
                    results.append(result)
            return results
        if kind is Kind.OBJECT:
            if not isinstance(value, YMap):
                self._fail(value.location, f"trường “{spec.name}” phải là nhóm trường thụt lề bên dưới", _example_hint(spec))
                return None
            return self._check_object(value, spec.schema)
        scalar = self._scalar(value, spec)
        return None if scalar is None else self._check_scalar(scalar, spec)

    def _check_scalar(self, scalar: YScalar, spec: Field) -> Any:
        text = scalar.text
        kind = spec.kind
        where = scalar.location
        if kind in (Kind.TEXT, Kind.PARAGRAPH, Kind.MARKDOWN):
            bad = _bad_character(text, allow_newlines=True)
            if bad is not None:
                self._fail(where, f"trường “{spec.name}” có ký tự điều khiển U+{ord(bad):04X}", "xóa ký tự này; nó thường lọt vào khi dán từ phần mềm khác")
                return None
            if kind is Kind.TEXT:
                text = " ".join(text.split())
            else:
                text = text.strip()
            if not text:
                self._fail(where, f"trường “{spec.name}” để trống", "điền nội dung hoặc xóa dòng này")
                return None
            return text
        if kind in (Kind.SLUG, Kind.REF):
            why = slug_problem(text)
            if why:
                self._fail(where, why, f"ví dụ: “{suggest_slug(text)}”")
                return None
            return text if kind is Kind.SLUG else Ref(text, where)
        if kind is Kind.DATE:
            date, why = parse_date(text)
            if date is None:
                self._fail(where, f"trường “{spec.name}”: {why}", _KIND_HINTS[kind])
            return date
        if kind is Kind.MONTH:
            month, why = _parse_month(text)
            if month is None:
                self._fail(where, f"trường “{spec.name}”: {why}", _KIND_HINTS[kind])
            return month
        if kind is Kind.QUARTER:
            quarter, why = _parse_quarter(text)
            if quarter is None:
                self._fail(where, f"trường “{spec.name}”: {why}", _KIND_HINTS[kind])
            return quarter
        if kind is Kind.YEAR:
            if scalar.kind != "int" or not re.fullmatch(r"\d{4}", text) or not MIN_YEAR <= int(text) <= MAX_YEAR:
                self._fail(where, f"trường “{spec.name}”: “{text}” không phải một năm hợp lệ", _KIND_HINTS[kind])
                return None
            return int(text)
        if kind in (Kind.NUMBER, Kind.PERCENT):
            try:
                number = float(text) if scalar.kind in ("int", "float") else None
            except ValueError:
                number = None
            if number is None or number != number or (kind is Kind.PERCENT and not 0 <= number <= 100):
                allowed = "một số từ 0 đến 100" if kind is Kind.PERCENT else "một số, dấu chấm thập phân"
                self._fail(where, f"trường “{spec.name}”: “{text}” không phải {allowed}", f"ví dụ: {spec.example}")
                return None
            return int(number) if number.is_integer() else number
        if kind is Kind.BOOL:
            if scalar.kind != "bool":
                self._fail(where, f"trường “{spec.name}”: “{text}” không phải có/không", _KIND_HINTS[kind])
                return None
            return text.lower() in ("true", "yes", "on")
        if kind is Kind.CHOICE:
            wanted = _folded_choice(text)
            for choice in spec.choices:
                if wanted in (choice.value, _folded_label(choice)):
                    return choice.value
            allowed = ", ".join(c.value for c in spec.choices)
            close = difflib.get_close_matches(wanted, [c.value for c in spec.choices], n=1, cutoff=0.6)
            hint = f"có phải ý bạn là “{close[0]}”?" if close else f"dùng một trong: {allowed}"
            self._fail(where, f"trường “{spec.name}”: “{text}” không phải giá trị được phép", hint)
            return None
        raise AssertionError(f"unhandled field kind {kind}")  # pragma: no cover


@lru_cache(maxsize=None)
def _item_field(spec: Field) -> Field:
    """What one item of a list field is checked as (made once per field, not once per item)."""
    return Field(spec.name, Kind.REF if spec.kind is Kind.REFS else Kind.TEXT, spec.meaning, spec.example)


# Records repeat the same few choice values thousands of times.
_folded_choice = lru_cache(maxsize=4096)(fold_key)


def _example_hint(spec: Field) -> str:
    return "ví dụ: " + " ".join(spec.example.split())


def _meaning(spec: Field) -> str:
    return spec.meaning.split(".")[0].lower()


# ---------------------------------------------------------------- the record kinds

ORGANIZATION_KINDS = (
    Choice("trung-uong", "Cơ quan Trung ương", "Trung ương Đảng, Ban Bí thư"),
    Choice("cap-uy", "Cấp ủy", "Tỉnh ủy, Ban Thường vụ, Thường trực, huyện ủy, thành ủy, đảng ủy"),
    Choice("ban-dang", "Ban đảng", "Ban Tổ chức, Ban Tuyên giáo… của cấp ủy"),
    Choice("uy-ban-kiem-tra", "Ủy ban kiểm tra", "Ủy ban Kiểm tra của cấp ủy"),
    Choice("van-phong", "Văn phòng cấp ủy", "Văn phòng, lãnh đạo và chuyên viên văn phòng"),
    Choice("ban-can-su-dang-doan", "Ban cán sự đảng, đảng đoàn", ""),
    Choice("mat-tran-doan-the", "Mặt trận và đoàn thể", "Mặt trận Tổ quốc, các tổ chức chính trị - xã hội"),
    Choice("co-quan-bao-chi", "Cơ quan báo chí", "báo, đài, cơ quan thông tin đại chúng"),
    Choice("ca-nhan", "Cá nhân, chức danh", "cấp ủy viên, chuyên viên"),
)

LEVELS = (
    Choice("trung-uong", "Trung ương"),
    Choice("tinh", "Tỉnh"),
    Choice("huyen", "Huyện"),
    Choice("co-so", "Cơ sở"),
)

LEAD_ROLES = (
    Choice("chu-tri", "chủ trì", "tổ chức chủ trì, chịu trách nhiệm chính"),
    Choice("thuc-hien", "thực hiện", "tổ chức trực tiếp thực hiện"),
    Choice("tham-muu", "tham mưu", "tổ chức tham mưu cho cấp ủy"),
    Choice("huong-dan", "hướng dẫn", "tổ chức hướng dẫn đơn vị khác thực hiện"),
)

RECIPIENT_PURPOSES = (
    Choice("bao-cao", "để báo cáo", "viết tắt “(b/c)”"),
    Choice("thuc-hien", "để thực hiện", ""),
    Choice("biet", "để biết", "viết tắt “(để biết)”"),
    Choice("luu", "lưu", "lưu tại văn phòng, ví dụ “Lưu VPTU”"),
)

DEADLINE_KINDS = (
    Choice("ngay", "ngày cụ thể", "hạn là một ngày: cần trường ngay"),
    Choice("thang", "trong tháng", "hạn là ngày cuối tháng: cần trường thang"),
    Choice("quy", "trong quý", "hạn là ngày cuối quý: cần trường quy"),
    Choice("nam", "trong năm", "hạn là 31/12 của năm: cần trường nam"),
    Choice("hang-nam", "hằng năm", "lặp lại mỗi năm, hạn 31/12 mỗi năm: có thể ghi tu_nam"),
    Choice("thuong-xuyen", "thường xuyên", "làm liên tục, không có ngày kết thúc"),
    Choice("sau", "sau nhiệm vụ khác", "đến hạn khi nhiệm vụ ghi ở trường sau hoàn thành"),
    Choice("khong", "không nêu thời hạn", "văn bản không nêu thời hạn"),
)

_ID = Field("id", Kind.SLUG, "Mã của bản ghi, dùng làm địa chỉ trang. Chữ thường không dấu, chữ số, gạch nối.", "ban-to-chuc-tinh-uy", required=True)
_NOTE = Field("ghi_chu", Kind.PARAGRAPH, "Ghi chú của người biên tập (hiển thị riêng, không lẫn với văn bản gốc).", "Viết tắt suy đoán, chưa xác nhận.")

DEADLINE = RecordSchema(
    "thoi-han",
    "thời hạn",
    (
        Field("loai", Kind.CHOICE, "Kiểu thời hạn.", "thang", required=True, choices=DEADLINE_KINDS),
        Field("nguyen_van", Kind.TEXT, "Thời hạn đúng như văn bản viết; bỏ trống nếu văn bản không nêu.", "trong tháng 5/2019"),
        Field("ngay", Kind.DATE, "Ngày hết hạn (với loai: ngay).", "19/5/2019"),
        Field("thang", Kind.MONTH, "Tháng hết hạn (với loai: thang).", "5/2019"),
        Field("quy", Kind.QUARTER, "Quý hết hạn (với loai: quy), số La Mã.", "II/2019"),
        Field("nam", Kind.YEAR, "Năm hết hạn (với loai: nam).", "2019"),
        Field("tu_nam", Kind.YEAR, "Năm bắt đầu lặp lại (với loai: hang-nam); bỏ trống thì lấy năm của kế hoạch.", "2019"),
        Field("sau", Kind.REF, "Mã nhiệm vụ phải xong trước (với loai: sau), trong cùng kế hoạch.", "b-ii-4-ra-soat", refers_to="nhiệm vụ"),
    ),
    "Thời hạn của một nhiệm vụ: vừa có cấu trúc để tính trạng thái, vừa giữ nguyên văn.",
)

TASK = RecordSchema(
    "nhiem-vu",
    "nhiệm vụ",
    (
        Field("id", Kind.SLUG, "Mã nhiệm vụ, duy nhất trong kế hoạch; dùng làm neo liên kết (#mã).", "b-ii-4-ra-soat", required=True),
        Field("van_ban", Kind.PARAGRAPH, "Phần câu chữ của đoạn văn nói về nhiệm vụ này, chép đúng nguyên văn; bỏ trống nếu là cả đoạn.", "thực hiện một đợt rà soát đội ngũ đảng viên ở một số đơn vị cụ thể"),
        Field("chu_tri", Kind.REFS, "Tổ chức hoặc nhóm chịu trách nhiệm chính.", "[ban-to-chuc-tinh-uy]", required=True, refers_to="tổ chức hoặc nhóm"),
        Field("vai_tro", Kind.CHOICE, "Văn bản giao vai trò chính bằng từ nào.", "chu-tri", required=True, choices=LEAD_ROLES),
        Field("phoi_hop", Kind.REFS, "Tổ chức hoặc nhóm phối hợp.", "[ban-to-chuc-tinh-uy, cac-ban-dang-tinh]", refers_to="tổ chức hoặc nhóm"),
        Field("bao_cao", Kind.REFS, "Nơi nhận báo cáo kết quả.", "[thuong-truc-tinh-uy, ban-thuong-vu-tinh-uy]", refers_to="tổ chức hoặc nhóm"),
        Field("thoi_han", Kind.OBJECT, "Thời hạn (xem bảng thời hạn).", "{loai: thang, thang: 5/2019, nguyen_van: trong tháng 5/2019}", required=True, schema=DEADLINE),
        _NOTE,
    ),
    "Một việc được giao trong kế hoạch, gắn với đoạn văn chứa nó.",
)

SECTION = RecordSchema(
    "muc",
    "mục của kế hoạch",
    (
        Field("so", Kind.TEXT, "Số thứ tự đúng như văn bản viết, kể cả dấu: “A-”, “I-”, “1.”, “-”.", "“1.”"),
        Field("tieu_de", Kind.TEXT, "Tiêu đề của mục (nếu có), đúng nguyên văn.", "MỤC ĐÍCH, YÊU CẦU"),
        Field("van_ban", Kind.PARAGRAPH, "Đoạn văn của mục, đúng nguyên văn.", "Quán triệt, tuyên truyền sâu rộng…"),
        Field("muc", Kind.OBJECTS, "Các mục con, theo thứ tự trong văn bản (mỗi mục con có các trường như bảng này).", "- so: “1.”\n  van_ban: …"),
        Field("nhiem_vu", Kind.OBJECTS, "Các nhiệm vụ mà đoạn văn giao (xem bảng nhiệm vụ).", "- id: b-ii-3\n  chu_tri: [ban-tuyen-giao-tinh-uy]", schema=TASK),
        Field("ghi_chu_bien_tap", Kind.TEXT, "Ghi chú của người biên tập về câu chữ của nguồn (ví dụ lỗi chính tả trong bản gốc).", "Nguồn viết “QUẢN TRIỆT”; đúng là “QUÁN TRIỆT”."),
    ),
    "Một mục trong phần nội dung, theo đúng cách đánh số của văn bản (A / I / 1 / -).",
)
# A section holds sections: the tree is as deep as the document's numbering.
object.__setattr__(SECTION.field("muc"), "schema", SECTION)

RECIPIENT = RecordSchema(
    "noi-nhan",
    "nơi nhận",
    (
        Field("van_ban", Kind.TEXT, "Dòng nơi nhận đúng như văn bản viết.", "Ban Bí thư Trung ương Đảng (b/c),", required=True),
        Field("to_chuc", Kind.REFS, "Tổ chức hoặc nhóm được nhắc tới ở dòng này.", "[ban-bi-thu]", refers_to="tổ chức hoặc nhóm"),
        Field("muc_dich", Kind.CHOICE, "Gửi để làm gì, nếu văn bản ghi.", "bao-cao", choices=RECIPIENT_PURPOSES),
        Field("chu_thich", Kind.TEXT, "Ký hiệu chú thích đặt sau dòng này (ví dụ số mũ ¹).", "1"),
    ),
)

SIGNER = RecordSchema(
    "nguoi-ky",
    "khối chữ ký",
    (
        Field("quyen_han", Kind.TEXT, "Thẩm quyền ký: T/M (thay mặt), K/T (ký thay), T/L (thừa lệnh)…", "T/M BAN THƯỜNG VỤ", required=True),
        Field("chuc_vu", Kind.TEXT, "Chức vụ người ký.", "PHÓ BÍ THƯ THƯỜNG TRỰC", required=True),
        Field("ho_ten", Kind.TEXT, "Họ và tên người ký.", "Đỗ Xuân Tuyên", required=True),
    ),
)

FOOTNOTE = RecordSchema(
    "chu-thich",
    "chú thích",
    (
        Field("ky_hieu", Kind.TEXT, "Ký hiệu chú thích như trong văn bản.", "1", required=True),
        Field("noi_dung", Kind.PARAGRAPH, "Nội dung chú thích; bỏ trống nếu nguồn không có.", "…"),
    ),
)

DIRECTIVE = RecordSchema(
    "chi-thi",
    "bản ghi chỉ thị",
    (
        replace(_ID, example="ct-28-ct-tw-2019"),
        Field("loai", Kind.TEXT, "Loại văn bản.", "Chỉ thị", required=True),
        Field("so_ky_hieu", Kind.TEXT, "Số và ký hiệu (văn bản Đảng nối bằng gạch nối).", "28-CT/TW", required=True),
        Field("co_quan_ban_hanh", Kind.REF, "Cơ quan ban hành (mã tổ chức).", "ban-bi-thu", required=True, refers_to="tổ chức"),
        Field("ngay", Kind.DATE, "Ngày ban hành.", "21/01/2019", required=True),
        Field("trich_yeu", Kind.TEXT, "Trích yếu (tên) của văn bản.", "về nâng cao chất lượng kết nạp đảng viên…", required=True),
        Field("tom_tat", Kind.MARKDOWN, "Tóm tắt nội dung; chỉ ghi điều có nguồn.", "Chỉ thị yêu cầu…"),
        Field("toan_van", Kind.MARKDOWN, "Toàn văn (nếu có bản được phép đăng).", "…"),
        Field("nguon", Kind.TEXT, "Nguồn của các thông tin trên.", "Trích yếu theo Kế hoạch của Ban Thường vụ Tỉnh ủy"),
    ),
    "Văn bản cấp trên mà các kế hoạch triển khai thực hiện. Mỗi tệp trong records/chi-thi/ là một chỉ thị.",
)

PLAN = RecordSchema(
    "ke-hoach",
    "bản ghi kế hoạch",
    (
        replace(_ID, example="kh-ct28-tinh-uy-hung-yen"),
        Field("loai", Kind.TEXT, "Loại văn bản, viết như ở đầu văn bản.", "KẾ HOẠCH", required=True),
        Field("trich_yeu", Kind.TEXT, "Trích yếu, đúng nguyên văn.", "Triển khai thực hiện Chỉ thị số 28-CT/TW…", required=True),
        Field("co_quan_ban_hanh", Kind.REF, "Cơ quan ban hành (mã tổ chức).", "ban-thuong-vu-tinh-uy", required=True, refers_to="tổ chức"),
        Field("co_quan_cap_tren", Kind.REF, "Cơ quan cấp trên trực tiếp của cơ quan ban hành, ghi ở tiêu đề.", "tinh-uy-hung-yen", refers_to="tổ chức"),
        Field("so_ky_hieu", Kind.TEXT, "Số và ký hiệu. Bỏ trống nếu nguồn không ghi — trang sẽ ghi “chưa rõ”, không tự điền.", "45-KH/TU"),
        Field("ngay", Kind.DATE, "Ngày ban hành. Bỏ trống nếu nguồn không ghi.", "15/3/2019"),
        Field("dia_danh", Kind.TEXT, "Địa danh ghi ở dòng ngày tháng. Bỏ trống nếu nguồn không ghi.", "Hưng Yên"),
        Field("thuc_hien", Kind.REFS, "Các chỉ thị mà kế hoạch triển khai (mã chỉ thị).", "[ct-28-ct-tw-2019]", required=True, refers_to="chỉ thị"),
        Field("the_thuc", Kind.TEXT, "Văn bản quy định thể thức mà kế hoạch theo.", "Hướng dẫn 36-HD/VPTW"),
        Field("mo_dau", Kind.PARAGRAPH, "Đoạn mở đầu trước phần A, đúng nguyên văn.", "Thực hiện Chỉ thị số 28-CT/TW…"),
        Field("noi_dung", Kind.OBJECTS, "Phần nội dung: cây các mục theo số thứ tự của văn bản (xem bảng mục).", "- so: A-\n  tieu_de: MỤC ĐÍCH, YÊU CẦU", required=True, schema=SECTION),
        Field("noi_nhan", Kind.OBJECTS, "Các dòng “Nơi nhận” (xem bảng nơi nhận).", "- van_ban: Lưu VPTU.\n  to_chuc: [van-phong-tinh-uy]\n  muc_dich: luu", schema=RECIPIENT),
        Field("ky", Kind.OBJECT, "Khối chữ ký (xem bảng khối chữ ký).", "{quyen_han: T/M BAN THƯỜNG VỤ, chuc_vu: PHÓ BÍ THƯ THƯỜNG TRỰC, ho_ten: Đỗ Xuân Tuyên}", schema=SIGNER),
        Field("chu_thich", Kind.OBJECTS, "Các chú thích của văn bản (xem bảng chú thích).", "- ky_hieu: 1", schema=FOOTNOTE),
        _NOTE,
    ),
    "Một kế hoạch (hoặc văn bản giao việc) của cấp ủy. Mỗi tệp trong records/ke-hoach/ là một kế hoạch.",
)

ORGANIZATION = RecordSchema(
    "to-chuc",
    "bản ghi tổ chức",
    (
        _ID,
        Field("ten", Kind.TEXT, "Tên đầy đủ.", "Ban Tổ chức Tỉnh ủy", required=True),
        Field("ten_khac", Kind.TEXTS, "Các cách gọi khác có trong văn bản.", "[Ban Tổ chức Tỉnh ủy Hưng Yên]"),
        Field("viet_tat", Kind.TEXTS, "Các chữ viết tắt người ta thường dùng.", "[BTC Tỉnh ủy, BTCTU]"),
        Field("loai", Kind.CHOICE, "Loại tổ chức.", "ban-dang", required=True, choices=ORGANIZATION_KINDS),
        Field("cap", Kind.CHOICE, "Cấp.", "tinh", required=True, choices=LEVELS),
        Field("truc_thuoc", Kind.REF, "Tổ chức cấp trên trực tiếp (mã tổ chức).", "tinh-uy-hung-yen", refers_to="tổ chức"),
        _NOTE,
    ),
    "Một cơ quan, tổ chức hoặc chức danh. Mỗi tệp trong records/to-chuc/ là một tổ chức; "
    "danh mục dùng chung cho mọi kế hoạch.",
)

GROUP = RecordSchema(
    "nhom",
    "bản ghi nhóm",
    (
        replace(_ID, example="cac-ban-dang-tinh"),
        Field("ten", Kind.TEXT, "Tên nhóm như văn bản gọi.", "Các Ban Đảng tỉnh", required=True),
        Field("ten_khac", Kind.TEXTS, "Các cách gọi khác có trong văn bản.", "[Các ban đảng Tỉnh ủy]"),
        Field("viet_tat", Kind.TEXTS, "Các chữ viết tắt.", '["BTV huyện ủy, thành ủy, ĐUTTTU"]'),
        Field("loai", Kind.CHOICE, "Loại của các thành viên.", "ban-dang", required=True, choices=ORGANIZATION_KINDS),
        Field("cap", Kind.CHOICE, "Cấp của các thành viên.", "tinh", required=True, choices=LEVELS),
        Field("thanh_vien", Kind.REFS, "Các thành viên mà nguồn nêu (mã tổ chức hoặc nhóm).", "[ban-to-chuc-tinh-uy, ban-tuyen-giao-tinh-uy]", refers_to="tổ chức hoặc nhóm"),
        Field("thanh_vien_day_du", Kind.BOOL, "true nếu danh sách thành viên là đầy đủ; false (mặc định) nếu nguồn chỉ nêu một phần hoặc không nêu.", "false"),
        _NOTE,
    ),
    "Một nhóm mà văn bản giao việc chung (“các Ban Đảng tỉnh”). Mỗi tệp trong records/nhom/ là một nhóm.",
)

UPDATE_STATES = (
    Choice("chua-trien-khai", "chưa triển khai", "đã nhận nhiệm vụ, chưa bắt đầu"),
    Choice("dang-thuc-hien", "đang thực hiện", "đã bắt đầu, chưa xong"),
    Choice("da-hoan-thanh", "đã hoàn thành", "đã xong; ngày xong ghi ở ngay_hoan_thanh (mặc định là ngày báo cáo)"),
    Choice("dung", "dừng", "nhiệm vụ bị dừng, hủy; ghi lý do"),
    Choice("dieu-chinh", "điều chỉnh", "nhiệm vụ được điều chỉnh (ví dụ lùi hạn); ghi lý do và hạn mới nếu có"),
)

EVIDENCE = RecordSchema(
    "can-cu",
    "căn cứ",
    (
        Field("loai", Kind.TEXT, "Loại văn bản làm căn cứ.", "Báo cáo", required=True),
        Field("so_ky_hieu", Kind.TEXT, "Số và ký hiệu của văn bản.", "25-BC/BTCTU"),
        Field("ngay", Kind.DATE, "Ngày của văn bản.", "20/5/2019"),
        Field("trich_yeu", Kind.TEXT, "Trích yếu của văn bản.", "Kết quả rà soát đội ngũ đảng viên"),
        Field("lien_ket", Kind.TEXT, "Đường dẫn tới văn bản (http/https, hoặc tệp trong thư mục tep/ của trang).", "https://intranet.example/bc-25.pdf"),
    ),
    "Văn bản chứng minh nội dung cập nhật.",
)

FIGURE_VALUE = RecordSchema(
    "so-lieu",
    "số liệu",
    (
        Field("chi_tieu", Kind.REF, "Mã chỉ tiêu (khai báo trong records/chi-tieu/).", "dang-vien-ket-nap", required=True, refers_to="chỉ tiêu"),
        Field("gia_tri", Kind.NUMBER, "Giá trị (số; dấu chấm thập phân).", "120", required=True),
        Field("ky", Kind.TEXT, "Kỳ số liệu: năm (2019), quý (II/2019) hoặc tháng (5/2019).", "2019", required=True),
    ),
)

UPDATE = RecordSchema(
    "cap-nhat",
    "bản ghi cập nhật tiến độ",
    (
        Field("ke_hoach", Kind.REF, "Mã kế hoạch có nhiệm vụ được báo cáo.", "kh-ct28-tinh-uy-hung-yen", required=True, refers_to="kế hoạch"),
        Field("nhiem_vu", Kind.REFS, "Mã các nhiệm vụ được báo cáo (trong kế hoạch trên).", "[b-ii-4-ra-soat]", required=True, refers_to="nhiệm vụ"),
        Field("to_chuc", Kind.REF, "Tổ chức báo cáo.", "ban-to-chuc-tinh-uy", required=True, refers_to="tổ chức"),
        Field("ngay", Kind.DATE, "Ngày báo cáo.", "20/5/2019", required=True),
        Field("trang_thai", Kind.CHOICE, "Tình trạng nhiệm vụ theo báo cáo.", "da-hoan-thanh", required=True, choices=UPDATE_STATES),
        Field("ngay_hoan_thanh", Kind.DATE, "Ngày hoàn thành (với trang_thai: da-hoan-thanh); bỏ trống thì lấy ngày báo cáo.", "18/5/2019"),
        Field("ky", Kind.YEAR, "Với nhiệm vụ hằng năm: năm được báo cáo; bỏ trống thì lấy năm của ngày báo cáo.", "2019"),
        Field("ty_le", Kind.PERCENT, "Phần trăm khối lượng đã làm (0–100).", "60"),
        Field("han_moi", Kind.DATE, "Hạn mới (với trang_thai: dieu-chinh).", "30/6/2019"),
        Field("ly_do", Kind.PARAGRAPH, "Lý do (bắt buộc với dung và dieu-chinh).", "Theo chỉ đạo của Thường trực Tỉnh ủy"),
        Field("noi_dung", Kind.MARKDOWN, "Những việc đã làm (Markdown).", "Đã rà soát 12 chi bộ…"),
        Field("can_cu", Kind.OBJECT, "Văn bản làm căn cứ (xem bảng căn cứ).", "{loai: Báo cáo, so_ky_hieu: 25-BC/BTCTU, ngay: 20/5/2019}", schema=EVIDENCE),
        Field("so_lieu", Kind.OBJECTS, "Số liệu theo chỉ tiêu (xem bảng số liệu).", "- chi_tieu: dang-vien-ket-nap\n  gia_tri: 120\n  ky: 2019", schema=FIGURE_VALUE),
    ),
    "Một lần báo cáo tiến độ. Mỗi tệp trong records/cap-nhat/ là một lần báo cáo; đặt tên tệp bắt đầu "
    "bằng ngày (2019-05-20-…yml) để tệp xếp theo thời gian và hai người không sửa chung một tệp.",
)

FIGURE = RecordSchema(
    "chi-tieu",
    "bản ghi chỉ tiêu",
    (
        Field("id", Kind.SLUG, "Mã chỉ tiêu.", "dang-vien-ket-nap", required=True),
        Field("ten", Kind.TEXT, "Tên chỉ tiêu.", "Đảng viên được kết nạp", required=True),
        Field("don_vi", Kind.TEXT, "Đơn vị tính.", "người", required=True),
        Field("y_nghia", Kind.PARAGRAPH, "Ý nghĩa, cách tính.", "Số quần chúng được kết nạp vào Đảng trong kỳ.", required=True),
    ),
    "Một chỉ tiêu mà các báo cáo có thể ghi số liệu. Mỗi tệp trong records/chi-tieu/ là một chỉ tiêu.",
)

RECORD_SCHEMAS = {
    "chi-thi": DIRECTIVE,
    "ke-hoach": PLAN,
    "to-chuc": ORGANIZATION,
    "nhom": GROUP,
    "chi-tieu": FIGURE,
    "cap-nhat": UPDATE,
}
NESTED_SCHEMAS = (SECTION, TASK, DEADLINE, RECIPIENT, SIGNER, FOOTNOTE, EVIDENCE, FIGURE_VALUE)
