"""Deadline phrases of a plan's text → the schema's deadline kinds (`DeadlineKind`), wording kept.

“trong tháng 5/2019” → thang 5/2019; “từ nay đến ngày 19/5/2019” → ngay 19/5/2019; “quý II/2019”
→ quy; “trong năm 2019” → nam; “hằng năm” → hang-nam; “định kỳ 6 tháng”, “hằng quý”, “hằng tháng”
→ dinh-ky (moi_thang 6, 3, 1); “từ ngày 1/4/2019 đến ngày 30/6/2019” → khoang; “trước Đại hội …”
→ truoc-su-kien; “thường xuyên” → thuong-xuyen; “sau đó” → sau (the task before it). A phrase
whose reading is a guess carries `doubt` (the draft marks it `# KIỂM TRA`); a date alone (“Chỉ thị
… ngày 21/01/2019”) is not a deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from kehoach.domain.model import Month, Quarter
from kehoach.domain.vocabulary import DeadlineKind, Recurrence
from kehoach.records.schema import MAX_YEAR, MIN_YEAR, parse_date

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
ROMAN_OF = {1: "I", 2: "II", 3: "III", 4: "IV"}

_B = r"(?<!\w)"  # a word starts here
_E = r"(?!\w)"  # a word ends here
_DATE = r"(?P<d>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
_MONTH = r"tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})"
_QUARTER = r"quý\s+(?P<q>IV|I{1,3}|[1-4])\s*(?:/|năm)\s*(?P<y>\d{4})"
_YEAR = r"năm\s+(?P<y>\d{4})"
_BY = r"(?P<by>đến hết|đến|trước|chậm nhất là|chậm nhất|hạn chót là|hạn chót|hoàn thành trước|xong trước|trong|hết|cuối)"
_FROM = r"(?:(?:từ nay|từ ngày\s+\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|từ tháng\s+\d{1,2}(?:\s*/\s*\d{4})?|từ)\s+)?"

# “từ ngày 1/4/2019 đến ngày 30/6/2019”, “từ 1/4 đến hết 30/6/2019”, “từ tháng 4/2019 đến tháng 6/2019”
_RANGE_DATES = r"từ\s+(?:ngày\s+)?(?P<d1>\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?)\s+(?:đến hết|đến|tới)\s+(?:ngày\s+)?(?P<d2>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})"
_RANGE_MONTHS = r"từ\s+tháng\s+(?P<m1>\d{1,2})(?:\s*/\s*(?P<y1>\d{4}))?\s+(?:đến hết|đến|tới)\s+tháng\s+(?P<m2>\d{1,2})\s*/\s*(?P<y2>\d{4})"
_PERIODIC = (
    r"(?:định kỳ(?:\s+(?:(?P<n>6|sáu|3|ba|1|một)\s+tháng(?:\s+(?:một|1)\s+lần)?|(?:hằng|hàng)\s+(?P<u>quý|tháng)))?"
    r"|(?:hằng|hàng|mỗi)\s+(?P<u2>quý|tháng)|(?P<n2>6|sáu|3|ba)\s+tháng\s+(?:một|1)\s+lần)"
)
_MONTHS_OF = {"6": 6, "sáu": 6, "3": 3, "ba": 3, "1": 1, "một": 1, "quý": 3, "tháng": 1}

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("range", _B + r"(?:" + _RANGE_DATES + r"|" + _RANGE_MONTHS + r")" + _E),
        ("date", _B + _FROM + r"(?P<by>đến hết|đến|trước|chậm nhất là|chậm nhất|hạn chót là|hạn chót|hoàn thành trước|xong trước)\s+ngày\s+" + _DATE + _E),
        ("month", _B + _FROM + _BY + r"\s+" + _MONTH + _E),
        ("quarter", _B + r"(?:" + _BY + r"\s+)?" + _QUARTER + _E),
        ("year", _B + _FROM + r"(?P<by>đến hết|hết|trong|cuối|trước)\s+" + _YEAR + _E),
        ("every-year", _B + r"(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+năm" + _E),
        ("periodic", _B + _PERIODIC + _E),
        ("ongoing", _B + r"thường xuyên(?:,?\s+(?:trước mắt\s+)?(?:và\s+)?lâu dài)?" + _E),
        ("after", _B + r"sau\s+(?:đó|khi\s+[^,;.]+)" + _E),
        ("event", _B + r"trước\s+(?:khi\s+[^,;.]+|(?:Đại hội|đại hội|Hội nghị|hội nghị|kỳ họp)[^,;.]*)"),
    )
)


@dataclass(frozen=True)
class DeadlinePhrase:
    """A deadline phrase found in a text: its kind, its value, the words as written and where."""

    kind: DeadlineKind
    written: str
    start: int
    end: int
    date: dt.date | None = None
    month: Month | None = None
    quarter: Quarter | None = None
    year: int | None = None
    after_previous: bool = False  # “sau đó”: after the task written just before
    doubt: str = ""  # why the reading is a guess ('' when it is what the words say)
    every: Recurrence | None = None  # dinh-ky: how often
    first: dt.date | None = None  # khoang: from
    last: dt.date | None = None  # khoang: to
    event: str | None = None  # truoc-su-kien: the event as written

    def record_values(self) -> dict[str, Any]:
        """The value fields of the kinds written with more than one value or a non-date one
        (dinh-ky, khoang, truoc-su-kien), as a record writes them; {} for the others."""
        if self.kind is DeadlineKind.RECURRING and self.every is not None:
            return {"moi_thang": self.every.months}
        if self.kind is DeadlineKind.RANGE and self.first is not None and self.last is not None:
            return {"tu": _written_date(self.first), "den": _written_date(self.last)}
        if self.kind is DeadlineKind.BEFORE_EVENT and self.event:
            return {"su_kien": self.event}
        return {}

    def value_text(self) -> str:
        """The structured value as a record writes it (19/5/2019, 5/2019, II/2019, 2019), or ''."""
        if self.date is not None:
            return f"{self.date.day}/{self.date.month}/{self.date.year}"
        if self.month is not None:
            return f"{self.month.month}/{self.month.year}"
        if self.quarter is not None:
            return f"{ROMAN_OF[self.quarter.quarter]}/{self.quarter.year}"
        if self.year is not None:
            return str(self.year)
        return ""


def _written_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _date(text: str) -> dt.date | None:
    words = re.fullmatch(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text.strip(), re.IGNORECASE)
    if words:
        text = "/".join(words.groups())
    date, _ = parse_date(re.sub(r"\s+", "", text))
    return date


def _year(text: str) -> int | None:
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _phrase(name: str, match: re.Match[str]) -> DeadlinePhrase | None:
    written = " ".join(match.group(0).split()).rstrip(",;. ")
    start, end = match.start(), match.start() + len(match.group(0).rstrip(",;. "))
    groups = match.groupdict()
    by = (groups.get("by") or "").lower()
    if name == "range":
        return _range(written, start, end, groups)
    if name == "date":
        date = _date(groups["d"])
        if date is None:
            return None
        return DeadlinePhrase(DeadlineKind.DATE, written, start, end, date=date)
    if name == "month":
        month, year = int(groups["m"]), _year(groups["y"])
        if year is None or not 1 <= month <= 12:
            return None
        if by == "trước":  # before May: by the end of April
            month, year = (12, year - 1) if month == 1 else (month - 1, year)
            return DeadlinePhrase(DeadlineKind.MONTH, written, start, end, month=Month(year, month), doubt=f"“{written}”: hiểu là hết tháng {month}/{year}")
        doubt = f"“{written}”: hiểu là hết tháng {month}/{year}" if by == "đến" else ""
        return DeadlinePhrase(DeadlineKind.MONTH, written, start, end, month=Month(year, month), doubt=doubt)
    if name == "quarter":
        label, year = groups["q"].upper(), _year(groups["y"])
        quarter = _ROMAN.get(label) or int(label)
        if year is None:
            return None
        if by == "trước":
            quarter, year = (4, year - 1) if quarter == 1 else (quarter - 1, year)
            return DeadlinePhrase(DeadlineKind.QUARTER, written, start, end, quarter=Quarter(year, quarter), doubt=f"“{written}”: hiểu là hết quý {ROMAN_OF[quarter]}/{year}")
        return DeadlinePhrase(DeadlineKind.QUARTER, written, start, end, quarter=Quarter(year, quarter))
    if name == "year":
        year = _year(groups["y"])
        if year is None:
            return None
        if by == "trước":
            return DeadlinePhrase(DeadlineKind.YEAR, written, start, end, year=year - 1, doubt=f"“{written}”: hiểu là hết năm {year - 1}")
        return DeadlinePhrase(DeadlineKind.YEAR, written, start, end, year=year)
    if name == "every-year":
        return DeadlinePhrase(DeadlineKind.EVERY_YEAR, written, start, end)
    if name == "periodic":
        word = next((groups[g].lower() for g in ("n", "u", "u2", "n2") if groups.get(g)), None)
        if word is None:  # “định kỳ” alone: how often is not said
            doubt = f"“{written}”: việc lặp lại theo kỳ nhưng văn bản không nói mấy tháng một lần; nếu biết, đổi thành loai: {DeadlineKind.RECURRING} và ghi moi_thang"
            return DeadlinePhrase(DeadlineKind.ONGOING, written, start, end, doubt=doubt)
        every = {r.months: r for r in Recurrence}[_MONTHS_OF[word]]
        return DeadlinePhrase(DeadlineKind.RECURRING, written, start, end, every=every)
    if name == "ongoing":
        return DeadlinePhrase(DeadlineKind.ONGOING, written, start, end)
    if name == "after":
        if written.lower() == "sau đó":
            return DeadlinePhrase(DeadlineKind.AFTER, written, start, end, after_previous=True)
        return DeadlinePhrase(DeadlineKind.UNSTATED, written, start, end, doubt=f"“{written}”: thời hạn theo một việc khác; nếu đó là một nhiệm vụ của kế hoạch, đổi thành loai: sau")
    # an event: "trước Đại hội …"; "trước khi …" names no event to record
    if written.lower().startswith("trước khi"):
        return DeadlinePhrase(DeadlineKind.UNSTATED, written, start, end, doubt=f"“{written}”: thời hạn theo một việc khác, chưa có ngày")
    event = written.split(None, 1)[1]
    doubt = f"“{written}”: hạn là trước một sự kiện; ghi ngay (ngày diễn ra) khi đã biết"
    return DeadlinePhrase(DeadlineKind.BEFORE_EVENT, written, start, end, event=event, doubt=doubt)


def _range(written: str, start: int, end: int, groups: dict[str, str | None]) -> DeadlinePhrase | None:
    """“từ ngày 1/4/2019 đến ngày 30/6/2019” (the first date may leave out its year), “từ tháng 4
    đến tháng 6/2019”: a range, due on its last day."""
    if groups.get("d2"):
        last = _date(groups["d2"] or "")
        first_text = re.sub(r"\s+", "", groups["d1"] or "")
        if last is not None and first_text.count("/") == 1:
            first_text += f"/{last.year}"
        first = _date(first_text)
    else:
        y2 = _year(groups["y2"] or "0")
        m1, m2 = int(groups["m1"] or 0), int(groups["m2"] or 0)
        y1 = _year(groups["y1"] or "0") if groups.get("y1") else y2
        if y1 is None or y2 is None or not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            return None
        first, last = dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
    if first is None or last is None or first > last:
        return None
    return DeadlinePhrase(DeadlineKind.RANGE, written, start, end, first=first, last=last)


def find_deadlines(text: str) -> list[DeadlinePhrase]:
    """Every deadline phrase in the text, in order, none overlapping (the longest wins)."""
    found: list[DeadlinePhrase] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            phrase = _phrase(name, match)
            if phrase is not None:
                found.append(phrase)
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[DeadlinePhrase] = []
    for phrase in sorted(found, key=lambda p: -(p.end - p.start)):
        if all(phrase.end <= other.start or phrase.start >= other.end for other in kept):
            kept.append(phrase)
    return sorted(kept, key=lambda p: p.start)


def is_deadline_phrase(text: str) -> bool:
    """True when the whole text (“Hằng năm”, “Trong năm 2019”) is one deadline phrase."""
    stripped = text.strip(" ,;:.")
    phrases = find_deadlines(stripped)
    return len(phrases) == 1 and phrases[0].start == 0 and phrases[0].end >= len(stripped)


def unstated() -> DeadlinePhrase:
    return DeadlinePhrase(DeadlineKind.UNSTATED, "", 0, 0)
