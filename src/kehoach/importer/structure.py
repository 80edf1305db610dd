"""A plan's lines → its parts: the heading (issuing lines, number, place and date, kind, title), the
preamble, the numbered units (A. / I. / 1. / a) / - / +) with their text verbatim and in order, the
recipients (“Nơi nhận”) and the signer block. Nothing is reworded: a unit's text is the document's
words, only re-joined where a line was wrapped; Markdown marks (`## `, `**…**`) of a text copy are
dropped, being layout and not words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.domain.textfold import fold
from kehoach.domain.vocabulary import RecipientPurpose

# Levels of numbering, outermost first (Hướng dẫn 36-HD/VPTW: phần, mục, điểm, tiết, ý).
LETTER, ROMAN, ARABIC, ARABIC_SUB, LOWER, DASH, PLUS = range(7)
LEVEL_NAMES = {LETTER: "phần (A, B…)", ROMAN: "mục (I, II…)", ARABIC: "điểm (1, 2…)", ARABIC_SUB: "điểm (1.1…)", LOWER: "tiết (a, b…)", DASH: "ý (-)", PLUS: "ý (+)"}

KINDS = (
    "KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "QUYẾT ĐỊNH", "CHỈ THỊ", "NGHỊ QUYẾT",
    "THÔNG BÁO", "KẾT LUẬN", "BÁO CÁO", "ĐỀ ÁN", "QUY ĐỊNH", "TỜ TRÌNH", "CÔNG VĂN", "PHƯƠNG ÁN",
)  # fmt: skip
_VIETNAMESE_CAPITALS = "ABCDĐEGHIKLMNOPQRSTUVXY"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}

_SEP = r"\s*(?P<sep>[.\-–)])\s+"
_LETTER_RE = re.compile(r"(?P<label>[A-ZĐ])" + _SEP + r"(?P<rest>\S.*)")
_ROMAN_RE = re.compile(r"(?P<label>X{0,2}(?:IX|IV|V?I{1,3}|V|X))" + _SEP + r"(?P<rest>\S.*)")
_ARABIC_RE = re.compile(r"(?P<label>\d{1,2}(?P<sub>\.\d{1,2})?)" + _SEP + r"(?P<rest>\S.*)")
_LOWER_RE = re.compile(r"(?P<label>[a-zđ])\s*(?P<sep>[).])\s+(?P<rest>\S.*)")
_DASH_RE = re.compile(r"(?P<label>[-–—•])\s+(?P<rest>\S.*)")
_PLUS_RE = re.compile(r"(?P<label>\+)\s+(?P<rest>\S.*)")

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_STRONG = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SEPARATOR = re.compile(r"[-_*=~—–\s]{3,}|\*|-{1,2}|_{1,2}")
_RECIPIENTS = re.compile(r"nơi nhận\s*:?\s*(?P<rest>.*)", re.IGNORECASE)
_AUTHORITY = re.compile(r"(?:T/M|TM\.|K/T|KT\.|T/L|TL\.|Q\.|THAY MẶT|KÝ THAY|THỪA LỆNH)(?:\s|$)")
_NUMBER = re.compile(r"(?:Số|SỐ)\s*:?\s*(?P<n>.*)")
_PLACE_DATE = re.compile(r"(?P<place>[^,]+?)\s*,\s*ngày\s+(?P<d>\S+)\s+tháng\s+(?P<m>\S+)\s+năm\s+(?P<y>\S+?)\.?\s*$", re.IGNORECASE)
_COLUMN_GAP = re.compile(r"\s{2,}|\t")
_NATIONAL = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.IGNORECASE)
_MOTTO = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE)
_SUP = re.compile(r"<sup>\s*(?P<m>[0-9A-Za-z*]{1,4})\s*</sup>|(?P<u>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_SIGNED_NOTE = re.compile(r"[(\[].*[)\]]")
_PREAMBLE_START = re.compile(r"(?:Thực hiện|Căn cứ|Để|Nhằm|Qua|Trên cơ sở|Ngày|Triển khai|Theo)\b")
_INTRO_OF_TITLE = re.compile(r"(?:V/v|Về việc)\b", re.IGNORECASE)
# Wrapped lines are at most this long (a page's width in a PDF or a plain text typed with breaks).
_WRAP_WIDTH = 130
# A unit's first paragraph this short, without final punctuation and followed by paragraphs or
# sub-units of its own, is its heading even in lower case (“1. Tổ chức quán triệt Chỉ thị”).
_SHORT_HEADING = 80


@dataclass
class Unit:
    """A numbered part of the document: its number as written, its heading or text, its sub-units."""

    label: str
    level: int
    line: int
    heading: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        return "\n\n".join(self.paragraphs) if self.paragraphs else None


@dataclass
class Heading:
    issuing_lines: list[str] = field(default_factory=list)  # as written, top to bottom
    number: str | None = None  # as written after “Số”, when it has one
    number_written: str | None = None  # the “Số …” line's value even when it has no number
    place: str | None = None
    date: tuple[int, int, int] | None = None  # (day, month, year) when fully written
    date_written: str | None = None
    kind: str | None = None
    title: str | None = None
    national_line: bool = False


@dataclass
class RecipientLine:
    text: str
    mark: str | None = None
    purpose: RecipientPurpose | None = None


@dataclass
class SignerBlock:
    authority: str | None
    position: str | None
    name: str | None


@dataclass
class Document:
    heading: Heading
    preamble: list[str]
    units: list[Unit]
    recipients: list[RecipientLine]
    signer: SignerBlock | None
    unplaced: list[str]

    def walk(self) -> list[tuple[tuple[Unit, ...], Unit]]:
        """Every unit with its ancestors, in document order."""
        found: list[tuple[tuple[Unit, ...], Unit]] = []

        def visit(unit: Unit, ancestors: tuple[Unit, ...]) -> None:
            found.append((ancestors, unit))
            for child in unit.children:
                visit(child, ancestors + (unit,))

        for unit in self.units:
            visit(unit, ())
        return found


class NoStructure(Exception):
    """The text has no numbered unit (A. / I. / 1. …): it is not a plan's text, or its numbers were lost."""


def clean_line(line: str) -> str:
    """A line without the Markdown marks of a text copy (`## `, `**…**`) and outer white space."""
    line = _MD_HEADING.sub("", line)
    line = _MD_STRONG.sub(lambda m: m.group(1) or m.group(2), line)
    return " ".join(line.split())


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_separator(line: str) -> bool:
    return bool(line) and _SEPARATOR.fullmatch(line) is not None


def _next_letter(letter: str | None) -> set[str]:
    if letter is None:
        return {"A"}
    following = set()
    if letter in _VIETNAMESE_CAPITALS[:-1]:
        following.add(_VIETNAMESE_CAPITALS[_VIETNAMESE_CAPITALS.index(letter) + 1])
    if letter.isascii() and letter < "Z":
        following.add(chr(ord(letter) + 1))
    return following


@dataclass
class _Marker:
    label: str
    level: int
    rest: str


class _Numbering:
    """Reads a line's number, telling a capital letter from a Roman numeral by what came before."""

    def __init__(self) -> None:
        self.last_letter: str | None = None

    def marker(self, line: str) -> _Marker | None:
        letter = _LETTER_RE.match(line)
        roman = _ROMAN_RE.match(line)
        if letter and roman and letter.group("label") == roman.group("label"):
            # “I.”, “V.”, “X.”, “C-”, “D-”: the next letter after the last part is a part, else a mục.
            if letter.group("label") in _next_letter(self.last_letter) and not (letter.group("label") == "I" and self.last_letter is None):
                roman = None
            else:
                letter = None
        if roman:
            return _Marker(_label(roman), ROMAN, roman.group("rest"))
        if letter:
            self.last_letter = letter.group("label")
            return _Marker(_label(letter), LETTER, letter.group("rest"))
        arabic = _ARABIC_RE.match(line)
        if arabic:
            return _Marker(_label(arabic), ARABIC_SUB if arabic.group("sub") else ARABIC, arabic.group("rest"))
        for pattern, level in ((_LOWER_RE, LOWER), (_DASH_RE, DASH), (_PLUS_RE, PLUS)):
            match = pattern.match(line)
            if match:
                return _Marker(_label(match), level, match.group("rest"))
        return None


def _label(match: re.Match[str]) -> str:
    """The number as written, its punctuation included (“A-”, “1.”, “a)”, “-”)."""
    return match.string[: match.start("rest")].strip()


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ":", ";", "!", "?", "…"))


def _joins(previous: str, line: str, wrapped: bool = True) -> bool:
    """Whether `line` continues the paragraph of `previous` (a wrapped line) rather than starting one.
    In a text that is not wrapped (one paragraph per line, as Word saves it) no line continues another."""
    if not wrapped or _ends_sentence(previous):
        return False
    if is_upper(previous) or is_upper(line):
        return is_upper(previous) and is_upper(line)
    return True


def parse_document(raw_lines: list[str]) -> Document:
    lines = [clean_line(line) for line in raw_lines]
    numbering = _Numbering()
    kind_at = None
    first_unit = None
    for index, line in enumerate(lines):
        if not line:
            continue
        if kind_at is None and first_unit is None and line.upper() == line and line.rstrip(".:") in KINDS:
            kind_at = index
            continue
        if _RECIPIENTS.fullmatch(line) or _AUTHORITY.match(line):
            break
        if numbering.marker(line) is not None and (kind_at is not None or _LETTER_RE.match(line) or _ROMAN_RE.match(line) or _ARABIC_RE.match(line)):
            first_unit = index
            break
    if first_unit is None:
        raise NoStructure
    heading = Heading()
    unplaced: list[str] = []
    heading_end = kind_at if kind_at is not None else first_unit
    _read_heading([part for raw in raw_lines[:heading_end] for part in split_columns(raw)], heading, unplaced)
    preamble_from = first_unit
    if kind_at is not None:
        heading.kind = lines[kind_at].rstrip(".:")
        heading.title, preamble_from = _read_title(lines, kind_at + 1, first_unit)
    preamble = _paragraphs(lines[preamble_from:first_unit])
    body_end = len(lines)
    for index in range(first_unit, len(lines)):
        if _RECIPIENTS.fullmatch(lines[index]) or _AUTHORITY.match(lines[index]):
            body_end = index
            break
    units = _units(lines, first_unit, body_end, _is_wrapped(lines[first_unit:body_end]))
    recipients, signer = _read_tail(lines[body_end:], unplaced)
    return Document(heading, preamble, units, recipients, signer, unplaced)


def _read_heading(lines: list[str], heading: Heading, unplaced: list[str]) -> None:
    lines = _joined_place_date([line for line in lines if line])
    for line in lines:
        if not line or _is_separator(line):
            continue
        folded = fold(line)
        if "dang cong san viet nam" in folded:
            heading.national_line = True
            continue
        if "doc lap" in folded and "tu do" in folded and "hanh phuc" in folded:
            continue
        number = _NUMBER.fullmatch(line)
        if number:
            value = number.group("n").strip()
            heading.number_written = value or None
            # “45-KH/TU” has a number; “…-KH/TU”, “-KH/TU” (left blank to be filled in) has none.
            if re.match(r"\d", value):
                heading.number = value
            continue
        place_date = _PLACE_DATE.match(line)
        if place_date:
            heading.place = place_date.group("place").strip()
            heading.date_written = line[place_date.start("d") - len("ngày ") :].strip().rstrip(".")
            parts = (place_date.group("d"), place_date.group("m"), place_date.group("y"))
            if all(p.isdigit() for p in parts):
                heading.date = (int(parts[0]), int(parts[1]), int(parts[2]))
            continue
        if is_upper(line):
            heading.issuing_lines.append(line)
            continue
        unplaced.append(line)


def split_columns(raw: str) -> list[str]:
    """A heading line that holds both columns of the official heading (a text PDF, a .txt typed with
    spaces or a tab: “Số 12-KH/HU      Văn Lâm, ngày 20 tháng 5 năm 2019”, “TỈNH ỦY HƯNG YÊN      ĐẢNG
    CỘNG SẢN VIỆT NAM”) as its parts, each cleaned; a line that is one thing as one line."""
    parts = [clean_line(part) for part in _COLUMN_GAP.split(raw.strip())]
    parts = [part for part in parts if part]
    if len(parts) > 1 and all(is_upper(p) or _is_heading_part(p) or _is_separator(p) for p in parts) and any(_is_heading_part(p) for p in parts):
        return [piece for part in parts for piece in split_columns(part)]
    line = clean_line(raw)
    national = _NATIONAL.search(line)
    if national and national.start() > 0 and is_upper(line[: national.start()]):
        return [*split_columns(line[: national.start()]), *split_columns(line[national.start() :])]
    # “Số 12-KH/HU Văn Lâm, ngày 20 tháng 5 năm 2019”, “BAN THƯỜNG VỤ Hưng Yên, ngày …”: once the
    # gap is lost, the place and date are what follows the number, or the upper-case words.
    number = re.fullmatch(r"(?P<left>(?:Số|SỐ)\s*:?\s*\S+)\s+(?P<right>.+)", line)
    if number and _PLACE_DATE.match(number.group("right")):
        return [number.group("left"), number.group("right")]
    words = line.split(" ")
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        if not is_upper(left):
            break
        if not is_upper(words[cut]) and _PLACE_DATE.match(right):
            return [left, right]
    return [line]


def _is_heading_part(text: str) -> bool:
    """A part of the official heading known by its words: the number, the place and date, the national lines."""
    if re.search(r",\s*ngày(?:\s|$)", text, re.IGNORECASE) and len(text) < 60:  # a place and date wrapped in its column
        return True
    return bool(_NUMBER.fullmatch(text) or _PLACE_DATE.match(text) or _NATIONAL.fullmatch(text) or _MOTTO.fullmatch(text))


def _joined_place_date(lines: list[str]) -> list[str]:
    """A place-and-date line wrapped in its narrow column (“Hưng Yên, ngày 08 tháng 4 năm” / “2019”) made one."""
    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        while (
            re.search(r",\s*ngày(?:\s|$)", line, re.IGNORECASE) and not _PLACE_DATE.match(line) and index + 1 < len(lines)
            and len(line) < 60 and _PLACE_DATE.match(f"{line} {lines[index + 1]}")
        ):  # fmt: skip
            index += 1
            line = f"{line} {lines[index]}"
        joined.append(line)
        index += 1
    return joined


def _read_title(lines: list[str], start: int, end: int) -> tuple[str | None, int]:
    """The title (trích yếu) after the kind line, and where the preamble starts."""
    blocks: list[list[str]] = []
    current: list[str] = []
    separator_at = None
    for index in range(start, end):
        line = lines[index]
        if _is_separator(line):
            separator_at = index
            break
        if not line:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    if separator_at is not None and len(blocks) <= 3 and not any(_PREAMBLE_START.match(b[0]) for b in blocks[1:]):
        title_blocks, preamble_from = blocks, separator_at + 1
    elif blocks:
        title_blocks = [blocks[0]]
        # where the preamble starts: the line after the title's last line
        taken = 0
        preamble_from = end
        for index in range(start, end):
            if lines[index] and not _is_separator(lines[index]):
                taken += 1
                if taken == len(blocks[0]):
                    preamble_from = index + 1
                    break
    else:
        return None, start
    title = " ".join(" ".join(block) for block in title_blocks).strip()
    return title or None, preamble_from


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line or _is_separator(line):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and not _joins(current[-1], line):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _is_wrapped(lines: list[str]) -> bool:
    """Whether the body's lines were wrapped at a width (a PDF, a text typed with line breaks): a line
    longer than any such width means one paragraph per line, which no line continues."""
    return all(len(line) <= _WRAP_WIDTH for line in lines)


def _units(lines: list[str], start: int, end: int, wrapped: bool = True) -> list[Unit]:
    numbering = _Numbering()
    top: list[Unit] = []
    stack: list[Unit] = []
    current: list[str] = []  # the paragraph being read
    owner: Unit | None = None  # the unit the paragraph belongs to
    starts_unit = False  # the paragraph is the unit's first (its numbered line)

    def flush() -> None:
        nonlocal current, starts_unit
        if not current or owner is None:
            current = []
            return
        text = " ".join(current)
        if starts_unit and is_upper(text) and not owner.paragraphs and owner.heading is None:
            owner.heading = text
        else:
            owner.paragraphs.append(text)
        current = []
        starts_unit = False

    for index in range(start, end):
        line = lines[index]
        if not line or _is_separator(line):
            flush()
            continue
        marker = numbering.marker(line)
        if marker is not None:
            flush()
            unit = Unit(marker.label, marker.level, index + 1)
            while stack and stack[-1].level >= marker.level:
                stack.pop()
            (stack[-1].children if stack else top).append(unit)
            stack.append(unit)
            owner, current, starts_unit = unit, [marker.rest], True
            continue
        if current and _joins(current[-1], line, wrapped):
            current.append(line)
            continue
        flush()
        current = [line]
    flush()
    for unit in _all_units(top):
        first = unit.paragraphs[0] if unit.paragraphs else ""
        followed = len(unit.paragraphs) > 1 or (unit.paragraphs and unit.children)
        if unit.heading is None and followed and len(first) <= _SHORT_HEADING and not first.rstrip().endswith((".", ":", ";", ",", "!", "?", "…")):
            unit.heading = unit.paragraphs.pop(0)
    return top


def _all_units(units: list[Unit]) -> list[Unit]:
    found: list[Unit] = []
    for unit in units:
        found.append(unit)
        found.extend(_all_units(unit.children))
    return found


def _recipient(text: str) -> RecipientLine:
    mark = None
    found = _SUP.search(text)
    if found:
        mark = found.group("m") or (found.group("u") or "").translate(_SUPERSCRIPTS)
        text = (text[: found.start()] + text[found.end() :]).strip()
    folded = fold(text)
    purpose = None
    if re.search(r"\((?:b/c|de bao cao|bao cao)\)", folded):
        purpose = RecipientPurpose.REPORT
    elif re.search(r"\((?:de biet|b/t|biet)\)", folded):
        purpose = RecipientPurpose.INFORM
    elif re.search(r"\((?:t/h|de thuc hien|thuc hien|de th)\)", folded):
        purpose = RecipientPurpose.CARRY_OUT
    elif folded.startswith("luu"):
        purpose = RecipientPurpose.FILE
    return RecipientLine(text, mark, purpose)


def _read_tail(lines: list[str], unplaced: list[str]) -> tuple[list[RecipientLine], SignerBlock | None]:
    recipients: list[RecipientLine] = []
    used: set[int] = set()
    for index, line in enumerate(lines):
        match = _RECIPIENTS.fullmatch(line)
        if not match:
            continue
        used.add(index)
        texts: list[str] = []
        if match.group("rest"):
            texts.append(match.group("rest").lstrip("-–• ").strip())
        for follow in range(index + 1, len(lines)):
            item = lines[follow]
            if not item:
                continue
            if _AUTHORITY.match(item) or _RECIPIENTS.fullmatch(item):
                break
            dash = _DASH_RE.match(item) or _PLUS_RE.match(item)
            if dash:
                texts.append(dash.group("rest"))
            elif texts and not texts[-1].rstrip().endswith((",", ".", ";")) and not is_upper(item):
                texts[-1] += " " + item
            else:
                break
            used.add(follow)
        recipients = [_recipient(text) for text in texts]
        break
    signer = None
    for index, line in enumerate(lines):
        if index in used or not _AUTHORITY.match(line):
            continue
        used.add(index)
        rest = [i for i in range(index + 1, len(lines)) if lines[i] and i not in used and not _SIGNED_NOTE.fullmatch(lines[i])]
        position = lines[rest[0]] if rest and is_upper(lines[rest[0]]) else None
        name_at = rest[1] if position is not None and len(rest) > 1 else None
        name = lines[name_at] if name_at is not None and not is_upper(lines[name_at]) else None
        if position is not None:
            used.add(rest[0])
        if name is not None and name_at is not None:
            used.add(name_at)
        signer = SignerBlock(line, position, name)
        break
    unplaced.extend(line for index, line in enumerate(lines) if line and index not in used and not _is_separator(line))
    return recipients, signer
