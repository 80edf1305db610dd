"""Read one record file into a tree of located YAML values, reporting every problem found.

PyYAML's own constructors are not used: they keep the last of two duplicate keys, turn
`2019-02-31` into a traceback and would build Python objects from tags. We compose the node
graph ourselves (it carries line and column) and convert it, refusing what records never need:

- anchors and aliases (`&a`, `*a`): never resolved, so an alias bomb ("billion laughs") costs
  no more than its own text;
- explicit tags (`!!python/object/apply:…`, `!!int`, `!x`): reported, never constructed;
- nesting deeper than MAX_DEPTH: stopped while composing, before Python's recursion limit;
- more than MAX_NODES values, or more than MAX_PROBLEMS_PER_FILE problems while composing:
  reading stops there;
- files over MAX_FILE_BYTES: refused before they are read in full.

Text is normalised to NFC value by value after parsing, so what the model stores is NFC while
line and column still point at the file as the editor shows it.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, final

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from kehoach.domain.problems import Location, Problem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
# Keys, values and list items in one file. The largest real plan has under 1 000; a plan with
# hundreds of tasks stays far below. Past it, reading stops: PyYAML costs about 40 µs and 1 KB
# per value, so this bounds the time and memory any one file can take.
MAX_NODES = 50_000
# Past this many problems in one file the rest are counted, not listed: a pathological file
# (100 000 aliases) must not turn into 100 000 lines and the memory to hold them.
MAX_PROBLEMS_PER_FILE = 100

_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
# Implicit tags PyYAML gives to plain text that records read as text: "=" and "<<".
_TEXT_LIKE_TAGS = {"value", "merge"}
INVALID = "invalid"  # a value whose problem is already reported
_REFUSED_TAG = "!kehoach/refused"  # a node replaced by the composer after reporting it
# What YAML would make of a scalar, by its resolved tag (explicit tags never get this far: refused).
_KIND_OF_TAG = {_TAG_PREFIX + tag: tag for tag in _SCALAR_TAGS} | {_TAG_PREFIX + tag: "str" for tag in _TEXT_LIKE_TAGS}

# What YAML itself refuses in a stream (PyYAML's Reader.NON_PRINTABLE), found all at once.
_NON_PRINTABLE = re.compile("[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The text policy, one for every string scalar of every record (keys too). Refused, wherever
# they come from (the file's own text, or an escape in double quotes: "\ud800", "\uFFFE", "\x1b"):
# - surrogates U+D800–U+DFFF: not characters; a lone one cannot be written as UTF-8 and crashed the build;
# - noncharacters U+FDD0–U+FDEF and U+xFFFE, U+xFFFF of every plane: not allowed in XML (the Atom feed);
# - control characters (Unicode category Cc) other than tab and line feed.
# Private-use characters (U+E000–U+F8FF, planes 15–16) are accepted: valid in XML and HTML, and
# some fonts put local signs there. Bidirectional overrides are refused and zero-width characters
# shown, field by field, by the schema (records/schema.py), where the field's meaning is known.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
# Every noncharacter is at or above U+FDD0, where Vietnamese text never goes: one range is searched
# ten times faster than the 35 of _NONCHARACTER (0.06 s against 0.64 s for a province's records).
_AT_OR_ABOVE_FIRST_NONCHARACTER = re.compile("[\ufdd0-\U0010ffff]")
_REFUSED_IN_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_NUL_MESSAGE = "tệp có ký tự NUL (U+0000), có lẽ được lưu bằng bảng mã UTF-16"
_SAVE_AS_UTF8 = "lưu lại tệp với bảng mã UTF-8: trong trình soạn thảo chọn Save with Encoding → UTF-8"


# Final: values are told apart by `type(value) is ...`, never by isinstance.
@final
@dataclass(slots=True)
class YScalar:
    location: Location
    text: str
    kind: str  # one of _SCALAR_TAGS: what YAML would have made of it; or INVALID

    @property
    def is_null(self) -> bool:
        return self.kind == "null"


@final
@dataclass(slots=True)
class YList:
    location: Location
    items: list[YValue] = field(default_factory=list)


@dataclass(slots=True)
class YEntry:
    key_location: Location
    value: YValue


@final
@dataclass(slots=True)
class YMap:
    location: Location
    entries: dict[str, YEntry] = field(default_factory=dict)

    def get(self, key: str) -> YValue | None:
        entry = self.entries.get(key)
        return entry.value if entry else None


YValue = YScalar | YList | YMap


class ProblemList(list):
    """A list of problems that keeps the first `limit` and counts the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS_PER_FILE):
        super().__init__()
        self.limit = limit
        self.dropped = 0

    def add(self, problem: Problem) -> None:
        if len(self) < self.limit:
            self.append(problem)
        else:
            self.dropped += 1

    def finish(self, path: str) -> list[Problem]:
        result = list(self)
        if self.dropped:
            last = max(p.location for p in result)
            result.append(
                Problem(
                    Location(path, last.line, last.column),
                    f"còn {self.dropped} lỗi nữa trong tệp này không được liệt kê",
                    "sửa các lỗi trên rồi kiểm tra lại",
                )
            )
        return result


def cap_problems(path: str, problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    capped = ProblemList(limit)
    for problem in problems:
        capped.add(problem)
    return capped.finish(path)


def _location(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _describe_yaml_error(error: yaml.MarkedYAMLError) -> tuple[str, str, yaml.Mark | None]:
    """A Vietnamese message and hint for PyYAML's error, and the place that best shows it."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    if "'\\t'" in problem or "\\t" in problem or "tab character" in problem:
        return "có ký tự Tab", "YAML chỉ cho phép thụt lề bằng dấu cách; thay Tab bằng dấu cách", mark
    if "mapping values are not allowed" in problem:
        return (
            "dấu “:” không đúng chỗ",
            "nếu nội dung có dấu “:”, hãy đặt cả giá trị trong dấu nháy kép; nếu không, kiểm tra thụt lề của dòng này và dấu “:” ở dòng trước",
            mark,
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return "dấu nháy mở ở đây không được đóng", "thêm dấu nháy đóng ở cuối giá trị", error.context_mark or mark
    if "double-quoted scalar" in context:
        return (
            "dấu “\\” trong nháy kép không hợp lệ",
            "trong nháy kép viết “\\\\” cho một dấu “\\”, hoặc dùng nháy đơn",
            mark,
        )
    if "could not find expected ':'" in problem:
        return "thiếu dấu “:” sau tên trường", "viết “tên_trường: giá trị”", error.context_mark or mark
    if "single document" in context or "another document" in problem or "<document start>" in problem:
        return "tệp có nhiều hơn một tài liệu YAML", "mỗi tệp chỉ chứa một bản ghi; bỏ dòng “---” hoặc “...” ở giữa tệp", mark
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing, example = ("[", "]", "[ma-mot, ma-hai]") if "sequence" in context else ("{", "}", "{loai: thang, thang: 5/2019}")
        seen_at = f"; lỗi lộ ra ở dòng {mark.line + 1}" if mark and error.context_mark and mark.line != error.context_mark.line else ""
        return (
            f"“{opening}” mở ở đây chưa được đóng bằng “{closing}” hoặc thiếu dấu phẩy{seen_at}",
            f"viết {example} trên một dòng",
            error.context_mark or mark,
        )
    if "that cannot start any token" in problem:
        character = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        return f"giá trị không được bắt đầu bằng “{character}”", "đặt cả giá trị trong dấu nháy kép", mark
    if "while scanning an anchor" in context or "while scanning an alias" in context:
        return "dấu “&” hoặc “*” đầu giá trị là cú pháp neo/bí danh YAML", "đặt cả giá trị trong dấu nháy kép", mark
    if "while scanning a tag" in context or "directive" in problem or "directive" in context:
        return "dấu “!” hoặc “%” đầu giá trị là cú pháp YAML đặc biệt", "đặt cả giá trị trong dấu nháy kép", mark
    if "expected <block end>" in problem or "did not find expected" in problem or "expected the node content" in problem:
        return (
            "thụt lề hoặc cấu trúc không đúng",
            "các trường cùng cấp phải thẳng cột; mục danh sách bắt đầu bằng “- ”; kiểm tra dòng này và dòng trước",
            mark,
        )
    detail = " ".join(f"{context} {problem}".split())
    return f"lỗi cú pháp YAML ({detail})", "kiểm tra thụt lề, dấu “:” và dấu nháy", mark


# A field name, its colon, then a no-break space (U+00A0): what a word processor puts after a colon.
# YAML needs an ordinary space there, so the line is not a field at all.
_NO_BREAK_AFTER_COLON = re.compile("(?m)^[ ]*(?:-[ ]+)?[^\\s:#\"'][^:\n]*:\u00a0")
_CURLY_OPENING = ("“", "‘", "”")


def _pasted_slip(text: str, mark_of: yaml.MarkedYAMLError) -> tuple[str, str, yaml.Mark | None] | None:
    """Two slips of text pasted from a word processor, which PyYAML reports as something else
    (“thiếu dấu :”, “dấu : không đúng chỗ”) though the editor sees a colon and quotes."""
    mark = mark_of.problem_mark or mark_of.context_mark
    if mark is None:
        return None
    # Only on the line the parser stopped at, or the one before it: the same characters in a
    # value's text elsewhere (pasted from Word, and legal there) are not this error's cause.
    near = {mark.line, mark.line - 1} | ({mark_of.context_mark.line} if mark_of.context_mark else set())
    for slip in _NO_BREAK_AFTER_COLON.finditer(text):
        line, column = _line_col_of_char(text, slip.end() - 1)
        if line - 1 in near:
            where = yaml.Mark(mark.name, slip.end() - 1, line - 1, column - 1, None, 0)
            return (
                "sau dấu “:” là dấu cách không ngắt (U+00A0, thường lọt vào khi chép từ Word), không phải dấu cách thường",
                "xóa khoảng trắng sau dấu “:” rồi gõ lại một dấu cách",
                where,
            )
    if "mapping values are not allowed" in (mark_of.problem or ""):
        lines = text.splitlines()  # as YAML counts lines (a CR alone ends one too)
        value = lines[mark.line].partition(":")[2].strip() if mark.line < len(lines) else ""
        if value.startswith(_CURLY_OPENING):
            return (
                "dấu “:” không đúng chỗ: dấu nháy cong “…” không phải dấu nháy của YAML",
                "đặt cả giá trị trong dấu nháy kép thẳng \"…\" (phím bên trái phím Enter), hoặc bỏ dấu nháy cong",
                mark,
            )
    return None


def _line_col_of_char(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def decode_record_bytes(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 (a BOM is accepted and dropped); the text as written, not yet normalised."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Problem(
                Location(path),
                f"tệp quá lớn (hơn {MAX_FILE_BYTES:,} byte)".replace(",", "."),
                "tách bản ghi thành nhiều tệp nhỏ hơn",
            )
        ]
    if data.startswith(_UTF16_BOMS):
        return None, [
            Problem(
                Location(path),
                "tệp được lưu bằng bảng mã UTF-16, không phải UTF-8",
                _SAVE_AS_UTF8,
            )
        ]
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    first_nul = data.find(b"\x00")
    if first_nul >= 0:  # UTF-16 without a byte order mark: a NUL in every other byte
        before = data[:first_nul].decode("utf-8", errors="replace")
        line, column = _line_col_of_char(before, len(before))
        return None, [Problem(Location(path, line, column), _NUL_MESSAGE, _SAVE_AS_UTF8)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line, column = _line_col_of_char(good, len(good))
        return None, [
            Problem(
                Location(path, line, column),
                "tệp không phải UTF-8",
                _SAVE_AS_UTF8,
            )
        ]
    return text, []


class _Stop(Exception):
    """Reading the file stops here, for the reason given."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str):
        self.mark = mark
        self.message = message
        self.hint = hint


class _RecordComposer(yaml.composer.Composer, yaml.resolver.Resolver):
    """A composer that refuses anchors, aliases and tags; the parser under it is Python's or libyaml's."""

    if TYPE_CHECKING:  # supplied by the parser it is mixed with (yaml.parser.Parser or libyaml's CParser)

        def _init_parser(self, text: str) -> None: ...
        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> Any: ...
        def get_event(self) -> Any: ...

    def __init__(self, text: str, path: str, problems: ProblemList):
        self._init_parser(text)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.record_path = path
        self.record_problems = problems
        self.depth = 0
        self.nodes = 0

    def _refuse(self, event, message: str, hint: str) -> None:
        self.record_problems.add(Problem(_location(self.record_path, event.start_mark), message, hint))
        if self.record_problems.dropped:
            raise _Stop(event.start_mark, "quá nhiều lỗi, dừng đọc tệp ở đây", "sửa các lỗi trên rồi kiểm tra lại")

    def compose_node(self, parent, index):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Stop(self.peek_event().start_mark, f"tệp có quá nhiều giá trị (hơn {MAX_NODES:,})".replace(",", "."), "tách bản ghi thành nhiều tệp nhỏ hơn")
        if self.check_event(AliasEvent):
            event = self.get_event()
            self._refuse(event, f"không dùng bí danh YAML (“*{event.anchor}”)", "viết đầy đủ giá trị tại chỗ; bản ghi không dùng neo “&” và bí danh “*”")
            return yaml.ScalarNode(_REFUSED_TAG, "", event.start_mark, event.end_mark)
        event = self.peek_event()
        if event.anchor is not None:
            self._refuse(event, f"không dùng neo YAML (“&{event.anchor}”)", "xóa “&" + event.anchor + "”; bản ghi không dùng neo “&” và bí danh “*”")
        refused = event.tag is not None and event.tag != "!"
        if refused:
            shown = event.tag.replace(_TAG_PREFIX, "!!")
            self._refuse(event, f"thẻ YAML “{shown}” không được phép", "xóa thẻ bắt đầu bằng “!”; nếu đó là nội dung, đặt cả giá trị trong dấu nháy kép")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Stop(event.start_mark, "cấu trúc lồng nhau quá sâu", f"tối đa {MAX_DEPTH} cấp")
        self.descend_resolver(parent, index)
        # No anchor (None): types-PyYAML types the anchor as a dict, PyYAML takes the anchor's name or None.
        node: yaml.Node
        if self.check_event(ScalarEvent):
            node = self.compose_scalar_node(None)  # type: ignore[arg-type]
        elif self.check_event(SequenceStartEvent):
            node = self.compose_sequence_node(None)  # type: ignore[arg-type]
        else:
            assert self.check_event(MappingStartEvent)
            node = self.compose_mapping_node(None)  # type: ignore[arg-type]
        self.ascend_resolver()
        self.depth -= 1
        if refused:
            node.tag = _REFUSED_TAG
        return node


class _RecordLoader(_RecordComposer, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.resolver.Resolver):
    """Pure-Python parser: slower, and the one whose error messages the problems are written for."""

    def _init_parser(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:
    from yaml._yaml import CParser as _CParser  # libyaml, when PyYAML was built with it

    _LIBYAML = True
except ImportError:  # pragma: no cover
    _LIBYAML = False

if _LIBYAML:

    class _FastRecordLoader(_RecordComposer, _CParser, yaml.resolver.Resolver):
        """libyaml's parser (about ten times faster) under the same composer; used when it parses cleanly."""

        def _init_parser(self, text: str) -> None:
            _CParser.__init__(self, text)

    # Field names and many values repeat across thousands of records; records use no path
    # resolvers, so the tag a scalar resolves to depends only on its text and quoting.
    _RESOLVER = yaml.resolver.Resolver()
    _resolve_without_paths = functools.lru_cache(maxsize=65_536)(functools.partial(yaml.resolver.Resolver.resolve, _RESOLVER))

    class _CNodeLoader(_CParser, yaml.resolver.Resolver):
        """libyaml's parser and composer, both in C: for the common record, with nothing to refuse."""

        def __init__(self, text: str):
            _CParser.__init__(self, text)
            yaml.resolver.Resolver.__init__(self)

        # The C composer calls self.resolve for every node: straight into the cache, no Python frame.
        resolve = staticmethod(_resolve_without_paths)


# What the refusing composer exists for starts with one of these characters (anchor, alias, tag).
# A record without them composes to the very same nodes in C, several times faster.
_REFUSABLE = re.compile(r"[&*!]")
# The C composer recurses once per level of nesting: allow it only where the nesting is bounded.
_MAX_FLOW_OPENERS = 1_000


def _compose_plain(text: str):
    """Nodes composed in C, or None when the record needs the refusing composer."""
    if not _LIBYAML or _REFUSABLE.search(text) or text.count("[") + text.count("{") > _MAX_FLOW_OPENERS:
        return None
    loader = _CNodeLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None  # described by the refusing composer, run next
    finally:
        loader.dispose()


class _NeedsRefusingComposer(Exception):
    """A limit of the refusing composer is reached: let it read the file and word the problem."""


def _compose(loader_class: type, path: str, text: str, problems: ProblemList):
    loader = loader_class(text, path, problems)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _check_characters(path: str, text: str, problems: ProblemList) -> None:
    first_nul = text.find("\x00")
    if first_nul >= 0:  # UTF-16 without a byte order mark reads as UTF-8 with a NUL every other byte
        line, column = _line_col_of_char(text, first_nul)
        problems.add(Problem(Location(path, line, column), _NUL_MESSAGE, _SAVE_AS_UTF8))
        return
    for match in _NON_PRINTABLE.finditer(text):
        if _NONCHARACTER.match(match.group()):
            continue  # U+FFFE, U+FFFF: reported below, as the noncharacters they are
        line, column = _line_col_of_char(text, match.start())
        code = f"U+{ord(match.group()):04X}"
        problems.add(Problem(Location(path, line, column), f"ký tự điều khiển {code} không được phép trong tệp YAML", "xóa ký tự này; nó thường lọt vào khi dán từ phần mềm khác"))
    if text.isascii() or _AT_OR_ABOVE_FIRST_NONCHARACTER.search(text) is None:
        return
    for match in _NONCHARACTER.finditer(text):
        line, column = _line_col_of_char(text, match.start())
        problems.add(Problem(Location(path, line, column), f"tệp có {_refused_character(match.group())}, không được phép trong bản ghi", "xóa ký tự này; nó thường lọt vào khi dán từ phần mềm khác"))


def _refused_character(character: str) -> str:
    """What a character the text policy refuses is, by its code point (never the character itself:
    a lone surrogate cannot even be printed)."""
    code = f"U+{ord(character):04X}"
    if "\ud800" <= character <= "\udfff":
        return f"nửa cặp thay thế (surrogate) {code}"
    if _NONCHARACTER.match(character):
        return f"mã không phải ký tự (noncharacter) {code}"
    return f"ký tự điều khiển {code}"


def _escape_of(character: str) -> str:
    """How a double-quoted YAML scalar writes `character` as an escape."""
    number = ord(character)
    return f"\\x{number:02x}" if number < 0x100 else f"\\u{number:04x}" if number < 0x10000 else f"\\U{number:08x}"


def parse_record_text(path: str, text: str) -> tuple[YValue | None, list[Problem]]:
    problems = ProblemList()
    _check_characters(path, text, problems)
    if problems:
        return None, problems.finish(path)
    root = _compose_plain(text)
    if root is not None:
        try:
            return _Converter(path, problems, limited=True, text=text).convert(root), problems.finish(path)
        except _NeedsRefusingComposer:
            problems.clear()
    try:
        root = None
        if _LIBYAML:
            try:
                root = _compose(_FastRecordLoader, path, text, problems)
            except (yaml.YAMLError, _Stop):
                # Syntax problems are described from the Python parser's findings: parse again with it.
                problems.clear()
                problems.dropped = 0
                root = _compose(_RecordLoader, path, text, problems)
        else:
            root = _compose(_RecordLoader, path, text, problems)
    except _Stop as stop:
        return None, [*problems, Problem(_location(path, stop.mark), stop.message, stop.hint)]
    except yaml.MarkedYAMLError as error:
        message, hint, mark = _pasted_slip(text, mark_of=error) or _describe_yaml_error(error)
        problems.add(Problem(_location(path, mark), message, hint))
        return None, problems.finish(path)
    except yaml.YAMLError as error:  # pragma: no cover - the reader's own errors are found above
        problems.add(Problem(Location(path), f"lỗi YAML ({' '.join(str(error).split())})", "kiểm tra lại cú pháp tệp"))
        return None, problems.finish(path)
    if root is None:
        problems.add(Problem(Location(path), "tệp rỗng", "xóa tệp hoặc điền nội dung bản ghi"))
        return None, problems.finish(path)
    converter = _Converter(path, problems, text=text)
    value = converter.convert(root)
    return value, problems.finish(path)


def read_record_file(path: Path, shown_as: str) -> tuple[YValue | None, list[Problem]]:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
    except OSError as error:
        return None, [Problem(Location(shown_as), f"không đọc được tệp: {error.strerror}", "kiểm tra quyền đọc tệp")]
    text, problems = decode_record_bytes(shown_as, data)
    if text is None:
        return None, problems
    return parse_record_text(shown_as, text)


# In a plain text (a plan's source text) as in a record: controls other than tab and line breaks,
# bidi controls that reorder what readers see, surrogates and noncharacters are refused.
_REFUSED_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff{_NONCHARACTERS}]")


def read_text_file(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """A plain UTF-8 text file (a plan's source text) under the rules of record files: at most
    MAX_FILE_BYTES, UTF-8, no refused character (each reported at its line and column, as in
    records); NFC, without a byte order mark; line breaks made `\\n`."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, [Problem(Location(shown_as), f"không đọc được tệp: {error.strerror}", "kiểm tra quyền đọc tệp")]
    text, problems = decode_record_bytes(shown_as, data)
    if text is None:
        return None, problems
    found = ProblemList()
    for match in _REFUSED_IN_TEXT.finditer(text):
        line, column = _line_col_of_char(text, match.start())
        what = _refused_character_or_bidi(match.group())
        found.add(Problem(Location(shown_as, line, column), f"tệp có {what}, không được phép trong văn bản", "xóa ký tự này; nó thường lọt vào khi dán từ phần mềm khác"))
    if found:
        return None, found.finish(shown_as)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")), []


def _refused_character_or_bidi(character: str) -> str:
    if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
        return f"ký tự đảo chiều chữ U+{ord(character):04X}"
    return _refused_character(character)


def plain_tree(value: YValue) -> tuple:
    """The value as nested tuples, lists, dicts, str and int (what `marshal` writes), without the
    file's path: a parsed record handed from one process to another. Scalars are 4-tuples
    (line, column, text, kind); lists and maps 3-tuples (line, column, items / {key: (line, column, value)})."""
    line, column = value.location[1], value.location[2]
    if type(value) is YScalar:
        return (line, column, value.text, value.kind)
    if type(value) is YList:
        return (line, column, [plain_tree(item) for item in value.items])
    return (line, column, {key: (entry.key_location[1], entry.key_location[2], plain_tree(entry.value)) for key, entry in value.entries.items()})


_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def plain_data(value: YValue) -> Any:
    """The value as plain Python data, read the way editors' YAML 1.2 tools read it: dates stay the
    text written, non-finite floats stay text; for JSON Schema validation and for reading the
    kehoach options of mkdocs.yml. Values refused while parsing (explicit tags) become None."""
    if type(value) is YList:
        return [plain_data(item) for item in value.items]
    if type(value) is YMap:
        return {key: plain_data(entry.value) for key, entry in value.entries.items()}
    assert type(value) is YScalar
    kind = value.kind
    if kind in ("null", INVALID):
        return None
    if kind in ("int", "float", "bool"):
        node = yaml.ScalarNode(f"tag:yaml.org,2002:{kind}", value.text)
        made = getattr(_SCALAR_CONSTRUCTOR, f"construct_yaml_{kind}")(node)
        return value.text if kind == "float" and not math.isfinite(made) else made
    return value.text


def from_plain_tree(path: str, plain: tuple) -> YValue:
    """The value plain_tree made, located in `path` again."""
    if len(plain) == 4:
        return YScalar(Location(path, plain[0], plain[1]), plain[2], plain[3])
    items = plain[2]
    if type(items) is list:
        return YList(Location(path, plain[0], plain[1]), [from_plain_tree(path, item) for item in items])
    mapping = YMap(Location(path, plain[0], plain[1]))
    mapping.entries = {key: YEntry(Location(path, line, column), from_plain_tree(path, value)) for key, (line, column, value) in items.items()}
    return mapping


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Converter:
    """Turns composed nodes into YScalar / YList / YMap; the composer has already refused what it must."""

    def __init__(self, path: str, problems: ProblemList, limited: bool = False, text: str = ""):
        self.path = path
        self.problems = problems
        self.text = text  # the file's text, for the rare value written over several lines
        self._lines: list[str] | None = None  # its lines, split once (as YAML counts them: \r too)
        # Nodes composed in C were not counted or measured: do it here, and hand over when a limit is hit.
        self.limited = limited
        self.depth = 0
        self.nodes = 0

    def _fail(self, location: Location, message: str, hint: str) -> None:
        self.problems.add(Problem(location, message, hint))

    def _refused(self, location: Location, text: str, what: str = "giá trị") -> bool:
        """Reports the first character of `text` the text policy refuses, if any."""
        match = _REFUSED_IN_VALUE.search(text)
        if match is None:
            return False
        character = match.group()
        self._fail(
            location,
            f"{what} có {_refused_character(character)}, không được phép trong bản ghi",
            f"xóa mã thoát tạo ra nó trong dấu nháy kép (“{_escape_of(character)}” hoặc tương đương); muốn viết dấu “\\” thì viết “\\\\”",
        )
        return True

    def _swallowed_list_item(self, node: yaml.Node) -> bool:
        """A plain value whose next line starts with “- ” indented deeper than the list it is in:
        YAML joins that line to the value (“BDV Tỉnh ủy - BDVTU”), where the editor meant one more
        item. Reported: a value is not written over several lines with a dash starting one."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        lines = self._lines
        first = node.start_mark.line
        for number in range(first + 1, min(node.end_mark.line, len(lines) - 1) + 1):
            line = lines[number]
            item = line.lstrip(" ")
            if item.startswith("- ") or item == "-":
                column = len(line) - len(item) + 1
                in_a_list = lines[first][: node.start_mark.column].strip() == "-"  # the value is the item itself
                self._fail(
                    Location(self.path, number + 1, column),
                    f"dòng này bắt đầu bằng “- ” nhưng thụt lề sâu hơn dòng {first + 1}, nên bị ghép vào giá trị ở dòng đó",
                    f"muốn thêm một mục danh sách thì đưa “- ” thẳng cột với mục ở dòng {first + 1}"
                    if in_a_list
                    else "muốn viết danh sách thì để trống sau tên trường và viết mỗi mục trên một dòng riêng, bắt đầu bằng “- ”; "
                    "muốn giữ đoạn văn có gạch đầu dòng thì viết “|” sau tên trường rồi xuống dòng",
                )
                return True
        return False

    def convert(self, node: yaml.Node) -> YValue:
        if self.limited:
            # Counted as the refusing composer counts (keys too), erring early: it words the problem.
            self.nodes += 1 + (len(node.value) if isinstance(node, yaml.MappingNode) else 0)
            if self.nodes > MAX_NODES or self.depth >= MAX_DEPTH - 1:
                raise _NeedsRefusingComposer
            self.depth += 1
            try:
                return self._convert(node)
            finally:
                self.depth -= 1
        return self._convert(node)

    def _convert(self, node: yaml.Node) -> YValue:
        # Called for every value of every record (300,000 at province size): kept to the essentials.
        mark = node.start_mark
        location = Location(self.path, mark.line + 1, mark.column + 1)
        if node.tag == _REFUSED_TAG:
            return YScalar(location, "", INVALID)
        if type(node) is yaml.ScalarNode:
            value = node.value
            # Only an escape in double quotes makes what the file's text check already refused.
            if node.style == '"' and self._refused(location, value):
                return YScalar(location, "", INVALID)
            if not node.style and node.end_mark.line != mark.line and self._swallowed_list_item(node):
                return YScalar(location, "", INVALID)
            return YScalar(location, value if value.isascii() else _nfc(value), _KIND_OF_TAG.get(node.tag, INVALID))
        if isinstance(node, yaml.SequenceNode):
            return YList(location, [self.convert(item) for item in node.value])
        mapping = YMap(location)
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            key_location = Location(self.path, key_mark.line + 1, key_mark.column + 1)
            if key_node.tag == _REFUSED_TAG:
                continue  # already reported
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_location, "tên trường phải là một chữ đơn giản", "viết “tên_trường: giá trị”")
                continue
            if key_node.style == '"' and self._refused(key_location, key_node.value, "tên trường"):
                continue
            if key_node.tag == _TAG_PREFIX + "merge":
                self._fail(key_location, "khóa gộp YAML “<<” không được phép", "viết đầy đủ các trường tại chỗ")
                continue
            key = _nfc(key_node.value)
            if key in mapping.entries:
                first = mapping.entries[key].key_location
                self._fail(
                    key_location,
                    f"trường “{key}” lặp lại (đã có ở dòng {first.line})",
                    "giữ một lần và xóa lần còn lại",
                )
                continue
            mapping.entries[key] = YEntry(key_location, self.convert(value_node))
        return mapping
