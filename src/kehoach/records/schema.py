"""The record schema: every field of every record kind, its type, meaning, example and model attribute.

The one description of the records. It serves the validator (`check`), the field reference page,
the JSON Schemas (`kehoach.records.jsonschema`), the loader — which copies each field's value to
the model attribute the field names (`Field.attribute`) of the model its schema names
(`RecordSchema.model`) — and the exports. Choice values are the enums of
`kehoach.domain.vocabulary`. Field names are Vietnamese without diacritics so that staff can type
them on any keyboard.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache, cached_property, lru_cache
from typing import Any

from kehoach.domain.model import Citation, Deadline, Directive, Evidence, Figure, FigureValue, Footnote, Month, Organization, Period, Plan, Quarter, Recipient, Section, Signer, Task, Update
from kehoach.domain.problems import Location, Problem, Severity
from kehoach.domain.textfold import fold, fold_key
from kehoach.domain.vocabulary import DeadlineKind, LeadRole, Level, OrganizationKind, RecipientPurpose, Recurrence, SecrecyMark, SourceKind, UpdateState, ValueEnum, Vocabulary
from kehoach.records.yamlsource import INVALID, YList, YMap, YScalar, YValue

# Every pattern below is used with fullmatch and ends in \Z, never `$`: `$` also matches before a
# final line break, so “ban-to-chuc\n” (a quoted "\n" or an `id: |` block) would pass for “ban-to-chuc”.
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
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
    LINK = "đường dẫn"
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


class RefersTo(ValueEnum):
    """What a REF/REFS field names, as the field reference says it."""

    ORGANIZATION = "tổ chức"
    ORGANIZATION_OR_GROUP = "tổ chức hoặc nhóm"
    DIRECTIVE = "chỉ thị"
    PLAN = "kế hoạch"
    TASK = "nhiệm vụ"
    FIGURE = "chỉ tiêu"


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    meaning: str
    example: str
    required: bool = False
    choices: type[Vocabulary] | None = None  # for CHOICE: the enum of allowed values
    schema: RecordSchema | None = None  # for OBJECT/OBJECTS: the nested group of fields
    refers_to: RefersTo | None = None  # for REF/REFS
    attribute: str = ""  # the attribute of its schema's model that holds the field's value


@dataclass(frozen=True, eq=False)  # one object per kind, compared and hashed by identity (sections nest themselves)
class RecordSchema:
    name: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    model: type | None = None  # the kehoach.domain.model class a record or group of these fields becomes

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

_DATE_VN = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\Z")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")
_MONTH = re.compile(r"([0-9]{1,2})/([0-9]{4})\Z")
_QUARTER = re.compile(r"(?:quý\s*)?(I{1,3}|IV|[1-4])/([0-9]{4})\Z", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 1930, 2100
# No figure a plan tracks comes near a million million; a value past it is a typing slip or an
# overflow (1e400 reads as infinity), and would print as “inf” and draw a bar of height “nan”.
MAX_NUMBER = 10**12
# A line (a name, a title) and a paragraph are shown on many pages (every task of a section shows
# its paragraph): bounded, so a pasted book cannot multiply into a site of gigabytes. Real ones are
# under 500 and 5,000 characters.
MAX_TEXT_LENGTH = {Kind.TEXT: 2_000, Kind.PARAGRAPH: 20_000}
_LENGTH_HINTS = {
    Kind.TEXT: "tên, trích yếu, số hiệu là một dòng ngắn; đoạn dài ghi vào trường văn bản",
    Kind.PARAGRAPH: "chia đoạn thành các mục con (muc)",
}


def parse_date(text: str) -> tuple[dt.date | None, str]:
    """A date as Vietnamese write it (19/5/2019, 19/05/2019) or ISO (2019-05-19); else why not."""
    text = text.strip()
    match = _DATE_VN.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.fullmatch(text)
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
    match = _MONTH.fullmatch(text.strip())
    if not match:
        return None, f"“{text}” không phải một tháng"
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None, f"tháng {month} không có thật"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
    return Month(year, month), ""


def _parse_quarter(text: str) -> tuple[Quarter | None, str]:
    match = _QUARTER.fullmatch(text.strip())
    if not match:
        numbered = _NUMBERED_QUARTER.fullmatch(text.strip())
        if numbered:  # “quy: 5/2019”: a month written in the quarter field, or a slip
            return None, f"quý {numbered.group(1)} không có: một năm có bốn quý, I, II, III, IV"
        return None, f"“{text}” không phải một quý"
    label, year = match.group(1).upper(), int(match.group(2))
    quarter = _ROMAN.get(label) or int(label)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
    return Quarter(year, quarter), ""


# A number written with thousands grouped the Vietnamese (1.250) or the English (1,250) way; `more`
# is set when there are two groups or more (1.250.000: a thousands separator, surely).
_GROUPED_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:(?P<sep>[.,])[0-9]{3})(?P<more>(?:(?P=sep)[0-9]{3})+)?\Z")
_NUMBERED_QUARTER = re.compile(r"(?:quý\s*)?([0-9]+)/[0-9]{4}\Z", re.IGNORECASE)
_PERIOD_QUARTER = re.compile(r"(?:quý\s*)?(I{1,3}|IV)/([0-9]{4})\Z", re.IGNORECASE)
_PERIOD_MONTH = re.compile(r"(?:tháng\s*)?([0-9]{1,2})/([0-9]{4})\Z", re.IGNORECASE)
_PERIOD_HALF = re.compile(r"6 thang (dau|cuoi)(?: nam)? ([0-9]{4})\Z")
_PERIOD_YEAR = re.compile(r"(?:nam\s*)?([0-9]{4})\Z")
# How a report's `ky` writes each kind of period, by its length in months.
PERIOD_FORMS = {12: ("năm", "2019"), 6: ("nửa năm", "6 tháng đầu năm 2019 hoặc 6 tháng cuối năm 2019"), 3: ("quý (số La Mã)", "II/2019"), 1: ("tháng", "5/2019")}
PERIOD_HINT = "viết năm (2019), nửa năm (6 tháng đầu năm 2019, 6 tháng cuối năm 2019), quý (II/2019) hoặc tháng (5/2019)"


def parse_period(text: str) -> tuple[Period | None, str]:
    """A report's period (`ky`): a year (2019), a half-year (6 tháng đầu năm 2019, 6 tháng cuối
    năm 2019), a quarter in Roman numerals (II/2019, quý II/2019) or a month (5/2019, tháng 5/2019)."""
    written = " ".join(text.split())
    folded = " ".join(fold(written).split())
    found: Period | None = None
    if (match := _PERIOD_YEAR.fullmatch(folded)) is not None:
        found = Period(int(match.group(1)))
    elif (match := _PERIOD_HALF.fullmatch(folded)) is not None:
        found = Period(int(match.group(2)), 6, 1 if match.group(1) == "dau" else 2)
    elif (match := _PERIOD_QUARTER.fullmatch(written)) is not None:
        found = Period(int(match.group(2)), 3, _ROMAN[match.group(1).upper()])
    elif (match := _PERIOD_MONTH.fullmatch(written)) is not None:
        month = int(match.group(1))
        if not 1 <= month <= 12:
            return None, f"tháng {month} không có thật"
        found = Period(int(match.group(2)), 1, month)
    if found is None:
        return None, f"“{written}” không phải một kỳ báo cáo"
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        return None, f"năm {found.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
    return found, ""


_KIND_HINTS = {
    Kind.DATE: "viết ngày/tháng/năm, ví dụ 19/5/2019",
    Kind.MONTH: "viết tháng/năm, ví dụ 5/2019",
    Kind.QUARTER: "viết quý/năm bằng số La Mã, ví dụ II/2019",
    Kind.YEAR: f"viết năm bằng 4 chữ số, từ {MIN_YEAR} đến {MAX_YEAR}",
    Kind.BOOL: "viết true (có) hoặc false (không)",
    Kind.LINK: "ghi đường dẫn đầy đủ bắt đầu bằng https:// (hoặc http://), hoặc tên tệp trong thư mục tep/ của trang, ví dụ tep/bc-25.pdf",
}

# A link readers can follow from any page: a web address, or a file published with the site under
# docs/tep/ (a path below it: no "..", no query, no backslash). The scheme may be written in
# capitals (URL schemes ignore case); it is shown in lower case.
LINK_PATTERN = r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+\S*|tep/(?!.*//)(?!(?:[^/]*/)*\.{1,2}(?:/|$))[^\s?#\\]+)$"
_LINK = re.compile(LINK_PATTERN)


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
    if not SLUG_PATTERN.fullmatch(text):
        if _padded(text):
            return f"mã “{_shown_id(text)}” có dấu cách hoặc dấu xuống dòng thừa"
        if text.lower() != text and SLUG_PATTERN.fullmatch(text.lower()):
            return f"mã “{_shown_id(text)}” có chữ hoa; mã chỉ dùng chữ thường"
        return f"mã “{_shown_id(text)}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch nối"
    if text in WINDOWS_RESERVED:
        return f"mã “{text}” là tên tệp Windows không cho phép"
    if text in RESERVED_IDS:
        return f"mã “{text}” trùng tên trang mục lục của thư mục"
    return ""


def _padded(text: str) -> bool:
    """A usable id with white space or a line break before or after it (`id: |`, `"ma\\n"`)."""
    stripped = text.strip()
    return stripped != text and bool(SLUG_PATTERN.fullmatch(stripped))


def slug_hint(text: str) -> str:
    """What to write instead of an id slug_problem refuses."""
    if _padded(text):
        return f"viết “{text.strip()}” ngay sau dấu hai chấm, trên cùng dòng, không dùng “|” hay “>”"
    return f"ví dụ: “{suggest_slug(text)}”"


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


_CONTROLS = "".join(map(chr, (*range(0x20), *range(0x7F, 0xA0))))  # Unicode category Cc
_BAD_IN_LINE = re.compile("[" + re.escape(_CONTROLS + "".join(_BIDI_CONTROLS)) + "]")
_BAD_IN_PARAGRAPH = re.compile("[" + re.escape(_CONTROLS.replace("\n", "").replace("\t", "") + "".join(_BIDI_CONTROLS)) + "]")


def _bad_character(text: str, allow_newlines: bool) -> str | None:
    match = (_BAD_IN_PARAGRAPH if allow_newlines else _BAD_IN_LINE).search(text)
    return match.group() if match else None


# ---------------------------------------------------------------- the checker


@cache
def _choice_lookup(choices: type[Vocabulary]) -> dict[str, Vocabulary]:
    """{value or folded label: member}; the first member that matches wins, in declaration order."""
    lookup: dict[str, Vocabulary] = {}
    for choice in choices:
        lookup.setdefault(choice.value, choice)
        lookup.setdefault(fold_key(choice.label), choice)
    return lookup


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
                    _missing_hint(spec),
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
            seen: list[tuple[int, Any]] = []
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
                    assert spec.schema is not None
                    results.append(self._check_object(item, spec.schema))
                    continue
                scalar = self._scalar(item, spec)
                if scalar is None:
                    continue
                single = _item_field(spec)
                result = self._check_scalar(scalar, single)
                if result is None:
                    continue
                key = result.id if isinstance(result, Ref) else result
                earlier = next((n for n, r in seen if r == key), None)
                if earlier is not None:  # kept once: say so, rather than drop it without a word
                    message = f"mục thứ {number} của “{spec.name}” (“{_shown_id(str(key))}”) lặp lại mục thứ {earlier}"
                    self.problems.append(Problem(item.location, message, "xóa mục lặp", Severity.WARNING))
                    continue
                seen.append((number, key))
                results.append(result)
            return results
        if kind is Kind.OBJECT:
            if not isinstance(value, YMap):
                self._fail(value.location, f"trường “{spec.name}” phải là nhóm trường thụt lề bên dưới", _example_hint(spec))
                return None
            assert spec.schema is not None
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
            longest = MAX_TEXT_LENGTH.get(kind)
            if longest is not None and len(text) > longest:
                self._fail(where, f"trường “{spec.name}” dài {len(text):,} ký tự, quá giới hạn {longest:,}".replace(",", "."), _LENGTH_HINTS[kind])
                return None
            return text
        if kind is Kind.LINK:
            link = text.strip()
            if _LINK.fullmatch(link):  # not match: `$` would let a final line break through
                scheme, colon, rest = link.partition(":")
                return scheme.lower() + colon + rest if link[:4].lower() == "http" else link
            self._fail(where, f"trường “{spec.name}”: “{_shown_id(link)}” không phải đường dẫn mở được từ trang", _KIND_HINTS[kind])
            return None
        if kind in (Kind.SLUG, Kind.REF):
            why = slug_problem(text)
            if why:
                self._fail(where, why, slug_hint(text))
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
        if kind is Kind.NUMBER and (grouped := _GROUPED_THOUSANDS.fullmatch(text.strip())):
            # "1.250" is 1250 to a Vietnamese reader and 1.25 to YAML: never guess, have it rewritten.
            digits = re.sub("[.,+]", "", grouped.group())
            rule = "trong bản ghi dấu chấm là dấu thập phân, không dùng dấu ngăn hàng nghìn"
            if grouped.group("more") is None:
                as_decimal = grouped.group().replace(",", ".").rstrip("0").rstrip(".")
                meaning = f"có thể là {digits} (“{grouped.group('sep')}” ngăn hàng nghìn) hoặc {as_decimal.replace('.', ',')} (“{grouped.group('sep')}” là dấu thập phân)"
                if as_decimal == grouped.group():  # 1.125: the decimal is told apart by a last 0
                    as_decimal += "0"
                self._fail(where, f"trường “{spec.name}”: “{text}” {meaning}", f"viết {digits}, hoặc {as_decimal} nếu là số lẻ; {rule}")
            else:
                self._fail(where, f"trường “{spec.name}”: “{text}” có dấu ngăn hàng nghìn", f"viết {digits}; {rule}")
            return None
        if kind in (Kind.NUMBER, Kind.PERCENT):
            try:
                number = float(text) if scalar.kind in ("int", "float") else None
            except ValueError:
                number = None
            if number is None or number != number or (kind is Kind.PERCENT and not 0 <= number <= 100):
                allowed = "một số từ 0 đến 100" if kind is Kind.PERCENT else "một số, dấu chấm thập phân"
                self._fail(where, f"trường “{spec.name}”: “{text}” không phải {allowed}", f"ví dụ: {spec.example}")
                return None
            if not math.isfinite(number) or abs(number) > MAX_NUMBER:
                why = "vượt quá giới hạn (trị tuyệt đối tối đa 10^12)" if math.isfinite(number) else "không phải một số hữu hạn"
                self._fail(where, f"trường “{spec.name}”: “{text}” {why}", f"ví dụ: {spec.example}")
                return None
            return int(number) if number.is_integer() else number
        if kind is Kind.BOOL:
            if scalar.kind != "bool":
                self._fail(where, f"trường “{spec.name}”: “{text}” không phải có/không", _KIND_HINTS[kind])
                return None
            return text.lower() in ("true", "yes", "on")
        if kind is Kind.CHOICE:
            assert spec.choices is not None
            wanted = _folded_choice(text)
            choice = _choice_lookup(spec.choices).get(wanted)
            if choice is not None:
                return choice
            allowed = ", ".join(c.value for c in spec.choices)
            close = difflib.get_close_matches(wanted, [c.value for c in spec.choices], n=1, cutoff=0.6)
            hint = f"có phải ý bạn là “{close[0]}”?" if close else f"dùng một trong: {allowed}"
            self._fail(where, f"trường “{spec.name}”: “{text}” không phải giá trị được phép", hint)
            return None
        raise AssertionError(f"unhandled field kind {kind}")  # pragma: no cover


@cache
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

# Which value fields each deadline kind needs, and which it may have besides; any other value field is
# refused (`loai` and `nguyen_van` go with every kind).
DEADLINE_NEEDS: dict[DeadlineKind, tuple[str, ...]] = {
    DeadlineKind.DATE: ("ngay",),
    DeadlineKind.MONTH: ("thang",),
    DeadlineKind.QUARTER: ("quy",),
    DeadlineKind.YEAR: ("nam",),
    DeadlineKind.RECURRING: ("moi_thang",),
    DeadlineKind.RANGE: ("tu", "den"),
    DeadlineKind.BEFORE_EVENT: ("su_kien",),
    DeadlineKind.AFTER: ("sau",),
}
DEADLINE_MAY_HAVE: dict[DeadlineKind, tuple[str, ...]] = {
    DeadlineKind.EVERY_YEAR: ("tu_nam",),
    DeadlineKind.RECURRING: ("tu_thang",),
    DeadlineKind.BEFORE_EVENT: ("ngay",),
}
# The values `moi_thang` takes: the months of one period (Recurrence).
RECURRENCE_MONTHS = {recurrence.months: recurrence for recurrence in Recurrence}

# Folder of the records folder that holds the source texts plans are encoded from (not records).
SOURCE_FOLDER = "nguon"
SOURCE_SUFFIXES = (".md", ".txt")

_ID = Field("id", Kind.SLUG, "Mã của bản ghi, dùng làm địa chỉ trang. Chữ thường không dấu, chữ số, gạch nối.", "ban-to-chuc-tinh-uy", required=True, attribute="id")
# Secrecy mark and circulation scope, as the document prints them (36-HD/VPTW): absent when it has none.
_SECRECY = Field(
    "do_mat", Kind.CHOICE, "Độ mật văn bản ghi (dấu Mật, Tối mật, Tuyệt mật); bỏ trống nếu văn bản không đóng dấu mật. Trang chỉ công bố văn bản đến mức do_mat_toi_da của trang.",
    SecrecyMark.SECRET, choices=SecrecyMark, attribute="secrecy",
)  # fmt: skip
_CIRCULATION = Field("pham_vi", Kind.TEXT, "Phạm vi lưu hành đúng như văn bản ghi, ví dụ “Lưu hành nội bộ”; bỏ trống nếu văn bản không ghi.", "Lưu hành nội bộ", attribute="circulation")
_NOTE = Field("ghi_chu", Kind.PARAGRAPH, "Ghi chú của người biên tập (hiển thị riêng, không lẫn với văn bản gốc).", "Viết tắt suy đoán, chưa xác nhận.", attribute="note")

DEADLINE = RecordSchema(
    "thoi-han",
    "thời hạn",
    (
        Field("loai", Kind.CHOICE, "Kiểu thời hạn.", DeadlineKind.MONTH, required=True, choices=DeadlineKind, attribute="kind"),
        Field("nguyen_van", Kind.TEXT, "Thời hạn đúng như văn bản viết; bỏ trống nếu văn bản không nêu.", "trong tháng 5/2019", attribute="written"),
        Field("ngay", Kind.DATE, f"Ngày hết hạn (với loai: {DeadlineKind.DATE}); với loai: {DeadlineKind.BEFORE_EVENT}, ngày diễn ra sự kiện nếu đã biết.", "19/5/2019", attribute="date"),
        Field("thang", Kind.MONTH, f"Tháng hết hạn (với loai: {DeadlineKind.MONTH}).", "5/2019", attribute="month"),
        Field("quy", Kind.QUARTER, f"Quý hết hạn (với loai: {DeadlineKind.QUARTER}), số La Mã.", "II/2019", attribute="quarter"),
        Field("nam", Kind.YEAR, f"Năm hết hạn (với loai: {DeadlineKind.YEAR}).", "2019", attribute="year"),
        Field("tu_nam", Kind.YEAR, f"Năm bắt đầu lặp lại (với loai: {DeadlineKind.EVERY_YEAR}); bỏ trống thì lấy năm của kế hoạch.", "2019", attribute="from_year"),
        Field("sau", Kind.REF, f"Mã nhiệm vụ phải xong trước (với loai: {DeadlineKind.AFTER}), trong cùng kế hoạch.", "b-ii-4-ra-soat", refers_to=RefersTo.TASK, attribute="after_task_id"),
        Field(
            "moi_thang", Kind.NUMBER,
            f"Mấy tháng một kỳ (với loai: {DeadlineKind.RECURRING}): " + ", ".join(f"{r.months} ({r.label})" for r in Recurrence)
            + ". Kỳ theo lịch: tháng, quý I–IV, 6 tháng đầu/cuối năm, năm; hạn là ngày cuối mỗi kỳ.",
            "6", attribute="every",
        ),
        Field("tu_thang", Kind.MONTH, f"Tháng của kỳ đầu tiên (với loai: {DeadlineKind.RECURRING}); bỏ trống thì lấy kỳ có ngày ban hành kế hoạch.", "4/2019", attribute="from_month"),
        Field("tu", Kind.DATE, f"Ngày bắt đầu (với loai: {DeadlineKind.RANGE}).", "1/4/2019", attribute="start"),
        Field("den", Kind.DATE, f"Ngày kết thúc, cũng là hạn (với loai: {DeadlineKind.RANGE}).", "30/6/2019", attribute="end"),
        Field("su_kien", Kind.TEXT, f"Sự kiện mà việc phải xong trước, như văn bản gọi (với loai: {DeadlineKind.BEFORE_EVENT}).", "Đại hội Đảng bộ tỉnh lần thứ XIX", attribute="event"),
    ),
    "Thời hạn của một nhiệm vụ: vừa có cấu trúc để tính trạng thái, vừa giữ nguyên văn.",
    model=Deadline,
)

TASK = RecordSchema(
    "nhiem-vu",
    "nhiệm vụ",
    (
        Field("id", Kind.SLUG, "Mã nhiệm vụ, duy nhất trong kế hoạch; dùng làm neo liên kết (#mã).", "b-ii-4-ra-soat", required=True, attribute="id"),
        Field(
            "van_ban", Kind.PARAGRAPH, "Phần câu chữ của đoạn văn nói về nhiệm vụ này, chép đúng nguyên văn; bỏ trống nếu là cả đoạn.",
            "thực hiện một đợt rà soát đội ngũ đảng viên ở một số đơn vị cụ thể", attribute="text",
        ),
        Field(
            "ten_ngan", Kind.TEXT, "Tên ngắn của nhiệm vụ, vài chữ, để người đọc phân biệt các nhiệm vụ (lịch, danh sách, thời hạn “sau”); bỏ trống thì trang lấy mấy chữ đầu của câu chữ nhiệm vụ.",
            "Rà soát đội ngũ đảng viên", attribute="short_name",
        ),
        Field("chu_tri", Kind.REFS, "Tổ chức hoặc nhóm chịu trách nhiệm chính.", "[ban-to-chuc-tinh-uy]", required=True, refers_to=RefersTo.ORGANIZATION_OR_GROUP, attribute="lead_ids"),
        Field("vai_tro", Kind.CHOICE, "Văn bản giao vai trò chính bằng từ nào.", LeadRole.LEADS, required=True, choices=LeadRole, attribute="lead_role"),
        Field("phoi_hop", Kind.REFS, "Tổ chức hoặc nhóm phối hợp.", "[ban-to-chuc-tinh-uy, cac-ban-dang-tinh]", refers_to=RefersTo.ORGANIZATION_OR_GROUP, attribute="coordinator_ids"),
        Field("bao_cao", Kind.REFS, "Nơi nhận báo cáo kết quả.", "[thuong-truc-tinh-uy, ban-thuong-vu-tinh-uy]", refers_to=RefersTo.ORGANIZATION_OR_GROUP, attribute="report_to_ids"),
        Field(
            "thoi_han", Kind.OBJECT, "Thời hạn (xem bảng thời hạn).",
            f"{{loai: {DeadlineKind.MONTH}, thang: 5/2019, nguyen_van: trong tháng 5/2019}}", required=True, schema=DEADLINE, attribute="deadline",
        ),
        # What plans state of a task besides who and when (issue 14, point 4), each as the plan words it.
        Field("thanh_phan", Kind.TEXT, "Thành phần tham dự, như văn bản ghi (hội nghị, lớp học…).", "Ủy viên Ban Thường vụ, trưởng các ban đảng", attribute="attendees"),
        Field("thoi_luong", Kind.TEXT, "Thời lượng, như văn bản ghi.", "một buổi", attribute="duration"),
        Field("dieu_kien", Kind.TEXT, "Điều kiện để thực hiện, như văn bản ghi.", "khi có hướng dẫn của Trung ương", attribute="condition"),
        _NOTE,
    ),
    "Một việc được giao trong kế hoạch, gắn với đoạn văn chứa nó.",
    model=Task,
)

SECTION = RecordSchema(
    "muc",
    "mục của kế hoạch",
    (
        Field("so", Kind.TEXT, "Số thứ tự đúng như văn bản viết, kể cả dấu: “A-”, “I-”, “1.”, “-”.", "“1.”", attribute="label"),
        Field("tieu_de", Kind.TEXT, "Tiêu đề của mục (nếu có), đúng nguyên văn.", "MỤC ĐÍCH, YÊU CẦU", attribute="heading"),
        Field("van_ban", Kind.PARAGRAPH, "Đoạn văn của mục, đúng nguyên văn.", "Quán triệt, tuyên truyền sâu rộng…", attribute="text"),
        Field("muc", Kind.OBJECTS, "Các mục con, theo thứ tự trong văn bản (mỗi mục con có các trường như bảng này).", "- so: “1.”\n  van_ban: …", attribute="children"),
        Field("nhiem_vu", Kind.OBJECTS, "Các nhiệm vụ mà đoạn văn giao (xem bảng nhiệm vụ).", "- id: b-ii-3\n  chu_tri: [ban-tuyen-giao-tinh-uy]", schema=TASK, attribute="tasks"),
        Field(
            "ghi_chu_bien_tap", Kind.TEXT, "Ghi chú của người biên tập về câu chữ của nguồn (ví dụ lỗi chính tả trong bản gốc).",
            "Nguồn viết “QUẢN TRIỆT”; đúng là “QUÁN TRIỆT”.", attribute="editorial_note",
        ),
    ),
    "Một mục trong phần nội dung, theo đúng cách đánh số của văn bản (A / I / 1 / -).",
    model=Section,
)
# A section holds sections: the tree is as deep as the document's numbering.
object.__setattr__(SECTION.field("muc"), "schema", SECTION)

RECIPIENT = RecordSchema(
    "noi-nhan",
    "nơi nhận",
    (
        Field("van_ban", Kind.TEXT, "Dòng nơi nhận đúng như văn bản viết.", "Ban Bí thư Trung ương Đảng (b/c),", required=True, attribute="text"),
        Field("to_chuc", Kind.REFS, "Tổ chức hoặc nhóm được nhắc tới ở dòng này.", "[ban-bi-thu]", refers_to=RefersTo.ORGANIZATION_OR_GROUP, attribute="organization_ids"),
        Field("muc_dich", Kind.CHOICE, "Gửi để làm gì, nếu văn bản ghi.", RecipientPurpose.REPORT, choices=RecipientPurpose, attribute="purpose"),
        Field("chu_thich", Kind.TEXT, "Ký hiệu chú thích đặt sau dòng này (ví dụ số mũ ¹).", "1", attribute="footnote_mark"),
    ),
    model=Recipient,
)

SIGNER = RecordSchema(
    "nguoi-ky",
    "khối chữ ký",
    (
        Field("quyen_han", Kind.TEXT, "Thẩm quyền ký: T/M (thay mặt), K/T (ký thay), T/L (thừa lệnh)…", "T/M BAN THƯỜNG VỤ", required=True, attribute="authority"),
        Field("chuc_vu", Kind.TEXT, "Chức vụ người ký.", "PHÓ BÍ THƯ THƯỜNG TRỰC", required=True, attribute="position"),
        Field("ho_ten", Kind.TEXT, "Họ và tên người ký. Bỏ trống nếu nguồn không ghi — trang sẽ ghi “chưa rõ”, không tự điền.", "Đỗ Xuân Tuyên", attribute="name"),
    ),
    model=Signer,
)

FOOTNOTE = RecordSchema(
    "chu-thich",
    "chú thích",
    (
        Field("ky_hieu", Kind.TEXT, "Ký hiệu chú thích như trong văn bản.", "1", required=True, attribute="mark"),
        Field("noi_dung", Kind.PARAGRAPH, "Nội dung chú thích; bỏ trống nếu nguồn không có.", "…", attribute="text"),
    ),
    model=Footnote,
)

CITATION = RecordSchema(
    "van-ban-can-cu",  # not "can-cu": that is a report's evidence (EVIDENCE)
    "văn bản được căn cứ",
    (
        Field("chi_thi", Kind.REF, "Mã một chỉ thị trong records/chi-thi/ mà văn bản căn cứ.", "ct-28-ct-tw-2019", refers_to=RefersTo.DIRECTIVE, attribute="directive_id"),
        Field("ke_hoach", Kind.REF, "Mã một kế hoạch trong records/ke-hoach/ mà văn bản căn cứ.", "kh-ct28-tinh-uy-hung-yen", refers_to=RefersTo.PLAN, attribute="plan_id"),
        Field("ten", Kind.TEXT, "Tên văn bản không có trong bộ bản ghi, như văn bản viết.", "Điều lệ Đảng", attribute="title"),
        Field("dieu_khoan", Kind.TEXT, "Điều, khoản, điểm được căn cứ, như văn bản viết.", "Điều 8", attribute="part"),
        Field("lien_ket", Kind.LINK, "Nơi đọc văn bản ngoài bộ bản ghi (nếu có).", "https://…", attribute="link"),
    ),
    "Một văn bản mà chỉ thị hoặc kế hoạch căn cứ: ghi đúng một trong chi_thi, ke_hoach (văn bản có trang riêng) hoặc ten (văn bản ngoài).",
    model=Citation,
)

_CITATIONS = Field(
    "can_cu", Kind.OBJECTS, "Các văn bản mà văn bản này căn cứ, dẫn chiếu (xem bảng văn bản được căn cứ).",
    "- ke_hoach: kh-ct28-tinh-uy-hung-yen\n- ten: Điều lệ Đảng\n  dieu_khoan: Điều 8", schema=CITATION, attribute="citations",
)


def _missing_hint(spec: Field) -> str:
    """How to add a missing field: for a choice, every value to choose from (a hint never picks
    one for the editor: what a document is, or who signed it, is read off the document)."""
    if spec.choices is not None:
        return f"thêm dòng “{spec.name}: …”, một trong: " + ", ".join(f"{choice.value} ({choice.label})" for choice in spec.choices)
    return f"thêm dòng “{spec.name}: {spec.example.splitlines()[0]}”"


# Issue 14, point 2: every document says where its text comes from; only a full text is typeset
# in the official layout and called “nguyên văn”.
_SOURCE_KIND = Field(
    "nguon_goc", Kind.CHOICE,
    "Văn bản trong bản ghi là gì so với văn bản đã ban hành: toàn văn, trích, dựng lại hay tóm tắt.",
    SourceKind.FULL_TEXT, required=True, choices=SourceKind, attribute="source_kind",
)

# Issue 14, point 1: several offices' records side by side, each organization in its party unit.
_PARTY_UNIT = Field(
    "dang_bo", Kind.REF,
    "Đảng bộ mà tổ chức thuộc về, ghi bằng mã cấp ủy đứng đầu đảng bộ (ví dụ tinh-uy-hung-yen, huyen-uy-van-lam). "
    "Bỏ trống thì lấy theo truc_thuoc; một cấp ủy không trực thuộc ai trong bộ bản ghi là đầu đảng bộ của chính nó; "
    "một nhóm lấy đảng bộ chung của các thành viên.",
    "huyen-uy-van-lam", refers_to=RefersTo.ORGANIZATION, attribute="unit_id",
)

DIRECTIVE = RecordSchema(
    "chi-thi",
    "bản ghi chỉ thị",
    (
        replace(_ID, example="ct-28-ct-tw-2019"),
        Field("loai", Kind.TEXT, "Loại văn bản.", "Chỉ thị", required=True, attribute="type"),
        Field("so_ky_hieu", Kind.TEXT, "Số và ký hiệu (văn bản Đảng nối bằng gạch nối).", "28-CT/TW", required=True, attribute="number"),
        Field("co_quan_ban_hanh", Kind.REF, "Cơ quan ban hành (mã tổ chức).", "ban-bi-thu", required=True, refers_to=RefersTo.ORGANIZATION, attribute="issuer_id"),
        Field("ngay", Kind.DATE, "Ngày ban hành.", "21/01/2019", required=True, attribute="date"),
        Field("trich_yeu", Kind.TEXT, "Trích yếu (tên) của văn bản.", "về nâng cao chất lượng kết nạp đảng viên…", required=True, attribute="title"),
        Field("tom_tat", Kind.MARKDOWN, "Tóm tắt nội dung; chỉ ghi điều có nguồn.", "Chỉ thị yêu cầu…", attribute="summary"),
        Field("toan_van", Kind.MARKDOWN, "Toàn văn (nếu có bản được phép đăng).", "…", attribute="full_text"),
        _SOURCE_KIND,
        Field("nguon", Kind.TEXT, "Nguồn của các thông tin trên.", "Trích yếu theo Kế hoạch của Ban Thường vụ Tỉnh ủy", attribute="source_note"),
        _CITATIONS,
        _SECRECY,
        _CIRCULATION,
    ),
    "Văn bản cấp trên mà các kế hoạch triển khai thực hiện. Mỗi tệp trong records/chi-thi/ là một chỉ thị.",
    model=Directive,
)

PLAN = RecordSchema(
    "ke-hoach",
    "bản ghi kế hoạch",
    (
        replace(_ID, example="kh-ct28-tinh-uy-hung-yen"),
        Field("loai", Kind.TEXT, "Loại văn bản, viết như ở đầu văn bản.", "KẾ HOẠCH", required=True, attribute="type"),
        Field("trich_yeu", Kind.TEXT, "Trích yếu, đúng nguyên văn.", "Triển khai thực hiện Chỉ thị số 28-CT/TW…", required=True, attribute="title"),
        Field("co_quan_ban_hanh", Kind.REF, "Cơ quan ban hành (mã tổ chức).", "ban-thuong-vu-tinh-uy", required=True, refers_to=RefersTo.ORGANIZATION, attribute="issuer_id"),
        Field("co_quan_cap_tren", Kind.REF, "Cơ quan cấp trên trực tiếp của cơ quan ban hành, ghi ở tiêu đề.", "tinh-uy-hung-yen", refers_to=RefersTo.ORGANIZATION, attribute="superior_id"),
        Field(
            "tieu_de_co_quan", Kind.TEXTS,
            "Các dòng tên cơ quan ở góc trái đầu văn bản, đúng như văn bản viết, từ trên xuống. Bỏ trống nếu nguồn không có — "
            "trang dựng các dòng đó từ tên cơ quan ban hành và cấp trên, và nói rõ như vậy.",
            "[ĐẢNG BỘ TỈNH HƯNG YÊN, ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH]", attribute="heading_lines",
        ),
        _SOURCE_KIND,
        Field(
            "nguon", Kind.TEXT, "Văn bản lấy từ đâu: nơi đăng, địa chỉ trang, số lưu trữ, người cung cấp. Bỏ trống nếu không rõ — trang ghi “chưa rõ”.",
            "Cổng thông tin điện tử Tỉnh ủy, mục Văn bản", attribute="source_note",
        ),
        Field("so_ky_hieu", Kind.TEXT, "Số và ký hiệu. Bỏ trống nếu nguồn không ghi — trang sẽ ghi “chưa rõ”, không tự điền.", "45-KH/TU", attribute="number"),
        Field("ngay", Kind.DATE, "Ngày ban hành. Bỏ trống nếu nguồn không ghi.", "15/3/2019", attribute="date"),
        _SECRECY,
        _CIRCULATION,
        Field("dia_danh", Kind.TEXT, "Địa danh ghi ở dòng ngày tháng. Bỏ trống nếu nguồn không ghi.", "Hưng Yên", attribute="place"),
        Field("thuc_hien", Kind.REFS, "Các chỉ thị mà kế hoạch triển khai (mã chỉ thị).", "[ct-28-ct-tw-2019]", required=True, refers_to=RefersTo.DIRECTIVE, attribute="directive_ids"),
        _CITATIONS,
        Field("the_thuc", Kind.TEXT, "Văn bản quy định thể thức mà kế hoạch theo.", "Hướng dẫn 36-HD/VPTW", attribute="standard"),
        Field("mo_dau", Kind.PARAGRAPH, "Đoạn mở đầu trước phần A, đúng nguyên văn.", "Thực hiện Chỉ thị số 28-CT/TW…", attribute="preamble"),
        Field(
            "noi_dung", Kind.OBJECTS, "Phần nội dung: cây các mục theo số thứ tự của văn bản (xem bảng mục).",
            "- so: A-\n  tieu_de: MỤC ĐÍCH, YÊU CẦU", required=True, schema=SECTION, attribute="sections",
        ),
        Field(
            "noi_nhan", Kind.OBJECTS, "Các dòng “Nơi nhận” (xem bảng nơi nhận).",
            f"- van_ban: Lưu VPTU.\n  to_chuc: [van-phong-tinh-uy]\n  muc_dich: {RecipientPurpose.FILE}", schema=RECIPIENT, attribute="recipients",
        ),
        Field("ky", Kind.OBJECT, "Khối chữ ký (xem bảng khối chữ ký).", "{quyen_han: T/M BAN THƯỜNG VỤ, chuc_vu: PHÓ BÍ THƯ THƯỜNG TRỰC, ho_ten: Đỗ Xuân Tuyên}", schema=SIGNER, attribute="signer"),
        Field("chu_thich", Kind.OBJECTS, "Các chú thích của văn bản (xem bảng chú thích).", "- ky_hieu: 1", schema=FOOTNOTE, attribute="footnotes"),
        Field(
            "van_ban_nguon", Kind.TEXT,
            f"Tệp chép nguyên văn văn bản mà bản ghi này dựa vào, trong thư mục {SOURCE_FOLDER}/ của thư mục bản ghi (.md hoặc .txt, UTF-8); "
            "trang hiện nó thành trang “Văn bản nguồn” của kế hoạch.",
            f"{SOURCE_FOLDER}/kh-ct28-tinh-uy-hung-yen.md", attribute="source_file",
        ),
        _NOTE,
    ),
    "Một kế hoạch (hoặc văn bản giao việc) của cấp ủy. Mỗi tệp trong records/ke-hoach/ là một kế hoạch.",
    model=Plan,
)

ORGANIZATION = RecordSchema(
    "to-chuc",
    "bản ghi tổ chức",
    (
        _ID,
        Field("ten", Kind.TEXT, "Tên đầy đủ.", "Ban Tổ chức Tỉnh ủy", required=True, attribute="name"),
        Field("ten_khac", Kind.TEXTS, "Các cách gọi khác có trong văn bản.", "[Ban Tổ chức Tỉnh ủy Hưng Yên]", attribute="aliases"),
        Field("viet_tat", Kind.TEXTS, "Các chữ viết tắt người ta thường dùng.", "[BTC Tỉnh ủy, BTCTU]", attribute="abbreviations"),
        Field("loai", Kind.CHOICE, "Loại tổ chức.", OrganizationKind.PARTY_BOARD, required=True, choices=OrganizationKind, attribute="kind"),
        Field("cap", Kind.CHOICE, "Cấp.", Level.PROVINCE, required=True, choices=Level, attribute="level"),
        Field("truc_thuoc", Kind.REF, "Tổ chức cấp trên trực tiếp (mã tổ chức).", "tinh-uy-hung-yen", refers_to=RefersTo.ORGANIZATION, attribute="parent_id"),
        _PARTY_UNIT,
        _NOTE,
    ),
    "Một cơ quan, tổ chức hoặc chức danh. Mỗi tệp trong records/to-chuc/ là một tổ chức; "
    "danh mục dùng chung cho mọi kế hoạch.",
    model=Organization,
)

GROUP = RecordSchema(
    "nhom",
    "bản ghi nhóm",
    (
        replace(_ID, example="cac-ban-dang-tinh"),
        Field("ten", Kind.TEXT, "Tên nhóm như văn bản gọi.", "Các Ban Đảng tỉnh", required=True, attribute="name"),
        Field("ten_khac", Kind.TEXTS, "Các cách gọi khác có trong văn bản.", "[Các ban đảng Tỉnh ủy]", attribute="aliases"),
        Field("viet_tat", Kind.TEXTS, "Các chữ viết tắt.", '["BTV huyện ủy, thành ủy, ĐUTTTU"]', attribute="abbreviations"),
        Field("loai", Kind.CHOICE, "Loại của các thành viên.", OrganizationKind.PARTY_BOARD, required=True, choices=OrganizationKind, attribute="kind"),
        Field("cap", Kind.CHOICE, "Cấp của các thành viên.", Level.PROVINCE, required=True, choices=Level, attribute="level"),
        Field(
            "thanh_vien", Kind.REFS, "Các thành viên mà nguồn nêu (mã tổ chức hoặc nhóm).",
            "[ban-to-chuc-tinh-uy, ban-tuyen-giao-tinh-uy]", refers_to=RefersTo.ORGANIZATION_OR_GROUP, attribute="member_ids",
        ),
        Field("thanh_vien_day_du", Kind.BOOL, "true nếu danh sách thành viên là đầy đủ; false (mặc định) nếu nguồn chỉ nêu một phần hoặc không nêu.", "false", attribute="members_complete"),
        _PARTY_UNIT,
        _NOTE,
    ),
    "Một nhóm mà văn bản giao việc chung (“các Ban Đảng tỉnh”). Mỗi tệp trong records/nhom/ là một nhóm.",
    model=Organization,
)

EVIDENCE = RecordSchema(
    "can-cu",
    "căn cứ",
    (
        Field("loai", Kind.TEXT, "Loại văn bản làm căn cứ.", "Báo cáo", required=True, attribute="type"),
        Field("so_ky_hieu", Kind.TEXT, "Số và ký hiệu của văn bản.", "25-BC/BTCTU", attribute="number"),
        Field("ngay", Kind.DATE, "Ngày của văn bản.", "20/5/2019", attribute="date"),
        Field("trich_yeu", Kind.TEXT, "Trích yếu của văn bản.", "Kết quả rà soát đội ngũ đảng viên", attribute="title"),
        Field("lien_ket", Kind.LINK, "Đường dẫn tới văn bản (http/https, hoặc tệp trong thư mục tep/ của trang).", "https://intranet.example/bc-25.pdf", attribute="link"),
    ),
    "Văn bản chứng minh nội dung cập nhật.",
    model=Evidence,
)

FIGURE_VALUE = RecordSchema(
    "so-lieu",
    "số liệu",
    (
        Field("chi_tieu", Kind.REF, "Mã chỉ tiêu (khai báo trong records/chi-tieu/).", "dang-vien-ket-nap", required=True, refers_to=RefersTo.FIGURE, attribute="figure_id"),
        Field("gia_tri", Kind.NUMBER, "Giá trị (số; dấu chấm thập phân).", "120", required=True, attribute="value"),
        Field("ky", Kind.TEXT, "Kỳ số liệu: năm (2019), quý (II/2019) hoặc tháng (5/2019).", "2019", required=True, attribute="period"),
    ),
    model=FigureValue,
)

UPDATE = RecordSchema(
    "cap-nhat",
    "bản ghi cập nhật tiến độ",
    (
        Field("ke_hoach", Kind.REF, "Mã kế hoạch có nhiệm vụ được báo cáo.", "kh-ct28-tinh-uy-hung-yen", required=True, refers_to=RefersTo.PLAN, attribute="plan_id"),
        Field("nhiem_vu", Kind.REFS, "Mã các nhiệm vụ được báo cáo (trong kế hoạch trên).", "[b-ii-4-ra-soat]", required=True, refers_to=RefersTo.TASK, attribute="task_ids"),
        Field("to_chuc", Kind.REF, "Tổ chức báo cáo.", "ban-to-chuc-tinh-uy", required=True, refers_to=RefersTo.ORGANIZATION, attribute="organization_id"),
        Field("ngay", Kind.DATE, "Ngày báo cáo.", "20/5/2019", required=True, attribute="date"),
        Field("trang_thai", Kind.CHOICE, "Tình trạng nhiệm vụ theo báo cáo.", UpdateState.DONE, required=True, choices=UpdateState, attribute="state"),
        Field("ngay_hoan_thanh", Kind.DATE, f"Ngày hoàn thành (với trang_thai: {UpdateState.DONE}); bỏ trống thì lấy ngày báo cáo.", "18/5/2019", attribute="completed_on"),
        Field(
            "ky", Kind.TEXT,
            "Với nhiệm vụ lặp lại (hằng năm, định kỳ): kỳ được báo cáo, cùng loại kỳ với nhiệm vụ — năm (2019), nửa năm (6 tháng đầu năm 2019, 6 tháng cuối năm 2019), "
            "quý (II/2019) hoặc tháng (5/2019); bỏ trống thì lấy kỳ có ngày báo cáo.",
            "2019", attribute="period",
        ),
        Field("ty_le", Kind.PERCENT, "Phần trăm khối lượng đã làm (0–100).", "60", attribute="percent"),
        Field("han_moi", Kind.DATE, f"Hạn mới (với trang_thai: {UpdateState.ADJUSTED}).", "30/6/2019", attribute="new_due"),
        Field("ly_do", Kind.PARAGRAPH, f"Lý do (bắt buộc với {UpdateState.STOPPED} và {UpdateState.ADJUSTED}).", "Theo chỉ đạo của Thường trực Tỉnh ủy", attribute="reason"),
        Field("noi_dung", Kind.MARKDOWN, "Những việc đã làm (Markdown).", "Đã rà soát 12 chi bộ…", attribute="body"),
        Field("can_cu", Kind.OBJECT, "Văn bản làm căn cứ (xem bảng căn cứ).", "{loai: Báo cáo, so_ky_hieu: 25-BC/BTCTU, ngay: 20/5/2019}", schema=EVIDENCE, attribute="evidence"),
        Field("so_lieu", Kind.OBJECTS, "Số liệu theo chỉ tiêu (xem bảng số liệu).", "- chi_tieu: dang-vien-ket-nap\n  gia_tri: 120\n  ky: 2019", schema=FIGURE_VALUE, attribute="figures"),
        _SECRECY,
        _CIRCULATION,
    ),
    "Một lần báo cáo tiến độ. Mỗi tệp trong records/cap-nhat/ là một lần báo cáo; đặt tên tệp bắt đầu "
    "bằng ngày (2019-05-20-…yml) để tệp xếp theo thời gian và hai người không sửa chung một tệp.",
    model=Update,
)

FIGURE = RecordSchema(
    "chi-tieu",
    "bản ghi chỉ tiêu",
    (
        Field("id", Kind.SLUG, "Mã chỉ tiêu.", "dang-vien-ket-nap", required=True, attribute="id"),
        Field("ten", Kind.TEXT, "Tên chỉ tiêu.", "Đảng viên được kết nạp", required=True, attribute="name"),
        Field("don_vi", Kind.TEXT, "Đơn vị tính.", "người", required=True, attribute="unit"),
        Field("y_nghia", Kind.PARAGRAPH, "Ý nghĩa, cách tính.", "Số quần chúng được kết nạp vào Đảng trong kỳ.", required=True, attribute="meaning"),
    ),
    "Một chỉ tiêu mà các báo cáo có thể ghi số liệu. Mỗi tệp trong records/chi-tieu/ là một chỉ tiêu.",
    model=Figure,
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


def folder_meant(keys: Iterable[str], folder: str) -> str | None:
    """The folder a record of these fields belongs in, when it was saved in another: its fields are
    not all fields of `folder`'s records, and are all fields of another folder's records, with
    every field those require. None when the record fits where it is, or no folder fits it better
    (then each unknown field is reported as it is)."""
    written = set(keys)
    if all(RECORD_SCHEMAS[folder].field(key) is not None for key in written):
        return None
    for other, schema in RECORD_SCHEMAS.items():
        if other != folder and all(schema.field(key) is not None for key in written) and all(f.name in written for f in schema.fields if f.required):
            return other
    return None

